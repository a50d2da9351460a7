package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/cmd/c2c/internal/runs"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// batchMain returns a program on a new database at path loaded with the
// sample, its clock pinned so that two runs stamp the same times.
func batchMain(tb testing.TB, path string) (*Main, *bytes.Buffer, *bytes.Buffer) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Ref: fixtures.Reference(), Width: render.DefaultWidth, DBPath: path}
	db, err := m.Store(tb.Context())
	require.NoError(tb, err)
	clock := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	stderr.Reset() // what creating the database said
	tb.Cleanup(func() { m.Close() })
	return m, &stdout, &stderr
}

// run runs the program m with args into its buffers.
func (m *Main) run(ctx context.Context, args ...string) error {
	return m.App().RunContext(ctx, append([]string{"c2c", "--db", m.DBPath}, args...))
}

// readDir returns the content of every file in dir by name.
func readDir(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(tb, err)
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(tb, err)
		files[e.Name()] = b
	}
	return files
}

func TestBatchDeterministic(t *testing.T) {
	dir := t.TempDir()
	var digests []string
	var outputs []map[string][]byte
	for _, name := range []string{"a", "b"} {
		m, _, stderr := batchMain(t, filepath.Join(dir, name+".db"))
		out := filepath.Join(dir, "out-"+name)
		require.NoError(t, m.run(t.Context(), "batch", "--out", out, "--year", "2026", "--quiet"), stderr.String())
		assert.Empty(t, stderr.String(), "--quiet prints nothing")
		db, err := m.Store(t.Context())
		require.NoError(t, err)
		runs, err := db.Runs(t.Context())
		require.NoError(t, err)
		require.Len(t, runs, 1)
		assert.Equal(t, model.RunDone, runs[0].Status)
		digests = append(digests, runs[0].InputDigest+" "+runs[0].ResultDigest)
		outputs = append(outputs, readDir(t, out))
	}
	assert.Equal(t, digests[0], digests[1], "same input and parameters, same digests")
	require.Equal(t, []string{publish.FileShortlists, publish.FilePairings, publish.FileRun, publish.FileHTML, publish.FileMarkdown}, sortedKeys(outputs[0], publish.FileShortlists, publish.FilePairings, publish.FileRun, publish.FileHTML, publish.FileMarkdown))
	for name, b := range outputs[0] {
		assert.Equal(t, string(b), string(outputs[1][name]), "%s differs between two identical runs", name)
	}

	// And the same database twice: a second run has the same digests.
	m, _, stderr := batchMain(t, filepath.Join(dir, "a.db"))
	require.NoError(t, m.run(t.Context(), "batch", "--year", "2026", "--quiet"), stderr.String())
	db, err := m.Store(t.Context())
	require.NoError(t, err)
	runs, err := db.Runs(t.Context())
	require.NoError(t, err)
	require.Len(t, runs, 2)
	assert.Equal(t, digests[0], runs[1].InputDigest+" "+runs[1].ResultDigest)
}

// sortedKeys returns the names among want that m has, in want's order.
func sortedKeys(m map[string][]byte, want ...string) []string {
	var out []string
	for _, w := range want {
		if _, ok := m[w]; ok {
			out = append(out, w)
		}
	}
	if len(out) != len(m) {
		for k := range m {
			out = append(out, "unexpected "+k)
		}
	}
	return out
}

// cancelAfter is a progress display that cancels a context after n items.
type cancelAfter struct {
	batch.Quiet
	n      int
	cancel context.CancelFunc
}

func (p *cancelAfter) Add(n int) {
	if p.n -= n; p.n <= 0 {
		p.cancel()
	}
}

func TestBatchInterrupted(t *testing.T) {
	dir := t.TempDir()
	m, _, _ := batchMain(t, filepath.Join(dir, "c2c.db"))
	db, err := m.Store(t.Context())
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := filepath.Join(dir, "out")
	r, _, err := m.runner(db).Batch(ctx, batch.DefaultParameters(2026), runs.Options{Options: publish.Options{Out: out}, Progress: &cancelAfter{n: 3, cancel: cancel}})
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, r)
	assert.Equal(t, 130, cmdline.ExitCode(err))

	got, err := db.Run(t.Context(), r.ID)
	require.NoError(t, err)
	assert.Equal(t, model.RunInterrupted, got.Status)
	assert.Equal(t, "interrupted by the user", got.Message)
	assert.NoDirExists(t, out, "nothing published")
	staged, _ := filepath.Glob(filepath.Join(dir, publish.StagePrefix+"*"))
	assert.Empty(t, staged, "no staging folder left")
}

