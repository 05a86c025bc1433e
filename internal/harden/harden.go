// Package harden makes the running process keep its secrets to itself: a crash, a SIGQUIT
// or a debugger attached from outside must not write the App Certificate, which the process
// holds in memory while it builds tokens, into a core file.
//
// TokenDesk calls [Process] first thing, for the window and the command line alike.
package harden

// Process turns core dumps off for this process and, where the system allows it, keeps
// other processes of the same user from reading its memory. It returns the first step that
// failed; the others are still taken.
func Process() error { return process() }
