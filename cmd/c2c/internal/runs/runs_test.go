package runs_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/cmd/c2c/internal/runs"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// sampleRunner returns a runner on a new store holding the sample network.
func sampleRunner(t *testing.T) *runs.Runner {
	t.Helper()
	db := storetest.MustOpenDB(t)
	ref := fixtures.Reference()
	_, err := db.Import(t.Context(), ref, store.ImportOptions{}, &store.Input{File: "sample.json", Doc: fixtures.Sample()})
	require.NoError(t, err)
	return &runs.Runner{DB: db, Ref: ref, Version: "test"}
}

func TestBatchVerifyPublishDiff(t *testing.T) {
	rn := sampleRunner(t)
	ctx := t.Context()
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	r, tm, err := rn.Batch(ctx, batch.DefaultParameters(2026), runs.Options{Options: publish.Options{Out: out, ReportLimit: 3}})
	require.NoError(t, err)
	assert.Equal(t, model.RunDone, r.Status)
	assert.Equal(t, "test", r.Version)
	assert.Positive(t, tm.Total)
	for _, f := range []string{publish.FileShortlists, publish.FilePairings, publish.FileRun, publish.FileHTML, publish.FileMarkdown} {
		assert.FileExists(t, filepath.Join(out, f))
	}

	v, err := rn.Verify(ctx, r.ID, batch.Quiet{})
	require.NoError(t, err)
	assert.True(t, v.Reproduces, v.Verdict)
	assert.Equal(t, "reproduces from its stored input", v.Verdict)

	again := filepath.Join(dir, "again")
	_, err = rn.Publish(ctx, r.ID, "ben", runs.Options{Options: publish.Options{Out: again, ReportLimit: 3}})
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err), "a draft is not published")
	assert.NoDirExists(t, again, "nothing is written for a draft")
	rv, err := rn.Approve(ctx, r.ID, "ana")
	require.NoError(t, err)
	assert.Equal(t, model.ReviewApproved, rv.State)
	rv, err = rn.Publish(ctx, r.ID, "ben", runs.Options{Options: publish.Options{Out: again, ReportLimit: 3}})
	require.NoError(t, err)
	assert.Equal(t, model.ReviewPublished, rv.State)
	assert.Equal(t, "ben", rv.PublishedBy)
	for _, f := range []string{publish.FileShortlists, publish.FilePairings, publish.FileHTML, publish.FileMarkdown} {
		a, err := os.ReadFile(filepath.Join(out, f))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(again, f))
		require.NoError(t, err)
		assert.Equal(t, a, b, "%s is published again byte for byte", f)
	}

	d, err := rn.Diff(ctx, r.ID, r.ID)
	require.NoError(t, err)
	assert.Empty(t, d.Beneficiaries)
	assert.Empty(t, d.PairsAdded)
	assert.True(t, d.Inputs.None())

	_, err = rn.Verify(ctx, r.ID+1, batch.Quiet{})
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
}

func TestPublishRecordsOnly(t *testing.T) {
	rn := sampleRunner(t)
	ctx := t.Context()
	r, _, err := rn.Batch(ctx, batch.DefaultParameters(2026), runs.Options{})
	require.NoError(t, err)
	_, err = rn.Approve(ctx, r.ID, "ana")
	require.NoError(t, err)
	rv, err := rn.Publish(ctx, r.ID, "ben", runs.Options{})
	require.NoError(t, err, "without a folder the publication is only recorded")
	assert.Equal(t, model.ReviewPublished, rv.State)
	got, err := rn.DB.Run(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, rv, got.Review)
}

func TestBatchRefusesParameters(t *testing.T) {
	rn := sampleRunner(t)
	bp := batch.DefaultParameters(2026)
	bp.Pairing.Partners, bp.Pairing.Hosting, bp.Pairing.MinScore, bp.Shortlists.Top = 0, -2, 1.5, 0
	r, _, err := rn.Batch(t.Context(), bp, runs.Options{})
	require.Error(t, err)
	assert.Nil(t, r, "no run is started")
	var errs model.Errors
	require.ErrorAs(t, err, &errs)
	var keys []string
	for _, e := range errs {
		assert.Equal(t, model.EINVALID, e.Code)
		keys = append(keys, e.Key)
	}
	assert.Equal(t, []string{"top", "partners", "hosting", "min-score"}, keys)
	list, err := rn.DB.Runs(t.Context())
	require.NoError(t, err)
	assert.Empty(t, list, "nothing is stored")
}

func TestBatchCancelled(t *testing.T) {
	rn := sampleRunner(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r, _, err := rn.Batch(ctx, batch.DefaultParameters(2026), runs.Options{})
	require.ErrorIs(t, err, context.Canceled)
	if r != nil {
		assert.NotEqual(t, model.RunDone, r.Status)
	}
}

func TestStatus(t *testing.T) {
	host, _ := os.Hostname()
	tests := []struct {
		name string
		run  model.Run
		want model.RunStatus
	}{
		{"Done", model.Run{Status: model.RunDone, Host: host}, model.RunDone},
		{"Alive", model.Run{Status: model.RunRunning, Host: host, PID: os.Getpid()}, model.RunRunning},
		{"Gone", model.Run{Status: model.RunRunning, Host: host, PID: 0}, runs.Stale},
		{"ElsewhereIsNotJudged", model.Run{Status: model.RunRunning, Host: host + "-elsewhere", PID: 0}, model.RunRunning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, runs.Status(&tt.run)) })
	}
}

func TestStopped(t *testing.T) {
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	dbErr := errors.New("sql: transaction has already been committed or rolled back")
	tests := []struct {
		name     string
		ctx      context.Context
		err      error
		canceled bool
		same     bool
	}{
		{"Nil", cancelled, nil, false, true},
		{"Running", t.Context(), dbErr, false, true},
		{"Interrupted", cancelled, dbErr, true, false},
		{"AlreadyCanceled", cancelled, fmt.Errorf("x: %w", context.Canceled), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runs.Stopped(tt.ctx, tt.err)
			assert.Equal(t, tt.canceled, errors.Is(got, context.Canceled))
			if tt.same {
				assert.Equal(t, tt.err, got)
			} else {
				assert.ErrorIs(t, got, tt.err)
			}
		})
	}
}
