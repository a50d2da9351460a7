package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/c2cnet/c2c/model"
)

// ImportOptions changes how Import treats what is already stored.
type ImportOptions struct {
	// Replace makes the inputs the whole truth: every stored city,
	// exchange and rule is removed first. Importing into an empty store
	// amounts to the same.
	Replace bool
}

// ImportResult counts what an import changed.
type ImportResult struct {
	Added     int // cities that were not stored before
	Replaced  int // stored cities replaced as a whole
	Exchanges int // exchanges appended; one identical to a stored exchange is not
	Rules     int // rules inserted or changed
}

// importHook, when set (by tests), runs inside the import transaction after
// every write and before the commit.
var importHook func()

// Import stores the documents of inputs as one, in one transaction: all of
// them or nothing. It adds new cities and replaces stored cities with the
// same id as a whole (their exchanges and rules stay), appends exchanges not
// stored yet and inserts or replaces rules by beneficiary and resource.
//
// The documents are validated against ref, their exchanges and rules may
// name cities already stored (unless opts.Replace), and a city id may appear
// in only one input. Any error, those found while reading the inputs
// included, leaves the store unchanged, and all of them are returned as
// model.Errors, located in their sources. Import normalises the documents of
// inputs in place.
func (db *DB) Import(ctx context.Context, ref model.Reference, opts ImportOptions, inputs ...*Input) (ImportResult, error) {
	var res ImportResult
	if len(inputs) == 0 {
		return res, model.Errorf(model.EINVALID, "nothing to import: expected one or more documents")
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer tx.Rollback()
	stored, err := cityIDSet(ctx, tx)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	known := stored
	if opts.Replace {
		known = nil
	}
	if err := check(ref, known, inputs); err != nil {
		return res, err
	}
	for _, in := range inputs {
		in.Doc.Normalize(ref)
	}
	if opts.Replace {
		for _, table := range []string{"exchanges", "rules", "cities"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
				return res, fmt.Errorf("import: clear %s: %w", table, mapError(err))
			}
		}
	}
	w, err := newImportWriter(ctx, tx)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer w.close()
	now := formatTime(db.now())
	// The driver watches a cancellable context with a goroutine per
	// statement; the writes use one it need not watch, and the loops
	// check for cancellation themselves.
	cancelled := ctx
	ctx = context.WithoutCancel(ctx)
	for _, in := range inputs {
		for i := range in.Doc.Cities {
			if i%256 == 0 && cancelled.Err() != nil {
				return res, fmt.Errorf("import: %w", cancelled.Err())
			}
			c := &in.Doc.Cities[i]
			if stored[c.ID] {
				res.Replaced++
			} else {
				res.Added++
			}
			if err := w.putCity(ctx, c, stored[c.ID] && !opts.Replace); err != nil {
				return res, fmt.Errorf("import %s: city %s: %w", in.File, c.ID, err)
			}
		}
	}
	for _, in := range inputs {
		for i := range in.Doc.Exchanges {
			added, err := w.putExchange(ctx, &in.Doc.Exchanges[i])
			if err != nil {
				return res, fmt.Errorf("import %s: exchanges[%d]: %w", in.File, i, err)
			}
			if added {
				res.Exchanges++
			}
		}
		for i, r := range in.Doc.Rules {
			changed, err := w.putRule(ctx, r, now)
			if err != nil {
				return res, fmt.Errorf("import %s: rules[%d]: %w", in.File, i, err)
			}
			if changed {
				res.Rules++
			}
		}
	}
	if err := cancelled.Err(); err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	if importHook != nil {
		importHook()
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{}, fmt.Errorf("import: commit: %w", mapError(err))
	}
	return res, nil
}

// importWriter holds the prepared statements of one import.
type importWriter struct {
	city, language, challenge, capacity, practice, practiceTopic *sql.Stmt
	clear                                                        []*sql.Stmt
	exchange, beneficiary, rule                                  *sql.Stmt
	all                                                          []*sql.Stmt
}

