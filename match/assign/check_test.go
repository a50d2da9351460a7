package assign_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/c2cnet/c2c/match/assign"
	"github.com/c2cnet/c2c/model"
	"github.com/stretchr/testify/require"
)

// value is the lexicographic objective of a solution: served beneficiaries,
// guaranteed developing partners (Σ min(dev_b, MinDeveloping)) and the sum
// of scaled scores.
type value struct {
	served, dev, score int64
}

// better reports whether v beats w under objective o.
func (v value) better(w value, o model.Objective) bool {
	if o == model.MaxServed && v.served != w.served {
		return v.served > w.served
	}
	if v.dev != w.dev {
		return v.dev > w.dev
	}
	return v.score > w.score
}

// equal reports whether v and w tie under objective o.
func (v value) equal(w value, o model.Objective) bool {
	return !v.better(w, o) && !w.better(v, o)
}

func gain(score float64) int64 { return max(1, int64(math.Round(score*assign.ScoreScale))) }

// valueOf returns the objective value of the given pairs.
func valueOf(p *assign.Problem, pairs []assign.Pair) value {
	var v value
	count := make([]int64, len(p.Beneficiaries))
	dev := make([]int64, len(p.Beneficiaries))
	for _, pr := range pairs {
		count[pr.Beneficiary]++
		if p.Resources[pr.Resource].Developing {
			dev[pr.Beneficiary]++
		}
		v.score += gain(pr.Score)
	}
	for b := range count {
		if count[b] > 0 {
			v.served++
		}
		v.dev += min(dev[b], int64(p.MinDeveloping))
	}
	return v
}

// bruteForce returns the optimal value of p by dynamic programming over the
// beneficiaries, with the vector of resource loads as the state and every
// subset of each beneficiary's arcs tried. Duplicate arcs must not occur.
func bruteForce(p *assign.Problem) value {
	nr := len(p.Resources)
	radix := make([]int, nr)
	stride := make([]int, nr)
	states := 1
	for r, res := range p.Resources {
		radix[r] = res.Capacity + 1
		stride[r] = states
		states *= radix[r]
	}
	byBen := make([][]assign.Arc, len(p.Beneficiaries))
	for _, a := range p.Arcs {
		byBen[a.Beneficiary] = append(byBen[a.Beneficiary], a)
	}
	const none = math.MinInt64
	dp := make([]value, states)
	ok := make([]bool, states)
	dp[0], ok[0] = value{}, true
	for b, ben := range p.Beneficiaries {
		arcs := byBen[b]
		pins := 0
		for _, a := range arcs {
			if a.Pinned {
				pins++
			}
		}
		limit := max(ben.Demand, pins)
		next := make([]value, states)
		nok := make([]bool, states)
		for mask := 0; mask < 1<<len(arcs); mask++ {
			var add value
			var size int
			var dev int64
			delta := 0
			feasible := true
			for i, a := range arcs {
				in := mask&(1<<i) != 0
				if a.Pinned && !in {
					feasible = false
					break
				}
				if !in {
					continue
				}
				size++
				add.score += gain(a.Score)
				if p.Resources[a.Resource].Developing {
					dev++
				}
				delta += stride[a.Resource]
			}
			if !feasible || size > limit {
				continue
			}
			if size > 0 {
				add.served = 1
			}
			add.dev = min(dev, int64(p.MinDeveloping))
			for s := range states {
				if !ok[s] {
					continue
				}
				// Check capacities digit by digit.
				fits := true
				for r := range nr {
					used := 0
					for i, a := range arcs {
						if mask&(1<<i) != 0 && a.Resource == r {
							used++
						}
					}
					if used > 0 && (s/stride[r])%radix[r]+used >= radix[r] {
						fits = false
						break
					}
				}
				if !fits {
					continue
				}
				t := s + delta
				v := value{dp[s].served + add.served, dp[s].dev + add.dev, dp[s].score + add.score}
				if !nok[t] || v.better(next[t], p.Objective) {
					next[t], nok[t] = v, true
				}
			}
		}
		dp, ok = next, nok
	}
	best := value{none, none, none}
	for s := range states {
		if ok[s] && (best.served == none || dp[s].better(best, p.Objective)) {
			best = dp[s]
		}
	}
	return best
}

