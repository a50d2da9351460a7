package assign_test

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/c2cnet/c2c/match/assign"
	"github.com/c2cnet/c2c/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// fromResourceRows builds a problem from a matrix with one row per resource
// and one column per beneficiary (OpenReview's layout: reviewers × papers).
// NaN marks a blocked pair.
func fromResourceRows(scores [][]float64, capacity, demand []int) *assign.Problem {
	p := &assign.Problem{}
	for b, d := range demand {
		p.Beneficiaries = append(p.Beneficiaries, assign.Beneficiary{ID: fmt.Sprintf("p%d", b), Demand: d})
	}
	for r, c := range capacity {
		p.Resources = append(p.Resources, assign.Resource{ID: fmt.Sprintf("r%d", r), Capacity: c})
		for b, s := range scores[r] {
			if !math.IsNaN(s) {
				p.Arcs = append(p.Arcs, assign.Arc{Beneficiary: b, Resource: r, Score: s})
			}
		}
	}
	return p
}

// fromCostRows builds a linear assignment problem from a cost matrix with
// one row per beneficiary (demand 1) and one column per resource (capacity
// 1). Costs become scores (offset − cost)/1000, exact in thousandths: with
// every row assigned, the pair count is fixed, so maximising the score sum
// minimises the cost sum. +Inf marks a blocked pair.
func fromCostRows(costs [][]float64, offset float64) *assign.Problem {
	p := &assign.Problem{}
	for b := range costs {
		p.Beneficiaries = append(p.Beneficiaries, assign.Beneficiary{ID: fmt.Sprintf("b%d", b), Demand: 1})
	}
	for r := range costs[0] {
		p.Resources = append(p.Resources, assign.Resource{ID: fmt.Sprintf("r%d", r), Capacity: 1})
	}
	for b, row := range costs {
		for r, c := range row {
			if !math.IsInf(c, 1) {
				p.Arcs = append(p.Arcs, assign.Arc{Beneficiary: b, Resource: r, Score: (offset - c) / 1000})
			}
		}
	}
	return p
}

func pairsOf(sol *assign.Solution) [][2]int {
	var out [][2]int
	for _, pr := range sol.Pairs {
		out = append(out, [2]int{pr.Beneficiary, pr.Resource})
	}
	return out
}

func mustSolve(t *testing.T, p *assign.Problem) *assign.Solution {
	t.Helper()
	sol, err := assign.Solve(p)
	require.NoError(t, err)
	checkSolution(t, p, sol)
	return sol
}

var nan = math.NaN()