func newImportWriter(ctx context.Context, tx *sql.Tx) (*importWriter, error) {
	w := &importWriter{}
	prepare := func(dst **sql.Stmt, query string) error {
		st, err := tx.PrepareContext(ctx, query)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", query, mapError(err))
		}
		w.all = append(w.all, st)
		*dst = st
		return nil
	}
	stmts := []struct {
		dst   **sql.Stmt
		query string
	}{
		{&w.city, `INSERT INTO cities (id, name, country, kind, development, population, lat, lon,
			hosting, political, community, cost_sharing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, country = excluded.country,
			kind = excluded.kind, development = excluded.development, population = excluded.population,
			lat = excluded.lat, lon = excluded.lon, hosting = excluded.hosting,
			political = excluded.political, community = excluded.community,
			cost_sharing = excluded.cost_sharing`},
		{&w.language, `INSERT INTO city_languages (city, seq, language) VALUES (?, ?, ?)`},
		{&w.challenge, `INSERT INTO challenges (city, seq, topic, text, severity) VALUES (?, ?, ?, ?, ?)`},
		{&w.capacity, `INSERT INTO capacities (city, seq, topic, text, level) VALUES (?, ?, ?, ?, ?)`},
		{&w.practice, `INSERT INTO practices (city, seq, title, text, since, cost, outcomes) VALUES (?, ?, ?, ?, ?, ?, ?)`},
		{&w.practiceTopic, `INSERT INTO practice_topics (city, practice, seq, topic) VALUES (?, ?, ?, ?)`},
		{&w.exchange, `INSERT INTO exchanges (ident, resource, topic, year, stage, outcome) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (ident) DO NOTHING`},
		{&w.beneficiary, `INSERT INTO exchange_beneficiaries (exchange, seq, beneficiary) VALUES (?, ?, ?)`},
		{&w.rule, `INSERT INTO rules (beneficiary, resource, rule, why, created) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (beneficiary, resource) DO UPDATE
			SET rule = excluded.rule, why = excluded.why, created = excluded.created
			WHERE rule <> excluded.rule OR why <> excluded.why`},
	}
	for _, s := range stmts {
		if err := prepare(s.dst, s.query); err != nil {
			w.close()
			return nil, err
		}
	}
	for _, table := range []string{"city_languages", "challenges", "capacities", "practices"} {
		var st *sql.Stmt
		if err := prepare(&st, `DELETE FROM `+table+` WHERE city = ?`); err != nil {
			w.close()
			return nil, err
		}
		w.clear = append(w.clear, st)
	}
	return w, nil
}

func (w *importWriter) close() {
	for _, st := range w.all {
		st.Close()
	}
}

// putCity inserts c, or replaces the stored city with its id and, when
// replace, every entry of its lists.
func (w *importWriter) putCity(ctx context.Context, c *model.City, replace bool) error {
	var lat, lon, hosting, political, community, costSharing any
	if c.Location != nil {
		lat, lon = c.Location.Lat, c.Location.Lon
	}
	if c.Hosting != nil {
		hosting = *c.Hosting
	}
	if cm := c.Commitment; cm != nil {
		political, community, costSharing = cm.Political, cm.Community, cm.CostSharing
	}
	if _, err := w.city.ExecContext(ctx, c.ID, c.Name, c.Country, string(c.Kind), string(c.Development),
		c.Population, lat, lon, hosting, political, community, costSharing); err != nil {
		return mapError(err)
	}
	if replace {
		for _, st := range w.clear {
			if _, err := st.ExecContext(ctx, c.ID); err != nil {
				return mapError(err)
			}
		}
	}
	for i, l := range c.Languages {
		if _, err := w.language.ExecContext(ctx, c.ID, i, l); err != nil {
			return fmt.Errorf("languages[%d]: %w", i, mapError(err))
		}
	}
	for i, ch := range c.Challenges {
		if _, err := w.challenge.ExecContext(ctx, c.ID, i, ch.Topic, ch.Text, ch.Severity); err != nil {
			return fmt.Errorf("challenges[%d]: %w", i, mapError(err))
		}
	}
	for i, ca := range c.Capacities {
		if _, err := w.capacity.ExecContext(ctx, c.ID, i, ca.Topic, ca.Text, ca.Level); err != nil {
			return fmt.Errorf("capacities[%d]: %w", i, mapError(err))
		}
	}
	for i, p := range c.Practices {
		if _, err := w.practice.ExecContext(ctx, c.ID, i, p.Title, p.Text, p.Since, string(p.Cost), p.Outcomes); err != nil {
			return fmt.Errorf("practices[%d]: %w", i, mapError(err))
		}
		for j, t := range p.Topics {
			if _, err := w.practiceTopic.ExecContext(ctx, c.ID, i, j, t); err != nil {
				return fmt.Errorf("practices[%d].topics[%d]: %w", i, j, mapError(err))
			}
		}
	}
	return nil
}

// putExchange appends e unless an identical exchange is stored, and
// reports whether it did.
func (w *importWriter) putExchange(ctx context.Context, e *model.Exchange) (bool, error) {
	ident, err := json.Marshal(e)
	if err != nil {
		return false, err
	}
	res, err := w.exchange.ExecContext(ctx, string(ident), e.Resource, e.Topic, e.Year, string(e.Stage), e.Outcome)
	if err != nil {
		return false, mapError(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return false, err
	}
	for i, b := range e.Beneficiaries {
		if _, err := w.beneficiary.ExecContext(ctx, seq, i, b); err != nil {
			return false, fmt.Errorf("beneficiaries[%d]: %w", i, mapError(err))
		}
	}
	return true, nil
}

// putRule inserts r or replaces the stored rule for its pair, and reports
// whether anything changed; an identical rule keeps its Created time.
func (w *importWriter) putRule(ctx context.Context, r model.Rule, now string) (bool, error) {
	res, err := w.rule.ExecContext(ctx, r.Beneficiary, r.Resource, string(r.Rule), r.Why, now)
	if err != nil {
		return false, mapError(err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
