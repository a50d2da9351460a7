package match

import (
	"math"
	"slices"
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/fixtures/vectors"
	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dot is the reference sparse dot product of two topic vectors.
func dot(a []topicWeight, b map[int]float64) float64 {
	var s float64
	for _, tw := range a {
		s += tw.weight * b[tw.topic]
	}
	return s
}

// vecInferrer is a topic inferrer with the embedded word vectors.
func vecInferrer(tax *model.Taxonomy) *text.Inferrer {
	in := text.NewInferrer(tax)
	v, err := vectors.Default()
	if err != nil {
		panic(err)
	}
	in.SetVectors(v)
	return in
}

func asMap(v []topicWeight) map[int]float64 {
	m := map[int]float64{}
	for _, tw := range v {
		m[tw.topic] = tw.weight
	}
	return m
}

// TestKernelMatchesReference recomputes every part of every pair of the
// sample pair by pair, from the sparse vectors and the raw profile fields
// (spherical law of cosines for distance), and compares with the blocked
// matrix kernel.
func TestKernelMatchesReference(t *testing.T) {
	e := sampleEngine(t)
	doc := fixtures.Sample()
	doc.Normalize(fixtures.Reference())
	for _, prefer := range []model.Prefer{model.PreferContinue, model.PreferNew} {
		p := DefaultParameters()
		p.Prefer = prefer
		require.NoError(t, p.Validate())
		s := newScratch(e.Len())
		for b := range e.cities {
			q, err := e.newQuery(b, &p)
			if err != nil {
				continue
			}
			e.scoreAll(q, s)
			bc := &e.cities[b]
			for j := range e.cities {
				rc := &e.cities[j]
				need := dot(q.need, asMap(e.profiles[j].offer))
				evid := dot(q.need, asMap(e.evid[j]))
				low := dot(q.need, asMap(e.low[j]))
				var recip float64
				if rp := e.profiles[j]; rp.needSum > 0 {
					recip = dot(rp.need, asMap(e.profiles[b].offer)) / rp.needSum
				}
				assert.InDelta(t, need, s.need[j], 1e-12)
				assert.InDelta(t, evid, s.evid[j], 1e-12)
				assert.InDelta(t, recip, s.recip[j], 1e-12)
				assert.InDelta(t, low, s.low[j], 1e-12)

				// Feasibility from the raw fields.
				lang := 0.5
				if len(bc.Languages) > 0 && len(rc.Languages) > 0 {
					lang = 0
					if len(shared(bc.Languages, rc.Languages)) > 0 {
						lang = 1
					}
				}
				near := 0.5
				if bc.Location != nil && rc.Location != nil {
					r := math.Pi / 180
					p1, p2 := bc.Location.Lat*r, rc.Location.Lat*r
					cos := math.Sin(p1)*math.Sin(p2) + math.Cos(p1)*math.Cos(p2)*math.Cos((rc.Location.Lon-bc.Location.Lon)*r)
					near = math.Max(0, cos)
				}
				host := math.Min(1, float64(rc.EffectiveHosting())/3)
				_, _, commit, _ := e.feasibilityComponents(b, j)
				feas := 0.35*lang + 0.2*near + 0.25*commit + 0.2*host
				assert.InDelta(t, feas, s.feas[j], 1e-9, "%s→%s", bc.ID, rc.ID)

				hist := 0.0
				for _, x := range doc.Exchanges {
					for _, bb := range x.Beneficiaries {
						if x.Resource == rc.ID && bb == bc.ID {
							hist = math.Max(hist, historyValue(x, 2026, false))
						}
						if x.Resource == bc.ID && bb == rc.ID {
							hist = math.Max(hist, historyValue(x, 2026, true))
						}
					}
				}
				if prefer == model.PreferNew {
					hist = 1 - hist
				}
				assert.InDelta(t, hist, s.hist[j], 1e-12)
				// Text: every need against every offer of j, entry by entry.
				// The cover counts only offers met by a shared word or a
				// near pair at StrongNear or more.
				var txt, cov float64
				for i, ai := range q.textA {
					best, bestStrong := 0.0, 0.0
					for _, d := range e.text.byCity[j] {
						nd := &e.text.needs[b][i]
						lex, sem, _, _ := e.text.entrySimilarity(nd, d)
						sim := LexicalShare*lex + (1-LexicalShare)*sem
						best = math.Max(best, sim)
						if strongEvidence(e.text, nd, d) {
							bestStrong = math.Max(bestStrong, sim)
						}
					}
					txt += ai * math.Min(1, best)
					cov += ai * math.Min(1, bestStrong)
				}
				assert.InDelta(t, txt, s.text[j], 1e-9, "text %s→%s", bc.ID, rc.ID)
				assert.InDelta(t, cov, s.cover[j], 1e-9, "text cover %s→%s", bc.ID, rc.ID)
				w := p.Weights
				total := w[model.PartNeed]*need + w[model.PartReciprocity]*recip + w[model.PartContext]*s.ctx[j] + w[model.PartEvidence]*evid + w[model.PartFeasibility]*feas + w[model.PartHistory]*hist + w[model.PartText]*txt
				assert.InDelta(t, total, s.total[j], 1e-9)
				for _, v := range s.parts(j) {
					assert.True(t, v >= 0 && v <= 1+1e-12, "part out of [0,1]: %v", v)
				}
			}
		}
	}
}

// TestDevelopmentRank pins the order the context part relies on.
func TestDevelopmentRank(t *testing.T) {
	assert.Equal(t, 0, model.Developed.Rank())
	assert.Equal(t, 2, model.LeastDeveloped.Rank())
}

// TestScanMatchesBruteForce checks the pruned scan against a brute-force
// ranking of every exactly scored pair: the same top lists, the same
// counts, and the same score ranks for every candidate of the pool.
func TestScanMatchesBruteForce(t *testing.T) {
	ref := fixtures.Reference()
	docs := []*model.Document{fixtures.Sample(), synth.Generate(synth.Options{Cities: 300, Seed: 9}, ref)}
	for di, doc := range docs {
		doc.Normalize(ref)
		e, err := NewEngine(doc, ref, vecInferrer(ref.Topics), 2026)
		require.NoError(t, err)
		p := DefaultParameters()
		require.NoError(t, p.Validate())
		exact, fast := newScratch(e.Len()), newScratch(e.Len())
		for b := range e.cities {
			q, err := e.newQuery(b, &p)
			if err != nil {
				continue
			}
			e.scoreAll(q, exact)
			var all, prot []ranked
			for j, total := range exact.total {
				if why, _ := e.exclusion(q, j, exact.need[j], exact.cover[j]); why == "" {
					c := ranked{j: j, score: total, protected: e.protected[j]}
					all = append(all, c)
					if c.protected {
						prot = append(prot, c)
					}
				}
			}
			sortRanked(all)
			sortRanked(prot)
			e.topicParts(q, fast)
			sel := e.selectCandidates(q, fast, p.Top)
			sc := e.scan(q, newScratchFrom(e, q), p.Top+extraRanked, p.Top)
			assert.Equal(t, len(all), sel.qualified, "doc %d b %d", di, b)
			assert.Equal(t, len(prot), sel.available)
			for i, c := range sc.overall.items {
				assert.Equal(t, all[i].j, c.j)
				assert.InDelta(t, all[i].score, c.score, 1e-12)
			}
			for i, c := range sc.prot.items {
				assert.Equal(t, prot[i].j, c.j)
			}
			rank := map[int]int{}
			for i, c := range all {
				rank[c.j] = i + 1
			}
			for _, c := range sel.pool {
				assert.Equal(t, rank[c.j], c.rank, "score rank of %d", c.j)
			}
		}
	}
}

// newScratchFrom returns a scratch with q's topic parts computed.
func newScratchFrom(e *Engine, q *query) *scratch {
	s := newScratch(e.Len())
	e.topicParts(q, s)
	return s
}

// strongEvidence is strong(i, o) of textPart from its definition: a
// specific word of the need in the offer, or a specific near word of one
// in it at a cosine of at least StrongNear.
func strongEvidence(ti *textIndex, nd *textDoc, d int32) bool {
	od := &ti.offers[d]
	for _, t := range nd.terms {
		if ti.generic[t] {
			continue
		}
		if slices.Contains(od.terms, t) {
			return true
		}
		for _, nw := range ti.near[t] {
			if !ti.generic[nw.term] && nw.cos >= StrongNear && slices.Contains(od.terms, nw.term) {
				return true
			}
		}
	}
	return false
}
