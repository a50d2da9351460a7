package store_test

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustParse(t *testing.T, src string) *store.Input {
	t.Helper()
	in, err := store.ParseJSON("test.json", strings.NewReader(src))
	require.NoError(t, err)
	return in
}

// counts returns res without its per-member changes.
func counts(res store.ImportResult) store.ImportResult {
	res.Members = nil
	return res
}

func TestOpen(t *testing.T) {
	t.Run("ReopenKeepsDataAndRunsMigrationsOnce", func(t *testing.T) {
		ctx := t.Context()
		path := filepath.Join(t.TempDir(), "dir with space", "c2c.db")
		_, err := store.Open(ctx, path)
		require.Error(t, err, "the folder does not exist")
		path = filepath.Join(t.TempDir(), "with space?.db")
		db, err := store.Open(ctx, path)
		require.NoError(t, err)
		empty, err := db.IsEmpty(ctx)
		require.NoError(t, err)
		assert.True(t, empty)
		_, err = db.Import(ctx, fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
		require.NoError(t, err)
		require.NoError(t, db.Close())

		db, err = store.Open(ctx, path)
		require.NoError(t, err)
		defer db.Close()
		empty, err = db.IsEmpty(ctx)
		require.NoError(t, err)
		assert.False(t, empty)
		ids, err := db.CityIDs(ctx)
		require.NoError(t, err)
		assert.Len(t, ids, len(fixtures.Sample().Cities))
		assert.FileExists(t, path)
	})
	t.Run("ErrNotADatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.db")
		require.NoError(t, store.WriteFileAtomic(path, func(w io.Writer) error {
			_, err := w.Write([]byte(strings.Repeat("not a database\n", 100)))
			return err
		}))
		_, err := store.Open(t.Context(), path)
		require.Error(t, err)
		assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	})
}

func TestCity(t *testing.T) {
	db := seededDB(t)
	ctx := t.Context()
	t.Run("OK", func(t *testing.T) {
		c, err := db.City(ctx, "seoul")
		require.NoError(t, err)
		assert.Equal(t, "Seoul", c.Name)
		assert.Equal(t, model.KindCity, c.Kind, "normalised")
		assert.Equal(t, model.Developed, c.Development, "derived from the country")
		doc, err := db.Document(ctx)
		require.NoError(t, err)
		assert.Equal(t, doc.Cities[doc.CityIndex()["seoul"]], *c)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := db.City(ctx, "seul")
		require.Error(t, err)
		assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
		assert.Contains(t, model.ErrorMessage(err), `did you mean "seoul"`)
	})
	t.Run("ErrNotFoundEmptyStore", func(t *testing.T) {
		_, err := storetest.MustOpenDB(t).City(ctx, "seoul")
		assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
		assert.Contains(t, model.ErrorMessage(err), "holds no cities")
	})
}

