package assign_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/c2cnet/c2c/match/assign"
)

// benchProblem returns nb beneficiaries wanting demand partners each and nr
// resources hosting 1–5, half of them developing. With perBen 0 every pair
// is allowed; otherwise each beneficiary gets perBen arcs to distinct
// resources, the best-scoring candidates a shortlist would keep.
func benchProblem(nb, nr, perBen, demand, minDev int) *assign.Problem {
	rng := rand.New(rand.NewPCG(uint64(nb), uint64(perBen)))
	p := &assign.Problem{MinDeveloping: minDev}
	for b := range nb {
		p.Beneficiaries = append(p.Beneficiaries, assign.Beneficiary{ID: fmt.Sprintf("b%05d", b), Demand: demand})
	}
	for r := range nr {
		p.Resources = append(p.Resources, assign.Resource{ID: fmt.Sprintf("r%05d", r), Capacity: 1 + rng.IntN(5), Developing: rng.IntN(2) == 0})
	}
	for b := range nb {
		if perBen == 0 {
			for r := range nr {
				p.Arcs = append(p.Arcs, assign.Arc{Beneficiary: b, Resource: r, Score: 0.01 + 0.99*rng.Float64()})
			}
			continue
		}
		cands := rng.Perm(nr)[:perBen]
		slices.Sort(cands)
		for _, r := range cands {
			p.Arcs = append(p.Arcs, assign.Arc{Beneficiary: b, Resource: r, Score: 0.5 + 0.5*rng.Float64()})
		}
	}
	return p
}

func benchmarkSolve(b *testing.B, p *assign.Problem) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := assign.Solve(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSolve200 is 200 beneficiaries × 200 resources, all 40,000 pairs
// allowed, hosting 1–5.
func BenchmarkSolve200(b *testing.B) {
	for _, tc := range []struct{ demand, minDev int }{{1, 0}, {3, 0}, {3, 1}} {
		b.Run(fmt.Sprintf("P=%d/minDev=%d", tc.demand, tc.minDev), func(b *testing.B) {
			benchmarkSolve(b, benchProblem(200, 200, 0, tc.demand, tc.minDev))
		})
	}
}

// BenchmarkSolve2000 is 2,000 beneficiaries × 2,000 resources, each
// beneficiary's 50 best candidates as arcs (100,000 arcs), hosting 1–5,
// P = 3.
func BenchmarkSolve2000(b *testing.B) {
	for _, minDev := range []int{0, 1} {
		b.Run(fmt.Sprintf("P=3/minDev=%d", minDev), func(b *testing.B) {
			benchmarkSolve(b, benchProblem(2000, 2000, 50, 3, minDev))
		})
	}
}
