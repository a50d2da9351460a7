package match_test

import (
	"testing"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseWeights(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    match.Weights
		errKeys []string
	}{
		{name: "OK", in: "need=0.5,reciprocity=0.2", want: func() match.Weights {
			w := match.DefaultWeights
			w.Need, w.Reciprocity = 0.5, 0.2
			return w
		}()},
		{name: "File", in: "# weights\nneed: 1\nhistory=0 # off\n", want: func() match.Weights {
			w := match.DefaultWeights
			w.Need, w.History = 1, 0
			return w
		}()},
		{name: "ErrUnknownPart", in: "need=1,popularity=2", errKeys: []string{"popularity"}},
		{name: "ErrNegative", in: "context=-1", errKeys: []string{"context"}},
		{name: "ErrNotANumber", in: "evidence=lots,feasibility=NaN", errKeys: []string{"evidence", "feasibility"}},
		{name: "ErrNoEquals", in: "need", errKeys: []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := match.ParseWeights(tt.in, match.DefaultWeights, "--weights")
			if tt.errKeys == nil {
				require.NoError(t, err)
				assert.Equal(t, tt.want, w)
				return
			}
			require.Error(t, err)
			assert.Equal(t, model.EINVALID, model.ErrorCode(err))
			var es model.Errors
			require.ErrorAs(t, err, &es)
			var keys []string
			for _, e := range es {
				keys = append(keys, e.Key)
				assert.Equal(t, "--weights", e.File)
			}
			assert.Equal(t, tt.errKeys, keys)
		})
	}
}

func TestWeightsNormalized(t *testing.T) {
	w, err := match.Weights{Need: 2, Reciprocity: 1, Context: 1}.Normalized()
	require.NoError(t, err)
	assert.InDelta(t, 0.5, w.Need, 1e-12)
	assert.InDelta(t, 0.25, w.Context, 1e-12)

	_, err = match.Weights{}.Normalized()
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))

	sum := 0.0
	d, err := match.DefaultWeights.Normalized()
	require.NoError(t, err)
	for _, v := range []float64{d.Need, d.Reciprocity, d.Context, d.Evidence, d.Feasibility, d.History, d.Text} {
		sum += v
	}
	assert.InDelta(t, 1, sum, 1e-12)
	round, err := match.ParseWeights(match.DefaultWeights.String(), match.Weights{}, "x")
	require.NoError(t, err)
	assert.Equal(t, match.DefaultWeights, round)
}

// TestValidateLeavesParameters: Validate checks without changing its
// receiver; Normalized gives the copy the engine scores with.
func TestValidateLeavesParameters(t *testing.T) {
	p := match.DefaultParameters()
	p.Weights.Text = 1.4 // the weights sum to 2
	before := p
	require.NoError(t, p.Validate())
	assert.Equal(t, before, p, "Validate changed its receiver")
	n, err := p.Normalized()
	require.NoError(t, err)
	assert.InDelta(t, 0.7, n.Weights.Text, 1e-12)
	assert.Equal(t, before, p, "Normalized changed its receiver")
	p.Top = 0
	_, err = p.Normalized()
	assert.Error(t, err)
}
