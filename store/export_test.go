package store

import (
	"testing"
	"time"
)

// SetImportHook makes f run inside every import transaction of this
// process, after the writes and before the commit; nil removes it.
func SetImportHook(f func()) { importHook = f }

// SetMaxDocumentBytes lowers the size limit of documents until the test
// ends.
func SetMaxDocumentBytes(tb testing.TB, n int64) {
	old := maxDocumentBytes
	maxDocumentBytes = n
	tb.Cleanup(func() { maxDocumentBytes = old })
}

// SetBusyTimeout shortens how long writers wait for another writer, for
// databases opened until the test ends.
func SetBusyTimeout(tb testing.TB, d time.Duration) {
	old := busyTimeout
	busyTimeout = d
	tb.Cleanup(func() { busyTimeout = old })
}
