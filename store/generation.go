package store

import (
	"context"
	"fmt"
)

// Generation returns the generation of the network: a number that grows
// with every committed change to the members, the exchange history or the
// rules (not to runs, accounts or the audit log), and stays the same
// otherwise. Whatever a reader builds from DB.Document is current while
// the generation it read with it is; one cheap query tells.
func (db *DB) Generation(ctx context.Context) (int64, error) {
	var n int64
	if err := db.rdb.QueryRowContext(ctx, `SELECT n FROM generation WHERE one = 1`).Scan(&n); err != nil {
		return 0, fmt.Errorf("generation: %w", mapError(err))
	}
	return n, nil
}
