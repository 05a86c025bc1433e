package main

import (
	"slices"
	"testing"
)

func TestArgumentsRunTheCommandLineAndNoneOpenTheWindow(t *testing.T) {
	cases := []struct {
		args []string
		want startMode
	}{
		{[]string{`C:\Apps\TokenDesk.exe`}, startWindow}, // a double-click
		{[]string{"tokendesk"}, startWindow},
		{[]string{"TokenDesk.exe", "version"}, startCommandLine},
		{[]string{"tokendesk", "decode", "007eJxT"}, startCommandLine},
		{[]string{"tokendesk", "--help"}, startCommandLine},
		{[]string{"tokendesk", ""}, startCommandLine}, // an empty argument is still one: the CLI says what is wrong
	}
	for _, c := range cases {
		if got := startModeFor(c.args); got != c.want {
			t.Errorf("startModeFor(%q) = %d, want %d", c.args, got, c.want)
		}
	}
}

func TestACommandLineRunGetsTheConsoleOnlyForTheStreamsItLacks(t *testing.T) {
	cases := []struct {
		name    string
		present [3]bool
		want    []stdStream
	}{
		{"the GUI exe typed in cmd.exe has no streams", [3]bool{}, []stdStream{stdin, stdout, stderr}},
		{"the console exe has all three", [3]bool{true, true, true}, nil},
		{"version > out.txt keeps the file", [3]bool{false, true, false}, []stdStream{stdin, stderr}},
		{"a pipe into it keeps the pipe", [3]bool{true, false, false}, []stdStream{stdout, stderr}},
	}
	for _, c := range cases {
		if got := streamsToReopen(c.present); !slices.Equal(got, c.want) {
			t.Errorf("%s: streamsToReopen(%v) = %v, want %v", c.name, c.present, got, c.want)
		}
	}
}
