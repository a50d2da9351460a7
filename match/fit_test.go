package match_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// fitTune fits the weights on the tuning set (never on a held-out set).
func fitTune(t *testing.T) *match.Fit {
	t.Helper()
	doc := evalDoc(t, "tune.json")
	f, err := match.FitWeights(context.Background(), doc, fixtures.Reference(), inferrer, 2026, match.DefaultParameters(), match.FitOptions{})
	require.NoError(t, err)
	return f
}

// assertSimplex checks that w is non-negative and sums to 1.
func assertSimplex(t *testing.T, w model.Weights, what string) {
	t.Helper()
	var sum float64
	for i, v := range w {
		assert.GreaterOrEqual(t, v, 0.0, "%s: %s", what, model.PartID(i))
		sum += v
	}
	assert.InDelta(t, 1, sum, 1e-9, what)
}

func TestFitWeights(t *testing.T) {
	f := fitTune(t)
	t.Logf("fitted %v; smooth MRR %.4f → %.4f; MRR %v → %v; cross-validated MRR %v → %v, recall@5 %v → %v",
		f.Weights, f.Objective.Start, f.Objective.Fitted, f.TrainBefore.MRR, f.TrainAfter.MRR,
		f.CVBefore.MRR, f.CVAfter.MRR, f.CVBefore.Recall5, f.CVAfter.Recall5)
	t.Run("Simplex", func(t *testing.T) {
		assertSimplex(t, f.Weights, "fitted")
		require.Len(t, f.Folds, match.DefaultFolds)
		for _, fd := range f.Folds {
			assertSimplex(t, fd.Weights, "fold")
		}
	})
	t.Run("NeverWorseThanStart", func(t *testing.T) {
		assert.GreaterOrEqual(t, f.Objective.Fitted, f.Objective.Start)
		assert.Equal(t, match.DefaultWeights, f.Start)
	})
	t.Run("AsEvaluateMeasures", func(t *testing.T) {
		// The fit ranks the cases exactly as c2c evaluate does.
		doc := evalDoc(t, "tune.json")
		for _, tc := range []struct {
			w    model.Weights
			want match.Measures
		}{{f.Start, f.TrainBefore}, {f.Weights, f.TrainAfter}} {
			p := match.DefaultParameters()
			p.Weights = tc.w
			ev, err := match.Evaluate(context.Background(), doc, fixtures.Reference(), inferrer, 2026, p)
			require.NoError(t, err)
			assert.Equal(t, tc.want.N, ev.N)
			assert.Equal(t, tc.want.Hit5, ev.Hit5)
			assert.InDelta(t, tc.want.MRR, ev.MRR, 1e-4)
		}
	})
	t.Run("Deterministic", func(t *testing.T) {
		assert.Equal(t, f, fitTune(t))
	})
	t.Run("CrossValidation", func(t *testing.T) {
		var test, hit5 int
		for _, fd := range f.Folds {
			assert.Equal(t, f.Cases, fd.Train+fd.Test)
			test += fd.Test
			hit5 += fd.After.Hit5
		}
		assert.Equal(t, f.Cases, test, "every case is held out once")
		assert.Equal(t, hit5, f.CVAfter.Hit5)
		assert.Equal(t, f.TrainBefore, f.CVBefore, "the start weights are not fitted")
	})
}

func TestFitWeightsTooFew(t *testing.T) {
	doc := evalDoc(t, "tune.json")
	doc.Exchanges = doc.Exchanges[:match.MinFitCases-1]
	_, err := match.FitWeights(context.Background(), doc, fixtures.Reference(), inferrer, 2026, match.DefaultParameters(), match.FitOptions{})
	var me *model.Error
	require.True(t, errors.As(err, &me), "%v", err)
	assert.Equal(t, model.EINVALID, me.Code)
	assert.Contains(t, me.Message, "needs at least 12")
}
