//go:build windows

package serve

import (
	"errors"
	"syscall"
)

// wsaEADDRINUSE is Winsock's "address already in use", which syscall.EADDRINUSE is not on Windows.
const wsaEADDRINUSE syscall.Errno = 10048

func isAddrInUse(err error) bool { return errors.Is(err, wsaEADDRINUSE) }