// TestOpenReview covers ALGORITHMS.md T1–T4 and T8. OpenReview minimises
// costs; with every demand met the number of pairs is fixed, so an affine
// map cost → score with a negative slope turns its minimum into our maximum.
func TestOpenReview(t *testing.T) {
	t.Run("T1 lowest cost", func(t *testing.T) {
		// Costs {0,1,2} become scores 1 − cost/4; cost 0 ⇔ score sum 4.
		costs := [][]float64{{0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {2, 2, 0}}
		scores := make([][]float64, len(costs))
		for r, row := range costs {
			for _, c := range row {
				scores[r] = append(scores[r], 1-c/4)
			}
		}
		p := fromResourceRows(scores, []int{2, 2, 2, 2}, []int{1, 1, 2})
		sol := mustSolve(t, p)
		assert.InDelta(t, 4.0, sol.TotalScore, 1e-9)
		assert.Equal(t, [][2]int{{0, 0}, {1, 1}, {2, 2}, {2, 3}}, pairsOf(sol))
		for r, l := range sol.Load {
			assert.GreaterOrEqual(t, l, 1, "upstream minimum load of r%d", r)
		}
	})
	t.Run("T2 lowest cost respecting constraints", func(t *testing.T) {
		// Upstream costs, −1 constraints as blocked (NaN) pairs; scores
		// (2 − cost)/20, so cost −10 ⇔ 0.6, 1 ⇔ 0.05 and total −100 ⇔ 6.0.
		costs := [][]float64{
			{-10, 1, 1, -10, -10},
			{nan, -10, -10, nan, 1},
			{1, -10, -10, nan, nan},
			{-10, nan, nan, -10, -10},
		}
		scores := make([][]float64, len(costs))
		for r, row := range costs {
			for _, c := range row {
				scores[r] = append(scores[r], (2-c)/20)
			}
		}
		p := fromResourceRows(scores, []int{3, 3, 3, 3}, []int{2, 2, 2, 2, 2})
		sol := mustSolve(t, p)
		assert.InDelta(t, 6.0, sol.TotalScore, 1e-9)
		require.Len(t, sol.Pairs, 10)
		for _, pr := range sol.Pairs {
			assert.InDelta(t, 0.6, pr.Score, 1e-12, "pair %v is not a cost −10 arc", pr)
		}
	})
	t.Run("T3 randomized no limit", func(t *testing.T) {
		// A zero score is a pair nobody gains from; leave it out.
		p := fromResourceRows([][]float64{{nan, .4, .7}, {.3, .6, .5}, {.5, .8, .5}}, []int{2, 2, 2}, []int{2, 2, 2})
		for _, o := range []model.Objective{model.MaxServed, model.MaxScore} {
			p.Objective = o
			sol := mustSolve(t, p)
			assert.InDelta(t, 3.2, sol.TotalScore, 1e-9, "%v", o)
			assert.Equal(t, [][2]int{{0, 1}, {0, 2}, {1, 0}, {1, 2}, {2, 0}, {2, 1}}, pairsOf(sol), "%v", o)
		}
	})
	t.Run("T4 randomized basic", func(t *testing.T) {
		p := fromResourceRows([][]float64{{1, .1}, {1, 1}, {.3, .6}, {.5, .8}}, []int{1, 1, 1, 1}, []int{2, 2})
		sol := mustSolve(t, p)
		assert.InDelta(t, 3.4, sol.TotalScore, 1e-9)
		assert.Equal(t, [][2]int{{0, 0}, {0, 1}, {1, 2}, {1, 3}}, pairsOf(sol))
	})
	t.Run("T8 maximise the sum", func(t *testing.T) {
		// FairSequence's WEF1 allocation scores 2.7; the sum's maximum is
		// 3.0 (two optimal allocations).
		p := fromResourceRows([][]float64{{.2, .1, .4}, {.5, .2, .4}, {.7, .9, .1}, {.2, .7, .6}}, []int{2, 1, 1, 3}, []int{2, 1, 3})
		p.Objective = model.MaxScore
		sol := mustSolve(t, p)
		assert.InDelta(t, 3.0, sol.TotalScore, 1e-9)
		assert.Equal(t, valueOf(p, sol.Pairs), bruteForce(p))
	})
}

// TestLinearAssignment covers ALGORITHMS.md T9, T10 and T17 (scipy and
// Munkres cases). They minimise cost over perfect assignments; fromCostRows
// turns cost into score with a fixed offset so that the maximum score sum is
// the minimum cost sum.
func TestLinearAssignment(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name     string
		costs    [][]float64
		rowCosts []float64 // cost chosen per row, nil to skip
		cols     []int     // column per row, nil to skip
		total    float64
	}{
		{"T9 square", [][]float64{{400, 150, 400}, {400, 450, 600}, {300, 225, 300}}, []float64{150, 400, 300}, nil, 850},
		{"T9 rectangular", [][]float64{{400, 150, 400, 1}, {400, 450, 600, 2}, {300, 225, 300, 3}}, []float64{150, 2, 300}, nil, 452},
		{"T9 small", [][]float64{{10, 10, 8}, {9, 8, 1}, {9, 7, 4}}, []float64{10, 1, 7}, nil, 18},
		{"T9 small rectangular", [][]float64{{10, 10, 8, 11}, {9, 8, 1, 1}, {9, 7, 4, 10}}, []float64{10, 1, 4}, nil, 15},
		{"T9 inf-masked", [][]float64{{10, inf, inf}, {inf, inf, 1}, {inf, 7, inf}}, []float64{10, 1, 7}, nil, 18},
		{"T10 docs", [][]float64{{4, 1, 3}, {2, 0, 5}, {3, 2, 2}}, nil, []int{1, 0, 2}, 5},
		{"T17 clyphub/munkres", [][]float64{{94, 93, 20, 37}, {75, 18, 71, 43}, {20, 29, 32, 25}, {37, 72, 17, 73}}, nil, nil, 92},
		{"T17 oddg/hungarian", [][]float64{{11, 6, 12}, {12, 4, 6}, {8, 12, 11}}, nil, []int{1, 2, 0}, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const offset = 999
			p := fromCostRows(tt.costs, offset)
			sol := mustSolve(t, p)
			require.Len(t, sol.Pairs, len(tt.costs), "every row assigned")
			var total float64
			for i, pr := range sol.Pairs {
				c := tt.costs[pr.Beneficiary][pr.Resource]
				total += c
				if tt.rowCosts != nil {
					assert.Equal(t, tt.rowCosts[i], c, "row %d", i)
				}
				if tt.cols != nil {
					assert.Equal(t, tt.cols[i], pr.Resource, "row %d", i)
				}
			}
			assert.Equal(t, tt.total, total)
			assert.InDelta(t, float64(len(tt.costs))*offset/1000-tt.total/1000, sol.TotalScore, 1e-9)
		})
	}

	t.Run("T10 constant 8x8 gives the identity", func(t *testing.T) {
		costs := make([][]float64, 8)
		for i := range costs {
			costs[i] = []float64{8, 8, 8, 8, 8, 8, 8, 8}
		}
		sol := mustSolve(t, fromCostRows(costs, 999))
		for i, pr := range sol.Pairs {
			assert.Equal(t, [2]int{i, i}, [2]int{pr.Beneficiary, pr.Resource})
		}
	})
	t.Run("T10 NaN is an error", func(t *testing.T) {
		p := fromCostRows([][]float64{{1, 2}, {3, 4}}, 999)
		p.Arcs[1].Score = math.NaN()
		_, err := assign.Solve(p)
		require.Error(t, err)
		assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	})
	t.Run("T10 a column of +inf leaves a row unserved", func(t *testing.T) {
		// scipy reports the square problem infeasible; here one beneficiary
		// is unserved, its candidates full.
		p := fromCostRows([][]float64{{1, inf, 2}, {3, inf, 4}, {5, inf, 6}}, 999)
		sol := mustSolve(t, p)
		assert.Equal(t, 2, sol.Served)
		require.Len(t, sol.Unserved, 1)
		assert.Equal(t, assign.CandidatesFull, sol.Unserved[0].Reason)
		assert.Equal(t, []int{0, 2}, sol.Unserved[0].Full)
	})
}

func TestBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 7))
	for trial := range 2000 {
		p := randomProblem(rng, 7, 7, 3, 3)
		if trial%3 == 0 {
			for r := range p.Resources {
				p.Resources[r].Capacity = min(p.Resources[r].Capacity, 2)
			}
			// Pins may now exceed the capacity: drop those.
			pinned := map[int]int{}
			for i, a := range p.Arcs {
				if a.Pinned {
					pinned[a.Resource]++
					if pinned[a.Resource] > p.Resources[a.Resource].Capacity {
						p.Arcs[i].Pinned = false
					}
				}
			}
		}
		name := fmt.Sprintf("trial %d (%d×%d, %v, dev %d)", trial, len(p.Beneficiaries), len(p.Resources), p.Objective, p.MinDeveloping)
		sol, err := assign.Solve(p)
		require.NoError(t, err, name)
		checkSolution(t, p, sol)
		want := bruteForce(p)
		got := valueOf(p, sol.Pairs)
		require.True(t, got.equal(want, p.Objective), "%s: got %+v, brute force %+v", name, got, want)
		if p.Objective == model.MaxServed {
			require.Equal(t, want.served, got.served, name)
		}
	}
}

// lpMaxScore returns the LP optimum of Σ score·x subject to demands,
// capacities and 0 ≤ x ≤ 1 (integral: a bipartite b-matching polytope),
// with gonum's simplex. With served set, it adds y_b ≤ 1, y_b ≤ Σ x_b and
// the objective bonus·Σ y_b, the LP of the MaxServed network.
func lpMaxScore(t *testing.T, p *assign.Problem, bonus float64) float64 {
	t.Helper()
	nb, nr, na := len(p.Beneficiaries), len(p.Resources), len(p.Arcs)
	// Columns: x (na), y (nb), slacks: demand (nb), capacity (nr), x ≤ 1
	// (na), y ≤ 1 (nb), y ≤ Σx (nb).
	cols := na + nb + nb + nr + na + nb + nb
	rows := nb + nr + na + nb + nb
	A := mat.NewDense(rows, cols, nil)
	bv := make([]float64, rows)
	c := make([]float64, cols)
	yCol := func(b int) int { return na + b }
	slack := na + nb
	for i, a := range p.Arcs {
		c[i] = -a.Score
		A.Set(a.Beneficiary, i, 1)              // demand row
		A.Set(nb+a.Resource, i, 1)              // capacity row
		A.Set(nb+nr+i, i, 1)                    // x ≤ 1
		A.Set(nb+nr+na+nb+a.Beneficiary, i, -1) // y − Σx ≤ 0
	}
	for b, ben := range p.Beneficiaries {
		bv[b] = float64(ben.Demand)
		c[yCol(b)] = -bonus
		A.Set(nb+nr+na+b, yCol(b), 1)    // y ≤ 1
		A.Set(nb+nr+na+nb+b, yCol(b), 1) // y − Σx ≤ 0
		bv[nb+nr+na+b] = 1
	}
	for r, res := range p.Resources {
		bv[nb+r] = float64(res.Capacity)
	}
	for i := range na {
		bv[nb+nr+i] = 1
	}
	for row := range rows {
		A.Set(row, slack+row, 1)
	}
	opt, _, err := lp.Simplex(c, A, bv, 1e-10, nil)
	require.NoError(t, err)
	return -opt
}

func TestAgainstLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 41))
	for trial := range 12 {
		p := randomProblem(rng, 10, 10, 4, 4)
		p.MinDeveloping = 0
		for i := range p.Arcs {
			p.Arcs[i].Pinned = false
		}
		name := fmt.Sprintf("trial %d (%d×%d)", trial, len(p.Beneficiaries), len(p.Resources))

		p.Objective = model.MaxScore
		sol := mustSolve(t, p)
		assert.InDelta(t, lpMaxScore(t, p, 0), sol.TotalScore, 1e-6, name)

		// MaxServed: a bonus above any score sum makes serving first.
		p.Objective = model.MaxServed
		sol = mustSolve(t, p)
		bonus := float64(len(p.Arcs) + 1)
		assert.InDelta(t, lpMaxScore(t, p, bonus), bonus*float64(sol.Served)+sol.TotalScore, 1e-6, name)
	}
}

func TestObjectives(t *testing.T) {
	// b0 can use r0 (0.9) or r1 (0.1); b1 only r0 (0.2). Serving both
	// scores 0.3, serving b0 alone at r0 scores 0.9.
	p := &assign.Problem{
		Beneficiaries: []assign.Beneficiary{{ID: "b0", Demand: 1}, {ID: "b1", Demand: 1}},
		Resources:     []assign.Resource{{ID: "r0", Capacity: 1}, {ID: "r1", Capacity: 1}},
		Arcs: []assign.Arc{
			{Beneficiary: 0, Resource: 0, Score: 0.9},
			{Beneficiary: 0, Resource: 1, Score: 0.1},
			{Beneficiary: 1, Resource: 0, Score: 0.2},
		},
	}
	sol := mustSolve(t, p)
	assert.Equal(t, 2, sol.Served, "model.MaxServed serves both")
	assert.InDelta(t, 0.3, sol.TotalScore, 1e-9)

	p.Objective = model.MaxScore
	sol = mustSolve(t, p)
	assert.Equal(t, 1, sol.Served, "model.MaxScore keeps the best pair")
	assert.InDelta(t, 0.9, sol.TotalScore, 1e-9)
	require.Len(t, sol.Unserved, 1)
	assert.Equal(t, assign.Unserved{Beneficiary: 1, Reason: assign.CandidatesFull, Full: []int{0}}, sol.Unserved[0])
}

