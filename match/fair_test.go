package match

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestFairTable checks the unadjusted m-tables of fairsearch-fair-python's
// test_fair.py (ALGORITHMS.md T14) and the short-list pitfall.
func TestFairTable(t *testing.T) {
	rep := func(v, n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = v
		}
		return out
	}
	cat := func(parts ...[]int) []int {
		var out []int
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name  string
		k     int
		p, a  float64
		table []int
	}{
		{"10/.2/.15", 10, .2, .15, cat(rep(0, 8), rep(1, 2))},
		{"20/.25/.1", 20, .25, .1, cat(rep(0, 8), rep(1, 6), rep(2, 5), rep(3, 1))},
		{"30/.3/.05", 30, .3, .05, cat(rep(0, 8), rep(1, 5), rep(2, 5), rep(3, 5), rep(4, 4), rep(5, 3))},
		{"short list forces nothing", 5, .3, .1, rep(0, 5)},
		{"10/.5/.1", 10, .5, .1, []int{0, 0, 0, 1, 1, 1, 2, 2, 3, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.table, FairTable(tt.k, tt.p, tt.a))
		})
	}
}

func TestQuotaTableHardFloor(t *testing.T) {
	table, req := QuotaTable(5, 0.4, 0.1, 10)
	assert.Equal(t, 2, req)
	assert.Equal(t, []int{0, 0, 0, 1, 2}, table, "2 of 5, pulled forward only as late as possible")

	table, req = QuotaTable(5, 0.4, 0.1, 1)
	assert.Equal(t, 1, req, "capped at the available protected candidates")
	assert.Equal(t, []int{0, 0, 0, 1, 1}, table)

	table, _ = QuotaTable(3, 0, 0.1, 10)
	assert.Equal(t, []int{0, 0, 0}, table, "no quota")

	table, _ = QuotaTable(4, 1, 0.1, 10)
	assert.Equal(t, []int{1, 2, 3, 4}, table, "all protected")
}

// TestRerankFAIR reproduces ALGORITHMS.md T15: scores 20..1, protected
// {5..1}, k = 20, p = .25, α = .1.
func TestRerankFAIR(t *testing.T) {
	var cands []ranked
	for s := 20; s >= 1; s-- {
		cands = append(cands, ranked{j: 20 - s, score: float64(s), protected: s <= 5, rank: 21 - s})
	}
	out := rerank(cands, 20, FairTable(20, .25, .1))
	var got []int
	for _, c := range out {
		got = append(got, int(c.score))
	}
	assert.Equal(t, []int{20, 19, 18, 17, 16, 15, 14, 13, 5, 12, 11, 10, 9, 8, 4, 7, 6, 3, 2, 1}, got)
}

func TestRerankPinsAndFloor(t *testing.T) {
	// Five unprotected candidates ahead of two protected ones, and a pin at the bottom.
	cands := []ranked{
		{j: 0, score: .9, rank: 1}, {j: 1, score: .8, rank: 2}, {j: 2, score: .7, rank: 3},
		{j: 3, score: .6, rank: 4}, {j: 4, score: .5, rank: 5},
		{j: 5, score: .4, protected: true, rank: 6}, {j: 6, score: .3, protected: true, rank: 7},
		{j: 7, score: .1, pinned: true, rank: 8},
	}
	table, _ := QuotaTable(5, .4, .1, 2)
	out := rerank(cands, 5, table)
	require.Len(t, out, 5)
	var js []int
	prot := 0
	for i, c := range out {
		js = append(js, c.j)
		if c.protected {
			prot++
		}
		assert.GreaterOrEqual(t, prot, table[i], "prefix %d", i+1)
	}
	assert.Equal(t, []int{0, 1, 5, 6, 7}, js, "the pin and two protected candidates displace j2..j4; protected moved up only as far as needed")
}

// TestFairTableMatchesBruteForce checks the linear search against the
// quantile searched from zero at every prefix.
func TestFairTableMatchesBruteForce(t *testing.T) {
	for _, p := range []float64{0, 0.1, 0.25, 0.4, 0.5, 0.9, 1} {
		for _, alpha := range []float64{0.01, 0.1, 0.5} {
			got := FairTable(150, p, alpha)
			for i := 1; i <= 150; i++ {
				d := distuv.Binomial{N: float64(i), P: p}
				v := 0
				for v < i && d.CDF(float64(v)) <= alpha {
					v++
				}
				require.Equal(t, v, got[i-1], "p %v alpha %v prefix %d", p, alpha, i)
			}
		}
	}
}

// BenchmarkFairTable measures the table for a shortlist as long as a large
// network.
func BenchmarkFairTable(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		FairTable(20000, 0.4, 0.1)
	}
}
