package match

import (
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// BenchmarkNeedKernel compares two ways of computing the need part of a
// block of 256 beneficiaries against 20,000 resources: the engine's sparse
// rows (each beneficiary's few need topics times the T×N offer matrix, with
// floats.AddScaled) and a dense gonum product (the 256×T need matrix times
// the T×N offer matrix, mat.Dense.Mul, pure Go). Both give the same
// numbers; the figures say which pays.
func BenchmarkNeedKernel(b *testing.B) {
	ref := fixtures.Reference()
	doc := synth.Generate(synth.Options{Cities: 20000, Seed: 1}, ref)
	doc.Normalize(ref)
	e, err := NewEngine(doc, ref, vecInferrer(ref.Topics), 2026)
	if err != nil {
		b.Fatal(err)
	}
	p := DefaultParameters()
	if err := p.Validate(); err != nil {
		b.Fatal(err)
	}
	const block = 256
	var queries []*query
	for i := 0; len(queries) < block; i++ {
		if q, err := e.newQuery(i, &p); err == nil {
			queries = append(queries, q)
		}
	}
	T, n := len(e.tax.Topics), e.Len()
	offerT, _, _ := e.denseParts()
	b.Run("sparse-rows", func(b *testing.B) {
		s := newScratch(n)
		b.ReportAllocs()
		for b.Loop() {
			for _, q := range queries {
				clear(s.need)
				for _, tw := range q.need {
					floats.AddScaled(s.need, tw.weight, offerT.RawRowView(tw.topic)[:n])
				}
			}
		}
	})
	b.Run("dense-Mul", func(b *testing.B) {
		a := mat.NewDense(block, T, nil)
		for i, q := range queries {
			for _, tw := range q.need {
				a.Set(i, tw.topic, tw.weight)
			}
		}
		var out mat.Dense
		out.ReuseAs(block, offerT.RawMatrix().Cols)
		b.ReportAllocs()
		for b.Loop() {
			out.Mul(a, offerT)
		}
	})
}
