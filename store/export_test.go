package store

// SetImportHook makes f run inside every import transaction of this
// process, after the writes and before the commit; nil removes it.
func SetImportHook(f func()) { importHook = f }
