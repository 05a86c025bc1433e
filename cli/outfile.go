package cli

import (
	"os"
	"path/filepath"

	"github.com/tokendesk/tokendesk/token"
)

// outFile is a file written under a temporary name next to where it belongs and renamed into
// place once complete, so that the file at the path is either absent, the old one, or all of
// the new one, and is always readable by its owner only.
type outFile struct {
	*os.File
	path string
	done bool
}

// createOutFile starts writing path. The temporary file is created with mode 0600.
func createOutFile(path string) (*outFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".tokendesk-*.tmp")
	if err != nil {
		return nil, usageErrorf("--out %s cannot be written: %s", token.Excerpt(path), fileProblem(err))
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, usageErrorf("--out %s cannot be made private: %s", token.Excerpt(path), fileProblem(err))
	}
	return &outFile{File: f, path: path}, nil
}

// commit flushes the file to disk and puts it at its path. Without replace, a file that
// appeared there in the meantime is kept and the new one is not written.
func (o *outFile) commit(replace bool) error {
	fail := func(err error) error {
		return usageErrorf("--out %s cannot be written: %s", token.Excerpt(o.path), fileProblem(err))
	}
	if err := o.Sync(); err != nil {
		return fail(err)
	}
	if err := o.Close(); err != nil {
		return fail(err)
	}
	if !replace {
		// A hard link fails when the path exists, where a rename would replace it.
		if err := os.Link(o.Name(), o.path); err != nil {
			if _, statErr := os.Lstat(o.path); statErr == nil {
				return usageErrorf("--out %s already exists; give --force to replace it", token.Excerpt(o.path))
			}
			return fail(err)
		}
		o.done = true
		os.Remove(o.Name())
		return nil
	}
	if err := os.Rename(o.Name(), o.path); err != nil {
		return fail(err)
	}
	o.done = true
	return nil
}

// discard removes the temporary file unless commit put it in place.
func (o *outFile) discard() {
	if !o.done {
		o.Close()
		os.Remove(o.Name())
	}
}
