package match

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/c2cnet/c2c/model"
)

// GapThreshold is the least cover score at which a need counts as covered
// well (see Engine.Gaps). 0.3 is met by a capacity at level 2 of 5 or any
// practice on the need's own topic, by a level-3 offer on another topic of
// its sector (SectorCredit·0.6), or by an offer whose words meet the need
// with a similarity of 0.3; a topic guessed for the need from its words
// weighs its cover down (at weight 0.6 it takes an offer of strength 0.5).
// On the held-out networks of match/testdata/eval, where every need has its
// real partner in the network, all 37 needs written in the cities' own
// words have a cover of at least 0.3 and 30 of 37 in lay paraphrase do.
const GapThreshold = 0.3

// Ways a need is covered, as model.Cover.By says.
const (
	CoverByTopic = "topic" // an offer on the need's topic, or on its sector
	CoverByWords = "words" // an offer whose words meet the need's
)

// leader is a city's offer strength õ_j[t] on one topic.
type leader struct {
	v float64
	j int32
}

// buildLeaders keeps, for every topic, the two cities with the strongest
// smoothed offer on it, so that the best cover of a need by topic at any
// city but the beneficiary is read in constant time.
func (e *Engine) buildLeaders() {
	e.leaders = make([][2]leader, len(e.tax.Topics))
	for t := range e.leaders {
		e.leaders[t] = [2]leader{{j: -1}, {j: -1}}
	}
	for j := range e.profiles {
		for _, tw := range e.profiles[j].offer {
			l := &e.leaders[tw.topic]
			c := leader{tw.weight, int32(j)}
			switch {
			case l[0].j < 0 || c.v > l[0].v:
				l[1], l[0] = l[0], c
			case l[1].j < 0 || c.v > l[1].v:
				l[1] = c
			}
		}
	}
}

// cover is the best cover of one need: its score, the city and how.
type cover struct {
	score float64
	j     int    // city index, -1 for none
	by    string // CoverByTopic or CoverByWords
	topic int    // by topic: the topic of the offer's strength
}

// needCover returns the best cover of need i of q's beneficiary by any other
// city, once textPart has filled ts for q:
//
//	cover(i)    = max_{j ≠ b} max(topic(i, j), words(i, j))
//	topic(i, j) = max_t w_i[t] · õ_j[t]            w_i = the need's topic weights
//	words(i, j) = min(1, max_{o of j} sim(i, o))    sim as in textIndex
//
// Ties go to the topic cover, then to the lower city index.
func (e *Engine) needCover(q *query, i int, ts *textScratch) cover {
	best := cover{j: -1}
	for _, tw := range e.profiles[q.b].needs[i].topics {
		for _, l := range e.leaders[tw.topic] {
			if l.j < 0 || int(l.j) == q.b {
				continue
			}
			v := tw.weight * l.v
			if v > best.score || (v == best.score && best.j >= 0 && int(l.j) < best.j) {
				best = cover{score: v, j: int(l.j), by: CoverByTopic, topic: tw.topic}
			}
			break // the first leader that is not the beneficiary is the best
		}
	}
	if i < len(ts.wordBy) && ts.wordBy[i] >= 0 && ts.wordBest[i] > best.score {
		best = cover{score: ts.wordBest[i], j: int(ts.wordBy[i]), by: CoverByWords, topic: -1}
	}
	return best
}

// examined says whether need i of q's beneficiary is one the engine can
// match (placed on a topic, or with words) on q's topic.
func (e *Engine) examined(q *query, i int) bool {
	x := &e.profiles[q.b].needs[i]
	if q.topic >= 0 && !onTopic(x, q.topic) {
		return false
	}
	return len(x.topics) > 0 || len(e.text.needs[q.b][i].terms) > 0
}

