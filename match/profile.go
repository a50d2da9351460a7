package match

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
)

// SectorCredit is the partial credit an offer on one topic earns for a need
// on another topic of the same sector: a city that runs a bus rapid transit
// line has something to say about public transport in general.
const SectorCredit = 0.5

// entryKind says which list of a profile an entry comes from.
type entryKind uint8

const (
	kindChallenge entryKind = iota
	kindCapacity
	kindPractice
)

// topicWeight is one coordinate of a sparse topic vector.
type topicWeight struct {
	topic  int     // index in the taxonomy
	weight float64 // 0..1
}

// entry is one challenge, capacity or practice placed in the topic space.
type entry struct {
	kind     entryKind
	index    int           // position in its list of the profile
	label    string        // text, title or topic label, as shown to users
	fullText string        // the words the text part reads: label, and a practice's text
	strength float64       // severity/5, level/5, or a practice's offer strength
	maturity float64       // practices: how tested, 0..1 (see practiceMaturity)
	lowCost  float64       // practices: 1 low, .5 medium, 0 high or unknown, halved when untested
	topics   []topicWeight // given topics (weight 1) or inferred ones
	inferred bool          // topics were inferred from the text
	evidence []string      // the words that placed an inferred entry
}

// profile is one city vectorised.
type profile struct {
	needs   []entry       // challenges
	offers  []entry       // capacities then practices
	need    []topicWeight // merged need vector n (max per topic), sorted by topic
	needSum float64       // sum of need weights
	offer   []topicWeight // smoothed offer vector õ, sorted by topic
}

// vectorise places every entry of c in the topic space.
func vectorise(c *model.City, tax *model.Taxonomy, inf *text.Inferrer, year int) profile {
	var p profile
	place := func(e *entry, given []string, txt string) {
		for _, id := range given {
			if i := tax.Index(id); i >= 0 {
				e.topics = append(e.topics, topicWeight{i, 1})
			}
		}
		if len(e.topics) > 0 || strings.TrimSpace(txt) == "" {
			return
		}
		e.inferred = true
		seen := map[string]bool{}
		for _, h := range inf.Infer(txt) {
			e.topics = append(e.topics, topicWeight{h.Topic, h.Weight})
			for _, w := range h.Evidence {
				if !seen[w] {
					seen[w] = true
					e.evidence = append(e.evidence, w)
				}
			}
		}
	}
	for i, ch := range c.Challenges {
		e := entry{kind: kindChallenge, index: i, label: entryLabel(ch.Text, ch.Topic, tax), strength: float64(ch.Strength()) / 5}
		place(&e, nonEmpty(ch.Topic), ch.Text)
		p.needs = append(p.needs, e)
	}
	for i, ca := range c.Capacities {
		e := entry{kind: kindCapacity, index: i, label: entryLabel(ca.Text, ca.Topic, tax), strength: float64(ca.Strength()) / 5}
		e.fullText = e.label
		place(&e, nonEmpty(ca.Topic), ca.Text)
		p.offers = append(p.offers, e)
	}
	for i, pr := range c.Practices {
		e := entry{kind: kindPractice, index: i, label: pr.Title, fullText: pr.Title + ". " + pr.Text, strength: practiceStrength(pr),
			maturity: practiceMaturity(pr, year), lowCost: practiceLowCost(pr, year)}
		place(&e, pr.Topics, pr.Title+". "+pr.Text)
		p.offers = append(p.offers, e)
	}
	p.need = mergeMax(p.needs, func(e *entry) float64 { return e.strength })
	for _, tw := range p.need {
		p.needSum += tw.weight
	}
	direct := mergeMax(p.offers, func(e *entry) float64 { return e.strength })
	p.offer = smooth(direct, tax)
	return p
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func entryLabel(txt, topic string, tax *model.Taxonomy) string {
	if strings.TrimSpace(txt) != "" {
		return txt
	}
	if t, ok := tax.Lookup(topic); ok {
		return t.Label
	}
	return topic
}

// practiceStrength is what a practice offers on its topics: 0.8, or 1 when
// its outcomes are recorded.
func practiceStrength(p model.Practice) float64 {
	if strings.TrimSpace(p.Outcomes) != "" {
		return 1
	}
	return 0.8
}

// practiceMaturity measures how tested a practice is:
//
//	0.4 + 0.3·min(1, years in operation / 10) + 0.3·[outcomes recorded]
func practiceMaturity(p model.Practice, year int) float64 {
	m := 0.4
	if p.Since > 0 && year >= p.Since {
		m += 0.3 * math.Min(1, float64(year-p.Since)/10)
	}
	if strings.TrimSpace(p.Outcomes) != "" {
		m += 0.3
	}
	return m
}

// practiceLowCost is 1 for a low-cost practice, 0.5 for a medium-cost one
// and 0 otherwise, halved when the practice has run less than two years (or
// its start is unknown): "solutions need not be expensive", but they must
// be tested.
func practiceLowCost(p model.Practice, year int) float64 {
	var v float64
	switch p.Cost {
	case model.CostLow:
		v = 1
	case model.CostMedium:
		v = 0.5
	}
	if p.Since == 0 || year-p.Since < 2 {
		v /= 2
	}
	return v
}

// mergeMax builds a sparse topic vector from entries: for each topic the
// largest value(e)·topic weight over the entries on it.
func mergeMax(es []entry, value func(*entry) float64) []topicWeight {
	m := map[int]float64{}
	for i := range es {
		v := value(&es[i])
		for _, tw := range es[i].topics {
			if w := v * tw.weight; w > m[tw.topic] {
				m[tw.topic] = w
			}
		}
	}
	return sortedVector(m)
}

func sortedVector(m map[int]float64) []topicWeight {
	out := make([]topicWeight, 0, len(m))
	for t, w := range m {
		if w > 0 {
			out = append(out, topicWeight{t, w})
		}
	}
	slices.SortFunc(out, func(a, b topicWeight) int { return cmp.Compare(a.topic, b.topic) })
	return out
}

// smooth gives partial credit within a sector:
//
//	õ[t] = max(d[t], SectorCredit · max{d[t'] : t' ≠ t in the sector of t})
func smooth(direct []topicWeight, tax *model.Taxonomy) []topicWeight {
	if len(direct) == 0 {
		return nil
	}
	best := map[string][2]float64{} // sector -> best two direct weights
	for _, tw := range direct {
		s := tax.Topics[tw.topic].Sector
		b := best[s]
		switch {
		case tw.weight > b[0]:
			b[1], b[0] = b[0], tw.weight
		case tw.weight > b[1]:
			b[1] = tw.weight
		}
		best[s] = b
	}
	m := map[int]float64{}
	for _, tw := range direct {
		m[tw.topic] = tw.weight
	}
	for i, tp := range tax.Topics {
		b, ok := best[tp.Sector]
		if !ok {
			continue
		}
		other := b[0]
		if d, mine := m[i]; mine && d == b[0] {
			other = b[1] // the best in the sector is this topic itself
		}
		if v := SectorCredit * other; v > m[i] {
			m[i] = v
		}
	}
	return sortedVector(m)
}
