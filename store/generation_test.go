package store_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// TestGeneration: the generation grows with every committed change to the
// network, and with nothing else: not with reads, refused or dry-run
// imports, runs or accounts.
func TestGeneration(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	gen := func() int64 {
		t.Helper()
		n, err := db.Generation(ctx)
		require.NoError(t, err)
		return n
	}
	changed := func(what string, before int64) int64 {
		t.Helper()
		after := gen()
		assert.Greater(t, after, before, "%s changes the generation", what)
		return after
	}
	same := func(what string, before int64) {
		t.Helper()
		assert.Equal(t, before, gen(), "%s leaves the generation", what)
	}
	g := gen()

	doc := fixtures.Sample()
	in := &store.Input{File: "sample.json", Doc: doc}
	_, err := db.Import(ctx, fixtures.Reference(), store.ImportOptions{DryRun: true}, in)
	require.NoError(t, err)
	same("a dry run", g)
	_, err = db.Import(ctx, fixtures.Reference(), store.ImportOptions{}, in)
	require.NoError(t, err)
	g = changed("an import", g)

	_, err = db.Document(ctx)
	require.NoError(t, err)
	same("reading the network", g)

	bad := *doc
	bad.Cities = append([]model.City{{ID: "x", Name: "", Country: "ZZ"}}, doc.Cities...)
	_, err = db.Import(ctx, fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "bad.json", Doc: &bad})
	require.Error(t, err)
	same("a refused import", g)

	require.NoError(t, db.PutRule(ctx, model.Rule{Beneficiary: "palembang", Resource: "seoul", Rule: model.Pin, Why: "agreed", By: "t"}))
	g = changed("a pin", g)
	require.NoError(t, db.RemoveRule(ctx, "palembang", "seoul"))
	g = changed("removing it", g)

	r := startRun(t, db)
	require.NoError(t, db.FinishRun(ctx, r, sampleResults()))
	same("a run", g)

	one := &model.Document{Format: model.FormatVersion, Cities: []model.City{doc.Cities[0]}}
	one.Cities[0].Name += " (renamed)"
	_, err = db.Import(ctx, fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "one.json", Doc: one})
	require.NoError(t, err)
	changed("replacing one member", g)
}
