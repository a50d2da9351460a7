package store_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// partialHanoi is Hanoi with only its name and country: importing it
// replaces the sample's profile whole.
const partialHanoi = `{"format": "c2c/v1", "cities": [{"id": "hanoi", "name": "Hanoi", "country": "VN"},
	{"id": "tiny", "name": "Tiny", "country": "TH"}],
	"rules": [{"beneficiary": "tiny", "resource": "hanoi", "rule": "block", "why": "same programme"}]}`

// TestImportDryRun checks that a dry run reports exactly what the import
// does, every member and removal included, and changes nothing.
func TestImportDryRun(t *testing.T) {
	for _, replace := range []bool{false, true} {
		t.Run(map[bool]string{false: "Merge", true: "Replace"}[replace], func(t *testing.T) {
			ctx := t.Context()
			db := seededDB(t)
			before, err := db.Document(ctx)
			require.NoError(t, err)
			dry, err := db.Import(ctx, fixtures.Reference(), store.ImportOptions{Replace: replace, DryRun: true}, mustParse(t, partialHanoi))
			require.NoError(t, err)
			after, err := db.Document(ctx)
			require.NoError(t, err)
			assert.Equal(t, before, after, "a dry run changes nothing")

			hanoi := store.MemberChange{City: "hanoi", Change: store.MemberReplaced,
				Shrunk: []store.ListChange{{List: "languages", Before: 1}, {List: "challenges", Before: 4}, {List: "capacities", Before: 1}},
				Lost:   []string{"location", "population"}}
			assert.Contains(t, dry.Members, hanoi, "hanoi: challenges 4 → 0")
			assert.Contains(t, dry.Members, store.MemberChange{City: "tiny", Change: store.MemberAdded})
			if replace {
				assert.Equal(t, store.ImportResult{Added: 1, Replaced: 1, Removed: 22, Rules: 1, RemovedExchanges: 9, RemovedRules: 1}, counts(dry))
				assert.Len(t, dry.RemovedCities(), 22)
				assert.NotContains(t, dry.RemovedCities(), "hanoi")
			} else {
				assert.Equal(t, store.ImportResult{Added: 1, Replaced: 1, Rules: 1}, counts(dry))
				assert.Empty(t, dry.RemovedCities())
			}

			real, err := db.Import(ctx, fixtures.Reference(), store.ImportOptions{Replace: replace}, mustParse(t, partialHanoi))
			require.NoError(t, err)
			assert.Equal(t, dry, real, "the dry run said what the import does")
		})
	}
}

// TestImportDryRunKeepsTheFile checks that a dry run leaves the database
// file byte for byte as it was.
func TestImportDryRunKeepsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c2c.db")
	db, err := store.Open(t.Context(), path)
	require.NoError(t, err)
	_, err = db.Import(t.Context(), fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	require.NoError(t, db.Close())
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	db, err = store.Open(t.Context(), path)
	require.NoError(t, err)
	_, err = db.Import(t.Context(), fixtures.Reference(), store.ImportOptions{Replace: true, DryRun: true}, mustParse(t, partialHanoi))
	require.NoError(t, err)
	require.NoError(t, db.Close())
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, string(before) == string(after), "the database file changed")
}

