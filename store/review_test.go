package store_test

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// auditOf returns the entries of db's audit log with action.
func auditOf(t *testing.T, db *store.DB, action string) []model.AuditEntry {
	t.Helper()
	log, err := db.AuditLog(t.Context(), 0)
	require.NoError(t, err)
	var out []model.AuditEntry
	for _, e := range log {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

func TestRunReview(t *testing.T) {
	db := storetest.MustOpenDB(t)
	clock := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	ctx := t.Context()

	running := startRun(t, db)
	got, err := db.Run(ctx, running.ID)
	require.NoError(t, err)
	assert.Nil(t, got.Review, "a running run has no review")

	r := startRun(t, db)
	require.NoError(t, db.FinishRun(ctx, r, sampleResults()))
	assert.Equal(t, &model.Review{State: model.ReviewDraft}, r.Review, "a done run starts as a draft")
	got, err = db.Run(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, &model.Review{State: model.ReviewDraft}, got.Review)

	_, err = db.PublishRun(ctx, r.ID, "ana", "")
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err))
	assert.Contains(t, model.ErrorMessage(err), "is a draft: an editor approves it before it is published")

	rv, err := db.ApproveRun(ctx, r.ID, "ana")
	require.NoError(t, err)
	approved := time.Date(2026, 11, 1, 9, 5, 0, 0, time.UTC)
	want := &model.Review{State: model.ReviewApproved, ApprovedBy: "ana", Approved: approved}
	assert.Equal(t, want, rv)
	got, err = db.Run(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, want, got.Review, "the approval is stored")

	_, err = db.ApproveRun(ctx, r.ID, "ben")
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err), "approving twice is refused")
	assert.Contains(t, model.ErrorMessage(err), "approved already: approved by ana at 2026-11-01T09:05:00Z")

	rv, err = db.PublishRun(ctx, r.ID, "ben", "congress-2026")
	require.NoError(t, err)
	want = &model.Review{State: model.ReviewPublished, ApprovedBy: "ana", Approved: approved,
		PublishedBy: "ben", Published: time.Date(2026, 11, 1, 9, 7, 0, 0, time.UTC)}
	assert.Equal(t, want, rv)
	rv, err = db.PublishRun(ctx, r.ID, "cem", "")
	require.NoError(t, err, "a published run may be published again")
	assert.Equal(t, want, rv, "the first publication is kept")
	list, err := db.Runs(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, list[1].Review)

	_, err = db.ApproveRun(ctx, r.ID, "ben")
	assert.Contains(t, model.ErrorMessage(err), "is published already")

	approvals := auditOf(t, db, store.ActionRunApprove)
	require.Len(t, approvals, 1, "only the approval that changed the state is audited")
	assert.Equal(t, model.AuditEntry{Seq: approvals[0].Seq, User: "ana", Time: approved, Action: store.ActionRunApprove, Target: "run 2"}, approvals[0])
	pubs := auditOf(t, db, store.ActionRunPublish)
	require.Len(t, pubs, 2)
	assert.Equal(t, []string{"ben", "cem"}, []string{pubs[0].User, pubs[1].User})
	assert.Equal(t, "congress-2026", pubs[0].Detail)
}

func TestRunReviewRefused(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ctx := t.Context()
	running := startRun(t, db)
	interrupted := startRun(t, db)
	require.NoError(t, db.EndRun(ctx, interrupted.ID, model.RunInterrupted, "interrupted by the user"))
	failed := startRun(t, db)
	require.NoError(t, db.EndRun(ctx, failed.ID, model.RunFailed, "out of memory"))
	tests := []struct {
		name string
		id   int64
		code string
		msg  string
	}{
		{"Running", running.ID, model.ECONFLICT, "run 1 is running: only a done run can be"},
		{"Interrupted", interrupted.ID, model.ECONFLICT, "run 2 is interrupted: only a done run can be"},
		{"Failed", failed.ID, model.ECONFLICT, "run 3 is failed: only a done run can be"},
		{"Unknown", 99, model.ENOTFOUND, "run 99 not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.ApproveRun(ctx, tt.id, "ana")
			assert.Equal(t, tt.code, model.ErrorCode(err))
			assert.Contains(t, model.ErrorMessage(err), tt.msg)
			_, err = db.PublishRun(ctx, tt.id, "ana", "")
			assert.Equal(t, tt.code, model.ErrorCode(err))
			assert.Contains(t, model.ErrorMessage(err), tt.msg)
		})
	}
	assert.Empty(t, auditOf(t, db, store.ActionRunApprove), "a refused transition is not audited")
	assert.Empty(t, auditOf(t, db, store.ActionRunPublish))
}

// TestReviewMigration checks that migration 0007 brings a database whose
// runs have no review columns up to date: its done runs are drafts.
func TestReviewMigration(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(ctx, path)
	require.NoError(t, err)
	r := startRun(t, db)
	require.NoError(t, db.FinishRun(ctx, r, sampleResults()))
	require.NoError(t, db.Close())

	raw, err := sql.Open("sqlite3", path) // as a database of before the migration
	require.NoError(t, err)
	for _, col := range []string{"approved_by", "approved", "published_by", "published"} {
		_, err = raw.ExecContext(ctx, `ALTER TABLE runs DROP COLUMN `+col)
		require.NoError(t, err)
	}
	_, err = raw.ExecContext(ctx, `DELETE FROM migrations WHERE name LIKE '%0007_review.sql'`)
	require.NoError(t, err)
	require.NoError(t, raw.Close())

	db, err = store.Open(ctx, path)
	require.NoError(t, err)
	defer db.Close()
	got, err := db.Run(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, &model.Review{State: model.ReviewDraft}, got.Review, "a run stored before is a draft")
	_, err = db.ApproveRun(ctx, r.ID, "ana")
	require.NoError(t, err)
}