// gapNeeds returns the needs of q's beneficiary whose best cover is below
// threshold, in challenge order, and how many needs were examined.
func (e *Engine) gapNeeds(q *query, ts *textScratch, threshold float64) (gaps []model.GapNeed, examined int) {
	b := q.b
	for i := range e.profiles[b].needs {
		if !e.examined(q, i) {
			continue
		}
		examined++
		c := e.needCover(q, i, ts)
		if round4(c.score) >= threshold {
			continue
		}
		x := &e.profiles[b].needs[i]
		g := model.GapNeed{Beneficiary: e.cities[b].ID, Name: e.cities[b].Name, Challenge: x.index, Need: x.label}
		if t := strongestTopic(x.topics); t >= 0 {
			tp := e.tax.Topics[t]
			g.Topic, g.Sector, g.Placed = tp.ID, tp.Sector, model.PlacedGiven
			if x.inferred {
				g.Placed = model.PlacedInferred
			}
		}
		if c.j >= 0 {
			g.Best = &model.Cover{Resource: e.cities[c.j].ID, Name: e.cities[c.j].Name, Score: round4(c.score), By: c.by, Offer: e.coverOffer(b, i, c)}
		}
		gaps = append(gaps, g)
	}
	return gaps, examined
}

// strongestTopic returns the topic of largest weight (ties: lower index),
// or -1.
func strongestTopic(tws []topicWeight) int {
	best, bw := -1, 0.0
	for _, tw := range tws {
		if best < 0 || tw.weight > bw || (tw.weight == bw && tw.topic < best) {
			best, bw = tw.topic, tw.weight
		}
	}
	return best
}

// coverOffer names the profile entry behind a cover: the offer giving the
// topic strength, or the offer whose words meet need i best.
func (e *Engine) coverOffer(b, i int, c cover) string {
	if c.by == CoverByTopic {
		x, _, _ := e.offerFor(c.j, c.topic)
		if x == nil {
			return ""
		}
		return describe(x, e.cities[c.j].Name)
	}
	ti := e.text
	nd := &ti.needs[b][i]
	nn := ti.nearOf(nd)
	label, best := "", 0.0
	for _, d := range ti.byCity[c.j] {
		lex, sem, _, _ := ti.similarity(nd, nn, d, false)
		if sim := LexicalShare*lex + (1-LexicalShare)*sem; sim > best {
			label, best = ti.refs[d].label, sim
		}
	}
	return label
}

// GapOptions choose the needs a gap analysis examines and the threshold.
type GapOptions struct {
	Threshold float64  // a need whose best cover is below it is a gap, 0..1 (GapThreshold)
	Topic     string   // only the needs on this topic id; "" for all
	Cities    []string // only these members' needs; empty for every member
}

