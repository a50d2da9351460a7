// Package batch is the engine side of a congress batch run: one pass of
// every shortlist plus the pairing, with the time of each stage, and the
// pure functions that compare stored runs — the input and parameter
// changes between two runs, the per-beneficiary Diff of their results and
// the verdict of a re-run.
//
// It works on model values and a match.Engine only; it knows nothing of
// SQLite or of the store, so that the command line and the web application
// share it and its tests need neither. Long work reports how far it is
// through a Progress, which the caller implements.
package batch
