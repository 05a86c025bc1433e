//go:build !windows

package main

// attachConsole does nothing here: only Windows starts a program without the standard
// streams of the terminal it was run from.
func attachConsole() {}