func TestDocumentIsTheNormalisedInput(t *testing.T) {
	ref := fixtures.Reference()
	db := storetest.MustOpenDB(t)
	_, err := db.Import(t.Context(), ref, store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	got, err := db.Document(t.Context())
	require.NoError(t, err)
	want := fixtures.Sample()
	want.Normalize(ref)
	want.SortCities()
	assert.Equal(t, want, got)
}

func TestImportSemantics(t *testing.T) {
	ref := fixtures.Reference()
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	first := `{"format": "c2c/v1", "cities": [
		{"id": "a", "name": "A", "country": "id", "languages": ["ID"], "hosting": 0,
		 "challenges": [{"topic": "brt"}, {"text": "floods"}], "practices": [{"title": "P", "topics": ["brt", "its"]}]},
		{"id": "b", "name": "B", "country": "KR", "commitment": {}}],
		"exchanges": [{"resource": "b", "beneficiaries": ["a"], "topic": "brt", "year": 2019}],
		"rules": [{"beneficiary": "a", "resource": "b", "rule": "pin"}]}`
	res, err := db.Import(ctx, ref, store.ImportOptions{}, mustParse(t, first))
	require.NoError(t, err)
	assert.Equal(t, store.ImportResult{Added: 2, Exchanges: 1, Rules: 1}, counts(res))
	assert.Equal(t, []store.MemberChange{{City: "a", Change: store.MemberAdded}, {City: "b", Change: store.MemberAdded}}, res.Members)

	a, err := db.City(ctx, "a")
	require.NoError(t, err)
	zero := 0
	assert.Equal(t, &model.City{ID: "a", Name: "A", Country: "ID", Kind: model.KindCity, Development: model.Developing,
		Languages: []string{"id"}, Hosting: &zero,
		Challenges: []model.Challenge{{Topic: "brt", Severity: 3}, {Text: "floods", Severity: 3}},
		Practices:  []model.Practice{{Title: "P", Topics: []string{"brt", "its"}}}}, a)
	b, err := db.City(ctx, "b")
	require.NoError(t, err)
	assert.Equal(t, &model.Commitment{}, b.Commitment, "an empty commitment is kept")
	assert.Nil(t, b.Hosting)

	t.Run("ReplaceCityAsAWholeKeepsHistory", func(t *testing.T) {
		db.Now = func() time.Time { return storetest.Epoch.Add(time.Hour) }
		second := `{"format": "c2c/v1", "cities": [
			{"id": "a", "name": "A2", "country": "ID", "capacities": [{"topic": "its", "level": 5}]},
			{"id": "c", "name": "C", "country": "JP"}],
			"exchanges": [{"resource": "b", "beneficiaries": ["a"], "topic": "brt", "year": 2019},
			              {"resource": "c", "beneficiaries": ["a", "b"]}],
			"rules": [{"beneficiary": "a", "resource": "b", "rule": "pin"},
			          {"beneficiary": "c", "resource": "b", "rule": "block", "why": "same programme"}]}`
		res, err := db.Import(ctx, ref, store.ImportOptions{}, mustParse(t, second))
		require.NoError(t, err)
		assert.Equal(t, store.ImportResult{Added: 1, Replaced: 1, Exchanges: 1, Rules: 1}, counts(res))
		assert.Equal(t, []store.MemberChange{
			{City: "a", Change: store.MemberReplaced, Lost: []string{"hosting"}, Shrunk: []store.ListChange{
				{List: "languages", Before: 1, After: 0}, {List: "challenges", Before: 2, After: 0}, {List: "practices", Before: 1, After: 0}}},
			{City: "c", Change: store.MemberAdded},
		}, res.Members, "the lists that shrink and the keys lost are named")
		doc, err := db.Document(ctx)
		require.NoError(t, err)
		require.Len(t, doc.Cities, 3)
		a := doc.Cities[0]
		assert.Equal(t, "A2", a.Name)
		assert.Nil(t, a.Challenges, "replaced as a whole")
		assert.Nil(t, a.Practices)
		assert.Nil(t, a.Languages)
		assert.Equal(t, []model.Capacity{{Topic: "its", Level: 5}}, a.Capacities)
		assert.Equal(t, []model.Exchange{
			{Resource: "b", Beneficiaries: []string{"a"}, Topic: "brt", Year: 2019},
			{Resource: "c", Beneficiaries: []string{"a", "b"}},
		}, doc.Exchanges, "appended once")
		assert.Equal(t, []model.Rule{
			{Beneficiary: "a", Resource: "b", Rule: model.Pin, Created: storetest.Epoch},
			{Beneficiary: "c", Resource: "b", Rule: model.Block, Why: "same programme", Created: storetest.Epoch.Add(time.Hour)},
		}, doc.Rules, "an unchanged rule keeps its time")
	})
	t.Run("ReplaceMakesTheInputTheWholeTruth", func(t *testing.T) {
		only := `{"format": "c2c/v1", "cities": [{"id": "z", "name": "Z", "country": "FR"}]}`
		res, err := db.Import(ctx, ref, store.ImportOptions{Replace: true}, mustParse(t, only))
		require.NoError(t, err)
		assert.Equal(t, store.ImportResult{Added: 1, Removed: 3, RemovedExchanges: 2, RemovedRules: 2}, counts(res))
		assert.Equal(t, []string{"a", "b", "c"}, res.RemovedCities())
		doc, err := db.Document(ctx)
		require.NoError(t, err)
		assert.Equal(t, &model.Document{Format: model.FormatVersion, Cities: []model.City{
			{ID: "z", Name: "Z", Country: "FR", Kind: model.KindCity, Development: model.Developed}}}, doc)
	})
	t.Run("ErrReplaceCannotReferToStoredCities", func(t *testing.T) {
		doc := `{"format": "c2c/v1", "cities": [{"id": "y", "name": "Y", "country": "FR"}],
			"rules": [{"beneficiary": "y", "resource": "z", "rule": "block"}]}`
		_, err := db.Import(ctx, ref, store.ImportOptions{Replace: true}, mustParse(t, doc))
		assert.Equal(t, model.EINVALID, model.ErrorCode(err))
		assert.Contains(t, model.ErrorMessage(err), `rules[0].resource: unknown city "z"`)
		_, err = db.Import(ctx, ref, store.ImportOptions{}, mustParse(t, doc))
		assert.NoError(t, err, "without Replace the stored city may be named")
	})
	t.Run("ErrNothingToImport", func(t *testing.T) {
		_, err := db.Import(ctx, ref, store.ImportOptions{})
		assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	})
}

func TestRules(t *testing.T) {
	ctx := t.Context()
	db := seededDB(t)
	t.Run("PutReplacesByPair", func(t *testing.T) {
		db.Now = func() time.Time { return storetest.Epoch.Add(time.Minute) }
		require.NoError(t, db.PutRule(ctx, model.Rule{Beneficiary: "palembang", Resource: "seoul", Rule: model.Block, Why: "changed"}))
		require.NoError(t, db.PutRule(ctx, model.Rule{Beneficiary: "colombo", Resource: "yokohama", Rule: model.Pin}))
		rules, err := db.Rules(ctx)
		require.NoError(t, err)
		assert.Equal(t, []model.Rule{
			{Beneficiary: "colombo", Resource: "yokohama", Rule: model.Pin, Created: storetest.Epoch.Add(time.Minute)},
			{Beneficiary: "palembang", Resource: "seoul", Rule: model.Block, Why: "changed", Created: storetest.Epoch.Add(time.Minute)},
		}, rules)
	})
	t.Run("ErrPutInvalid", func(t *testing.T) {
		before, err := db.Rules(ctx)
		require.NoError(t, err)
		err = db.PutRule(ctx, model.Rule{Beneficiary: "palembangg", Resource: "seoul", Rule: "ban"})
		require.Error(t, err)
		assert.Equal(t, model.EINVALID, model.ErrorCode(err))
		msg := model.ErrorMessage(err)
		assert.Contains(t, msg, `rule.beneficiary: unknown city "palembangg": did you mean "palembang"`)
		assert.Contains(t, msg, `unknown rule "ban": expected block or pin`)
		after, err := db.Rules(ctx)
		require.NoError(t, err)
		assert.Equal(t, before, after)
	})
	t.Run("Remove", func(t *testing.T) {
		require.NoError(t, db.RemoveRule(ctx, "colombo", "yokohama"))
		err := db.RemoveRule(ctx, "colombo", "yokohama")
		assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
		rules, err := db.Rules(ctx)
		require.NoError(t, err)
		require.Len(t, rules, 1)
		assert.Equal(t, "palembang", rules[0].Beneficiary)
	})
}

func TestWriteJSONIsStable(t *testing.T) {
	doc := fixtures.Sample()
	doc.Cities[0].Country = "kr"
	doc.Cities[0].Name = "<Seoul & co>"
	var a, b strings.Builder
	require.NoError(t, store.WriteJSON(&a, doc))
	require.NoError(t, store.WriteJSON(&b, doc))
	assert.Equal(t, a.String(), b.String())
	assert.Contains(t, a.String(), `"country": "KR"`)
	assert.Contains(t, a.String(), `"name": "<Seoul & co>"`, "not HTML-escaped")
	assert.Equal(t, "kr", doc.Cities[0].Country, "the document is not changed")
	assert.True(t, strings.HasPrefix(a.String(), "{\n  \"format\": \"c2c/v1\",\n  \"cities\": [\n    {\n      \"id\": \"seoul\",\n"), a.String()[:80])

	var empty strings.Builder
	require.NoError(t, store.WriteJSON(&empty, &model.Document{}))
	assert.Equal(t, "{\n  \"format\": \"c2c/v1\",\n  \"cities\": []\n}\n", empty.String())
}
