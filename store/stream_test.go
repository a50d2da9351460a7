package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// encodeAll encodes every shortlist of res for PutShortlists, with one
// encoder.
func encodeAll(t *testing.T, res *model.RunResults) []store.EncodedShortlist {
	t.Helper()
	var out []store.EncodedShortlist
	var enc store.ShortlistEncoder
	for i := range res.Shortlists {
		es, err := enc.Encode(&res.Shortlists[i])
		require.NoError(t, err)
		out = append(out, es)
	}
	return out
}

// TestShortlistEncoderReuse: an encoder used for many shortlists, in any
// order, gives each the same encoding as a fresh encoder, and an encoding
// does not change when the encoder goes on.
func TestShortlistEncoderReuse(t *testing.T) {
	res := sampleResults()
	require.GreaterOrEqual(t, len(res.Shortlists), 2)
	fresh := make([]store.EncodedShortlist, len(res.Shortlists))
	for i := range res.Shortlists {
		var enc store.ShortlistEncoder
		es, err := enc.Encode(&res.Shortlists[i])
		require.NoError(t, err)
		fresh[i] = es
	}
	var enc store.ShortlistEncoder
	reused := make([]store.EncodedShortlist, len(res.Shortlists))
	for round := 0; round < 2; round++ {
		for k := range res.Shortlists {
			i := k
			if round == 1 {
				i = len(res.Shortlists) - 1 - k
			}
			es, err := enc.Encode(&res.Shortlists[i])
			require.NoError(t, err)
			if round == 0 {
				reused[i] = es
			}
			assert.Equal(t, fresh[i], es, "shortlist %d, round %d", i, round)
		}
	}
	assert.Equal(t, fresh, reused, "earlier encodings are untouched by later ones")
}

// TestStreamedRun: shortlists stored in chunks while the run goes on are
// invisible until the run is finished, and then read back exactly as a run
// finished in one transaction.
func TestStreamedRun(t *testing.T) {
	ctx := t.Context()
	res := sampleResults()

	whole := storetest.MustOpenDB(t)
	w := startRun(t, whole)
	require.NoError(t, whole.FinishRun(ctx, w, res))
	want, err := whole.RunResults(ctx, w.ID)
	require.NoError(t, err)

	db := storetest.MustOpenDB(t)
	r := startRun(t, db)
	enc := encodeAll(t, res)
	require.NoError(t, db.PutShortlists(ctx, r.ID, 0, enc[:1]))

	// Not done: no reader sees the stored rows.
	_, err = db.RunResults(ctx, r.ID)
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err), "results of a running run")
	err = db.RunCandidates(ctx, r.ID, func(store.RankedCandidate) error { return nil })
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err), "candidates of a running run")
	_, err = db.RunPairing(ctx, r.ID)
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err))

	require.NoError(t, db.PutShortlists(ctx, r.ID, 1, enc[1:]))
	require.NoError(t, db.FinishStreamedRun(ctx, r, res.Pairing))
	assert.Equal(t, model.RunDone, r.Status)
	got, err := db.RunResults(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, want, got, "streamed and whole runs read back the same")
	assert.Equal(t, res, got)
	run, err := db.Run(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, []int{2, 2, 1, 1}, []int{run.Beneficiaries, run.Candidates, run.Pairs, run.Served}, "counts from the stored rows")

	// A done run takes no more rows, and a finished run cannot finish again.
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(db.PutShortlists(ctx, r.ID, 2, enc[:1])))
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(db.FinishStreamedRun(ctx, r, nil)))
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(db.PutShortlists(ctx, 99, 0, enc[:1])))
}

// TestPutShortlistsCancelled: a chunk whose context ends stores nothing.
func TestPutShortlistsCancelled(t *testing.T) {
	db := storetest.MustOpenDB(t)
	r := startRun(t, db)
	enc := encodeAll(t, sampleResults())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := db.PutShortlists(ctx, r.ID, 0, enc)
	require.ErrorIs(t, err, context.Canceled)
	require.NoError(t, db.FinishStreamedRun(t.Context(), r, nil))
	got, err := db.RunResults(t.Context(), r.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Shortlists, "the cancelled chunk left no row")
}

