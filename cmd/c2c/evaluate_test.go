package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// tuneDB returns a new database holding the tuning set of the engine's
// evaluation (match/testdata/eval/tune.json), never a held-out set.
func tuneDB(tb testing.TB) string {
	tb.Helper()
	db := filepath.Join(tb.TempDir(), "tune.db")
	mustRun(tb, "--db", db, "--empty", "import", filepath.Join("..", "..", "match", "testdata", "eval", "tune.json"))
	return db
}

func TestEvaluateFit(t *testing.T) {
	db := tuneDB(t)
	out := filepath.Join(t.TempDir(), "fitted.weights")
	r := mustRun(t, "--db", db, "evaluate", "--fit", "--year", "2026", "--weights-out", out)
	golden(t, "evaluate-fit", r.stdout)
	assert.Contains(t, r.stderr, "wrote the fitted weights to "+out)
	assert.NotContains(t, r.stdout, `\n`)

	t.Run("RoundTrip", func(t *testing.T) {
		// fit → file → shortlist --weights-file scores with the fitted weights.
		var f match.Fit
		require.NoError(t, json.Unmarshal([]byte(mustRun(t, "--db", db, "evaluate", "--fit", "--year", "2026", "--format", "json").stdout), &f))
		raw, err := os.ReadFile(out)
		require.NoError(t, err)
		read, err := model.ParseWeights(string(raw), model.Weights{}, out)
		require.NoError(t, err)
		assert.Equal(t, f.Weights, read, "the file holds exactly the fitted weights")

		var sl struct {
			Parameters struct {
				Weights model.Weights `json:"weights"`
			} `json:"parameters"`
			Candidates []model.Candidate `json:"candidates"`
		}
		r := mustRun(t, "--db", db, "shortlist", "suceava", "--year", "2026", "--weights-file", out, "--format", "json")
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &sl))
		for i, name := range model.PartNames {
			assert.InDelta(t, f.Weights[i], sl.Parameters.Weights[i], 1e-12, name)
		}
		require.NotEmpty(t, sl.Candidates)
		for i, p := range sl.Candidates[0].Parts.Parts() {
			assert.Equal(t, f.Weights[i], p.Weight, model.PartNames[i])
		}
	})
	t.Run("ErrFoldsWithoutFit", func(t *testing.T) {
		r := runC2C(t, "--db", db, "evaluate", "--folds", "3")
		require.Error(t, r.err)
		assert.Contains(t, model.ErrorMessage(r.err), "--folds needs --fit")
	})
	t.Run("ErrTooManyFolds", func(t *testing.T) {
		r := runC2C(t, "--db", db, "evaluate", "--fit", "--folds", "18")
		require.Error(t, r.err)
		assert.Contains(t, model.ErrorMessage(r.err), "--folds: expected between 2 folds and the number of cases, 17, not 18")
	})
}
