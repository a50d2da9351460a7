// Package publish writes the published folder of a batch run: the
// shortlists and pairings as CSV (shortlists.csv, pairings.csv), the run
// record (run.json), and the report for people as one self-contained page
// (report.html, with a map of the pairs) and as Markdown (report.md).
//
// The files are written into a hidden staging folder beside the output
// folder (Stage) and moved into place only once the run is done
// (Staging.Publish): a new folder appears by one rename, whole or not at
// all; an earlier report has each file replaced by a rename. Check refuses
// an output folder that is not c2c's before a run starts.
package publish
