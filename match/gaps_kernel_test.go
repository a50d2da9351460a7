package match

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/model"
)

// coverAt is the cover of need i of b by city j alone, by the definition:
// j's smoothed offer on the need's topics, and each of j's offer
// documents' similarity to the need.
func coverAt(e *Engine, b, i, j int) float64 {
	x := &e.profiles[b].needs[i]
	o := asMap(e.profiles[j].offer)
	var c float64
	for _, tw := range x.topics {
		c = math.Max(c, tw.weight*o[tw.topic])
	}
	nd := &e.text.needs[b][i]
	if len(nd.terms) > 0 {
		for _, d := range e.text.byCity[j] {
			lex, sem, _, _ := e.text.entrySimilarity(nd, d)
			c = math.Max(c, math.Min(1, LexicalShare*lex+(1-LexicalShare)*sem))
		}
	}
	return c
}

// bruteCover is the best cover of need i of b, pair by pair, and the first
// city that gives it (-1 for none).
func bruteCover(e *Engine, b, i int) (best float64, by int) {
	by = -1
	for j := range e.cities {
		if c := coverAt(e, b, i, j); j != b && c > best {
			best, by = c, j
		}
	}
	return best, by
}

// TestNeedCoverMatchesBruteForce checks the leaders and the words kept by
// textPart against bruteCover on small networks (n ≤ 8) and on the sample.
func TestNeedCoverMatchesBruteForce(t *testing.T) {
	ref := fixtures.Reference()
	docs := []*model.Document{fixtures.Sample()}
	for seed := uint64(1); seed <= 6; seed++ {
		docs = append(docs, synth.Generate(synth.Options{Cities: 8, Seed: seed}, ref))
	}
	in := vecInferrer(ref.Topics)
	for di, doc := range docs {
		doc.Normalize(ref)
		e, err := NewEngine(doc, ref, in, 2026)
		require.NoError(t, err)
		p := DefaultParameters()
		require.NoError(t, p.Validate())
		s := newScratch(e.Len())
		checked := 0
		for b := range e.cities {
			q, err := e.newQuery(b, &p)
			if err != nil {
				continue
			}
			e.topicParts(q, s)
			for i := range e.profiles[b].needs {
				if !e.examined(q, i) {
					continue
				}
				want, by := bruteCover(e, b, i)
				got := e.needCover(q, i, s.ts)
				require.InDelta(t, want, got.score, 1e-6, "doc %d: %s need %d", di, e.cities[b].ID, i)
				if want > 0 {
					// The city may differ only on a tie.
					if got.j != by {
						require.NotEqual(t, b, got.j)
						assert.InDelta(t, want, coverAt(e, b, i, got.j), 1e-6, "doc %d: %s need %d by %d", di, e.cities[b].ID, i, got.j)
					}
				} else {
					assert.Equal(t, -1, got.j)
				}
				checked++
			}
		}
		assert.Positive(t, checked, "doc %d", di)
	}
}
