//go:build !windows

package serve

// isAddrInUse reports an address in use that syscall.EADDRINUSE does not match: none here.
func isAddrInUse(error) bool { return false }