func TestMinDeveloping(t *testing.T) {
	// b0 wants 2 partners; the developed r0, r1 score higher than the
	// developing r2, r3.
	p := &assign.Problem{
		Beneficiaries: []assign.Beneficiary{{ID: "b0", Demand: 2}, {ID: "b1", Demand: 1}},
		Resources: []assign.Resource{
			{ID: "r0", Capacity: 1}, {ID: "r1", Capacity: 1},
			{ID: "r2", Capacity: 1, Developing: true}, {ID: "r3", Capacity: 1, Developing: true},
		},
		Arcs: []assign.Arc{
			{Beneficiary: 0, Resource: 0, Score: 0.9},
			{Beneficiary: 0, Resource: 1, Score: 0.8},
			{Beneficiary: 0, Resource: 2, Score: 0.2},
			{Beneficiary: 1, Resource: 3, Score: 0.5},
		},
	}
	sol := mustSolve(t, p)
	assert.Equal(t, [][2]int{{0, 0}, {0, 1}, {1, 3}}, pairsOf(sol), "no guarantee: best scores")
	assert.Empty(t, sol.DevelopingShort)

	p.MinDeveloping = 1
	sol = mustSolve(t, p)
	assert.Equal(t, [][2]int{{0, 0}, {0, 2}, {1, 3}}, pairsOf(sol), "one developing partner each")
	assert.Empty(t, sol.DevelopingShort)

	// Serving b1 comes before b0's guarantee: with r2 the only developing
	// resource and b1's only candidate, b0 falls short.
	p.Arcs[3].Resource = 2
	sol = mustSolve(t, p)
	assert.Equal(t, [][2]int{{0, 0}, {0, 1}, {1, 2}}, pairsOf(sol))
	assert.Equal(t, []int{0}, sol.DevelopingShort)

	// MinDeveloping 2 with demand 2: b0 can have at most one (r2) here.
	p.Arcs[3].Resource = 3
	p.MinDeveloping = 2
	sol = mustSolve(t, p)
	assert.Equal(t, [][2]int{{0, 0}, {0, 2}, {1, 3}}, pairsOf(sol))
	assert.Equal(t, []int{0}, sol.DevelopingShort, "b0 got 1 of 2; b1 got min(2, demand 1) = 1")
}

func TestPins(t *testing.T) {
	base := func() *assign.Problem {
		return &assign.Problem{
			Beneficiaries: []assign.Beneficiary{{ID: "b0", Demand: 1}, {ID: "b1", Demand: 1}},
			Resources:     []assign.Resource{{ID: "r0", Capacity: 1}, {ID: "r1", Capacity: 1}},
			Arcs: []assign.Arc{
				{Beneficiary: 0, Resource: 0, Score: 0.9},
				{Beneficiary: 0, Resource: 1, Score: 0.1, Pinned: true},
				{Beneficiary: 1, Resource: 1, Score: 0.8},
				{Beneficiary: 1, Resource: 0, Score: 0.7},
			},
		}
	}
	t.Run("OK", func(t *testing.T) {
		sol := mustSolve(t, base())
		assert.Equal(t, [][2]int{{0, 1}, {1, 0}}, pairsOf(sol), "the pin uses b0's demand and r1's capacity")
		assert.True(t, sol.Pairs[0].Pinned)
	})
	t.Run("pins beyond demand are kept", func(t *testing.T) {
		p := base()
		p.Arcs[0].Pinned = true
		sol := mustSolve(t, p)
		assert.Equal(t, [][2]int{{0, 0}, {0, 1}}, pairsOf(sol))
		assert.Equal(t, []assign.Unserved{{Beneficiary: 1, Reason: assign.CandidatesFull, Full: []int{0, 1}}}, sol.Unserved)
	})
	t.Run("ErrPinBeyondCapacity", func(t *testing.T) {
		p := base()
		p.Arcs[2].Pinned = true // r1 now has two pins, capacity 1
		_, err := assign.Solve(p)
		var errs model.Errors
		require.True(t, errors.As(err, &errs))
		require.Len(t, errs, 2, "both pins at r1 are named")
		assert.Equal(t, model.EINVALID, errs[0].Code)
		assert.Equal(t, "arcs[1].pinned", errs[0].Key)
		assert.Equal(t, "arcs[2].pinned", errs[1].Key)
		assert.Contains(t, errs[0].Message, "b0–r1")
		assert.Contains(t, errs[1].Message, "b1–r1")
	})
	t.Run("ErrPinZeroCapacity", func(t *testing.T) {
		p := base()
		p.Resources[1].Capacity = 0
		_, err := assign.Solve(p)
		require.Error(t, err)
		assert.Equal(t, model.EINVALID, model.ErrorCode(err))
		assert.Contains(t, model.ErrorMessage(err), "b0–r1")
	})
	t.Run("ErrPinnedTwice", func(t *testing.T) {
		p := base()
		p.Resources[1].Capacity = 2
		p.Arcs = append(p.Arcs, assign.Arc{Beneficiary: 0, Resource: 1, Score: 0.1, Pinned: true})
		_, err := assign.Solve(p)
		var errs model.Errors
		require.True(t, errors.As(err, &errs))
		require.Len(t, errs, 1)
		assert.Equal(t, "arcs[4].pinned", errs[0].Key)
		assert.Contains(t, errs[0].Message, "pinned twice")
	})
	t.Run("duplicate unpinned arcs merge", func(t *testing.T) {
		p := base()
		p.Arcs = append(p.Arcs, assign.Arc{Beneficiary: 1, Resource: 0, Score: 0.95})
		sol := mustSolve(t, p)
		assert.Equal(t, [][2]int{{0, 1}, {1, 0}}, pairsOf(sol))
		assert.InDelta(t, 0.1+0.95, sol.TotalScore, 1e-12)
	})
}

