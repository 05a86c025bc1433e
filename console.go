package main

// startMode is what TokenDesk does when it starts.
type startMode int

const (
	// startWindow opens the desktop window: TokenDesk was started with no arguments, as a
	// double-click on TokenDesk.exe or a desktop entry starts it.
	startWindow startMode = iota
	// startCommandLine runs the tokendesk command line with the arguments, writing to the
	// console it was started from (see attachConsole).
	startCommandLine
)

// startModeFor decides from the command line (os.Args, the program name first) whether
// TokenDesk opens its window or runs the command line: any argument means the command line.
func startModeFor(args []string) startMode {
	if len(args) > 1 {
		return startCommandLine
	}
	return startWindow
}

// stdStream is one of the three standard streams.
type stdStream int

const (
	stdin stdStream = iota
	stdout
	stderr
)

// streamsToReopen lists the standard streams a command-line run must connect to the
// console it was started from, given which of them the process already has. A
// GUI-subsystem program (the packaged TokenDesk.exe) started from cmd.exe or PowerShell
// has none, and what it printed would be lost; a stream already redirected to a file or a
// pipe is kept, so that `TokenDesk.exe version > out.txt` still writes the file.
func streamsToReopen(present [3]bool) []stdStream {
	var missing []stdStream
	for s := stdin; s <= stderr; s++ {
		if !present[s] {
			missing = append(missing, s)
		}
	}
	return missing
}
