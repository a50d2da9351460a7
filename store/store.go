package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/c2cnet/c2c/model"
	"github.com/mattn/go-sqlite3"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DB is an open c2c database.
type DB struct {
	// Now returns the current time; it stamps rules as they are stored.
	// It defaults to time.Now; tests pin it.
	Now func() time.Time

	db   *sql.DB // writes: immediate transactions, one writer at a time
	rdb  *sql.DB // reads: deferred, read-only transactions on a WAL snapshot, never waiting for a writer
	path string
}

// busyTimeout is how long a writer waits for another process's write
// transaction to end before it gives up with ErrBusy: long enough for an
// everyday import or the storing of a batch run to finish, short enough for
// someone at a terminal to be told. Readers never wait for a writer (WAL).
// Tests lower it.
var busyTimeout = 30 * time.Second

// dsn returns the data source name for the database file at path. The
// pragmas are connection parameters so that every pooled connection gets
// them, not only the first.
func dsn(path string) string { return dsnFor(path, "immediate", writeCacheKiB) }

// readDSN is dsn for the pool of read transactions: deferred, so that a
// reader takes a snapshot of the WAL and never waits for a writer,
// query-only, and with SQLite's default page cache: a reader's pages are
// in the operating system's cache already, and a cache per connection as
// large as a writer's (which keeps a whole import in memory) only adds to
// the process's memory.
func readDSN(path string) string {
	return dsnFor(path, "deferred", readCacheKiB) + "&_query_only=1"
}

// Page cache sizes per connection, in KiB (SQLite's cache_size, negative
// for KiB): a writer's holds a big import until its commit; a reader's is
// SQLite's default.
const (
	writeCacheKiB = 65536
	readCacheKiB  = 2000
)

func dsnFor(path, txlock string, cacheKiB int) string {
	u := url.URL{Scheme: "file", Opaque: url.PathEscape(path)}
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", strconv.FormatInt(busyTimeout.Milliseconds(), 10))
	q.Set("_txlock", txlock)
	q.Set("_cache_size", strconv.Itoa(-cacheKiB))
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens the database file at path, creating it if it is missing, and
// runs the migrations it has not run yet. When the schema is current it
// only reads (the recorded migrations, through a read transaction), so
// that opening never waits for another process's write.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, model.Errorf(model.EINVALID, "no database path: expected the path of a database file")
	}
	sdb, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	rdb, err := sql.Open("sqlite3", readDSN(path))
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{Now: time.Now, db: sdb, rdb: rdb, path: path}
	pending := true
	if _, err := os.Stat(path); err == nil {
		if pending, err = db.migrationsPending(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, mapError(err))
		}
	}
	if pending {
		if err := db.migrate(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, mapError(err))
		}
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	rerr := db.rdb.Close()
	if err := errors.Join(db.db.Close(), rerr); err != nil {
		return fmt.Errorf("close %s: %w", db.path, err)
	}
	return nil
}

// Path returns the file the database was opened from.
func (db *DB) Path() string { return db.path }

// migrationNames returns the embedded migrations in name order.
func migrationNames() ([]string, error) {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	return names, nil
}

// migrationsPending reports, through a read transaction that takes no
// write lock, whether an embedded migration is not recorded as run.
func (db *DB) migrationsPending(ctx context.Context) (bool, error) {
	names, err := migrationNames()
	if err != nil {
		return false, err
	}
	tx, err := db.rdb.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("check migrations: %w", err)
	}
	defer tx.Rollback()
	var tables int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`).Scan(&tables); err != nil {
		return false, fmt.Errorf("check migrations: %w", err)
	}
	if tables == 0 {
		return true, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT name FROM migrations`)
	if err != nil {
		return false, fmt.Errorf("check migrations: %w", err)
	}
	defer rows.Close()
	recorded := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return false, fmt.Errorf("check migrations: %w", err)
		}
		recorded[name] = true
	}
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("check migrations: %w", err)
	}
	for _, name := range names {
		if !recorded[name] {
			return true, nil
		}
	}
	return false, nil
}

// migrate runs every embedded migration not yet recorded, in name order, each
// in its own write transaction.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name    TEXT PRIMARY KEY,
		applied TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := migrationNames()
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied) VALUES (?, ?)`,
		name, db.now().Format(time.RFC3339Nano)); err != nil {
		return err
	}
	return tx.Commit()
}

func (db *DB) now() time.Time {
	if db.Now == nil {
		return time.Now().UTC()
	}
	return db.Now().UTC()
}

// begin starts the transaction of one public method. Transactions are
// immediate (see dsn): a writer waits for another writer up to the busy
// timeout instead of failing half-way.
//
// Under a context made by Audited, the transaction first records the
// context's audit entry, so that the entry is stored if and only if the
// write is.
func (db *DB) begin(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, db.locate(mapError(err))
	}
	if e, ok := ctx.Value(auditKey{}).(model.AuditEntry); ok {
		if err := record(ctx, tx, formatTime(db.now()), e); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("audit: %w", mapError(err))
		}
	}
	return tx, nil
}

// interrupted returns err as an error of ctx's ending when ctx has ended:
// database/sql rolls back a transaction whose context ends, and what the
// transaction does after that fails with sql.ErrTxDone, or the driver's
// "interrupted", neither of which says that the user stopped it.
func interrupted(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || errors.Is(err, ctx.Err()) {
		return err
	}
	return fmt.Errorf("%w: %w", ctx.Err(), err)
}

// locate names the database file in a *model.Error that names no file.
func (db *DB) locate(err error) error {
	var e *model.Error
	if errors.As(err, &e) && e.File == "" {
		e.File = db.path
	}
	return err
}

// beginRead starts the transaction of one public method that only reads:
// a consistent snapshot that does not wait for, nor block, a writer.
func (db *DB) beginRead(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, mapError(err)
	}
	return tx, nil
}

// mapError turns driver errors the user can act on into *model.Error, by
// the driver's error code, and leaves the rest unchanged.
func mapError(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch {
	case se.ExtendedCode == sqlite3.ErrConstraintUnique, se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey:
		return &model.Error{Code: model.ECONFLICT, Message: "already stored: " + se.Error(), Err: err}
	case se.ExtendedCode == sqlite3.ErrConstraintForeignKey:
		return &model.Error{Code: model.ENOTFOUND, Message: "refers to a city that is not stored: " + se.Error(), Err: err}
	case se.ExtendedCode == sqlite3.ErrConstraintCheck, se.ExtendedCode == sqlite3.ErrConstraintNotNull:
		return &model.Error{Code: model.EINVALID, Message: "value out of range: " + se.Error(), Err: err}
	case se.Code == sqlite3.ErrBusy, se.Code == sqlite3.ErrLocked:
		return &model.Error{Code: model.ECONFLICT, Err: err, Message: fmt.Sprintf(
			"the database is being written by another c2c process (an import, a batch storing its run, or a rule change); waited %s for it: try again when it ends",
			busyTimeout)}
	case se.Code == sqlite3.ErrNotADB, se.Code == sqlite3.ErrCorrupt:
		return &model.Error{Code: model.EINVALID, Message: "not a c2c database (or a damaged one): expected a SQLite file made by c2c", Err: err}
	case se.Code == sqlite3.ErrCantOpen, se.Code == sqlite3.ErrPerm, se.Code == sqlite3.ErrReadonly:
		return &model.Error{Code: model.EINVALID, Message: "cannot open or write the database file: check the path and its permissions", Err: err}
	}
	return err
}