func TestValidation(t *testing.T) {
	p := &assign.Problem{
		Beneficiaries: []assign.Beneficiary{{ID: "b0", Demand: -1}, {ID: "b0"}, {ID: " "}},
		Resources:     []assign.Resource{{ID: "r0", Capacity: -2}},
		Arcs: []assign.Arc{
			{Beneficiary: 0, Resource: 0, Score: 0},
			{Beneficiary: 1, Resource: 0, Score: 1.5},
			{Beneficiary: 2, Resource: 0, Score: math.Inf(1)},
		},
		MinDeveloping: -1,
	}
	_, err := assign.Solve(p)
	var errs model.Errors
	require.True(t, errors.As(err, &errs))
	var keys []string
	for _, e := range errs {
		assert.Equal(t, model.EINVALID, e.Code)
		keys = append(keys, e.Key)
	}
	assert.Equal(t, []string{
		"beneficiaries[0].demand", "beneficiaries[1].id", "beneficiaries[2].id",
		"resources[0].capacity", "min_developing",
		"arcs[0].score", "arcs[1].score", "arcs[2].score",
	}, keys)
}

func TestPanics(t *testing.T) {
	p := func(arcs ...assign.Arc) *assign.Problem {
		return &assign.Problem{
			Beneficiaries: []assign.Beneficiary{{ID: "b0", Demand: 1}},
			Resources:     []assign.Resource{{ID: "r0", Capacity: 1}},
			Arcs:          arcs,
		}
	}
	assert.PanicsWithValue(t, "assign: nil problem", func() { _, _ = assign.Solve(nil) })
	assert.PanicsWithValue(t, "assign: arc 0: beneficiary index 1 out of range [0,1)", func() {
		_, _ = assign.Solve(p(assign.Arc{Beneficiary: 1, Score: 1}))
	})
	assert.PanicsWithValue(t, "assign: arc 1: resource index -1 out of range [0,1)", func() {
		_, _ = assign.Solve(p(assign.Arc{Score: 1}, assign.Arc{Resource: -1, Score: 1}))
	})
	bad := p()
	bad.Objective = 5
	assert.PanicsWithValue(t, "assign: unknown objective 5", func() { _, _ = assign.Solve(bad) })
}

