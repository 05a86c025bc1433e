package main

import (
	"os"

	"github.com/tokendesk/tokendesk/cli"
)

// runCLI runs the command line with args (os.Args[1:]) and returns the exit status.
func runCLI(args []string) int {
	return cli.Run(args, os.Stdin, os.Stdout, os.Stderr)
}