// TestBatchKilled runs the program as a child process on a network large
// enough to take a few seconds, and stops it mid-run: killed, the store
// keeps the run as running (listed as stale) and never done; interrupted
// (SIGINT, as Ctrl-C), it is marked interrupted and the program exits 130.
// Neither publishes a file.
func TestBatchKilled(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the binary and kills it; skipped with -short and off Linux")
	}
	dir := t.TempDir()
	bin := buildBinary(t)
	db := synthDB(t, bin, dir, 6000, 3)
	tests := []struct {
		name   string
		signal syscall.Signal
		after  string          // the line of standard error to stop it after
		status model.RunStatus // as stored
		code   int
	}{
		{"SIGKILL", syscall.SIGKILL, "shortlists: 0/", model.RunRunning, -1},
		{"SIGINT", syscall.SIGINT, "shortlists: 0/", model.RunInterrupted, 130},
		{"SIGKILL-writing", syscall.SIGKILL, "c2c: writing ", model.RunRunning, -1},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub := filepath.Join(dir, "out-"+tt.name)
			// Stop it once the shortlists are under way.
			stopBatchAt(t, bin, db, pub, tt.after, 0, tt.signal, tt.code)
			r := assertRunStopped(t, db, i+1, tt.status, pub)
			if tt.status == model.RunRunning {
				assert.Equal(t, runs.Stale, runs.Status(r), "a killed run is listed as stale")
			}
			assert.NoDirExists(t, pub, "no folder, empty or half, is left")
			staged, _ := filepath.Glob(filepath.Join(dir, publish.StagePrefix+"*"))
			if tt.after == "c2c: writing " {
				// A process killed while writing may leave its hidden staging
				// folder; the next batch beside it removes it when it stages
				// its own.
				next, err := publish.NewStaging(pub)
				require.NoError(t, err)
				next.Discard()
				staged, _ = filepath.Glob(filepath.Join(dir, publish.StagePrefix+"*"))
			}
			assert.Empty(t, staged, "no staging folder left")
		})
	}
}

// TestBatchInterruptedAtEachStage runs the program as a child process and
// sends it Ctrl-C at each stage of a batch and, while it stores its run,
// at several moments after it says so: before, as and while the store
// transaction runs (item 11 of issue 10: this gave exit 2, "transaction
// has already been committed or rolled back", and the status failed). The batch exits 130, the run (if it was started) is
// interrupted, none is done and nothing is published.
func TestBatchInterruptedAtEachStage(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the binary and interrupts it; skipped with -short and off Linux")
	}
	dir := t.TempDir()
	bin := buildBinary(t)
	// The shortlists of 2,000 members take about a second and a half, and
	// are stored in chunks of 512 while they are made: an interrupt in
	// that stage finds some chunks stored, none visible.
	db := synthDB(t, bin, dir, 2000, 5)
	tests := []struct {
		stage   string        // the progress line after which Ctrl-C is pressed
		delay   time.Duration // how long after it
		started bool          // whether the run is stored as started by then
	}{
		{"c2c: reading the profiles", 0, false},
		{"vectorising", 0, true},
		{"shortlists: 0/", 0, true},
		{"shortlists: 0/", 400 * time.Millisecond, true},
		{"shortlists: 0/", 900 * time.Millisecond, true},
		{"pairing", 0, true},
		{"c2c: writing", 0, true},
	}
	runs := 0
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%s+%s", strings.TrimPrefix(tt.stage, "c2c: "), tt.delay), func(t *testing.T) {
			pub := filepath.Join(dir, "out-"+strconv.Itoa(i))
			stopBatchAt(t, bin, db, pub, tt.stage, tt.delay, syscall.SIGINT, 130)
			if tt.started {
				runs++
			}
			r := assertRunStopped(t, db, runs, model.RunInterrupted, pub)
			if !tt.started && r != nil {
				assert.NotEqual(t, model.RunRunning, r.Status, "no run left running")
			}
			staged, _ := filepath.Glob(filepath.Join(dir, publish.StagePrefix+"*"))
			assert.Empty(t, staged, "the staging folder is removed")
		})
	}

	// Each batch start removed what the run before it had stored; the last
	// one (interrupted while writing) still holds all its shortlists, which
	// the next batch removes before it finishes.
	s, err := store.Open(t.Context(), db)
	require.NoError(t, err)
	defer s.Close()
	stored := func(run int) int {
		t.Helper()
		raw, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
		require.NoError(t, err)
		defer raw.Close()
		var n int
		require.NoError(t, raw.QueryRow(`SELECT COUNT(*) FROM run_shortlists WHERE run = ?`, run).Scan(&n))
		return n
	}
	assert.Equal(t, 2000, stored(runs), "the run interrupted while writing had stored every shortlist")
	assert.Zero(t, stored(runs-1), "the start of the next run removed the rows of the one before")
	out, err := exec.Command(bin, "--db", db, "batch", "--year", "2026").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Zero(t, stored(runs), "the next batch removed them")
	left, err := s.DiscardUnfinished(t.Context(), func(string, int) bool { return true })
	require.NoError(t, err)
	assert.Empty(t, left, "no interrupted run keeps stored shortlists")
	all, err := s.Runs(t.Context())
	require.NoError(t, err)
	require.Len(t, all, runs+1)
	assert.Equal(t, model.RunDone, all[runs].Status)
}

