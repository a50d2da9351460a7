package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/c2cnet/c2c/model"
)

// Audit actions of the review of a run, recorded by ApproveRun and
// PublishRun, and of its removal; the target is the run (RunTarget).
const (
	ActionRunApprove = "run.approve" // a done run was approved for publication
	ActionRunPublish = "run.publish" // an approved run was published; the detail says where, if anywhere
	ActionRunRemove  = "run.rm"      // a run and its results were removed; the detail says what it was
)

// RunTarget is the audit target of run id: "run 3".
func RunTarget(id int64) string { return fmt.Sprintf("run %d", id) }

// ApproveRun approves the done run id, a draft, as by's decision, and
// records it in the audit log, in one transaction; it returns the run's
// review. Approving is done once: a run approved already (or published)
// is refused with ECONFLICT naming who approved it and when, so that a
// second approver learns that someone else decided, and the first record
// is kept. A run that is not done (running, interrupted, failed) is
// refused with ECONFLICT, an unknown one with ENOTFOUND.
func (db *DB) ApproveRun(ctx context.Context, id int64, by string) (*model.Review, error) {
	var rv *model.Review
	err := db.write(ctx, fmt.Sprintf("approve run %d", id), func(tx *sql.Tx, now string) error {
		var err error
		if rv, err = reviewOf(ctx, tx, id, "approved"); err != nil {
			return err
		}
		if rv.State != model.ReviewDraft {
			return &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is %s already: approved by %s at %s; a run is approved once",
				id, rv.State, rv.ApprovedBy, rv.Approved.Format(time.RFC3339))}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE runs SET approved_by = ?, approved = ? WHERE id = ?`, by, now, id); err != nil {
			return err
		}
		rv.State, rv.ApprovedBy, rv.Approved = model.ReviewApproved, by, parseTime(now)
		return record(ctx, tx, now, model.AuditEntry{User: by, Action: ActionRunApprove, Target: RunTarget(id)})
	})
	if err != nil {
		return nil, err
	}
	return rv, nil
}

// PublishRun records that by published the approved run id, with detail
// (where its files went, "" for none) in the audit log, in one
// transaction, and returns the run's review. A run published already may
// be published again (its files written again): every publication is
// audited, and the review keeps the first. A draft is refused with
// ECONFLICT (it needs an approval first), as is a run that is not done; an
// unknown one with ENOTFOUND.
func (db *DB) PublishRun(ctx context.Context, id int64, by, detail string) (*model.Review, error) {
	var rv *model.Review
	err := db.write(ctx, fmt.Sprintf("publish run %d", id), func(tx *sql.Tx, now string) error {
		var err error
		if rv, err = reviewOf(ctx, tx, id, "published"); err != nil {
			return err
		}
		if err := Publishable(id, rv); err != nil {
			return err
		}
		if rv.State == model.ReviewApproved {
			if _, err := tx.ExecContext(ctx, `UPDATE runs SET published_by = ?, published = ? WHERE id = ?`, by, now, id); err != nil {
				return err
			}
			rv.State, rv.PublishedBy, rv.Published = model.ReviewPublished, by, parseTime(now)
		}
		return record(ctx, tx, now, model.AuditEntry{User: by, Action: ActionRunPublish, Target: RunTarget(id), Detail: detail})
	})
	if err != nil {
		return nil, err
	}
	return rv, nil
}

// Publishable returns nil when run id, whose review is rv (nil for a run
// not done), may be published: it is approved or published already. A
// draft, or a run not done, gives ECONFLICT saying what to do.
func Publishable(id int64, rv *model.Review) error {
	switch {
	case rv == nil:
		return &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is not done: only a done, approved run can be published", id)}
	case rv.State == model.ReviewDraft:
		return &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is a draft: an editor approves it before it is published (c2c runs approve %d, or Approve on its page)", id, id)}
	}
	return nil
}

// reviewOf returns the review of the done run id, ENOTFOUND for an
// unknown run, and ECONFLICT for a run that is not done, which cannot be
// what (approved, published).
func reviewOf(ctx context.Context, tx *sql.Tx, id int64, what string) (*model.Review, error) {
	var status, approvedBy, approved, publishedBy, published string
	err := tx.QueryRowContext(ctx, `SELECT status, approved_by, approved, published_by, published FROM runs WHERE id = ?`, id).
		Scan(&status, &approvedBy, &approved, &publishedBy, &published)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, runNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	rv, err := newReview(model.RunStatus(status), approvedBy, approved, publishedBy, published)
	if err != nil {
		return nil, fmt.Errorf("run %d: %w", id, err)
	}
	if rv == nil {
		return nil, &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is %s: only a done run can be %s", id, status, what)}
	}
	return rv, nil
}

// newReview is the review of a run of status whose review columns hold
// the rest; nil for a run that is not done.
func newReview(status model.RunStatus, approvedBy, approved, publishedBy, published string) (*model.Review, error) {
	if status != model.RunDone {
		return nil, nil
	}
	rv := &model.Review{State: model.ReviewDraft, ApprovedBy: approvedBy, PublishedBy: publishedBy}
	var err error
	if approved != "" {
		rv.State = model.ReviewApproved
		if rv.Approved, err = time.Parse(time.RFC3339Nano, approved); err != nil {
			return nil, fmt.Errorf("approval time %q: %w", approved, err)
		}
	}
	if published != "" {
		rv.State = model.ReviewPublished
		if rv.Published, err = time.Parse(time.RFC3339Nano, published); err != nil {
			return nil, fmt.Errorf("publication time %q: %w", published, err)
		}
	}
	return rv, nil
}

// parseTime reads a time as formatTime writes it; the zero time if it
// cannot.
func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