// TestImportConfirm checks that Confirm sees the plan before any write and
// that its error stops the import, changing nothing.
func TestImportConfirm(t *testing.T) {
	ctx := t.Context()
	db := seededDB(t)
	before, err := db.Document(ctx)
	require.NoError(t, err)
	stop := errors.New("no")
	var seen store.ImportResult
	_, err = db.Import(ctx, fixtures.Reference(), store.ImportOptions{Replace: true, Confirm: func(plan store.ImportResult) error {
		seen = plan
		return stop
	}}, mustParse(t, partialHanoi))
	require.ErrorIs(t, err, stop)
	assert.Equal(t, 22, seen.Removed)
	after, err := db.Document(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

// TestPinCapacity checks that a pin is refused, by PutRule as by Import,
// once its resource would have more pins than it can host, counting the
// pins already stored.
func TestPinCapacity(t *testing.T) {
	ctx := t.Context()
	db := seededDB(t) // palembang is pinned to seoul, which hosts the default 3
	ref := fixtures.Reference()
	pins := `{"format": "c2c/v1", "cities": [], "rules": [
		{"beneficiary": "hanoi", "resource": "seoul", "rule": "pin"},
		{"beneficiary": "dhaka", "resource": "seoul", "rule": "pin"},
		{"beneficiary": "colombo", "resource": "seoul", "rule": "pin"}]}`
	_, err := db.Import(ctx, ref, store.ImportOptions{}, mustParse(t, pins))
	var errs model.Errors
	require.ErrorAs(t, err, &errs)
	assert.Equal(t, []string{"test.json:4:3: city seoul: rules[2]: cannot pin colombo to seoul: seoul hosts at most 3 beneficiaries and would have 4 pins (colombo, dhaka, hanoi, palembang): expected no more pins than its hosting (raise seoul's hosting, or remove a pin with c2c rule rm)"},
		messages(errs))

	require.NoError(t, db.PutRule(ctx, model.Rule{Beneficiary: "hanoi", Resource: "seoul", Rule: model.Pin, Why: "w"}))
	require.NoError(t, db.PutRule(ctx, model.Rule{Beneficiary: "dhaka", Resource: "seoul", Rule: model.Pin, Why: "w"}))
	err = db.PutRule(ctx, model.Rule{Beneficiary: "colombo", Resource: "seoul", Rule: model.Pin, Why: "w"})
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	assert.Equal(t, "city seoul: cannot pin colombo to seoul: seoul hosts at most 3 beneficiaries and would have 4 pins (colombo, dhaka, hanoi, palembang): expected no more pins than its hosting (raise seoul's hosting, or remove a pin with c2c rule rm)", err.Error())
	require.NoError(t, db.PutRule(ctx, model.Rule{Beneficiary: "colombo", Resource: "seoul", Rule: model.Block, Why: "w"}), "a block is no pin")
	rules, err := db.Rules(ctx)
	require.NoError(t, err)
	assert.Len(t, rules, 4)
}

// TestRuleAuthorAndCreated checks that a rule's author and creation time,
// zone included, survive a JSON and a CSV round trip through the store.
func TestRuleAuthorAndCreated(t *testing.T) {
	ctx := t.Context()
	db := seededDB(t)
	bangkok := time.FixedZone("", 7*3600)
	made := time.Date(2026, time.March, 4, 17, 30, 0, 0, bangkok)
	doc := `{"format": "c2c/v1", "cities": [], "rules": [
		{"beneficiary": "hanoi", "resource": "seoul", "rule": "pin", "why": "mayors agreed", "by": "Nguyen Thi Lan", "created": "2026-03-04T17:30:00+07:00"}]}`
	_, err := db.Import(ctx, fixtures.Reference(), store.ImportOptions{}, mustParse(t, doc))
	require.NoError(t, err)
	require.NoError(t, db.PutRule(ctx, model.Rule{Beneficiary: "dhaka", Resource: "colombo", Rule: model.Block, Why: "w", By: "ana"}))
	first, err := db.Document(ctx)
	require.NoError(t, err)
	require.Len(t, first.Rules, 3)
	assert.Equal(t, model.Rule{Beneficiary: "dhaka", Resource: "colombo", Rule: model.Block, Why: "w", By: "ana", Created: db.Now().UTC()}, first.Rules[0])
	hanoi := first.Rules[1]
	assert.Equal(t, "Nguyen Thi Lan", hanoi.By)
	assert.True(t, made.Equal(hanoi.Created))
	_, offset := hanoi.Created.Zone()
	assert.Equal(t, 7*3600, offset, "the zone is kept")

	var js strings.Builder
	require.NoError(t, store.WriteJSON(&js, first))
	assert.Contains(t, js.String(), `"by": "Nguyen Thi Lan",`)
	assert.Contains(t, js.String(), `"created": "2026-03-04T17:30:00+07:00"`)
	assert.Contains(t, js.String(), `"created": "2025-01-01T00:00:00Z"`)
	dir := filepath.Join(t.TempDir(), "tables")
	require.NoError(t, store.WriteCSVDir(dir, first))
	for name, read := range map[string]func() (*store.Input, error){
		"JSON": func() (*store.Input, error) { return store.ParseJSON("export.json", strings.NewReader(js.String())) },
		"CSV":  func() (*store.Input, error) { return store.ReadPath(dir) },
	} {
		t.Run(name, func(t *testing.T) {
			other := seededDB(t)
			other.Now = func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }
			in, err := read()
			require.NoError(t, err)
			_, err = other.Import(ctx, fixtures.Reference(), store.ImportOptions{Replace: true}, in)
			require.NoError(t, err)
			again, err := other.Document(ctx)
			require.NoError(t, err)
			assert.Equal(t, first, again, "rules keep their author and time through export and import")
		})
	}
}

// TestInputDigestsIgnoreRuleProvenance checks that who made a rule and when
// change no digest: a rule made again with the same reason is the same
// input, and runs stored before rules had authors keep their digests.
func TestInputDigestsIgnoreRuleProvenance(t *testing.T) {
	doc := fixtures.Sample()
	doc.Rules = []model.Rule{{Beneficiary: "palembang", Resource: "seoul", Rule: model.Pin, Why: "agreed"}}
	total, inputs, err := store.InputDigests(doc)
	require.NoError(t, err)
	doc.Rules[0].By, doc.Rules[0].Created = "ana", time.Date(2026, 3, 4, 17, 30, 0, 0, time.UTC)
	total2, inputs2, err := store.InputDigests(doc)
	require.NoError(t, err)
	assert.Equal(t, total, total2)
	assert.Equal(t, inputs, inputs2)
	assert.Equal(t, "ana", doc.Rules[0].By, "the document itself is left alone")
	doc.Rules[0].Why = "changed"
	total3, _, err := store.InputDigests(doc)
	require.NoError(t, err)
	assert.NotEqual(t, total, total3)
}

// TestRuleAuthorMigration checks that migration 0003 brings a database
// whose rules have no author column up to date, keeping its rules.
func TestRuleAuthorMigration(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(ctx, path)
	require.NoError(t, err)
	_, err = db.Import(ctx, fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	require.NoError(t, db.PutRule(ctx, model.Rule{Beneficiary: "palembang", Resource: "seoul", Rule: model.Pin, Why: "agreed", By: "ana"}))
	require.NoError(t, db.Close())

	raw, err := sql.Open("sqlite3", path) // as a database of before the migration
	require.NoError(t, err)
	_, err = raw.ExecContext(ctx, `ALTER TABLE rules DROP COLUMN author`)
	require.NoError(t, err)
	_, err = raw.ExecContext(ctx, `DELETE FROM migrations WHERE name LIKE '%0003_rule_author.sql'`)
	require.NoError(t, err)
	require.NoError(t, raw.Close())

	db, err = store.Open(ctx, path)
	require.NoError(t, err)
	defer db.Close()
	rules, err := db.Rules(ctx)
	require.NoError(t, err)
	require.Len(t, rules, 1)
	assert.Equal(t, "", rules[0].By, "rules stored before have no recorded author")
	assert.Equal(t, "agreed", rules[0].Why)
}
