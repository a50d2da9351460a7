package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/c2cnet/c2c/model"
)

// Rules returns every stored rule, sorted by beneficiary and resource, with
// the time it was stored.
func (db *DB) Rules(ctx context.Context) ([]model.Rule, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	defer tx.Rollback()
	rules, err := loadRules(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return rules, tx.Commit()
}

// PutRule stores r, replacing the rule stored for the same beneficiary and
// resource, and stamps it with Created = db.Now(). It returns EINVALID
// errors if r names a city that is not stored or breaks the format.
func (db *DB) PutRule(ctx context.Context, r model.Rule) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("put rule: %w", err)
	}
	defer tx.Rollback()
	known, err := cityIDSet(ctx, tx)
	if err != nil {
		return fmt.Errorf("put rule: %w", err)
	}
	var errs model.Errors
	r.Validate("rule", known, &errs)
	if err := errs.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rules (beneficiary, resource, rule, why, created)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (beneficiary, resource) DO UPDATE
		SET rule = excluded.rule, why = excluded.why, created = excluded.created`,
		r.Beneficiary, r.Resource, string(r.Rule), r.Why, formatTime(db.now())); err != nil {
		return fmt.Errorf("put rule: %w", mapError(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("put rule: %w", mapError(err))
	}
	return nil
}

// RemoveRule deletes the rule for beneficiary and resource. It returns
// ENOTFOUND if there is none.
func (db *DB) RemoveRule(ctx context.Context, beneficiary, resource string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("remove rule: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM rules WHERE beneficiary = ? AND resource = ?`, beneficiary, resource)
	if err != nil {
		return fmt.Errorf("remove rule: %w", mapError(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("remove rule: %w", err)
	} else if n == 0 {
		return &model.Error{Code: model.ENOTFOUND, City: beneficiary,
			Message: fmt.Sprintf("no rule for beneficiary %q and resource %q: expected a pair listed by the stored rules", beneficiary, resource)}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("remove rule: %w", mapError(err))
	}
	return nil
}

func loadRules(ctx context.Context, tx *sql.Tx) ([]model.Rule, error) {
	var rules []model.Rule
	err := queryEach(ctx, tx, `SELECT beneficiary, resource, rule, why, created FROM rules ORDER BY beneficiary, resource`, nil,
		func(rows *sql.Rows) error {
			var r model.Rule
			var created string
			if err := rows.Scan(&r.Beneficiary, &r.Resource, &r.Rule, &r.Why, &created); err != nil {
				return err
			}
			t, err := time.Parse(time.RFC3339Nano, created)
			if err != nil {
				return fmt.Errorf("rule %s/%s: created: %w", r.Beneficiary, r.Resource, err)
			}
			r.Created = t
			rules = append(rules, r)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	return rules, nil
}

// formatTime is how times are stored: RFC 3339 in UTC, to the nanosecond.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
