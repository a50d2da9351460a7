package match

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
)

// decidedCases are n synthetic cases of m candidates with random parts in
// [0,1], where the real partner alone is strong on part decides (1 against
// at most 0.4) and weak elsewhere, so that one part clearly decides it.
func decidedCases(n, m, decides int) []rankCase {
	rng := rand.New(rand.NewPCG(1, 1))
	cases := make([]rankCase, n)
	for i := range cases {
		c := rankCase{real: rng.IntN(m)}
		for j := range m {
			var x [nParts]float64
			for p := range x {
				x[p] = rng.Float64()
			}
			x[decides] = 0.4 * rng.Float64()
			if j == c.real {
				for p := range x {
					x[p] *= 0.5
				}
				x[decides] = 1
			}
			c.x = append(c.x, x)
		}
		cases[i] = c
	}
	return cases
}

func TestFitDecidingPart(t *testing.T) {
	cases := decidedCases(40, 12, 3) // evidence, 0.10 by default
	f, err := fitCases(context.Background(), cases, DefaultWeights, FitOptions{})
	require.NoError(t, err)
	t.Logf("fitted %v; MRR %v → %v, cross-validated %v → %v", f.Weights, f.TrainBefore.MRR, f.TrainAfter.MRR, f.CVBefore.MRR, f.CVAfter.MRR)
	assert.Greater(t, f.Weights[model.PartEvidence], 0.5, "the deciding part gets most of the weight")
	for i, v := range f.Weights {
		if i != 3 {
			assert.Less(t, v, f.Weights[model.PartEvidence])
		}
	}
	assert.InDelta(t, DefaultWeights[model.PartHistory], f.Weights[model.PartHistory], 1e-12, "history keeps its share")
	assert.Equal(t, 1.0, f.TrainAfter.MRR)
	assert.Greater(t, f.CVAfter.MRR, f.CVBefore.MRR, "the fit carries over to held-out folds")
	assert.Empty(t, f.Warnings)
}

func TestFitTooFewCases(t *testing.T) {
	cases := decidedCases(MinFitCases-1, 5, 0)
	cases = append(cases, rankCase{real: -1}, rankCase{real: 0, x: make([][nParts]float64, 1)}) // neither informs
	_, err := fitCases(context.Background(), cases, DefaultWeights, FitOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "at least 12")
	_, err = fitCases(context.Background(), decidedCases(MinFitCases, 5, 0), DefaultWeights, FitOptions{Folds: MinFitCases + 1})
	assert.Error(t, err, "more folds than cases")
	_, err = fitCases(context.Background(), decidedCases(MinFitCases, 5, 0), DefaultWeights, FitOptions{Temperature: -1})
	assert.Error(t, err, "a negative temperature")
}

func TestRounded(t *testing.T) {
	u := freeShares([nParts]float64{1, 1, 1, 0, 0, 0, 1e-9})
	w, ur := rounded(u, 0.05)
	var sum float64
	for _, v := range w {
		sum += v
		assert.InDelta(t, 0, v*weightUnits-float64(int(v*weightUnits+0.5)), 1e-9, "4 decimals")
	}
	assert.InDelta(t, 1, sum, 1e-12)
	assert.Equal(t, 0.05, w[model.PartHistory])
	assert.Equal(t, 0.0, w[model.PartText])
	assert.InDelta(t, 1.0/3, ur[0], 1e-4)
}
