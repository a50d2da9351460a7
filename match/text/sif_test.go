package text_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures/vectors"
	"github.com/c2cnet/c2c/match/text"
)

// unranked is word vectors that know no frequency ranks.
type unranked struct{}

func (unranked) Lookup(string) ([]float32, bool) { return []float32{1}, true }

func TestFrequencyWeight(t *testing.T) {
	vec, err := vectors.Default()
	require.NoError(t, err)
	t.Run("Formula", func(t *testing.T) {
		for _, w := range []string{"the", "people", "garbage", "landfill"} {
			r := vec.Rank(w)
			require.GreaterOrEqual(t, r, 0, w)
			p := 1 / (float64(r+1) * (math.Log(float64(vec.Len())) + 0.5772))
			got, ok := text.FrequencyWeight(vec, w)
			require.True(t, ok, w)
			assert.InDelta(t, text.SIFWeight/(text.SIFWeight+p), got, 1e-15, w)
			assert.Greater(t, got, 0.0, w)
			assert.Less(t, got, 1.0, w)
		}
	})
	t.Run("RarerWeighsMore", func(t *testing.T) {
		prev, prevRank := -1.0, -1
		for _, w := range []string{"the", "people", "garbage", "landfill"} {
			require.Greater(t, vec.Rank(w), prevRank, "%s is rarer than the word before", w)
			prevRank = vec.Rank(w)
			got, _ := text.FrequencyWeight(vec, w)
			assert.Greater(t, got, prev, w)
			prev = got
		}
	})
	t.Run("Unknown", func(t *testing.T) {
		_, ok := text.FrequencyWeight(vec, "qwzxvrrbl")
		assert.False(t, ok)
		_, ok = text.FrequencyWeight(unranked{}, "garbage")
		assert.False(t, ok, "vectors without ranks")
		_, ok = text.MinFrequencyWeight(unranked{}, map[string]bool{"garbage": true})
		assert.False(t, ok)
		_, ok = text.MinFrequencyWeight(vec, map[string]bool{"qwzxvrrbl": true})
		assert.False(t, ok)
	})
	t.Run("MinOverForms", func(t *testing.T) {
		common, _ := text.FrequencyWeight(vec, "bus")
		got, ok := text.MinFrequencyWeight(vec, map[string]bool{"busses": true, "bus": true, "qwzxvrrbl": true})
		require.True(t, ok)
		assert.Equal(t, common, got, "the most frequent form's weight")
	})
}
