//go:build !unix

package harden

// process does nothing here: Windows writes no core files of its own, and a crash dump
// needs Windows Error Reporting's LocalDumps set up by an administrator.
func process() error { return nil }
