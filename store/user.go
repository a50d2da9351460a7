package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/c2cnet/c2c/model"
)

// Account actions recorded in the audit log by the methods of this file.
const (
	ActionUserAdd    = "user.add"    // an account was added; the detail is its role
	ActionUserPasswd = "user.passwd" // an account's password was changed
	ActionUserRemove = "user.rm"     // an account was removed
	ActionUserToken  = "user.token"  // an API token was issued for an account
)

// Actions on the network recorded in the audit log by the command line and
// the web application (through Audited).
const (
	ActionRulePin    = "rule.pin"   // a pair was pinned; the detail is the reason
	ActionRuleBlock  = "rule.block" // a pair was blocked; the detail is the reason
	ActionRuleRemove = "rule.rm"    // the rule on a pair was removed
	ActionImport     = "import"     // members were imported; the target names the inputs
)

// RuleTarget is the audit target of a rule on a pair: "palembang→seoul".
func RuleTarget(beneficiary, resource string) string { return beneficiary + "→" + resource }

// RuleEntry is the audit entry of storing r as by's decision: rule.pin or
// rule.block on the pair, with the reason as its detail.
func RuleEntry(by string, r model.Rule) model.AuditEntry {
	return model.AuditEntry{User: by, Action: RuleAction(r.Rule), Target: RuleTarget(r.Beneficiary, r.Resource), Detail: r.Why}
}

// RuleRemovalEntry is the audit entry of removing the rule on the pair of
// beneficiary and resource as by's decision.
func RuleRemovalEntry(by, beneficiary, resource string) model.AuditEntry {
	return model.AuditEntry{User: by, Action: ActionRuleRemove, Target: RuleTarget(beneficiary, resource)}
}

// ImportEntry is the audit entry of an import with opts, by by, of the
// inputs target names; its detail says "replace" when the import replaces
// the whole network.
func ImportEntry(by, target string, opts ImportOptions) model.AuditEntry {
	e := model.AuditEntry{User: by, Action: ActionImport, Target: target}
	if opts.Replace {
		e.Detail = "replace"
	}
	return e
}

// RuleAction is the audit action of storing a rule of kind k.
func RuleAction(k model.RuleKind) string {
	if k == model.Pin {
		return ActionRulePin
	}
	return ActionRuleBlock
}

// AddUser stores the account u with the password hash (an opaque string
// such as an argon2id PHC string) and records it in the audit log as done
// by by, in one transaction. u.Created is set to db.Now(). It returns
// EINVALID for a bad name or role and ECONFLICT when the name is taken.
func (db *DB) AddUser(ctx context.Context, u model.User, hash, by string) error {
	if err := errors.Join(model.ValidateUserName(u.Name), u.Role.Validate()); err != nil {
		return err
	}
	return db.write(ctx, "add user", func(tx *sql.Tx, now string) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (name, role, password, created) VALUES (?, ?, ?, ?)`,
			u.Name, string(u.Role), hash, now)
		if err := mapError(err); model.ErrorCode(err) == model.ECONFLICT {
			return &model.Error{Code: model.ECONFLICT, Key: "name", Message: fmt.Sprintf("account %q exists already: expected a new name (c2c user passwd changes a password)", u.Name), Err: err}
		} else if err != nil {
			return err
		}
		return record(ctx, tx, now, model.AuditEntry{User: by, Action: ActionUserAdd, Target: u.Name, Detail: string(u.Role)})
	})
}

// Users returns every account, sorted by name.
func (db *DB) Users(ctx context.Context) ([]model.User, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer tx.Rollback()
	var users []model.User
	err = queryEach(ctx, tx, `SELECT name, role, created FROM users ORDER BY name`, nil, func(rows *sql.Rows) error {
		var u model.User
		var created string
		if err := rows.Scan(&u.Name, &u.Role, &created); err != nil {
			return err
		}
		var err error
		u.Created, err = time.Parse(time.RFC3339Nano, created)
		users = append(users, u)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	return users, tx.Commit()
}

// Credentials returns the account called name and its password hash. It
// returns ENOTFOUND when there is no such account.
func (db *DB) Credentials(ctx context.Context, name string) (model.User, string, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return model.User{}, "", fmt.Errorf("credentials: %w", err)
	}
	defer tx.Rollback()
	u, hash, err := findUser(ctx, tx, `SELECT name, role, created, password FROM users WHERE name = ?`, name)
	if errors.Is(err, sql.ErrNoRows) {
		return model.User{}, "", userNotFound(name)
	} else if err != nil {
		return model.User{}, "", fmt.Errorf("credentials: %w", err)
	}
	return u, hash, tx.Commit()
}

// SetPassword replaces the password hash of the account name, ends its
// sessions (a changed password signs it out everywhere) and records the
// change as done by by. It returns ENOTFOUND when there is no such account.
func (db *DB) SetPassword(ctx context.Context, name, hash, by string) error {
	return db.write(ctx, "set password", func(tx *sql.Tx, now string) error {
		if err := mustAffect(tx.ExecContext(ctx, `UPDATE users SET password = ? WHERE name = ?`, hash, name))(name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user = ?`, name); err != nil {
			return err
		}
		return record(ctx, tx, now, model.AuditEntry{User: by, Action: ActionUserPasswd, Target: name})
	})
}

