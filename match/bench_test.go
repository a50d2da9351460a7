package match_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
)

var (
	benchMu      sync.Mutex
	benchEngines = map[int]*match.Engine{}
)

// synthDoc returns a normalised synthetic network of n cities.
func synthDoc(n int, seed uint64) *model.Document {
	ref := fixtures.Reference()
	doc := synth.Generate(synth.Options{Cities: n, Seed: seed}, ref)
	doc.Normalize(ref)
	return doc
}

// benchEngine builds (once per size) an engine over n synthetic cities.
func benchEngine(b *testing.B, n int) *match.Engine {
	benchMu.Lock()
	defer benchMu.Unlock()
	if e, ok := benchEngines[n]; ok {
		return e
	}
	e, err := match.NewEngine(synthDoc(n, 1), fixtures.Reference(), withVectors(text.NewInferrer(fixtures.Taxonomy())), 2026)
	if err != nil {
		b.Fatal(err)
	}
	benchEngines[n] = e
	return e
}

// BenchmarkVectorise measures building the engine: topic inference of every
// free text and the T×N matrices, with a cold inferrer each time.
func BenchmarkVectorise(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		doc := synthDoc(n, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := match.NewEngine(doc, fixtures.Reference(), withVectors(text.NewInferrer(fixtures.Taxonomy())), 2026); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkShortlistOne measures one explained shortlist against every
// other city (all are both beneficiary and resource).
func BenchmarkShortlistOne(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			e := benchEngine(b, n)
			ids := e.Beneficiaries()
			p := match.DefaultParameters()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := e.Shortlist(ids[i%len(ids)], p); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkShortlistsAll measures the shortlists of every city of a
// 20,000-city network on all cores, and reports the time split.
func BenchmarkShortlistsAll(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			e := benchEngine(b, n)
			ids := e.Beneficiaries()
			p := match.DefaultParameters()
			b.ReportAllocs()
			var tm match.Timing
			for b.Loop() {
				count := 0
				var err error
				tm, err = e.Shortlists(context.Background(), ids, p, func(*model.Shortlist) error { count++; return nil })
				if err != nil {
					b.Fatal(err)
				}
				if count == 0 {
					b.Fatal("no shortlists")
				}
			}
			b.ReportMetric(tm.Vectorise.Seconds(), "vectorise-s")
			b.ReportMetric(tm.Score.Seconds(), "score-cpu-s")
			b.ReportMetric(tm.Select.Seconds(), "select-cpu-s")
			b.ReportMetric(tm.Explain.Seconds(), "explain-cpu-s")
			b.ReportMetric(float64(len(ids)), "shortlists")
		})
	}
}

// BenchmarkShortlists1000of20000 measures 1,000 shortlists against a
// 20,000-city network, a slice of the full batch for profiling.
func BenchmarkShortlists1000of20000(b *testing.B) {
	e := benchEngine(b, 20000)
	ids := e.Beneficiaries()[:1000]
	p := match.DefaultParameters()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Shortlists(context.Background(), ids, p, func(*model.Shortlist) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPair measures the whole-network pairing of a 20,000-city
// network: every beneficiary's 50 best candidates scored and offered to the
// exact solver, one partner each, hosting from the profiles.
func BenchmarkPair(b *testing.B) {
	e := benchEngine(b, 20000)
	o := match.DefaultPairingParameters()
	o.Candidates = 50
	b.ReportAllocs()
	for b.Loop() {
		pl, err := e.Pair(context.Background(), o)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(pl.Served), "served")
	}
}