// checkSolution asserts every rule a solution must keep: pairs come from
// distinct arcs, pins are in, demands and capacities are respected, and the
// summary fields agree with the pairs.
func checkSolution(t *testing.T, p *assign.Problem, sol *assign.Solution) {
	t.Helper()
	nb, nr := len(p.Beneficiaries), len(p.Resources)
	arcScore := map[[2]int]assign.Arc{}
	for _, a := range p.Arcs {
		k := [2]int{a.Beneficiary, a.Resource}
		old, seen := arcScore[k]
		if !seen || a.Pinned || (!old.Pinned && a.Score > old.Score) {
			arcScore[k] = a
		}
	}
	seen := map[[2]int]bool{}
	count := make([]int, nb)
	pins := make([]int, nb)
	dev := make([]int, nb)
	load := make([]int, nr)
	var total float64
	for i, pr := range sol.Pairs {
		k := [2]int{pr.Beneficiary, pr.Resource}
		a, ok := arcScore[k]
		require.True(t, ok, "pair %v has no arc", k)
		require.False(t, seen[k], "pair %v used twice", k)
		seen[k] = true
		require.Equal(t, a.Score, pr.Score)
		require.Equal(t, a.Pinned, pr.Pinned)
		if i > 0 {
			prev := sol.Pairs[i-1]
			pb, cb := p.Beneficiaries[prev.Beneficiary].ID, p.Beneficiaries[pr.Beneficiary].ID
			require.True(t, pb < cb || (pb == cb && p.Resources[prev.Resource].ID < p.Resources[pr.Resource].ID),
				"pairs out of order at %d", i)
		}
		count[pr.Beneficiary]++
		load[pr.Resource]++
		if pr.Pinned {
			pins[pr.Beneficiary]++
		}
		if p.Resources[pr.Resource].Developing {
			dev[pr.Beneficiary]++
		}
		total += pr.Score
	}
	for k, a := range arcScore {
		if a.Pinned {
			require.True(t, seen[k], "pin %v missing", k)
		}
	}
	served := 0
	unserved := map[int]assign.Unserved{}
	for _, u := range sol.Unserved {
		unserved[u.Beneficiary] = u
	}
	short := map[int]bool{}
	for _, b := range sol.DevelopingShort {
		short[b] = true
	}
	for b, ben := range p.Beneficiaries {
		want := max(ben.Demand, pins[b])
		require.LessOrEqual(t, count[b], want, "beneficiary %d over demand", b)
		if count[b] > 0 {
			served++
		}
		u, isUnserved := unserved[b]
		require.Equal(t, count[b] == 0 && ben.Demand > 0, isUnserved, "unserved status of %d", b)
		if isUnserved {
			hasArc := false
			for k := range arcScore {
				hasArc = hasArc || k[0] == b
			}
			if hasArc {
				require.Equal(t, assign.CandidatesFull, u.Reason)
				for _, r := range u.Full {
					require.Equal(t, p.Resources[r].Capacity, load[r], "resource %d listed full", r)
				}
			} else {
				require.Equal(t, assign.NoCandidates, u.Reason)
			}
		}
		wantShort := count[b] > 0 && dev[b] < min(p.MinDeveloping, want)
		require.Equal(t, wantShort, short[b], "developing shortfall of %d", b)
	}
	for r, res := range p.Resources {
		require.LessOrEqual(t, load[r], res.Capacity, "resource %d over capacity", r)
	}
	require.Equal(t, load, sol.Load)
	require.Equal(t, served, sol.Served)
	require.InDelta(t, total, sol.TotalScore, 1e-9)
}

// randomProblem returns a random problem with up to maxB beneficiaries and
// maxR resources, scores in thousandths, some pairs blocked and some pinned
// (never beyond a resource's capacity).
func randomProblem(rng *rand.Rand, maxB, maxR, maxCap, maxDemand int) *assign.Problem {
	nb, nr := 1+rng.IntN(maxB), 1+rng.IntN(maxR)
	p := &assign.Problem{MinDeveloping: rng.IntN(3)}
	if rng.IntN(2) == 0 {
		p.Objective = model.MaxScore
	}
	for b := range nb {
		p.Beneficiaries = append(p.Beneficiaries, assign.Beneficiary{ID: fmt.Sprintf("b%02d", b), Demand: rng.IntN(maxDemand + 1)})
	}
	for r := range nr {
		p.Resources = append(p.Resources, assign.Resource{ID: fmt.Sprintf("r%02d", r), Capacity: rng.IntN(maxCap + 1), Developing: rng.IntN(2) == 0})
	}
	density := 0.3 + 0.6*rng.Float64()
	pinned := make([]int, nr)
	for b := range nb {
		for r := range nr {
			if rng.Float64() > density {
				continue // blocked
			}
			a := assign.Arc{Beneficiary: b, Resource: r, Score: float64(1+rng.IntN(1000)) / 1000}
			if rng.IntN(12) == 0 && pinned[r] < p.Resources[r].Capacity {
				a.Pinned = true
				pinned[r]++
			}
			p.Arcs = append(p.Arcs, a)
		}
	}
	// Shuffle the arcs so that input order carries no information.
	rng.Shuffle(len(p.Arcs), func(i, j int) { p.Arcs[i], p.Arcs[j] = p.Arcs[j], p.Arcs[i] })
	return p
}