// RemoveUser deletes the account name with its sessions and tokens, and
// records it as done by by. It returns ENOTFOUND when there is no such
// account and ECONFLICT when it is the last admin, who alone could add
// accounts again.
func (db *DB) RemoveUser(ctx context.Context, name, by string) error {
	return db.write(ctx, "remove user", func(tx *sql.Tx, now string) error {
		var role string
		var admins int
		if err := tx.QueryRowContext(ctx, `SELECT role, (SELECT COUNT(*) FROM users WHERE role = 'admin') FROM users WHERE name = ?`, name).
			Scan(&role, &admins); errors.Is(err, sql.ErrNoRows) {
			return userNotFound(name)
		} else if err != nil {
			return err
		}
		if model.Role(role) == model.Admin && admins == 1 {
			return &model.Error{Code: model.ECONFLICT, Key: "name",
				Message: fmt.Sprintf("%s is the last admin: expected another admin first (c2c user add NAME --role admin)", name)}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM users WHERE name = ?`, name); err != nil {
			return err
		}
		return record(ctx, tx, now, model.AuditEntry{User: by, Action: ActionUserRemove, Target: name})
	})
}

// AddToken stores the SHA-256 hash of a new API token of the account name
// and records its issue as done by by. It returns ENOTFOUND when there is
// no such account.
func (db *DB) AddToken(ctx context.Context, name string, hash []byte, by string) error {
	return db.write(ctx, "add token", func(tx *sql.Tx, now string) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens (hash, user, created) VALUES (?, ?, ?)`, hash, name, now)
		if model.ErrorCode(mapError(err)) == model.ENOTFOUND {
			return userNotFound(name)
		} else if err != nil {
			return err
		}
		return record(ctx, tx, now, model.AuditEntry{User: by, Action: ActionUserToken, Target: name})
	})
}

// TokenUser returns the account holding the API token whose SHA-256 hash
// is hash. It returns ENOTFOUND when no account holds it.
func (db *DB) TokenUser(ctx context.Context, hash []byte) (model.User, error) {
	return db.holder(ctx, "token user", `SELECT u.name, u.role, u.created, '' FROM tokens t JOIN users u ON u.name = t.user WHERE t.hash = ?`, hash)
}

// AddSession stores a sign-in session of the account name, known by the
// SHA-256 hash of its cookie, valid until expires. It returns ENOTFOUND
// when there is no such account.
func (db *DB) AddSession(ctx context.Context, name string, hash []byte, expires time.Time) error {
	return db.write(ctx, "add session", func(tx *sql.Tx, now string) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, user, created, expires) VALUES (?, ?, ?, ?)`,
			hash, name, now, formatTime(expires))
		if model.ErrorCode(mapError(err)) == model.ENOTFOUND {
			return userNotFound(name)
		}
		return err
	})
}

// SessionUser returns the account of the session whose cookie hashes to
// hash. It returns ENOTFOUND when there is no such session or it has
// expired.
func (db *DB) SessionUser(ctx context.Context, hash []byte) (model.User, error) {
	return db.holder(ctx, "session user", `SELECT u.name, u.role, u.created, '' FROM sessions s JOIN users u ON u.name = s.user
		WHERE s.hash = ? AND s.expires > ?`, hash, formatTime(db.now()))
}

// RemoveSession ends the session whose cookie hashes to hash, and every
// expired session. Ending a session that does not exist is not an error.
func (db *DB) RemoveSession(ctx context.Context, hash []byte) error {
	return db.write(ctx, "remove session", func(tx *sql.Tx, now string) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ? OR expires <= ?`, hash, now)
		return err
	})
}

