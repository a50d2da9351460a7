package match

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/model"
)

// sampleEngine returns an engine over the embedded sample network.
func sampleEngine(t testing.TB) *Engine {
	t.Helper()
	ref := fixtures.Reference()
	doc := fixtures.Sample()
	doc.Normalize(ref)
	e, err := NewEngine(doc, ref, vecInferrer(ref.Topics), 2026)
	require.NoError(t, err)
	return e
}

// propertyEngines returns engines over a few random synthetic networks of
// a few hundred cities each.
func propertyEngines(t *testing.T) []*Engine {
	t.Helper()
	ref := fixtures.Reference()
	var out []*Engine
	for _, c := range []struct {
		cities int
		seed   uint64
	}{{300, 3}, {400, 17}, {250, 101}} {
		doc := synth.Generate(synth.Options{Cities: c.cities, Seed: c.seed, Rules: c.cities / 20}, ref)
		doc.Normalize(ref)
		e, err := NewEngine(doc, ref, vecInferrer(ref.Topics), 2026)
		require.NoError(t, err)
		out = append(out, e)
	}
	return out
}

// TestTextPartMatchesReference checks, bit for bit, the blocked text part,
// the text cover and the best words of the gap analysis against the
// straightforward ones for every beneficiary of a few random networks and
// the sample, with blocks small enough that a city's offers straddle them.
func TestTextPartMatchesReference(t *testing.T) {
	for ei, e := range append(propertyEngines(t), sampleEngine(t)) {
		n := e.Len()
		want, got := make([]float64, n), make([]float64, n)
		wantCov, gotCov := make([]float64, n), make([]float64, n)
		rs := newRefTextScratch(e.text, n)
		for _, size := range []int{64, 128, textBlock} {
			ts := newTextScratch(size)
			for b := range e.cities {
				for _, topic := range []int{-1, int(e.profiles[b].firstNeedTopic())} {
					a := e.needWeights(b, topic)
					e.textPartReference(b, a, rs, want, wantCov)
					e.textPart(b, a, ts, got, gotCov)
					for j := range want {
						if math.Float64bits(want[j]) != math.Float64bits(got[j]) {
							t.Fatalf("engine %d, block %d, %s → %s: text %v, want %v", ei, size, e.cities[b].ID, e.cities[j].ID, got[j], want[j])
						}
						if math.Float64bits(wantCov[j]) != math.Float64bits(gotCov[j]) {
							t.Fatalf("engine %d, block %d, %s → %s: cover %v, want %v", ei, size, e.cities[b].ID, e.cities[j].ID, gotCov[j], wantCov[j])
						}
					}
					for i := range a {
						require.Equal(t, math.Float64bits(rs.wordBest[i]), math.Float64bits(ts.wordBest[i]), "engine %d, %s, need %d: best words", ei, e.cities[b].ID, i)
						require.Equal(t, rs.wordBy[i], ts.wordBy[i], "engine %d, %s, need %d: best words' city", ei, e.cities[b].ID, i)
					}
					e.textPart(b, a, ts, got, nil)
					for j := range want {
						if math.Float64bits(want[j]) != math.Float64bits(got[j]) {
							t.Fatalf("engine %d, block %d, %s → %s: text without cover %v, want %v", ei, size, e.cities[b].ID, e.cities[j].ID, got[j], want[j])
						}
					}
				}
			}
		}
	}
}

// TestTopicPartsMatchReference checks, bit for bit, the sparse topic parts
// against the dense row sums for every beneficiary of a few random
// networks and the sample.
func TestTopicPartsMatchReference(t *testing.T) {
	p := DefaultParameters()
	require.NoError(t, p.Validate())
	for ei, e := range append(propertyEngines(t), sampleEngine(t)) {
		n := e.Len()
		s := newScratch(n)
		want := [4][]float64{make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)}
		for b := range e.cities {
			q, err := e.newQuery(b, &p)
			if err != nil {
				continue
			}
			e.topicParts(q, s)
			e.topicPartsReference(q, want[0], want[1], want[2], want[3])
			for k, got := range [][]float64{s.need, s.evid, s.low, s.recip} {
				for j := range got {
					if math.Float64bits(got[j]) != math.Float64bits(want[k][j]) {
						t.Fatalf("engine %d, part %d, %s → %s: %v, want %v", ei, k, e.cities[b].ID, e.cities[j].ID, got[j], want[k][j])
					}
				}
			}
		}
	}
}

