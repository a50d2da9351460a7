package text_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match/text"
)

func TestInferPhrases(t *testing.T) {
	tax := mustTestTaxonomy(t)
	in := text.NewInferrer(tax)
	assert.Same(t, tax, in.Taxonomy())

	hits := in.Infer("BRT")
	require.Len(t, hits, 1)
	assert.Equal(t, "brt", tax.Topics[hits[0].Topic].ID)
	assert.Equal(t, 1.0, hits[0].Weight)
	assert.Equal(t, []string{"brt"}, hits[0].Evidence)

	// Two topics: the best has weight 1, the other its share.
	hits = in.Infer("the water pipes leak and buses are late")
	require.Len(t, hits, 2)
	assert.Equal(t, []string{"non-revenue-water", "public-transport"}, topicIDs(tax, []int{hits[0].Topic, hits[1].Topic}))
	assert.Equal(t, 1.0, hits[0].Weight)
	assert.Greater(t, hits[1].Weight, text.PhraseKeep)
	assert.Less(t, hits[1].Weight, 1.0)
	assert.Equal(t, []string{"leak"}, hits[0].Evidence)
	assert.Equal(t, []string{"bus"}, hits[1].Evidence)

	// A longer phrase outweighs a shorter one of another topic.
	hits = in.Infer("a bus rapid transit corridor and a commuter")
	require.NotEmpty(t, hits)
	assert.Equal(t, "brt", tax.Topics[hits[0].Topic].ID)

	// A phrase shared by two topics: equal weights, ties by topic id.
	hits = in.Infer("garbage")
	require.Len(t, hits, 2)
	assert.Equal(t, []string{"non-revenue-water", "waste-collection"}, topicIDs(tax, []int{hits[0].Topic, hits[1].Topic}))
	assert.Equal(t, hits[0].Weight, hits[1].Weight)

	// Evidence: strongest phrase first, repeated phrases once.
	hits = in.Infer("garbage truck, trash and more trash")
	require.NotEmpty(t, hits)
	assert.Equal(t, "waste-collection", tax.Topics[hits[0].Topic].ID)
	assert.Equal(t, []string{"garbage truck", "trash"}, hits[0].Evidence)
}

func TestInferFallback(t *testing.T) {
	tax := mustTestTaxonomy(t)
	in := text.NewInferrer(tax)
	hits := in.Infer("revenue of the water company")
	require.NotEmpty(t, hits)
	assert.Equal(t, "non-revenue-water", tax.Topics[hits[0].Topic].ID)
	assert.Equal(t, text.FallbackWeight, hits[0].Weight)
	assert.ElementsMatch(t, []string{"water", "revenue"}, hits[0].Evidence)
	for _, h := range hits {
		assert.LessOrEqual(t, h.Weight, text.FallbackWeight)
	}

	hits = in.Infer("Transit users")
	require.Len(t, hits, 1)
	assert.Equal(t, "brt", tax.Topics[hits[0].Topic].ID)
	assert.Equal(t, []string{"transit"}, hits[0].Evidence)
}

func TestInferNothing(t *testing.T) {
	in := text.NewInferrer(mustTestTaxonomy(t))
	for _, s := range []string{"", "   ", "the weather is nice", "it is what it is", "¿qué?"} {
		assert.Nil(t, in.Infer(s), "%q", s)
	}
}

func TestInferProperties(t *testing.T) {
	tax := mustTestTaxonomy(t)
	in := text.NewInferrer(tax)
	for _, s := range []string{
		"garbage garbage trash 3r recycling waste picker leak nrw bus brt busway tap",
		"water supply and public transport and open burning and recycling",
		"waste", "supply", "the poorest", "burn garbage",
	} {
		hits := in.Infer(s)
		require.LessOrEqual(t, len(hits), text.MaxTopics, "%q", s)
		for i, h := range hits {
			assert.Greater(t, h.Weight, 0.0)
			assert.LessOrEqual(t, h.Weight, 1.0)
			assert.NotEmpty(t, h.Evidence)
			if i > 0 {
				p := hits[i-1]
				assert.True(t, p.Weight > h.Weight || p.Weight == h.Weight && tax.Topics[p.Topic].ID < tax.Topics[h.Topic].ID,
					"%q: hits out of order", s)
			}
		}
	}
}

func TestInferMemoIsolated(t *testing.T) {
	tax := mustTestTaxonomy(t)
	in := text.NewInferrer(tax)
	first := in.Infer("garbage truck and trash")
	require.NotEmpty(t, first)
	want := fmt.Sprint(first)
	first[0].Weight = 42
	first[0].Evidence[0] = "changed"
	assert.Equal(t, want, fmt.Sprint(in.Infer("garbage truck and trash")))
}

func TestInferConcurrent(t *testing.T) {
	tax := mustTestTaxonomy(t)
	in := text.NewInferrer(tax)
	inputs := []string{"BRT", "garbage", "leaking pipe", "the weather", "revenue of the water company", "taps run dry"}
	want := make([]string, len(inputs))
	fresh := text.NewInferrer(tax)
	for i, s := range inputs {
		want[i] = fmt.Sprint(fresh.Infer(s))
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 100 {
				i := (g + k) % len(inputs)
				assert.Equal(t, want[i], fmt.Sprint(in.Infer(inputs[i])))
				if k%25 == 0 {
					in.Fit(inputs[:i])
				}
				in.Similarity(inputs[i], inputs[(i+1)%len(inputs)])
			}
		})
	}
	wg.Wait()
}

func TestSimilarity(t *testing.T) {
	in := text.NewInferrer(mustTestTaxonomy(t))
	a, b := "leaking water pipes in the old town", "we fixed leaks in water pipes"
	s, words := in.Similarity(a, b)
	assert.Greater(t, s, 0.3)
	assert.LessOrEqual(t, s, 1.0)
	assert.ElementsMatch(t, []string{"leaking", "pipes", "water"}, words)

	same, _ := in.Similarity(a, a)
	assert.InDelta(t, 1, same, 1e-12)
	zero, none := in.Similarity(a, "the weather is nice")
	assert.Equal(t, 0.0, zero)
	assert.Empty(t, none)

	// Fit: once "water" and "pipes" are everywhere, they count for less.
	in.Fit([]string{"water pipes", "water pipes and meters", "pipes", "water"})
	after, words2 := in.Similarity(a, b)
	assert.Less(t, after, s)
	assert.Equal(t, "leaking", words2[0], "the rarest shared word comes first")
	// Infer does not depend on Fit.
	assert.Equal(t, text.NewInferrer(mustTestTaxonomy(t)).Infer(b), in.Infer(b))
}
