package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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
	rules, err := loadRules(ctx, tx, "")
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return rules, tx.Commit()
}

// PutRule stores r, replacing the rule stored for the same beneficiary and
// resource, and stamps it with Created = db.Now() unless r.Created is set.
// It returns EINVALID errors if r names a city that is not stored, breaks
// the format, or pins a resource that cannot host one more pinned
// beneficiary (see the pin check of Import).
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
	created := formatTime(db.now())
	if !r.Created.IsZero() {
		created = r.Created.Format(time.RFC3339Nano)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rules (beneficiary, resource, rule, why, author, created)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (beneficiary, resource) DO UPDATE
		SET rule = excluded.rule, why = excluded.why, author = excluded.author, created = excluded.created`,
		r.Beneficiary, r.Resource, string(r.Rule), r.Why, r.By, created); err != nil {
		return fmt.Errorf("put rule: %w", mapError(err))
	}
	if r.Rule == model.Pin {
		over, err := overbooked(ctx, tx)
		if err != nil {
			return fmt.Errorf("put rule: %w", err)
		}
		if l := over[r.Resource]; l != nil {
			return &model.Error{Code: model.EINVALID, City: r.Resource, Message: l.message(r.Beneficiary)}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("put rule: %w", mapError(err))
	}
	return nil
}

// pinLoad is a resource with more pinned beneficiaries than it can host.
type pinLoad struct {
	resource string
	hosting  int      // its hosting capacity (model.DefaultHosting when unset)
	pins     []string // the beneficiaries pinned to it, sorted
}

// message says what is wrong with pinning beneficiary to l.resource.
func (l pinLoad) message(beneficiary string) string {
	if l.hosting == 0 {
		return fmt.Sprintf("cannot pin %s to %s: %s hosts no beneficiaries (hosting 0): expected a resource with hosting of at least 1 (raise %s's hosting, or block instead of pin)",
			beneficiary, l.resource, l.resource, l.resource)
	}
	return fmt.Sprintf("cannot pin %s to %s: %s hosts at most %s and would have %d pins (%s): expected no more pins than its hosting (raise %s's hosting, or remove a pin with c2c rule rm)",
		beneficiary, l.resource, l.resource, pluralize(l.hosting, "beneficiary", "beneficiaries"), len(l.pins), strings.Join(l.pins, ", "), l.resource)
}

// String says what is wrong with l, for a warning.
func (l pinLoad) String() string {
	return fmt.Sprintf("%s hosts %s and has %s (%s): pairings set the pins it cannot host aside (raise %s's hosting, or remove a pin with c2c rule rm)",
		l.resource, pluralize(l.hosting, "beneficiary", "beneficiaries"), pluralize(len(l.pins), "pin", "pins"), strings.Join(l.pins, ", "), l.resource)
}

// overbooked returns every resource stored in tx with more pins than its
// hosting capacity, with its load, by resource id.
func overbooked(ctx context.Context, tx *sql.Tx) (map[string]*pinLoad, error) {
	out := make(map[string]*pinLoad)
	err := queryEach(ctx, tx, `SELECT r.resource, COALESCE(c.hosting, ?), r.beneficiary
		FROM rules r JOIN cities c ON c.id = r.resource
		WHERE r.rule = 'pin'
		AND (SELECT COUNT(*) FROM rules p WHERE p.resource = r.resource AND p.rule = 'pin') > COALESCE(c.hosting, ?)
		ORDER BY r.resource, r.beneficiary`, []any{model.DefaultHosting, model.DefaultHosting},
		func(rows *sql.Rows) error {
			var res, b string
			var hosting int
			if err := rows.Scan(&res, &hosting, &b); err != nil {
				return err
			}
			l := out[res]
			if l == nil {
				l = &pinLoad{resource: res, hosting: hosting}
				out[res] = l
			}
			l.pins = append(l.pins, b)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("pins beyond hosting: %w", err)
	}
	return out, nil
}

// pluralize formats n with the singular or plural noun.
func pluralize(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
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

// loadRules returns the stored rules by beneficiary and resource: all of
// them, or those on a pair city is in when city is not "".
func loadRules(ctx context.Context, tx *sql.Tx, city string) ([]model.Rule, error) {
	var rules []model.Rule
	where, args := "", []any(nil)
	if city != "" {
		where, args = ` WHERE beneficiary = ?1 OR resource = ?1`, []any{city}
	}
	err := queryEach(ctx, tx, `SELECT beneficiary, resource, rule, why, author, created FROM rules`+where+` ORDER BY beneficiary, resource`, args,
		func(rows *sql.Rows) error {
			var r model.Rule
			var created string
			if err := rows.Scan(&r.Beneficiary, &r.Resource, &r.Rule, &r.Why, &r.By, &created); err != nil {
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
