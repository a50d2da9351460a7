package store_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// matching is the reference answer of Cities: the cities of the whole
// network's document that f.Match accepts, in its order.
func matching(all []model.City, f model.CityFilter) []model.City {
	out := []model.City{}
	for i := range all {
		if f.Match(&all[i]) {
			out = append(out, all[i])
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// TestCities: the stored cities that pass a filter are exactly the cities
// of the whole network's document that CityFilter.Match accepts, whole
// profiles in id order.
func TestCities(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	_, err := db.Import(ctx, fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	all, err := db.Document(ctx)
	require.NoError(t, err)

	for _, tc := range []struct {
		name   string
		filter model.CityFilter
		min    int // the sample has at least this many
	}{
		{"none", model.CityFilter{}, 23},
		{"country", model.CityFilter{Country: ptr("ID")}, 3},
		{"country any case", model.CityFilter{Country: ptr("lk")}, 4},
		{"country of no member", model.CityFilter{Country: ptr("FR")}, 0},
		{"development", model.CityFilter{Development: ptr(model.Developing)}, 1},
		{"development least", model.CityFilter{Development: ptr(model.LeastDeveloped)}, 1},
		{"development developed", model.CityFilter{Development: ptr(model.Developed)}, 1},
		{"kind city", model.CityFilter{Kind: ptr(model.KindCity)}, 19},
		{"kind ngo", model.CityFilter{Kind: ptr(model.Kind("ngo"))}, 3},
		{"kind association", model.CityFilter{Kind: ptr(model.Kind("association"))}, 1},
		{"needs", model.CityFilter{Needs: ptr("traffic-management")}, 5},
		{"needs nobody's", model.CityFilter{Needs: ptr("heritage-conservation")}, 0},
		{"offers by capacity", model.CityFilter{Offers: ptr("heritage-conservation")}, 5},
		{"offers by practice", model.CityFilter{Offers: ptr("its")}, 1},
		{"topic", model.CityFilter{Topic: ptr("waste-collection")}, 4},
		{"topic needed or offered", model.CityFilter{Topic: ptr("traffic-management")}, 5},
		{"country and kind", model.CityFilter{Country: ptr("np"), Kind: ptr(model.KindCity)}, 1},
		{"country and needs", model.CityFilter{Country: ptr("ID"), Needs: ptr("urban-flooding")}, 0},
		{"development and offers", model.CityFilter{Development: ptr(model.Developing), Offers: ptr("waste-reduction-3r")}, 1},
		{"every field", model.CityFilter{Country: ptr("KR"), Development: ptr(model.Developed), Kind: ptr(model.KindCity),
			Topic: ptr("brt"), Needs: ptr("traffic-management"), Offers: ptr("brt")}, 0},
		{"unknown values", model.CityFilter{Country: ptr("ZZ"), Development: ptr(model.Development("rich")), Kind: ptr(model.Kind("club"))}, 0},
		{"non-ASCII country", model.CityFilter{Country: ptr("\u212Ar")}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := db.Cities(ctx, tc.filter)
			require.NoError(t, err)
			want := matching(all.Cities, tc.filter)
			assert.Equal(t, want, got)
			assert.GreaterOrEqual(t, len(got), tc.min)
			assert.NotNil(t, got, "an empty list, not null, as Document gives")
		})
	}
}

// TestCitiesSynth is a property test over synthetic networks: for random
// filters drawn from the values the network holds (and some it does not),
// Cities answers what CityFilter.Match over the whole network does.
func TestCitiesSynth(t *testing.T) {
	ref := fixtures.Reference()
	seeds := []uint64{1, 2, 3}
	if testing.Short() {
		seeds = seeds[:1]
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			db := storetest.MustOpenDB(t)
			doc := synth.Generate(synth.Options{Cities: 400, Seed: seed}, ref)
			_, err := db.Import(ctx, ref, store.ImportOptions{}, &store.Input{File: "synth", Doc: doc})
			require.NoError(t, err)
			all, err := db.Document(ctx)
			require.NoError(t, err)

			countries, topics := []string{"ZZ"}, []string{"no-such-topic"}
			for _, c := range all.Cities {
				countries = append(countries, c.Country)
				for _, ch := range c.Challenges {
					topics = append(topics, ch.Topic)
				}
				for _, ca := range c.Capacities {
					topics = append(topics, ca.Topic)
				}
				for _, p := range c.Practices {
					topics = append(topics, p.Topics...)
				}
			}
			slices.Sort(countries)
			countries = slices.Compact(countries)
			slices.Sort(topics)
			topics = slices.Compact(topics)
			developments := append(slices.Clone(model.Developments), "rich")
			kinds := append(slices.Clone(model.Kinds), "club")

			rng := rand.New(rand.NewPCG(seed, 42))
			// maybe returns one of vals, half the time, else nil.
			maybe := func(vals []string) *string {
				if rng.IntN(2) == 0 {
					return nil
				}
				v := vals[rng.IntN(len(vals))]
				if rng.IntN(3) == 0 {
					v = swapCase(v)
				}
				return &v
			}
			nonEmpty := 0
			for i := range 150 {
				var f model.CityFilter
				f.Country = maybe(countries)
				if rng.IntN(3) == 0 {
					f.Development = ptr(developments[rng.IntN(len(developments))])
				}
				if rng.IntN(3) == 0 {
					f.Kind = ptr(kinds[rng.IntN(len(kinds))])
				}
				for _, field := range []**string{&f.Topic, &f.Needs, &f.Offers} {
					if rng.IntN(3) == 0 {
						*field = ptr(topics[rng.IntN(len(topics))])
					}
				}
				got, err := db.Cities(ctx, f)
				require.NoError(t, err)
				want := matching(all.Cities, f)
				require.Equal(t, want, got, "filter %d: %s", i, describe(f))
				if len(got) > 0 && len(got) < len(all.Cities) {
					nonEmpty++
				}
			}
			assert.Greater(t, nonEmpty, 20, "enough filters select some cities and not all")
		})
	}
}

// swapCase returns s with the case of its ASCII letters swapped.
func swapCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// describe prints the set fields of f.
func describe(f model.CityFilter) string {
	s := ""
	add := func(k string, v *string) {
		if v != nil {
			s += fmt.Sprintf(" %s=%q", k, *v)
		}
	}
	add("country", f.Country)
	if f.Development != nil {
		add("development", ptr(string(*f.Development)))
	}
	if f.Kind != nil {
		add("kind", ptr(string(*f.Kind)))
	}
	add("topic", f.Topic)
	add("needs", f.Needs)
	add("offers", f.Offers)
	return s
}
