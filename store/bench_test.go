package store_test

import (
	"bytes"
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
