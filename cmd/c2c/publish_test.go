package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// TestBatchOutRefused checks that batch --out refuses a file and a folder
// that is not a c2c report before the run starts: no run is stored and
// nothing is written.
func TestBatchOutRefused(t *testing.T) {
	tests := []struct {
		name    string
		make    func(t *testing.T, out string) // what is at out before the batch
		message string
	}{
		{"File", func(t *testing.T, out string) {
			require.NoError(t, os.WriteFile(out, []byte("notes"), 0o644))
		}, "not a folder"},
		{"FolderOfOtherFiles", func(t *testing.T, out string) {
			require.NoError(t, os.Mkdir(out, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(out, "thesis.docx"), []byte("mine"), 0o644))
		}, "a folder of 1 entry that is not a c2c report"},
		{"ForeignRunJSON", func(t *testing.T, out string) {
			require.NoError(t, os.Mkdir(out, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(out, publish.FileRun), []byte(`{"name": "another tool"}`), 0o644))
		}, "not a c2c report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			m, _, _ := batchMain(t, filepath.Join(dir, "c2c.db"))
			out := filepath.Join(dir, "out")
			tt.make(t, out)
			before := readPath(t, out)
			err := m.run(t.Context(), "batch", "--out", out, "--year", "2026", "--quiet")
			require.Error(t, err)
			var e *model.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, model.EINVALID, e.Code)
			assert.Equal(t, out, e.File, "the message names the folder")
			assert.Contains(t, e.Message, tt.message)
			assert.Equal(t, before, readPath(t, out), "nothing written")
			db, err := m.Store(t.Context())
			require.NoError(t, err)
			runs, err := db.Runs(t.Context())
			require.NoError(t, err)
			assert.Empty(t, runs, "no run stored, not even a failed one")

			// runs publish refuses the same folders.
			require.NoError(t, os.Rename(out, out+".keep"))
			require.NoError(t, m.run(t.Context(), "batch", "--year", "2026", "--quiet"))
			require.NoError(t, os.Rename(out+".keep", out))
			err = m.run(t.Context(), "runs", "publish", "1", "--out", out, "--quiet")
			require.ErrorAs(t, err, &e)
			assert.Contains(t, e.Message, tt.message)
			assert.Equal(t, before, readPath(t, out), "nothing written")
		})
	}
}

// readPath returns the files at path by name: the file itself under "",
// or those of the folder.
func readPath(t *testing.T, path string) map[string][]byte {
	t.Helper()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	if !fi.IsDir() {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		return map[string][]byte{"": b}
	}
	return readDir(t, path)
}

// TestBatchOutAccepted checks the folders batch --out publishes into: a
// missing one (with missing parents), an empty one and an earlier report.
func TestBatchOutAccepted(t *testing.T) {
	dir := t.TempDir()
	m, _, stderr := batchMain(t, filepath.Join(dir, "c2c.db"))
	ctx := t.Context()
	out := filepath.Join(dir, "a", "b", "out")
	require.NoError(t, m.run(ctx, "batch", "--out", out, "--year", "2026", "--quiet"), stderr.String())
	assert.FileExists(t, filepath.Join(out, publish.FileRun))
	// An earlier report, with a file of the user's that stays.
	require.NoError(t, os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644))
	require.NoError(t, m.run(ctx, "batch", "--out", out, "--year", "2026", "--quiet", "--top", "3"), stderr.String())
	files := readDir(t, out)
	assert.Equal(t, "mine", string(files["notes.txt"]))
	var pr publish.Manifest
	require.NoError(t, json.Unmarshal(files[publish.FileRun], &pr))
	assert.Equal(t, int64(2), pr.Run.ID, "the second run replaced the first")
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.Mkdir(empty, 0o755))
	require.NoError(t, m.run(ctx, "batch", "--out", empty, "--year", "2026", "--quiet"), stderr.String())
	assert.FileExists(t, filepath.Join(empty, publish.FileRun))
	staged, _ := filepath.Glob(filepath.Join(dir, "*", publish.StagePrefix+"*"))
	assert.Empty(t, staged)
}