func TestEdgeCases(t *testing.T) {
	t.Run("empty problem", func(t *testing.T) {
		sol := mustSolve(t, &assign.Problem{})
		assert.Empty(t, sol.Pairs)
		assert.Zero(t, sol.Served)
	})
	t.Run("no resources", func(t *testing.T) {
		p := &assign.Problem{Beneficiaries: []assign.Beneficiary{{ID: "b1", Demand: 2}, {ID: "b0", Demand: 1}, {ID: "b2"}}}
		sol := mustSolve(t, p)
		assert.Equal(t, []assign.Unserved{{Beneficiary: 1, Reason: assign.NoCandidates}, {Beneficiary: 0, Reason: assign.NoCandidates}}, sol.Unserved, "by id, demand 0 not listed")
	})
	t.Run("zero capacity everywhere", func(t *testing.T) {
		p := randomProblem(rand.New(rand.NewPCG(1, 2)), 5, 5, 0, 3)
		for i := range p.Arcs {
			p.Arcs[i].Pinned = false
		}
		sol := mustSolve(t, p)
		assert.Empty(t, sol.Pairs)
		for _, u := range sol.Unserved {
			if u.Reason == assign.CandidatesFull {
				assert.NotEmpty(t, u.Full, "zero-capacity candidates are full")
			}
		}
	})
	t.Run("all pairs blocked", func(t *testing.T) {
		p := &assign.Problem{
			Beneficiaries: []assign.Beneficiary{{ID: "b0", Demand: 1}, {ID: "b1", Demand: 1}},
			Resources:     []assign.Resource{{ID: "r0", Capacity: 3}},
		}
		sol := mustSolve(t, p)
		assert.Empty(t, sol.Pairs)
		assert.Equal(t, []int{0}, sol.Load)
		assert.Len(t, sol.Unserved, 2)
	})
	t.Run("one participant", func(t *testing.T) {
		p := &assign.Problem{
			Beneficiaries: []assign.Beneficiary{{ID: "b0", Demand: 3}},
			Resources:     []assign.Resource{{ID: "r0", Capacity: 1}},
			Arcs:          []assign.Arc{{Beneficiary: 0, Resource: 0, Score: 0.4}},
		}
		sol := mustSolve(t, p)
		assert.Equal(t, []assign.Pair{{Beneficiary: 0, Resource: 0, Score: 0.4}}, sol.Pairs)
		assert.Equal(t, 1, sol.Served)
	})
	t.Run("tiny scores still count", func(t *testing.T) {
		p := &assign.Problem{
			Beneficiaries: []assign.Beneficiary{{ID: "b0", Demand: 1}},
			Resources:     []assign.Resource{{ID: "r0", Capacity: 1}},
			Arcs:          []assign.Arc{{Beneficiary: 0, Resource: 0, Score: 1e-9}},
			Objective:     model.MaxScore,
		}
		sol := mustSolve(t, p)
		assert.Len(t, sol.Pairs, 1)
	})
}

func TestTiesAreBrokenByID(t *testing.T) {
	// Equal scores everywhere: the lower ids pair first, whatever the
	// input order.
	p := &assign.Problem{
		Beneficiaries: []assign.Beneficiary{{ID: "b", Demand: 1}, {ID: "a", Demand: 1}, {ID: "c", Demand: 1}},
		Resources:     []assign.Resource{{ID: "y", Capacity: 1}, {ID: "x", Capacity: 1}},
	}
	for b := range 3 {
		for r := range 2 {
			p.Arcs = append(p.Arcs, assign.Arc{Beneficiary: b, Resource: r, Score: 0.5})
		}
	}
	sol := mustSolve(t, p)
	var got []string
	for _, pr := range sol.Pairs {
		got = append(got, p.Beneficiaries[pr.Beneficiary].ID+"-"+p.Resources[pr.Resource].ID)
	}
	assert.Equal(t, []string{"a-x", "b-y"}, got)
	assert.Equal(t, []assign.Unserved{{Beneficiary: 2, Reason: assign.CandidatesFull, Full: []int{1, 0}}}, sol.Unserved)
}

func TestDeterministicAndOrderFree(t *testing.T) {
	rng := rand.New(rand.NewPCG(77, 78))
	for trial := range 30 {
		p := randomProblem(rng, 12, 12, 3, 3)
		// Make ties likely.
		for i := range p.Arcs {
			p.Arcs[i].Score = float64(1+rng.IntN(3)) / 4
		}
		first := mustSolve(t, p)
		for range 3 {
			again := mustSolve(t, p)
			require.Equal(t, first, again, "trial %d: same input, same output", trial)
		}
		// Permute beneficiaries, resources and arcs: the same pairs by id.
		q := permute(rng, p)
		other := mustSolve(t, q)
		require.Equal(t, idPairs(p, first), idPairs(q, other), "trial %d: permuted input", trial)
	}
}

func idPairs(p *assign.Problem, sol *assign.Solution) []string {
	var out []string
	for _, pr := range sol.Pairs {
		out = append(out, p.Beneficiaries[pr.Beneficiary].ID+"-"+p.Resources[pr.Resource].ID)
	}
	return out
}