// auditKey is the context key of Audited.
type auditKey struct{}

// Audited returns a context under which every write transaction of the
// store (PutRule, RemoveRule, Import, ...) also appends e to the audit log,
// stamped with db.Now(), in the same transaction: the entry is stored if
// and only if the write is. Use it for one write.
func Audited(ctx context.Context, e model.AuditEntry) context.Context {
	return context.WithValue(ctx, auditKey{}, e)
}

// Record appends e to the audit log, stamped with db.Now().
func (db *DB) Record(ctx context.Context, e model.AuditEntry) error {
	return db.write(ctx, "record", func(tx *sql.Tx, now string) error { return record(ctx, tx, now, e) })
}

// AuditLog returns the last limit entries of the audit log (all of them
// when limit is 0), oldest first.
func (db *DB) AuditLog(ctx context.Context, limit int) ([]model.AuditEntry, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer tx.Rollback()
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	entries := []model.AuditEntry{}
	err = queryEach(ctx, tx, `SELECT seq, user, time, action, target, detail FROM
		(SELECT * FROM audit ORDER BY seq DESC LIMIT ?) ORDER BY seq`, []any{limit}, func(rows *sql.Rows) error {
		var e model.AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &e.User, &at, &e.Action, &e.Target, &e.Detail); err != nil {
			return err
		}
		var err error
		e.Time, err = time.Parse(time.RFC3339Nano, at)
		entries = append(entries, e)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return entries, tx.Commit()
}

// write runs do in one write transaction, with the transaction's time
// formatted as stored, and names the operation op in its errors.
func (db *DB) write(ctx context.Context, op string, do func(tx *sql.Tx, now string) error) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	if err := do(tx, formatTime(db.now())); err != nil {
		var me *model.Error
		if errors.As(err, &me) {
			return err
		}
		return fmt.Errorf("%s: %w", op, mapError(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", op, mapError(err))
	}
	return nil
}

// holder returns the account that query (selecting name, role, created and
// a fourth column) finds, or ENOTFOUND.
func (db *DB) holder(ctx context.Context, op, query string, args ...any) (model.User, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return model.User{}, fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	u, _, err := findUser(ctx, tx, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return model.User{}, &model.Error{Code: model.ENOTFOUND, Message: "unknown or expired credentials: expected a valid session or token"}
	} else if err != nil {
		return model.User{}, fmt.Errorf("%s: %w", op, err)
	}
	return u, tx.Commit()
}

// findUser scans the one row of query: name, role, created and a string.
func findUser(ctx context.Context, tx *sql.Tx, query string, args ...any) (model.User, string, error) {
	var u model.User
	var created, extra string
	if err := tx.QueryRowContext(ctx, query, args...).Scan(&u.Name, &u.Role, &created, &extra); err != nil {
		return u, "", err
	}
	t, err := time.Parse(time.RFC3339Nano, created)
	if err != nil {
		return u, "", fmt.Errorf("account %s: created: %w", u.Name, err)
	}
	u.Created = t
	return u, extra, nil
}

// record appends e to the audit log in tx at now.
func record(ctx context.Context, tx *sql.Tx, now string, e model.AuditEntry) error {
	if !e.Time.IsZero() {
		now = formatTime(e.Time)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (user, time, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
		e.User, now, e.Action, e.Target, e.Detail)
	return err
}

// mustAffect returns, for the result of an UPDATE or DELETE of one
// account, a function that returns ENOTFOUND naming the account when no
// row changed.
func mustAffect(res sql.Result, err error) func(name string) error {
	return func(name string) error {
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return userNotFound(name)
		}
		return nil
	}
}

// userNotFound is the error for an account that does not exist.
func userNotFound(name string) error {
	return &model.Error{Code: model.ENOTFOUND, Key: "name", Message: fmt.Sprintf("no account %q: c2c user add creates one", name)}
}
