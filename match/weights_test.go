package match_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// TestDefaults: the default weights sum to 1 as they are, so that the
// weights a shortlist records are those the documentation gives, and the
// default parameters are valid.
func TestDefaults(t *testing.T) {
	sum := 0.0
	for _, v := range match.DefaultWeights {
		sum += v
	}
	assert.InDelta(t, 1, sum, 1e-12)
	n, err := match.DefaultWeights.Normalized()
	require.NoError(t, err)
	assert.InDeltaSlice(t, match.DefaultWeights[:], n[:], 1e-12)
	require.NoError(t, match.DefaultParameters().Validate())
	require.NoError(t, match.DefaultPairingParameters().Validate())
	assert.Equal(t, model.PreferContinue, match.DefaultParameters().Prefer)
}
