package main

import (
	"database/sql"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadersWhileWriting checks, with the program as child processes,
// that the read-only commands answer at once while another process holds
// the write lock of the database (item 8 of issue 10: they failed with
// "database is busy" after 5 s), and that a writer waits longer than that
// for the lock instead of failing.
func TestReadersWhileWriting(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the binary; skipped with -short and off Linux")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "c2c.db")
	out, err := exec.Command(bin, "--db", db, "batch", "--quiet", "--year", "2026").CombinedOutput()
	require.NoError(t, err, "%s", out)

	// The write lock, held as a long import holds it.
	raw, err := sql.Open("sqlite3", "file:"+db+"?_txlock=immediate")
	require.NoError(t, err)
	defer raw.Close()
	tx, err := raw.BeginTx(t.Context(), nil)
	require.NoError(t, err)
	defer tx.Rollback()
	_, err = tx.Exec(`UPDATE cities SET name = name`)
	require.NoError(t, err)
	locked := time.Now()

	writer := exec.Command(bin, "--db", db, "rule", "block", "hanoi", "yokohama", "--why", "lock test", "--by", "test")
	var writerOut strings.Builder
	writer.Stdout, writer.Stderr = &writerOut, &writerOut
	require.NoError(t, writer.Start())
	done := make(chan error, 1)
	go func() { done <- writer.Wait() }()

	for _, args := range [][]string{
		{"shortlist", "palembang"},
		{"cities"},
		{"city", "palembang"},
		{"explain", "hanoi", "yokohama"},
		{"scores"},
		{"runs"},
		{"runs", "show", "1"},
	} {
		start := time.Now()
		out, err := exec.Command(bin, append([]string{"--db", db}, args...)...).CombinedOutput()
		took := time.Since(start)
		assert.NoError(t, err, "c2c %s while the database is written: %s", strings.Join(args, " "), out)
		assert.Less(t, took, 3*time.Second, "c2c %s waited for the writer", strings.Join(args, " "))
	}

	// The writer is still waiting past the old 5 s limit; it goes on once
	// the lock is released.
	time.Sleep(time.Until(locked.Add(6 * time.Second)))
	select {
	case err := <-done:
		t.Fatalf("the writer gave up within 6 s: %v: %s", err, writerOut.String())
	default:
	}
	require.NoError(t, tx.Rollback())
	select {
	case err := <-done:
		require.NoError(t, err, "%s", writerOut.String())
	case <-time.After(20 * time.Second):
		t.Fatal("the writer did not finish once the lock was released")
	}
	out, err = exec.Command(bin, "--db", db, "rules").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "lock test", "the writer's rule is stored")
}
