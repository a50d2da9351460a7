package text_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/vectors"
	"github.com/c2cnet/c2c/match/text"
)

// TestInferByNearness: a text no phrase and no topic word names still gets
// a topic, by nearness in the word-vector space, and only with vectors.
func TestInferByNearness(t *testing.T) {
	tax := fixtures.Taxonomy()
	vec, err := vectors.Default()
	require.NoError(t, err)
	plain := text.NewInferrer(tax)
	in := text.NewInferrer(tax)
	in.SetVectors(vec)
	for _, s := range []string{
		"torrents drown our dwellings each autumn",
		"grandparents feel isolated and forgotten",
	} {
		require.Empty(t, plain.Infer(s), "%q: no phrase or topic word, so this tests nearness", s)
		hits := in.Infer(s)
		require.NotEmpty(t, hits, "%q gets a topic with vectors", s)
		assert.LessOrEqual(t, hits[0].Weight, text.VectorWeight, "a guess by meaning weighs at most VectorWeight")
		assert.NotEmpty(t, hits[0].Evidence)
		t.Logf("%q → %s %.2f %v (without vectors: %v)", s, tax.Topics[hits[0].Topic].ID, hits[0].Weight, hits[0].Evidence, plain.Infer(s))
	}
	flood := in.Infer("torrents drown our dwellings each autumn")
	require.NotEmpty(t, flood)
	assert.Equal(t, "urban-flooding", tax.Topics[flood[0].Topic].ID)
	assert.Empty(t, in.Infer("ខ្ញុំ ស្រឡាញ់"), "a script the vectors do not know gets nothing")
}