// stopBatchAt runs c2c batch on db publishing to pub, sends it sig delay
// after the first line of its progress that contains marker, and checks
// that it exits with code (-1: killed by the signal).
func stopBatchAt(t *testing.T, bin, db, pub, marker string, delay time.Duration, sig syscall.Signal, code int) {
	t.Helper()
	cmd := exec.Command(bin, "--db", db, "batch", "--out", pub, "--year", "2026")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	lines := bufio.NewScanner(stderr)
	var seen []string
	for lines.Scan() {
		seen = append(seen, lines.Text())
		if strings.Contains(lines.Text(), marker) {
			break
		}
	}
	time.Sleep(delay)
	require.NoError(t, cmd.Process.Signal(sig), "%s", strings.Join(seen, "\n"))
	var rest strings.Builder
	copied := make(chan struct{})
	go func() { io.Copy(&rest, stderr); close(copied) }()
	err = cmd.Wait()
	<-copied
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "the batch should not finish: %v\n%s\n%s", err, strings.Join(seen, "\n"), rest.String())
	assert.Equal(t, code, exit.ExitCode(), "%s\n%s", strings.Join(seen, "\n"), rest.String())
}

// assertRunStopped checks that db holds n runs, that the last one has the
// status want, that none is done and that nothing was published in pub,
// and returns the last run (nil if there is none).
func assertRunStopped(t *testing.T, db string, n int, want model.RunStatus, pub string) *model.Run {
	t.Helper()
	s, err := store.Open(t.Context(), db)
	require.NoError(t, err)
	defer s.Close()
	runs, err := s.Runs(t.Context())
	require.NoError(t, err)
	require.Len(t, runs, n)
	if n == 0 {
		return nil
	}
	r := runs[n-1]
	assert.Equal(t, want, r.Status)
	for _, r := range runs {
		assert.NotEqual(t, model.RunDone, r.Status, "run %d", r.ID)
	}
	if entries, err := os.ReadDir(pub); err == nil {
		assert.Empty(t, entries, "no file published")
	}
	return &r
}

// BenchmarkBatch runs the whole congress batch, storing the run and writing
// every published file, over a synthetic network of $C2C_BATCH_CITIES
// members (20,000 by default) in a temporary database, and reports the
// time of each stage in seconds. Run it alone, once:
//
//	go test -run '^$' -bench BenchmarkBatch -benchtime 1x ./cmd/c2c
func BenchmarkBatch(b *testing.B) {
	n := 20000
	if v := os.Getenv("C2C_BATCH_CITIES"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(b, err, "C2C_BATCH_CITIES")
	}
	ref := fixtures.Reference()
	doc := synth.Generate(synth.Options{Cities: n, Seed: 1}, ref)
	dir := b.TempDir()
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Ref: ref, Width: render.DefaultWidth, DBPath: filepath.Join(dir, "c2c.db"), Empty: true}
	defer m.Close()
	db, err := m.Store(b.Context())
	require.NoError(b, err)
	_, err = db.Import(b.Context(), ref, store.ImportOptions{}, &store.Input{File: "synth.json", Doc: doc})
	require.NoError(b, err)
	bp := batch.DefaultParameters(2026)
	b.ReportAllocs()
	var tm batch.Timing
	for b.Loop() {
		var r *model.Run
		r, tm, err = m.runner(db).Batch(b.Context(), bp, runs.Options{Options: publish.Options{Out: filepath.Join(dir, "out"), ReportLimit: cmdline.DefaultReportLimit}})
		require.NoError(b, err)
		require.Equal(b, model.RunDone, r.Status)
	}
	for _, s := range []struct {
		name string
		d    time.Duration
	}{{"load", tm.Load}, {"digest", tm.Digest}, {"vectorise", tm.Vectorise}, {"shortlists", tm.Shortlist}, {"score-cpu", tm.Score},
		{"select-cpu", tm.Select}, {"explain-cpu", tm.Explain}, {"pair", tm.Pair}, {"write", tm.Write}, {"store", tm.Store}} {
		b.ReportMetric(s.d.Seconds(), s.name+"-s")
	}
}