// Gaps finds the network's gaps: the needs (challenges, whether placed on
// a topic or known only by their words) that no member covers well. The
// cover of need i of beneficiary b is
//
//	cover(i)    = max_{j ≠ b} max(topic(i, j), words(i, j))
//	topic(i, j) = max_t w_i[t] · õ_j[t]
//	words(i, j) = min(1, max_{o of j} sim(i, o))
//
// where w_i are the need's topic weights (1 for a topic the profile gives,
// the inferred strength otherwise), õ_j the smoothed offer vector of city
// j (level/5 for a capacity, 0.8 or 1 for a practice, SectorCredit for
// another topic of the sector) and sim the text similarity of the text
// part (see textIndex). Every member but b counts, whatever the hard rules
// of a shortlist say: a gap is what nobody in the network offers. Need i is
// a gap when cover(i), rounded to 4 decimals (0 when nobody's offers meet
// it at all), is below o.Threshold; the member that gives the best cover is
// named with it.
//
// The gap needs are grouped by topic (see GroupGaps). It returns EINVALID
// when the threshold is outside [0, 1] or the topic unknown, ENOTFOUND for
// an unknown city, and ctx's error when it is done.
func (e *Engine) Gaps(ctx context.Context, o GapOptions) (*model.GapReport, error) {
	threshold := o.Threshold
	if !(threshold >= 0 && threshold <= 1) {
		return nil, &model.Error{Code: model.EINVALID, Key: "threshold", Message: fmt.Sprintf("gap threshold %v: expected a cover score between 0 and 1, such as %v", threshold, GapThreshold)}
	}
	p := DefaultParameters()
	p.Topic = o.Topic
	if _, err := e.topicIndex(o.Topic); err != nil {
		return nil, err
	}
	var bens []int
	for i := range e.cities {
		if len(o.Cities) == 0 && e.hasNeeds(i) {
			bens = append(bens, i)
		}
	}
	for _, id := range o.Cities {
		b, err := e.lookup(id, "city")
		if err != nil {
			return nil, err
		}
		if e.hasNeeds(b) {
			bens = append(bens, b)
		}
	}
	type result struct {
		gaps     []model.GapNeed
		examined int
		ok       bool
	}
	results := make([]result, len(bens))
	pool := sync.Pool{New: func() any {
		return &gapWorker{e.text.newScratch(), make([]float64, len(e.cities))}
	}}
	parallel(len(bens), func(k int) {
		if ctx.Err() != nil {
			return
		}
		pp := p
		q, err := e.newQuery(bens[k], &pp)
		if err != nil {
			return // no need on the topic
		}
		w := pool.Get().(*gapWorker)
		defer pool.Put(w)
		e.textPart(q.b, q.textA, w.ts, w.out, nil)
		g, n := e.gapNeeds(q, w.ts, threshold)
		results[k] = result{g, n, true}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep := &model.GapReport{Threshold: threshold, Topic: o.Topic, Gaps: []model.Gap{}}
	var all []model.GapNeed
	for _, r := range results {
		if !r.ok {
			continue
		}
		rep.Beneficiaries++
		rep.Needs += r.examined
		all = append(all, r.gaps...)
	}
	rep.GapNeeds = len(all)
	rep.Gaps = GroupGaps(e.tax, all)
	return rep, nil
}

// gapWorker is one goroutine's scratch space for Gaps.
type gapWorker struct {
	ts  *textScratch
	out []float64 // the text part against every city, unused
}

// GroupGaps groups gap needs by the topic they are placed on (needs placed
// on no topic form one group, Topic ""), ranked by the number of distinct
// beneficiaries affected, then by the number of needs, then by topic id
// (the group of no topic last). Within a group the needs are ordered by
// beneficiary, then challenge. A group's Closest is the best cover of any of
// its needs (ties: the first by that order).
func GroupGaps(tax *model.Taxonomy, needs []model.GapNeed) []model.Gap {
	by := map[string]*model.Gap{}
	var order []string
	for _, n := range needs {
		g, ok := by[n.Topic]
		if !ok {
			g = &model.Gap{Topic: n.Topic, Label: "Placed on no topic", Needs: []model.GapNeed{}}
			if t, ok := tax.Lookup(n.Topic); ok {
				g.Label, g.Sector, g.SectorLabel = t.Label, t.Sector, tax.SectorLabel(t.Sector)
			}
			by[n.Topic] = g
			order = append(order, n.Topic)
		}
		g.Needs = append(g.Needs, n)
	}
	out := make([]model.Gap, 0, len(order))
	for _, id := range order {
		g := by[id]
		slices.SortStableFunc(g.Needs, func(a, b model.GapNeed) int {
			return cmp.Or(cmp.Compare(a.Beneficiary, b.Beneficiary), cmp.Compare(a.Challenge, b.Challenge))
		})
		seen := map[string]bool{}
		for k := range g.Needs {
			n := &g.Needs[k]
			if !seen[n.Beneficiary] {
				seen[n.Beneficiary] = true
				g.Beneficiaries++
			}
			if n.Best != nil && (g.Closest == nil || n.Best.Score > g.Closest.Score) {
				c := *n.Best
				g.Closest = &c
			}
		}
		out = append(out, *g)
	}
	slices.SortStableFunc(out, func(a, b model.Gap) int {
		if c := cmp.Or(cmp.Compare(b.Beneficiaries, a.Beneficiaries), cmp.Compare(len(b.Needs), len(a.Needs))); c != 0 {
			return c
		}
		if (a.Topic == "") != (b.Topic == "") {
			if a.Topic == "" {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Topic, b.Topic)
	})
	return out
}
