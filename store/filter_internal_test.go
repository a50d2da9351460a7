package store

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
)

// TestCitiesBeyondImport: rows an import would not write (a kind left
// empty, a country with a letter that folds to ASCII only under Unicode
// rules) are still selected exactly as CityFilter.Match selects them, the
// database narrowing and Match deciding.
func TestCitiesBeyondImport(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c2c.db"))
	require.NoError(t, err)
	defer db.Close()
	_, err = db.db.ExecContext(ctx, `INSERT INTO cities (id, name, country, kind, development) VALUES
		('a', 'A', 'KR', '', 'developed'),
		('b', 'B', '`+"\u212A"+`R', 'city', 'developed'),
		('c', 'C', 'kr', 'ngo', 'developing'),
		('d', 'D', 'JP', 'city', 'developed')`)
	require.NoError(t, err)

	ids := func(f model.CityFilter) []string {
		cities, err := db.Cities(ctx, f)
		require.NoError(t, err)
		out := []string{}
		for _, c := range cities {
			out = append(out, c.ID)
		}
		return out
	}
	kr, city := "kr", model.KindCity
	assert.Equal(t, []string{"a", "b", "c"}, ids(model.CityFilter{Country: &kr}), "K and the Kelvin sign fold alike")
	assert.Equal(t, []string{"a", "b", "d"}, ids(model.CityFilter{Kind: &city}), "an empty kind is a city")
	assert.Equal(t, []string{"a", "b"}, ids(model.CityFilter{Country: &kr, Kind: &city}))
}

// TestCityCondition: for the sample, the database alone selects exactly
// the cities Match accepts, so that Cities reads no profile it drops.
func TestCityCondition(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c2c.db"))
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Import(ctx, fixtures.Reference(), ImportOptions{}, &Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	id, np, brt, dev, ngo := "id", "NP", "brt", model.Developing, model.KindNGO
	for _, f := range []model.CityFilter{
		{Country: &id}, {Country: &np, Kind: &ngo}, {Development: &dev}, {Needs: &brt}, {Offers: &brt}, {Topic: &brt},
	} {
		tx, err := db.beginRead(ctx)
		require.NoError(t, err)
		read, err := loadCities(ctx, tx, filtered(cityCondition(f)))
		require.NoError(t, tx.Rollback())
		require.NoError(t, err)
		want, err := db.Cities(ctx, f)
		require.NoError(t, err)
		assert.Equal(t, want, read)
	}
}