// TestDiscardUnfinished: runs whose process is gone are marked
// interrupted, and the rows of interrupted and failed runs are removed;
// done runs keep theirs.
func TestDiscardUnfinished(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	res := sampleResults()
	enc := encodeAll(t, res)

	done := startRun(t, db) // every run of startRun is process 42
	require.NoError(t, db.FinishRun(ctx, done, res))
	gone := startRun(t, db)
	require.NoError(t, db.PutShortlists(ctx, gone.ID, 0, enc))
	failed := startRun(t, db)
	require.NoError(t, db.PutShortlists(ctx, failed.ID, 0, enc[:1]))
	require.NoError(t, db.EndRun(ctx, failed.ID, model.RunFailed, "disk full"))
	empty := startRun(t, db) // interrupted before it stored anything
	require.NoError(t, db.EndRun(ctx, empty.ID, model.RunInterrupted, "by the user"))

	removed, err := db.DiscardUnfinished(ctx, func(string, int) bool { return false })
	require.NoError(t, err)
	assert.Equal(t, []int64{gone.ID, failed.ID}, removed, "the runs that had rows")

	removed, err = db.DiscardUnfinished(ctx, func(string, int) bool { return false })
	require.NoError(t, err)
	assert.Empty(t, removed, "nothing left to remove")

	runs, err := db.Runs(ctx)
	require.NoError(t, err)
	status := map[int64]model.RunStatus{}
	for _, r := range runs {
		status[r.ID] = r.Status
	}
	assert.Equal(t, map[int64]model.RunStatus{done.ID: model.RunDone, gone.ID: model.RunInterrupted,
		failed.ID: model.RunFailed, empty.ID: model.RunInterrupted}, status)
	r, err := db.Run(ctx, failed.ID)
	require.NoError(t, err)
	assert.Equal(t, "disk full", r.Message, "a failed run keeps its message")
	got, err := db.RunResults(ctx, done.ID)
	require.NoError(t, err)
	assert.Equal(t, res, got, "a done run keeps its results")
}

// TestDiscardKeepsLiveRuns: a running run whose process is alive keeps its
// rows and its status.
func TestDiscardKeepsLiveRuns(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	r := startRun(t, db)
	require.NoError(t, db.PutShortlists(ctx, r.ID, 0, encodeAll(t, sampleResults())))
	removed, err := db.DiscardUnfinished(ctx, func(_ string, pid int) bool { return pid == 42 })
	require.NoError(t, err)
	assert.Empty(t, removed)
	require.NoError(t, db.FinishStreamedRun(ctx, r, nil))
	got, err := db.RunResults(ctx, r.ID)
	require.NoError(t, err)
	assert.Len(t, got.Shortlists, 2)
}

// runStreamChild starts a run in the database of the environment, stores
// its shortlists in two chunks, signals, and waits to be killed.
func runStreamChild(ctx context.Context) int {
	db, err := store.Open(ctx, os.Getenv(envDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	r := &model.Run{Version: "test", Parameters: json.RawMessage(`{}`), InputDigest: "x", PID: os.Getpid(), Host: "here"}
	if err := db.StartRun(ctx, r, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	res := sampleResults()
	var enc store.ShortlistEncoder
	for i := range res.Shortlists {
		es, err := enc.Encode(&res.Shortlists[i])
		if err == nil {
			err = db.PutShortlists(ctx, r.ID, i, []store.EncodedShortlist{es})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	if err := os.WriteFile(os.Getenv(envSignal), nil, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	select {} // until killed
}

// TestStreamedRunKilled: a process killed with SIGKILL in the middle of a
// streamed run leaves no run marked done, and the next DiscardUnfinished
// marks it interrupted and removes its rows.
func TestStreamedRunKilled(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c2c.db")
	db, err := store.Open(t.Context(), path)
	require.NoError(t, err)
	defer db.Close()
	signal := filepath.Join(dir, "signal")
	cmd, out := child(t, "stream-hang", path, "", signal)
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	waitForFile(t, signal, done)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	<-done

	runs, err := db.Runs(t.Context())
	require.NoError(t, err, out.String())
	require.Len(t, runs, 1)
	assert.Equal(t, model.RunRunning, runs[0].Status, "no run is marked done")
	_, err = db.RunResults(t.Context(), runs[0].ID)
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err))

	pid := cmd.Process.Pid
	removed, err := db.DiscardUnfinished(t.Context(), func(host string, p int) bool { return !(host == "here" && p == pid) })
	require.NoError(t, err)
	assert.Equal(t, []int64{runs[0].ID}, removed)
	r, err := db.Run(t.Context(), runs[0].ID)
	require.NoError(t, err)
	assert.Equal(t, model.RunInterrupted, r.Status)
	assert.Contains(t, r.Message, fmt.Sprintf("process %d on here ended before the run finished", pid))
}
