package store_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// TestCityDocument: one city's document is exactly what the whole
// network's document says about that city: its profile, the exchanges it
// took part in and the rules on its pairs, in the same order.
func TestCityDocument(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	_, err := db.Import(ctx, fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	for _, r := range []model.Rule{
		{Beneficiary: "palembang", Resource: "seoul", Rule: model.Pin, Why: "agreed", By: "t"},
		{Beneficiary: "dhaka", Resource: "palembang", Rule: model.Block, Why: "no", By: "t"},
		{Beneficiary: "hanoi", Resource: "yokohama", Rule: model.Block, Why: "no", By: "t"},
	} {
		require.NoError(t, db.PutRule(ctx, r))
	}
	all, err := db.Document(ctx)
	require.NoError(t, err)
	withHistory := 0
	for _, c := range all.Cities {
		got, err := db.CityDocument(ctx, c.ID)
		require.NoError(t, err)
		want := &model.Document{Format: model.FormatVersion, Cities: []model.City{c}}
		for _, x := range all.Exchanges {
			if x.Resource == c.ID || slices.Contains(x.Beneficiaries, c.ID) {
				want.Exchanges = append(want.Exchanges, x)
			}
		}
		for _, r := range all.Rules {
			if r.Beneficiary == c.ID || r.Resource == c.ID {
				want.Rules = append(want.Rules, r)
			}
		}
		assert.Equal(t, want, got, c.ID)
		if len(want.Exchanges) > 0 {
			withHistory++
		}
	}
	assert.Greater(t, withHistory, 3, "the sample has history to filter")

	_, err = db.CityDocument(ctx, "palembamg")
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
	assert.ErrorContains(t, err, `did you mean "palembang"?`)
}
