package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is ATTACH_PARENT_PROCESS: AttachConsole's "the console of the
// process that started me".
const attachParentProcess = ^uint32(0)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// stdHandles are the GetStdHandle numbers of stdin, stdout and stderr, by stdStream.
var stdHandles = [3]uint32{windows.STD_INPUT_HANDLE, windows.STD_OUTPUT_HANDLE, windows.STD_ERROR_HANDLE}

// attachConsole connects the streams a command-line run lacks to the console TokenDesk was
// started from. Windows gives a GUI-subsystem program (the packaged TokenDesk.exe) no
// console and no standard handles, so without this `TokenDesk.exe version` in cmd.exe would
// print nothing. The console build, and streams redirected to a file or a pipe, already
// have their handles and are left alone. Started from no console (a shortcut with
// arguments), there is nowhere to write, and nothing changes.
func attachConsole() {
	var present [3]bool
	for s, n := range stdHandles {
		present[s] = usable(n)
	}
	missing := streamsToReopen(present)
	if len(missing) == 0 {
		return
	}
	if ok, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); ok == 0 {
		return
	}
	for _, s := range missing {
		name, flag := "CONOUT$", os.O_WRONLY
		if s == stdin {
			name, flag = "CONIN$", os.O_RDONLY
		}
		f, err := os.OpenFile(name, flag, 0)
		if err != nil {
			continue
		}
		windows.SetStdHandle(stdHandles[s], windows.Handle(f.Fd()))
		switch s {
		case stdin:
			os.Stdin = f
		case stdout:
			os.Stdout = f
		case stderr:
			os.Stderr = f
		}
	}
}

// usable reports whether the standard handle n leads somewhere: a file, a pipe, a device or
// a console. A GUI-subsystem program started from a console gets none, or ones that lead
// nowhere, whose type Windows does not know.
func usable(n uint32) bool {
	h, err := windows.GetStdHandle(n)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}
