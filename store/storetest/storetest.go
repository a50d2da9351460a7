// Package storetest holds helpers for tests that need a c2c database.
package storetest

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/c2cnet/c2c/store"
)

// Epoch is the time MustOpenDB pins DB.Now to, so that stored timestamps
// are the same on every run.
var Epoch = time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)

// MustOpenDB opens a new, empty database in a file under tb.TempDir(),
// with DB.Now pinned to Epoch, and closes it when the test ends. It fails
// the test if the database cannot be opened or closed.
func MustOpenDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(tb.Context(), filepath.Join(tb.TempDir(), "c2c.db"))
	if err != nil {
		tb.Fatalf("open database: %v", err)
	}
	db.Now = func() time.Time { return Epoch }
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close database: %v", err)
		}
	})
	return db
}
