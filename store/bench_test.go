package store_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/stretchr/testify/require"
)

// benchCities is the size of the network the benchmarks use.
const benchCities = 20000

// benchDocument returns the synthetic document of the benchmarks.
func benchDocument(b *testing.B) *model.Document {
	b.Helper()
	return synth.Generate(synth.Options{Cities: benchCities, Seed: 1}, fixtures.Reference())
}

// rows counts the rows doc takes in the store.
func rows(doc *model.Document) int {
	n := len(doc.Cities) + len(doc.Rules)
	for _, c := range doc.Cities {
		n += len(c.Languages) + len(c.Challenges) + len(c.Capacities) + len(c.Practices)
		for _, p := range c.Practices {
			n += len(p.Topics)
		}
	}
	for _, e := range doc.Exchanges {
		n += 1 + len(e.Beneficiaries)
	}
	return n
}

// BenchmarkImport imports 20,000 synthetic cities into a new database.
func BenchmarkImport(b *testing.B) {
	ref := fixtures.Reference()
	doc := benchDocument(b)
	dir := b.TempDir()
	b.ReportAllocs()
	var spent time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		db, err := store.Open(b.Context(), filepath.Join(dir, "c2c"+strconv.Itoa(i)+".db"))
		require.NoError(b, err)
		i++
		b.StartTimer()
		start := time.Now()
		_, err = db.Import(b.Context(), ref, store.ImportOptions{}, &store.Input{File: "synth", Doc: doc})
		spent += time.Since(start)
		require.NoError(b, err)
		b.StopTimer()
		require.NoError(b, db.Close())
		b.StartTimer()
	}
	b.ReportMetric(float64(rows(doc)*i)/spent.Seconds(), "rows/s")
	b.ReportMetric(float64(peakRSS())/1024, "peak-MB")
}

// BenchmarkImportJSON reads the 20,000 cities from JSON and imports them,
// as `c2c import` does.
func BenchmarkImportJSON(b *testing.B) {
	ref := fixtures.Reference()
	doc := benchDocument(b)
	var src bytes.Buffer
	require.NoError(b, store.WriteJSON(&src, doc))
	dir := b.TempDir()
	b.ReportAllocs()
	b.SetBytes(int64(src.Len()))
	i := 0
	for b.Loop() {
		b.StopTimer()
		db, err := store.Open(b.Context(), filepath.Join(dir, "c2c"+strconv.Itoa(i)+".db"))
		require.NoError(b, err)
		i++
		b.StartTimer()
		in, err := store.ParseJSON("synth.json", bytes.NewReader(src.Bytes()))
		require.NoError(b, err)
		_, err = db.Import(b.Context(), ref, store.ImportOptions{}, in)
		require.NoError(b, err)
		b.StopTimer()
		require.NoError(b, db.Close())
		b.StartTimer()
	}
	b.ReportMetric(float64(peakRSS())/1024, "peak-MB")
}

// BenchmarkParseJSON reads the 20,000 cities from JSON.
func BenchmarkParseJSON(b *testing.B) {
	var src bytes.Buffer
	require.NoError(b, store.WriteJSON(&src, benchDocument(b)))
	b.ReportAllocs()
	b.SetBytes(int64(src.Len()))
	for b.Loop() {
		_, err := store.ParseJSON("synth.json", bytes.NewReader(src.Bytes()))
		require.NoError(b, err)
	}
}

// BenchmarkDocument loads every profile of 20,000 cities.
func BenchmarkDocument(b *testing.B) {
	doc := benchDocument(b)
	db, err := store.Open(b.Context(), filepath.Join(b.TempDir(), "c2c.db"))
	require.NoError(b, err)
	defer db.Close()
	_, err = db.Import(b.Context(), fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "synth", Doc: doc})
	require.NoError(b, err)
	n := rows(doc)
	b.ReportAllocs()
	for b.Loop() {
		got, err := db.Document(b.Context())
		require.NoError(b, err)
		require.Len(b, got.Cities, benchCities)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCities lists the members that pass a filter, as c2c cities and
// the web's members list ask the store, at 2,000 and 20,000 members, with
// loading the whole document as the reference: filters by country (the
// largest of the network), development, kind and need, and none.
func BenchmarkCities(b *testing.B) {
	ref := fixtures.Reference()
	for _, size := range []int{2000, benchCities} {
		doc := synth.Generate(synth.Options{Cities: size, Seed: 1}, ref)
		db, err := store.Open(b.Context(), filepath.Join(b.TempDir(), "c2c.db"))
		require.NoError(b, err)
		_, err = db.Import(b.Context(), ref, store.ImportOptions{}, &store.Input{File: "synth", Doc: doc})
		require.NoError(b, err)
		countries, needs := map[string]int{}, map[string]int{}
		for _, c := range doc.Cities {
			countries[c.Country]++
			for _, ch := range c.Challenges {
				needs[ch.Topic]++
			}
		}
		delete(needs, "")
		country, need := largest(countries), largest(needs)
		least, ngo := model.LeastDeveloped, model.KindNGO
		for _, bc := range []struct {
			name   string
			filter model.CityFilter
		}{
			{"country", model.CityFilter{Country: &country}},
			{"development", model.CityFilter{Development: &least}},
			{"kind", model.CityFilter{Kind: &ngo}},
			{"needs", model.CityFilter{Needs: &need}},
			{"country+needs", model.CityFilter{Country: &country, Needs: &need}},
			{"none", model.CityFilter{}},
		} {
			b.Run(fmt.Sprintf("%d/%s", size, bc.name), func(b *testing.B) {
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					got, err := db.Cities(b.Context(), bc.filter)
					require.NoError(b, err)
					n = len(got)
				}
				b.ReportMetric(float64(n), "members")
			})
		}
		b.Run(fmt.Sprintf("%d/document", size), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				got, err := db.Document(b.Context())
				require.NoError(b, err)
				require.Len(b, got.Cities, size)
			}
			b.ReportMetric(float64(size), "members")
		})
		require.NoError(b, db.Close())
	}
}

// largest returns the key of counts with the highest count, the least
// such key on a tie.
func largest(counts map[string]int) string {
	best := ""
	for k, n := range counts {
		if n > counts[best] || (n == counts[best] && k < best) {
			best = k
		}
	}
	return best
}
