// Package database finds and opens the database of c2c's command line: its
// default location, and on first use the creation of the file, its folder
// and, unless asked for an empty one, the loading of the embedded sample
// network, so that the program works with no setup.
package database

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// DefaultPath returns where the database lives when neither --db nor
// $C2C_DB says: $XDG_DATA_HOME/c2c/c2c.db, else ~/.local/share/c2c/c2c.db.
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "c2c", "c2c.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", &model.Error{Code: model.EINVALID, Message: "cannot find the default database location (set --db, $C2C_DB or $HOME)", Err: err}
	}
	return filepath.Join(home, ".local", "share", "c2c", "c2c.db"), nil
}

// Open opens the database at path, DefaultPath when path is "". A
// database that does not exist yet is created with its folder, migrated
// and, unless empty, loaded with the embedded sample (checked against
// ref); created then says what was created, for the user, and is "" when
// the database existed. A database whose sample could not be loaded is
// removed again.
func Open(ctx context.Context, path string, ref model.Reference, empty bool) (db *store.DB, created string, err error) {
	if path == "" {
		if path, err = DefaultPath(); err != nil {
			return nil, "", err
		}
	}
	_, err = os.Stat(path)
	isNew := errors.Is(err, fs.ErrNotExist)
	if isNew {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, "", &model.Error{Code: model.EINVALID, File: path, Err: err,
				Message: fmt.Sprintf("cannot create the database folder: %v: expected a path where a database can be written (--db PATH or $C2C_DB)", err)}
		}
	}
	db, err = store.Open(ctx, path) // its errors name the path
	if err != nil {
		return nil, "", err
	}
	if !isNew {
		return db, "", nil
	}
	created, err = seed(ctx, db, path, ref, empty)
	if err != nil {
		_ = db.Close()
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			_ = os.Remove(path + suffix)
		}
		return nil, "", err
	}
	return db, created, nil
}

// seed loads the embedded sample into the newly created database db at
// path, unless empty, and says what it did.
func seed(ctx context.Context, db *store.DB, path string, ref model.Reference, empty bool) (string, error) {
	if empty {
		return fmt.Sprintf("created %s (empty)", path), nil
	}
	res, err := db.Import(ctx, ref, store.ImportOptions{Replace: true}, &store.Input{File: "embedded " + fixtures.SampleFile, Doc: fixtures.Sample()})
	if err != nil {
		return "", fmt.Errorf("load the embedded sample: %w", err)
	}
	return fmt.Sprintf("created %s and loaded the embedded sample: %s, %s (--empty skips this; import --replace replaces it)",
		path, render.Plural(res.Added, "member"), render.Plural(res.Exchanges, "exchange")), nil
}