func permute(rng *rand.Rand, p *assign.Problem) *assign.Problem {
	bp, rp := rng.Perm(len(p.Beneficiaries)), rng.Perm(len(p.Resources))
	q := &assign.Problem{
		Beneficiaries: make([]assign.Beneficiary, len(bp)),
		Resources:     make([]assign.Resource, len(rp)),
		Arcs:          slices.Clone(p.Arcs),
		MinDeveloping: p.MinDeveloping,
		Objective:     p.Objective,
	}
	for i, j := range bp {
		q.Beneficiaries[j] = p.Beneficiaries[i]
	}
	for i, j := range rp {
		q.Resources[j] = p.Resources[i]
	}
	for i := range q.Arcs {
		q.Arcs[i].Beneficiary = bp[q.Arcs[i].Beneficiary]
		q.Arcs[i].Resource = rp[q.Arcs[i].Resource]
	}
	rng.Shuffle(len(q.Arcs), func(i, j int) { q.Arcs[i], q.Arcs[j] = q.Arcs[j], q.Arcs[i] })
	return q
}

// TestPartial checks the partly served: every served beneficiary with fewer
// partners than its demand is listed once, with its partners, its demand
// and its unused candidates, all full in an optimum.
func TestPartial(t *testing.T) {
	tests := []struct {
		name     string
		scores   [][]float64 // resources × beneficiaries; NaN blocks
		capacity []int
		demand   []int
		want     []assign.Partial
	}{
		{"TooFewCandidates", [][]float64{{0.5}, {math.NaN()}}, []int{1, 1}, []int{2},
			[]assign.Partial{{Beneficiary: 0, Partners: 1, Demand: 2}}},
		{"OtherCandidateFull", [][]float64{{0.5, math.NaN()}, {0.4, 0.9}}, []int{1, 1}, []int{2, 1},
			[]assign.Partial{{Beneficiary: 0, Partners: 1, Demand: 2, Full: []int{1}}}},
		{"EveryPartner", [][]float64{{0.5}, {0.4}}, []int{1, 1}, []int{2}, nil},
		{"Unserved", [][]float64{{0.5, 0.9}}, []int{1}, []int{2, 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sol, err := assign.Solve(fromResourceRows(tt.scores, tt.capacity, tt.demand))
			require.NoError(t, err)
			assert.Equal(t, tt.want, sol.Partial)
		})
	}

	rng := rand.New(rand.NewPCG(2026, 13))
	for trial := range 500 {
		p := randomProblem(rng, 7, 7, 3, 3)
		name := fmt.Sprintf("trial %d", trial)
		sol, err := assign.Solve(p)
		require.NoError(t, err, name)
		got := make([]int, len(p.Beneficiaries))
		for _, pr := range sol.Pairs {
			got[pr.Beneficiary]++
		}
		var want []int
		for b, n := range got {
			if n > 0 && n < p.Beneficiaries[b].Demand {
				want = append(want, b)
			}
		}
		var listed []int
		for _, pt := range sol.Partial {
			listed = append(listed, pt.Beneficiary)
			assert.Equal(t, got[pt.Beneficiary], pt.Partners, name)
			assert.Equal(t, p.Beneficiaries[pt.Beneficiary].Demand, pt.Demand, name)
			assert.Zero(t, pt.Spare, "%s: an unused candidate with room left would improve the plan", name)
			for _, r := range pt.Full {
				assert.Equal(t, p.Resources[r].Capacity, sol.Load[r], name)
			}
		}
		slices.SortFunc(listed, func(a, b int) int { return cmp.Compare(p.Beneficiaries[a].ID, p.Beneficiaries[b].ID) })
		slices.SortFunc(want, func(a, b int) int { return cmp.Compare(p.Beneficiaries[a].ID, p.Beneficiaries[b].ID) })
		assert.Equal(t, want, listed, name)
		assert.Equal(t, len(p.Beneficiaries), sol.Served+len(sol.Unserved)+zeroDemandUnpaired(p, got), name)
	}
}

// zeroDemandUnpaired counts the beneficiaries of p that want no partner
// and got none: neither served nor unserved.
func zeroDemandUnpaired(p *assign.Problem, got []int) int {
	n := 0
	for b, ben := range p.Beneficiaries {
		if ben.Demand == 0 && got[b] == 0 {
			n++
		}
	}
	return n
}
