package match_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// FuzzParseWeights checks ParseWeights on any text: it never panics; a
// refusal is EINVALID, located in the source it was given, and returns the
// base weights unchanged; an accepted text gives finite weights ≥ 0 that
// String writes back in a form ParseWeights reads to the same weights.
func FuzzParseWeights(f *testing.F) {
	for _, s := range []string{
		"need=0.5,reciprocity=0.2",
		"# weights\nneed: 1\nhistory=0 # off\n",
		"text=0.4\ncontext=0.15,evidence=0.1",
		"need=1,popularity=2",
		"context=-1",
		"evidence=lots,feasibility=NaN",
		"need=+Inf",
		"need",
		"=,=:,:\n#",
		"NEED = 1e-300 , Text=1e300",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := match.ParseWeights(s, match.DefaultWeights, "weights.txt")
		if err != nil {
			assert.Equal(t, match.DefaultWeights, w, "a refused text leaves the base")
			assert.Equal(t, model.EINVALID, model.ErrorCode(err))
			var es model.Errors
			require.ErrorAs(t, err, &es)
			require.NotEmpty(t, es)
			for _, e := range es {
				assert.Equal(t, "weights.txt", e.File)
				assert.NotEmpty(t, e.Message)
			}
			return
		}
		for i, v := range []float64{w.Need, w.Reciprocity, w.Context, w.Evidence, w.Feasibility, w.History, w.Text} {
			assert.False(t, math.IsNaN(v) || math.IsInf(v, 0) || v < 0, "%s=%v", model.PartNames[i], v)
		}
		back, err := match.ParseWeights(w.String(), match.Weights{}, "round trip")
		require.NoError(t, err, "String wrote %q", w.String())
		assert.Equal(t, w, back)
	})
}
