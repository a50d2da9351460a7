package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
)

// TestReadsDoNotWaitForWriters holds a write transaction open on one
// handle and reads through another: the reader sees the last committed
// state at once instead of waiting out the busy timeout, and a reader never
// writes.
func TestReadsDoNotWaitForWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c2c.db")
	writer, err := Open(ctx, path)
	require.NoError(t, err)
	defer writer.Close()
	_, err = writer.Import(ctx, fixtures.Reference(), ImportOptions{}, &Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	reader, err := Open(ctx, path)
	require.NoError(t, err)
	defer reader.Close()

	tx, err := writer.begin(ctx) // immediate: holds the write lock
	require.NoError(t, err)
	_, err = tx.ExecContext(ctx, `DELETE FROM cities WHERE id = 'seoul'`)
	require.NoError(t, err)

	start := time.Now()
	doc, err := reader.Document(ctx)
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 2*time.Second, "a read does not wait for the writer")
	assert.Contains(t, doc.CityIndex(), "seoul", "the reader sees the committed state, not the open transaction")
	_, err = reader.City(ctx, "seoul")
	require.NoError(t, err)
	require.NoError(t, tx.Rollback())

	rtx, err := reader.beginRead(ctx)
	require.NoError(t, err)
	defer rtx.Rollback()
	_, err = rtx.ExecContext(ctx, `DELETE FROM cities`)
	assert.Error(t, err, "read transactions are query-only")
}
