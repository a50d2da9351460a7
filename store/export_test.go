package store

import "testing"

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
