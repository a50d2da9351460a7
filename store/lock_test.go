package store_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// holdWriteLock begins an immediate transaction on the database file at
// path through a connection of its own, as another process's import
// would, and rolls it back when the test ends or release is called.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_txlock=immediate&_journal_mode=WAL")
	require.NoError(t, err)
	tx, err := raw.BeginTx(t.Context(), nil)
	require.NoError(t, err)
	_, err = tx.Exec(`INSERT INTO migrations (name, applied) VALUES ('lock-test', 'now')`)
	require.NoError(t, err)
	released := false
	release = func() {
		if !released {
			released = true
			_ = tx.Rollback()
			_ = raw.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// TestOpenAndReadWhileWriting checks that opening a database whose schema
// is current and reading it never wait for a writer (item 8 of issue 10),
// and that a writer that cannot get the lock says what holds it.
func TestOpenAndReadWhileWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c2c.db")
	db, err := store.Open(t.Context(), path)
	require.NoError(t, err)
	_, err = db.Import(t.Context(), fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	require.NoError(t, db.Close())

	store.SetBusyTimeout(t, 300*time.Millisecond)
	holdWriteLock(t, path)

	start := time.Now()
	db, err = store.Open(t.Context(), path)
	require.NoError(t, err, "opening a current database takes no write lock")
	defer db.Close()
	doc, err := db.Document(t.Context())
	require.NoError(t, err, "a reader does not wait for the writer")
	assert.NotEmpty(t, doc.Cities)
	assert.Less(t, time.Since(start), 250*time.Millisecond, "neither open nor read waited for the busy timeout")

	raw, err := sql.Open("sqlite3", "file:"+path)
	require.NoError(t, err)
	defer raw.Close()
	var mode string
	require.NoError(t, raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode))
	assert.Equal(t, "wal", mode, "readers see a snapshot only in WAL mode")

	start = time.Now()
	err = db.PutRule(t.Context(), model.Rule{Beneficiary: "hanoi", Resource: "yokohama", Rule: model.Block, Why: "test"})
	waited := time.Since(start)
	require.Error(t, err)
	assert.GreaterOrEqual(t, waited, 300*time.Millisecond, "the writer waited for the busy timeout")
	var e *model.Error
	require.True(t, errors.As(err, &e), "%v", err)
	assert.Equal(t, model.ECONFLICT, e.Code)
	assert.Equal(t, path, e.File, "the error names the database")
	assert.Contains(t, e.Message, "being written by another c2c process (an import, a batch")
	assert.Contains(t, e.Message, "waited 300ms")
}

// TestOpenMigratesWhenPending checks that a database file without the
// recorded migrations (here an empty file) is still brought up to date on
// open.
func TestOpenMigratesWhenPending(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c2c.db")
	require.NoError(t, os.WriteFile(path, nil, 0o644))
	db, err := store.Open(t.Context(), path)
	require.NoError(t, err)
	defer db.Close()
	doc, err := db.Document(t.Context())
	require.NoError(t, err, "the schema was created")
	assert.Empty(t, doc.Cities)
}
