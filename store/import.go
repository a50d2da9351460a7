package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/c2cnet/c2c/model"
)

// ImportOptions changes how Import treats what is already stored.
type ImportOptions struct {
	// Replace makes the inputs the whole truth: every stored city,
	// exchange and rule is removed first. Importing into an empty store
	// amounts to the same.
	Replace bool
	// DryRun works the import out in full, every check included, and
	// changes nothing: the transaction is rolled back and the result says
	// what the import would have done.
	DryRun bool
	// Confirm, when set, is called inside the import's transaction with
	// what the import is about to do (Members, the removals) before
	// anything is written; an error from it stops the import, changing
	// nothing, and is returned as it is. It holds the write lock, so it
	// should decide at once rather than wait for a person.
	Confirm func(plan ImportResult) error
	// Expect makes the import a versioned write: for every city id it
	// holds, the stored profile must still have that Version, checked in
	// the import's transaction before anything is written, else the import
	// changes nothing and returns ECONFLICT naming the city (ENOTFOUND when
	// it is no longer stored). An edit made on a stale copy of a profile is
	// refused, not written over the newer one.
	Expect map[string]string
}

// ImportAsking imports inputs as Import does, but asks before it removes
// members: when the import would remove some, it changes nothing and calls
// ask with what it would do, outside any transaction, so that a person may
// take their time to answer. An error from ask is returned as it is; on nil
// the import is run again, and refused with ECONFLICT, changing nothing,
// when it would now remove other members than ask was shown. With ask nil,
// or with opts.DryRun, it is Import; otherwise opts.Confirm is replaced.
func (db *DB) ImportAsking(ctx context.Context, ref model.Reference, opts ImportOptions, ask func(plan ImportResult) error, inputs ...*Input) (ImportResult, error) {
	if ask == nil || opts.DryRun {
		return db.Import(ctx, ref, opts, inputs...)
	}
	var pending *ImportResult
	opts.Confirm = func(plan ImportResult) error {
		if plan.Removed > 0 {
			pending = &plan
			return errRemovalPending
		}
		return nil
	}
	res, err := db.Import(ctx, ref, opts, inputs...)
	if pending == nil || !errors.Is(err, errRemovalPending) {
		return res, err
	}
	if err := ask(*pending); err != nil {
		return *pending, err
	}
	confirmed := pending.RemovedCities()
	opts.Confirm = func(plan ImportResult) error {
		if !slices.Equal(plan.RemovedCities(), confirmed) {
			return &model.Error{Code: model.ECONFLICT,
				Message: "the database changed while you answered: nothing was changed; expected the same members to remove (run the import again)"}
		}
		return nil
	}
	return db.Import(ctx, ref, opts, inputs...)
}

// errRemovalPending stops the first import of ImportAsking, which would
// remove members, until they are agreed to.
var errRemovalPending = errors.New("the import would remove members: expected a confirmation")

// ImportResult counts what an import changed (or, with DryRun, would have
// changed), and says what it does to each member.
type ImportResult struct {
	Added            int            // cities that were not stored before
	Replaced         int            // stored cities replaced as a whole
	Removed          int            // stored cities removed because the inputs leave them out (Replace only)
	Exchanges        int            // exchanges appended; one identical to a stored exchange is not
	Rules            int            // rules inserted or changed
	RemovedExchanges int            // stored exchanges the inputs leave out (Replace only)
	RemovedRules     int            // stored rules the inputs leave out (Replace only)
	Members          []MemberChange // every member added, replaced or removed, sorted by city id
	PinWarnings      []string       // resources left with more pins than their hosting (by an import that lowers it), in words
}

// RemovedCities returns the ids of the members the import removes, sorted.
func (r ImportResult) RemovedCities() []string {
	var ids []string
	for _, m := range r.Members {
		if m.Change == MemberRemoved {
			ids = append(ids, m.City)
		}
	}
	return ids
}

// The changes an import makes to one member.
const (
	MemberAdded    = "added"
	MemberReplaced = "replaced"
	MemberRemoved  = "removed"
)

// MemberChange is what an import does to one member.
type MemberChange struct {
	City   string       // city id
	Change string       // MemberAdded, MemberReplaced or MemberRemoved
	Shrunk []ListChange // for a replaced member, the lists that get shorter, in profile order
	Lost   []string     // for a replaced member, the keys it had and the input leaves out: location, population, hosting, commitment
}