// firstNeedTopic is the topic of the profile's first placed need, or -1.
func (p *profile) firstNeedTopic() int {
	if len(p.need) == 0 {
		return -1
	}
	return p.need[0].topic
}

// referenceShortlist computes b's shortlist the straightforward way: the
// reference text part, every pair scored exactly, every qualified pair
// ranked, then the same quota re-ranking and explanations.
func referenceShortlist(e *Engine, b int, p model.Parameters) (*model.Shortlist, error) {
	q, err := e.newQuery(b, &p)
	if err != nil {
		return nil, err
	}
	n := e.Len()
	s := newScratch(n)
	e.topicParts(q, s)
	e.textPartReference(b, q.textA, newRefTextScratch(e.text, n), s.text, s.cover)
	sd := e.sideOf(q)
	var all, prot, pins []ranked
	for j := range e.cities {
		e.pairParts(&sd, s, j)
		why, pinned := e.exclusion(q, j, s.need[j], s.cover[j])
		if why != "" {
			continue
		}
		c := ranked{j: j, score: s.total[j], protected: e.protected[j], pinned: pinned}
		all = append(all, c)
		if c.protected {
			prot = append(prot, c)
		}
		if pinned {
			pins = append(pins, c)
		}
	}
	sortRanked(all)
	sortRanked(prot)
	rank := map[int]int{}
	for i, c := range all {
		rank[c.j] = i + 1
	}
	sel := selection{qualified: len(all), available: len(prot)}
	seen := map[int]bool{}
	for _, list := range [][]ranked{all[:min(len(all), p.Top+extraRanked)], prot[:min(len(prot), p.Top)], pins} {
		for _, c := range list {
			if !seen[c.j] {
				seen[c.j] = true
				c.rank = rank[c.j]
				sel.pool = append(sel.pool, c)
			}
		}
	}
	sortRanked(sel.pool)
	return e.assemble(q, s, &p, sel), nil
}

// TestShortlistsMatchReference is the property that the optimised paths
// (Shortlist, and the batch's Shortlists on every core) give byte-identical
// shortlists, ties and their order included, to the straightforward
// computation, for every member of a few random networks and several
// parameter sets.
func TestShortlistsMatchReference(t *testing.T) {
	params := func(mod func(*model.Parameters)) model.Parameters {
		p := DefaultParameters()
		mod(&p)
		n, err := p.Normalized()
		require.NoError(t, err)
		return n
	}
	sets := map[string]model.Parameters{
		"default": params(func(*model.Parameters) {}),
		"new":     params(func(p *model.Parameters) { p.Prefer = model.PreferNew; p.Top = 8 }),
		"text": params(func(p *model.Parameters) {
			p.Weights = model.Weights{model.PartText: 1, model.PartNeed: 0.1}
			p.AllowSameCountry = true
		}),
	}
	for ei, e := range propertyEngines(t) {
		ids := e.Beneficiaries()
		for name, p := range sets {
			t.Run(fmt.Sprintf("%d/%s", ei, name), func(t *testing.T) {
				batch := map[string][]byte{}
				_, err := e.Shortlists(t.Context(), ids, p, func(sl *model.Shortlist) error {
					batch[sl.Beneficiary] = mustJSON(t, sl)
					return nil
				})
				require.NoError(t, err)
				for _, id := range ids {
					want, err := referenceShortlist(e, e.index[id], p)
					require.NoError(t, err)
					one, err := e.Shortlist(id, p)
					require.NoError(t, err)
					w := mustJSON(t, want)
					require.Equal(t, string(w), string(mustJSON(t, one)), "Shortlist %s", id)
					require.Equal(t, string(w), string(batch[id]), "Shortlists %s", id)
				}
			})
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// BenchmarkTextPart measures the text part alone: the first 200
// beneficiaries of a 20,000-city synthetic network against every city, for
// several block sizes.
func BenchmarkTextPart(b *testing.B) {
	ref := fixtures.Reference()
	doc := synth.Generate(synth.Options{Cities: 20000, Seed: 1}, ref)
	doc.Normalize(ref)
	e, err := NewEngine(doc, ref, vecInferrer(ref.Topics), 2026)
	require.NoError(b, err)
	out, cover := make([]float64, e.Len()), make([]float64, e.Len())
	for _, size := range []int{1024, 2048, textBlock, 16384} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			ts := newTextScratch(size)
			b.ReportAllocs()
			for b.Loop() {
				for q := range 200 {
					e.textPart(q, e.needWeights(q, -1), ts, out, cover)
				}
			}
		})
	}
}
