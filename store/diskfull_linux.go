package store

import "golang.org/x/sys/unix"

// diskFull reports whether the file system that holds dir has (next to) no room left: SQLite
// reports a full disk as a write error, "disk I/O error", and this tells the two apart.
func diskFull(dir string) bool {
	var st unix.Statfs_t
	if unix.Statfs(dir, &st) != nil {
		return false
	}
	return uint64(st.Bavail)*uint64(st.Bsize) < 64<<10
}
