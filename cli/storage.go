package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tokendesk/tokendesk/store"
)

// defaultStoreDir is $TOKENDESK_DIR or the user's config directory.
func (a *app) defaultStoreDir() (string, error) {
	if value := a.env(store.DirEnv); value != "" {
		return store.EnvDir(value)
	}
	return store.DefaultDir()
}

// openStore opens the history, turning a failure into a sentence, and tells the user when a
// corrupt database had to be moved aside.
func (a *app) openStore() (*store.Store, error) {
	dir, err := a.storeDir()
	if err != nil {
		return nil, storeOpenError(err)
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil, storeOpenError(err)
	}
	if st.MovedAside() != "" {
		fmt.Fprintf(a.stderr, "tokendesk: warning: %s\n", plain(st.Recovery()))
	}
	return st, nil
}

// storeOpenError says why the history could not be opened: a StorageError says it whole.
func storeOpenError(err error) error {
	if errors.Is(err, store.ErrStorage) {
		return usageErrorf("%s", plain(err))
	}
	return usageErrorf("the history could not be opened: %s", plain(err))
}

// openExistingStore opens the history only if it exists: reading a label is no reason to
// create a database.
func (a *app) openExistingStore() (*store.Store, bool) {
	dir, err := a.storeDir()
	if err != nil {
		return nil, false
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
		return nil, false
	}
	st, err := store.Open(dir)
	return st, err == nil
}