// TestRunsPublishRoundTrip runs a batch, changes the profiles, verifies the
// run from its stored input and publishes it again: the files are the
// batch's byte for byte but for "published" in run.json.
func TestRunsPublishRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m, stdout, stderr := batchMain(t, filepath.Join(dir, "c2c.db"))
	ctx := t.Context()
	first := filepath.Join(dir, "first")
	require.NoError(t, m.run(ctx, "batch", "--out", first, "--year", "2026", "--report-limit", "3", "--excel", "--quiet"), stderr.String())
	db, err := m.Store(ctx)
	require.NoError(t, err)
	r, err := db.Run(ctx, 1)
	require.NoError(t, err)
	res, err := db.RunResults(ctx, 1)
	require.NoError(t, err)
	digest, err := store.ResultDigest(r.Parameters, res)
	require.NoError(t, err)
	assert.Equal(t, r.ResultDigest, digest, "the stored results are the results, gaps and nearest offers included")
	raiseCapacities(t, m, "penang")
	require.NoError(t, m.run(ctx, "runs", "verify", "1", "--quiet"))
	assert.Contains(t, stdout.String(), "Run 1: reproduces from its stored input (the profiles changed since: cities edited: penang)")

	again := filepath.Join(dir, "again")
	err = m.run(ctx, "runs", "publish", "1", "--out", again, "--report-limit", "3", "--excel")
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err), "a draft is not published")
	assert.Contains(t, model.ErrorMessage(err), "run 1 is a draft: an editor approves it before it is published (c2c runs approve 1")
	assert.NoDirExists(t, again)
	require.NoError(t, m.run(ctx, "runs", "approve", "1"), stderr.String())
	assert.Contains(t, stderr.String(), "run 1 approved by cli")
	err = m.run(ctx, "runs", "approve", "1")
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err), "approving twice")
	assert.Contains(t, model.ErrorMessage(err), "run 1 is approved already: approved by cli")
	require.NoError(t, m.run(ctx, "runs", "publish", "1", "--out", again, "--report-limit", "3", "--excel"), stderr.String())
	assert.Contains(t, stderr.String(), "run 1 published to "+again)
	want, got := readDir(t, first), readDir(t, again)
	require.Equal(t, slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(got)))
	for name := range want {
		if name == publish.FileRun {
			continue
		}
		assert.True(t, bytes.Equal(want[name], got[name]), "%s differs from the batch's", name)
	}
	var a, b map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(want[publish.FileRun], &a))
	require.NoError(t, json.Unmarshal(got[publish.FileRun], &b))
	assert.NotEqual(t, string(a["published"]), string(b["published"]), "the time of publishing differs")
	delete(a, "published")
	delete(b, "published")
	assert.Equal(t, a, b, "run.json is the same but for the time of publishing")

	// Publishing over an earlier report of it replaces its files.
	require.NoError(t, m.run(ctx, "runs", "publish", "1", "--out", first, "--report-limit", "3", "--excel", "--quiet"))
	assert.Equal(t, want[publish.FileHTML], readDir(t, first)[publish.FileHTML])

	stdout.Reset()
	require.NoError(t, m.run(ctx, "runs"))
	assert.Contains(t, stdout.String(), "REVIEW", "the list shows the review")
	assert.Contains(t, stdout.String(), "published")
	stdout.Reset()
	require.NoError(t, m.run(ctx, "runs", "show", "1", "--format", "json"))
	var shown struct {
		Run model.Run `json:"run"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &shown))
	require.NotNil(t, shown.Run.Review)
	assert.Equal(t, model.ReviewPublished, shown.Run.Review.State)
	assert.True(t, strings.HasPrefix(shown.Run.Review.ApprovedBy, "cli"), shown.Run.Review.ApprovedBy)
	assert.Equal(t, shown.Run.Review.ApprovedBy, shown.Run.Review.PublishedBy)
	err = m.run(ctx, "runs", "publish", "1", "--quiet")
	assert.Equal(t, model.EINVALID, model.ErrorCode(err), "--out is required")
	err = m.run(ctx, "runs", "approve", "7")
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
	err = m.run(ctx, "runs", "approve", "seven")
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	assert.Contains(t, model.ErrorMessage(err), `run id "seven": expected a number`)
	err = m.run(ctx, "runs", "publish", "7", "--out", filepath.Join(dir, "x"), "--quiet")
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
	assert.NoDirExists(t, filepath.Join(dir, "x"))
}
