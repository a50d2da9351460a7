package match

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// refTextScratch holds the accumulators of textPartReference, one slot
// per offer document and per city, and its best words per need.
type refTextScratch struct {
	lex, sem []float64
	best     []float32
	strong   []bool
	seenDoc  []bool
	docs     []int32
	bestDocs []int32
	city     []float64
	cityCov  []float64
	cities   []int32
	// wordBest[i] and wordBy[i] are textScratch's: need i's best city
	// other than the beneficiary, min(1, best similarity), -1 for none.
	wordBest []float64
	wordBy   []int32
}

func newRefTextScratch(ti *textIndex, n int) *refTextScratch {
	m := len(ti.offers)
	return &refTextScratch{lex: make([]float64, m), sem: make([]float64, m), best: make([]float32, m),
		strong: make([]bool, m), seenDoc: make([]bool, m), city: make([]float64, n), cityCov: make([]float64, n)}
}

// textPartReference is the straightforward text part: for each need, one
// pass over the inverted lists of its words and their near words into
// accumulators over every offer document, then the best document of each
// city. It is the implementation the blocked textPart replaced, kept to
// check that the two agree bit for bit. With cover not nil it fills the
// text cover too, from strong(i, o) as textPart defines it: a posting of
// a specific need word, or of a specific near word at a cosine of at least
// StrongNear.
func (e *Engine) textPartReference(b int, a []float64, ts *refTextScratch, out, cover []float64) {
	clear(out)
	clear(cover)
	ti := e.text
	ts.wordBest, ts.wordBy = make([]float64, len(a)), make([]int32, len(a))
	for i := range ts.wordBy {
		ts.wordBy[i] = -1
	}
	for i, ai := range a {
		if ai == 0 {
			continue
		}
		nd := &ti.needs[b][i]
		ts.docs = ts.docs[:0]
		for k, t := range nd.terms {
			lw := float64(nd.lex[k])
			specific := !ti.generic[t]
			for _, p := range ti.post[t] {
				ts.strong[p.doc] = ts.strong[p.doc] || specific
				if !ts.seenDoc[p.doc] {
					ts.seenDoc[p.doc] = true
					ts.docs = append(ts.docs, p.doc)
				}
				ts.lex[p.doc] += lw * float64(p.w)
				if ts.best[p.doc] == 0 {
					ts.bestDocs = append(ts.bestDocs, p.doc)
				}
				ts.best[p.doc] = 1
			}
			for _, nw := range ti.near[t] {
				strong := specific && !ti.generic[nw.term] && nw.cos >= StrongNear
				for _, p := range ti.post[nw.term] {
					ts.strong[p.doc] = ts.strong[p.doc] || strong
					if !ts.seenDoc[p.doc] {
						ts.seenDoc[p.doc] = true
						ts.docs = append(ts.docs, p.doc)
					}
					if ts.best[p.doc] == 0 {
						ts.bestDocs = append(ts.bestDocs, p.doc)
					}
					if nw.cos > ts.best[p.doc] {
						ts.best[p.doc] = nw.cos
					}
				}
			}
			idf := float64(nd.idf[k])
			for _, d := range ts.bestDocs {
				ts.sem[d] += idf * float64(ts.best[d])
				ts.best[d] = 0
			}
			ts.bestDocs = ts.bestDocs[:0]
		}
		ts.cities = ts.cities[:0]
		for _, d := range ts.docs {
			sim := LexicalShare*ts.lex[d] + (1-LexicalShare)*ts.sem[d]/nd.idfSum
			ts.lex[d], ts.sem[d], ts.seenDoc[d] = 0, 0, false
			c := ti.refs[d].city
			if ts.city[c] == 0 {
				ts.cities = append(ts.cities, c)
			}
			if sim > ts.city[c] {
				ts.city[c] = sim
			}
			if ts.strong[d] && sim > ts.cityCov[c] {
				ts.cityCov[c] = sim
			}
			ts.strong[d] = false
		}
		for _, c := range ts.cities {
			v := math.Min(1, ts.city[c])
			out[c] += ai * v
			if cover != nil {
				cover[c] += ai * math.Min(1, ts.cityCov[c])
			}
			if c != int32(b) && (v > ts.wordBest[i] || v == ts.wordBest[i] && c < ts.wordBy[i]) {
				ts.wordBest[i], ts.wordBy[i] = v, c
			}
			ts.city[c], ts.cityCov[c] = 0, 0
		}
	}
}

// topicPartsReference computes the need, evidence, low-cost and
// reciprocity parts as topicParts did before its sparse rows: dense rows
// of the T×N matrices (floats.AddScaled) and ñ in compressed rows times the
// beneficiary's dense offer vector.
func (e *Engine) topicPartsReference(q *query, need, evid, low, recip []float64) {
	n := len(e.cities)
	for _, v := range [][]float64{need, evid, low} {
		clear(v)
	}
	offerT, evidT, lowT := e.denseParts()
	for _, tw := range q.need {
		floats.AddScaled(need, tw.weight, offerT.RawRowView(tw.topic)[:n])
		floats.AddScaled(evid, tw.weight, evidT.RawRowView(tw.topic)[:n])
		floats.AddScaled(low, tw.weight, lowT.RawRowView(tw.topic)[:n])
	}
	offer := make([]float64, len(e.tax.Topics))
	for _, tw := range e.profiles[q.b].offer {
		offer[tw.topic] = tw.weight
	}
	ptr, topic, val := e.needPtr, e.needTopic, e.needVal
	for j := 0; j < n; j++ {
		var r float64
		for k := ptr[j]; k < ptr[j+1]; k++ {
			r += val[k] * offer[topic[k]]
		}
		recip[j] = r
	}
}