// ListChange is a list of a profile that an import shortens.
type ListChange struct {
	List   string // languages, challenges, capacities or practices
	Before int    // entries stored
	After  int    // entries in the input
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
// name cities already stored (unless opts.Replace), a city id may appear in
// only one input and a pair in only one rule. A pin is refused when its
// resource would have more pins than its hosting capacity once the import
// is done. Any error, those found while reading the inputs included, leaves
// the store unchanged, and all of them are returned as model.Errors, located
// in their sources. Import normalises the documents of inputs in place.
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
	if err := expectVersions(ctx, tx, opts.Expect); err != nil {
		return res, err
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
	if res, err = plan(ctx, tx, stored, opts.Replace, inputs); err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	if opts.Confirm != nil {
		if err := opts.Confirm(res); err != nil {
			return res, err
		}
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
	if res.PinWarnings, err = checkPins(ctx, tx, inputs); err != nil {
		return res, err
	}
	if err := cancelled.Err(); err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	if importHook != nil {
		importHook()
	}
	if opts.DryRun {
		return res, nil // the deferred Rollback undoes every write
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{}, fmt.Errorf("import: commit: %w", mapError(err))
	}
	return res, nil
}

// Version is the version of a stored profile c, as City and Document
// return it: a digest of the whole profile, which changes whenever any of
// its values does. ImportOptions.Expect compares it.
func Version(c *model.City) string {
	b, err := json.Marshal(c)
	if err != nil {
		panic("store: a city does not marshal: " + err.Error()) // model.City is plain data
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// expectVersions checks, in tx, that every city of expect is stored with
// the version expect gives it.
func expectVersions(ctx context.Context, tx *sql.Tx, expect map[string]string) error {
	for _, id := range slices.Sorted(maps.Keys(expect)) {
		cities, err := loadCities(ctx, tx, oneCity(id))
		if err != nil {
			return fmt.Errorf("import: version of %s: %w", id, err)
		}
		if len(cities) == 0 {
			return &model.Error{Code: model.ENOTFOUND, City: id, Key: "version",
				Message: fmt.Sprintf("city %q was removed since this edit began: nothing was saved", id)}
		}
		if v := Version(&cities[0]); v != expect[id] {
			return &model.Error{Code: model.ECONFLICT, City: id, Key: "version",
				Message: fmt.Sprintf("the profile of %s was changed by someone else since this edit began (version %s, now %s): nothing was saved; reload the profile and make the change again", id, expect[id], v)}
		}
	}
	return nil
}

// storedProfile is what plan compares an input city with: the lengths of
// the stored lists and which optional keys are set.
type storedProfile struct {
	lists [4]int // languages, challenges, capacities, practices
	has   [4]bool
}

// planLists and planKeys name the fields of storedProfile, in profile order.
var (
	planLists = [4]string{"languages", "challenges", "capacities", "practices"}
	planKeys  = [4]string{"location", "population", "hosting", "commitment"}
)

// plan works out what importing inputs does to every member, and with
// replace what it removes, from what tx holds before any write.
func plan(ctx context.Context, tx *sql.Tx, stored map[string]bool, replace bool, inputs []*Input) (ImportResult, error) {
	var res ImportResult
	profiles := make(map[string]storedProfile, len(stored))
	err := queryEach(ctx, tx, `SELECT c.id,
		(SELECT COUNT(*) FROM city_languages WHERE city = c.id), (SELECT COUNT(*) FROM challenges WHERE city = c.id),
		(SELECT COUNT(*) FROM capacities WHERE city = c.id), (SELECT COUNT(*) FROM practices WHERE city = c.id),
		c.lat IS NOT NULL, c.population > 0, c.hosting IS NOT NULL,
		(c.political IS NOT NULL OR c.community IS NOT NULL OR c.cost_sharing IS NOT NULL)
		FROM cities c`, nil, func(rows *sql.Rows) error {
		var id string
		var p storedProfile
		if err := rows.Scan(&id, &p.lists[0], &p.lists[1], &p.lists[2], &p.lists[3], &p.has[0], &p.has[1], &p.has[2], &p.has[3]); err != nil {
			return err
		}
		profiles[id] = p
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("plan: %w", err)
	}
	inInputs := make(map[string]bool)
	for _, in := range inputs {
		for i := range in.Doc.Cities {
			c := &in.Doc.Cities[i]
			inInputs[c.ID] = true
			if !stored[c.ID] {
				res.Added++
				res.Members = append(res.Members, MemberChange{City: c.ID, Change: MemberAdded})
				continue
			}
			res.Replaced++
			p := profiles[c.ID]
			m := MemberChange{City: c.ID, Change: MemberReplaced}
			after := [4]int{len(c.Languages), len(c.Challenges), len(c.Capacities), len(c.Practices)}
			has := [4]bool{c.Location != nil, c.Population > 0, c.Hosting != nil, c.Commitment != nil}
			for k := range planLists {
				if after[k] < p.lists[k] {
					m.Shrunk = append(m.Shrunk, ListChange{List: planLists[k], Before: p.lists[k], After: after[k]})
				}
				if p.has[k] && !has[k] {
					m.Lost = append(m.Lost, planKeys[k])
				}
			}
			res.Members = append(res.Members, m)
		}
	}
	if replace {
		for id := range stored {
			if !inInputs[id] {
				res.Removed++
				res.Members = append(res.Members, MemberChange{City: id, Change: MemberRemoved})
			}
		}
		if res.RemovedExchanges, res.RemovedRules, err = replacedHistory(ctx, tx, inputs); err != nil {
			return res, fmt.Errorf("plan: %w", err)
		}
	}
	slices.SortFunc(res.Members, func(a, b MemberChange) int { return cmp.Compare(a.City, b.City) })
	return res, nil
}

// replacedHistory counts the stored exchanges and rules that inputs leave
// out, which an import with Replace removes.
func replacedHistory(ctx context.Context, tx *sql.Tx, inputs []*Input) (exchanges, rules int, err error) {
	idents := make(map[string]bool)
	pairs := make(map[[2]string]bool)
	for _, in := range inputs {
		for i := range in.Doc.Exchanges {
			ident, err := json.Marshal(&in.Doc.Exchanges[i])
			if err != nil {
				return 0, 0, err
			}
			idents[string(ident)] = true
		}
		for _, r := range in.Doc.Rules {
			pairs[[2]string{r.Beneficiary, r.Resource}] = true
		}
	}
	err = queryEach(ctx, tx, `SELECT ident FROM exchanges`, nil, func(rows *sql.Rows) error {
		var ident string
		if err := rows.Scan(&ident); err != nil {
			return err
		}
		if !idents[ident] {
			exchanges++
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	err = queryEach(ctx, tx, `SELECT beneficiary, resource FROM rules`, nil, func(rows *sql.Rows) error {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return err
		}
		if !pairs[p] {
			rules++
		}
		return nil
	})
	return exchanges, rules, err
}

// checkPins refuses the pins of inputs whose resource, with everything
// written in tx, has more pins than its hosting capacity: one error per
// such resource, located at the last pin of the inputs on it. Resources
// over their capacity that no pin of the inputs names (their hosting was
// lowered) are not refused: they are returned, by resource id, as warnings.
func checkPins(ctx context.Context, tx *sql.Tx, inputs []*Input) ([]string, error) {
	over, err := overbooked(ctx, tx)
	if err != nil || len(over) == 0 {
		return nil, err
	}
	type at struct{ input, rule int }
	last := make(map[string]at)
	var resources []string
	for i, in := range inputs {
		for j, r := range in.Doc.Rules {
			if r.Rule != model.Pin || over[r.Resource] == nil {
				continue
			}
			if _, seen := last[r.Resource]; !seen {
				resources = append(resources, r.Resource)
			}
			last[r.Resource] = at{i, j}
		}
	}
	var all model.Errors
	for _, res := range resources {
		a := last[res]
		in := inputs[a.input]
		e := &model.Error{Code: model.EINVALID, City: res, Key: fmt.Sprintf("rules[%d]", a.rule), Message: over[res].message(in.Doc.Rules[a.rule].Beneficiary)}
		in.locateErrors(model.Errors{e})
		all = append(all, e)
	}
	if len(all) > 0 {
		return nil, all
	}
	var warnings []string
	for _, l := range over {
		warnings = append(warnings, l.String())
	}
	slices.Sort(warnings)
	return warnings, nil
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
		{&w.rule, `INSERT INTO rules (beneficiary, resource, rule, why, author, created) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (beneficiary, resource) DO UPDATE
			SET rule = excluded.rule, why = excluded.why, author = excluded.author, created = excluded.created
			WHERE rule <> excluded.rule OR why <> excluded.why OR author <> excluded.author
				OR (? AND created <> excluded.created)`},
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
// whether anything changed. A rule with no Created time is stamped now; an
// identical rule with none keeps the time it was stored at, and one with
// its own keeps that, zone included.
func (w *importWriter) putRule(ctx context.Context, r model.Rule, now string) (bool, error) {
	created, explicit := now, !r.Created.IsZero()
	if explicit {
		created = r.Created.Format(time.RFC3339Nano)
	}
	res, err := w.rule.ExecContext(ctx, r.Beneficiary, r.Resource, string(r.Rule), r.Why, r.By, created, explicit)
	if err != nil {
		return false, mapError(err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
