package match

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// refTextScratch holds the accumulators of textPartReference, one slot
// per offer document and per city.
type refTextScratch struct {
	lex, sem []float64
	best     []float32
	seenDoc  []bool
	docs     []int32
	bestDocs []int32
	city     []float64
	cities   []int32
}

func newRefTextScratch(ti *textIndex, n int) *refTextScratch {
	m := len(ti.offers)
	return &refTextScratch{lex: make([]float64, m), sem: make([]float64, m), best: make([]float32, m),
		seenDoc: make([]bool, m), city: make([]float64, n)}
}

// textPartReference is the straightforward text part: for each need, one
// pass over the inverted lists of its words and their near words into
// accumulators over every offer document, then the best document of each
// city. It is the implementation the blocked textPart replaced, kept to
// check that the two agree bit for bit.
func (e *Engine) textPartReference(b int, a []float64, ts *refTextScratch, out []float64) {
	clear(out)
	ti := e.text
	for i, ai := range a {
		if ai == 0 {
			continue
		}
		nd := &ti.needs[b][i]
		ts.docs = ts.docs[:0]
		for k, t := range nd.terms {
			lw := float64(nd.lex[k])
			for _, p := range ti.post[t] {
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
				for _, p := range ti.post[nw.term] {
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
		}
		for _, c := range ts.cities {
			out[c] += ai * math.Min(1, ts.city[c])
			ts.city[c] = 0
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
