package publish

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
)

// sampleRun computes the batch of the embedded sample, without a store,
// and returns it as the done run id.
func sampleRun(tb testing.TB, id int64) (*match.Engine, *model.Run, batch.Parameters, *model.RunResults) {
	tb.Helper()
	ref := fixtures.Reference()
	doc := fixtures.Sample()
	doc.Normalize(ref)
	e, err := match.NewEngine(doc, ref, profile.Inferrer(ref.Topics), 2026)
	require.NoError(tb, err)
	bp := batch.DefaultParameters(2026)
	res, err := batch.Compute(tb.Context(), e, bp, batch.Quiet{}, &batch.Timing{})
	require.NoError(tb, err)
	r := &model.Run{ID: id, Version: "test", Status: model.RunDone, InputDigest: "in", ResultDigest: "res",
		Started: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
	return e, r, bp, res
}

// files returns the names of the files in dir, sorted.
func files(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(tb, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestStagePublish(t *testing.T) {
	e, r, bp, res := sampleRun(t, 1)
	dir := t.TempDir()
	out := filepath.Join(dir, "new", "out")
	require.NoError(t, Check(out), "a missing folder is fine")
	s, err := Stage(t.Context(), e, r, bp, res, Options{Out: out, ReportLimit: 3}, time.Now().UTC())
	require.NoError(t, err)
	assert.NoDirExists(t, out, "nothing appears before Publish")
	require.NoError(t, s.Publish())
	want := []string{FileMarkdown, FileHTML, FileRun, FilePairings, FileShortlists}
	slices.Sort(want)
	assert.Equal(t, want, files(t, out))
	assert.True(t, isReport(filepath.Join(out, FileRun)))
	require.NoError(t, Check(out), "an earlier report is fine")
	left, _ := filepath.Glob(filepath.Join(dir, "*", StagePrefix+"*"))
	assert.Empty(t, left, "no staging folder left")

	// A cancelled context stages nothing and leaves nothing behind.
	ctx, cancel := contextCancelled(t)
	defer cancel()
	_, err = Stage(ctx, e, r, bp, res, Options{Out: filepath.Join(dir, "other")}, time.Now().UTC())
	require.Error(t, err)
	left, _ = filepath.Glob(filepath.Join(dir, StagePrefix+"*"))
	assert.Empty(t, left, "a failed Stage discards its staging folder")
}

// TestPublishAcrossFilesystems makes every rename out of the staging
// folder fail as it does across filesystems (EXDEV): Publish copies the
// files within the output's filesystem instead, into a new folder and into
// an existing one.
func TestPublishAcrossFilesystems(t *testing.T) {
	var failed int
	rename = func(from, to string) error {
		if strings.Contains(from, StagePrefix) && !strings.Contains(from, "-copy-") {
			failed++
			return &os.LinkError{Op: "rename", Old: from, New: to, Err: syscall.EXDEV}
		}
		return os.Rename(from, to)
	}
	t.Cleanup(func() { rename = os.Rename })
	e, r, bp, res := sampleRun(t, 1)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	s, err := Stage(t.Context(), e, r, bp, res, Options{Out: out}, time.Now().UTC())
	require.NoError(t, err)
	require.NoError(t, s.Publish())
	assert.Equal(t, 1, failed, "the folder rename failed")
	assert.Len(t, files(t, out), 5)

	r.ID = 2
	s, err = Stage(t.Context(), e, r, bp, res, Options{Out: out}, time.Now().UTC())
	require.NoError(t, err)
	require.NoError(t, s.Publish())
	assert.Equal(t, 1+5, failed, "each file's rename failed")
	raw, err := os.ReadFile(filepath.Join(out, FileRun))
	require.NoError(t, err)
	var m Manifest
	require.NoError(t, json.Unmarshal(raw, &m))
	assert.Equal(t, int64(2), m.Run.ID)
	left, _ := filepath.Glob(filepath.Join(dir, StagePrefix+"*"))
	assert.Empty(t, left, "no staging or copy folder left")
	tmp, _ := filepath.Glob(filepath.Join(out, ".*"))
	assert.Empty(t, tmp, "no temporary file left")
}

func TestProcessAlive(t *testing.T) {
	assert.True(t, ProcessAlive(os.Getpid()))
	assert.False(t, ProcessAlive(0))
	assert.False(t, ProcessAlive(-1))
}

// BenchmarkReportSample measures writing report.html and report.md for the
// embedded sample.
func BenchmarkReportSample(b *testing.B) {
	e, r, bp, res := sampleRun(b, 1)
	in := Input{Run: r, Params: bp, Cities: e.Cities(), Tax: e.Taxonomy(), Results: res, Limit: 500}
	b.ReportAllocs()
	for b.Loop() {
		if err := writeReportHTML(io.Discard, &in); err != nil {
			b.Fatal(err)
		}
		if err := writeReportMarkdown(io.Discard, &in); err != nil {
			b.Fatal(err)
		}
	}
}

// contextCancelled returns a context that is already cancelled.
func contextCancelled(tb testing.TB) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(tb.Context())
	cancel()
	return ctx, cancel
}
