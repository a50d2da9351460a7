package match

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
)

// Text-similarity parameters; see textIndex.
const (
	// NearMin is the least cosine between two word vectors for the words
	// to count as near ("trash" ≈ "garbage").
	NearMin = 0.4
	// maxNear is the most near offer words kept per need word.
	maxNear = 6
	// nearShare bounds the words of close meaning a need word is followed
	// to: only offer words in at most this share of the offers (at least
	// nearFloor offers) are specific enough to say which resource can help,
	// and following common ones costs a pass over most of the network.
	nearShare = 0.02
	nearFloor = 200
	// LexicalShare is the share of the lexical cosine in an entry pair's
	// similarity; the semantic alignment has the rest.
	LexicalShare = 0.5
	// TextMin is the least text cover a pair needs to count as covering a
	// need when no topic links them (see textPart).
	TextMin = 0.08
	// StrongNear is the least cosine of a near word pair that is evidence
	// enough for a cover in words: looser pairs ("flooding" ≈ "homes",
	// 0.52) help rank candidates that cover a need, but do not make one.
	StrongNear = 0.6
)

// textDoc is one entry's text analysed: distinct terms with their TF-IDF
// weights (unit length) and their weights g in the semantic alignment
// (field idf; see semanticWeights).
type textDoc struct {
	terms  []int32
	lex    []float32 // TF-IDF weight, the vector has unit length
	idf    []float32
	idfSum float64
}

// textPosting is one offer document containing a term.
type textPosting struct {
	doc int32
	w   float32 // the term's TF-IDF weight in that document
}

// nearWord is an offer-vocabulary word close to a need word.
type nearWord struct {
	term int32
	cos  float32
}

// offerRef names the profile entry behind an offer document.
type offerRef struct {
	city  int32
	entry int32 // index into the city's profile offers, or -1 for a recorded exchange
	label string
}

// textIndex holds every need and offer text of the network for the text
// part. A need i meets an offer o with similarity
//
//	sim(i, o) = λ·lex(i, o) + (1−λ)·sem(i, o)          λ = LexicalShare
//	lex(i, o) = Σ_t x_i[t]·x_o[t]                    TF-IDF cosine over stems
//	sem(i, o) = Σ_{w∈i} g(w)·max_{u∈o} s(w, u) / Σ_{w∈i} g(w)
//	g(w)      = idf(w) · a/(a + p(w))                 a = SIFWeight
//
// where p(w) is the word's frequency in the vectors' corpus (from its rank,
// by Zipf's law; see semanticWeights), so that everyday words weigh little
// in the alignment; s(w, w) = 1 and s(w, u) = cos(v_w, v_u) for the maxNear
// offer words u nearest to w with a cosine of at least NearMin (word-by-word
// alignment on word vectors), and 0 otherwise. Only specific offer words are near
// candidates: those in at most nearShare of the offer texts (nearFloor at
// least). The text part of a pair is
//
//	text_j = Σ_i a_i · max_{o of j} sim(i, o)       a_i = severity_i / Σ severity
//
// computed for all resources at once through inverted lists of terms.
type textIndex struct {
	an     *text.Analyzer
	terms  map[string]int32
	words  []string // a surface form of each term, for explanations
	hasVec []bool
	near   [][]nearWord
	post   [][]textPosting
	offers []textDoc
	refs   []offerRef
	byCity [][]int32   // offer documents of each city
	needs  [][]textDoc // per city, per challenge (parallel to profile.needs)
}

// buildText analyses every text of the network.
func (e *Engine) buildText(vec text.Vectors) {
	ti := &textIndex{an: text.DefaultAnalyzer(), terms: map[string]int32{}}
	e.text = ti
	n := len(e.cities)
	surface := map[int32]map[string]bool{}
	df := []int{}
	var offerRaw [][]int32
	analyse := func(s string) []int32 {
		var ids []int32
		seen := map[int32]bool{}
		for _, tk := range ti.an.Tokens(s) {
			if tk.Stop {
				continue
			}
			id, ok := ti.terms[tk.Term]
			if !ok {
				id = int32(len(ti.words))
				ti.terms[tk.Term] = id
				ti.words = append(ti.words, tk.Word)
				df = append(df, 0)
				surface[id] = map[string]bool{}
			}
			surface[id][tk.Word] = true
			ids = append(ids, id)
			if !seen[id] {
				seen[id] = true
				df[id]++
			}
		}
		return ids
	}
	needRaw := make([][][]int32, n)
	ti.byCity = make([][]int32, n)
	for j := range e.cities {
		p := &e.profiles[j]
		for _, x := range p.needs {
			needRaw[j] = append(needRaw[j], analyse(x.label))
		}
		for k, x := range p.offers {
			ti.byCity[j] = append(ti.byCity[j], int32(len(offerRaw)))
			ti.refs = append(ti.refs, offerRef{city: int32(j), entry: int32(k), label: describe(&p.offers[k], e.cities[j].Name)})
			offerRaw = append(offerRaw, analyse(x.fullText))
		}
		for _, x := range e.resourceExchanges[j] {
			t, ok := e.tax.Lookup(x.Topic)
			if !ok {
				continue
			}
			ti.byCity[j] = append(ti.byCity[j], int32(len(offerRaw)))
			ti.refs = append(ti.refs, offerRef{city: int32(j), entry: -1, label: e.cities[j].Name + "'s recorded " + e.exchangeLabel(x)})
			offerRaw = append(offerRaw, analyse(t.Label))
		}
	}
	docs := 0
	for _, v := range needRaw {
		docs += len(v)
	}
	docs += len(offerRaw)
	idf := make([]float64, len(df))
	for t, d := range df {
		idf[t] = math.Log(float64(1+docs)/float64(1+d)) + 1
	}
	sw := semanticWeights(vec, surface, idf)
	ti.needs = make([][]textDoc, n)
	for j, v := range needRaw {
		for _, ids := range v {
			ti.needs[j] = append(ti.needs[j], newTextDoc(ids, idf, sw))
		}
	}
	ti.offers = make([]textDoc, len(offerRaw))
	ti.post = make([][]textPosting, len(df))
	for d, ids := range offerRaw {
		td := newTextDoc(ids, idf, sw)
		ti.offers[d] = td
		for k, t := range td.terms {
			ti.post[t] = append(ti.post[t], textPosting{int32(d), td.lex[k]})
		}
	}
	ti.buildNear(vec, surface)
}

// newTextDoc weighs the terms of one text: tf·idf, L2-normalised.
func newTextDoc(ids []int32, idf, sw []float64) textDoc {
	tf := map[int32]int{}
	for _, t := range ids {
		tf[t]++
	}
	var td textDoc
	for t := range tf {
		td.terms = append(td.terms, t)
	}
	sort.Slice(td.terms, func(a, b int) bool { return td.terms[a] < td.terms[b] })
	var norm float64
	w := make([]float64, len(td.terms))
	for k, t := range td.terms {
		w[k] = float64(tf[t]) * idf[t]
		norm += w[k] * w[k]
	}
	norm = math.Sqrt(norm)
	td.lex = make([]float32, len(td.terms))
	td.idf = make([]float32, len(td.terms))
	for k, t := range td.terms {
		td.lex[k] = float32(w[k] / norm)
		td.idf[k] = float32(sw[t])
		td.idfSum += float64(float32(sw[t]))
	}
	return td
}

// ranker is word vectors that know each word's frequency rank (0 for the
// most frequent word of their corpus).
type ranker interface {
	Rank(word string) int
}

// SIFWeight is a in the smooth-inverse-frequency weight a/(a+p(w)) of
// Arora, Liang and Ma (2017), with which the semantic alignment discounts
// everyday words ("want", "people", "town") that are near many offer words
// without saying which resource can help.
const SIFWeight = 1e-5

// semanticWeights returns the weight of every term in the semantic
// alignment: g(t) = idf(t)·a/(a+p(t)), where p(t) is the word's frequency
// in the vectors' corpus estimated from its rank r by Zipf's law,
// p = 1/((r+1)·H) with H = ln V + γ over the V words of the table. Terms
// the vectors do not know, or vectors without ranks, keep g = idf.
func semanticWeights(vec text.Vectors, surface map[int32]map[string]bool, idf []float64) []float64 {
	sw := append([]float64(nil), idf...)
	rk, ok := vec.(ranker)
	if !ok {
		return sw
	}
	type sized interface{ Len() int }
	V := 100000
	if s, ok := vec.(sized); ok && s.Len() > 0 {
		V = s.Len()
	}
	h := math.Log(float64(V)) + 0.5772
	for t := range sw {
		best := -1
		for w := range surface[int32(t)] {
			if r := rk.Rank(w); r >= 0 && (best < 0 || r < best) {
				best = r
			}
		}
		if best < 0 {
			continue
		}
		p := 1 / (float64(best+1) * h)
		sw[t] *= SIFWeight / (SIFWeight + p)
	}
	return sw
}

// buildNear finds, for every term of a need, the offer terms whose word
// vectors are nearest (cosine ≥ NearMin, at most maxNear).
func (ti *textIndex) buildNear(vec text.Vectors, surface map[int32]map[string]bool) {
	V := len(ti.words)
	ti.near = make([][]nearWord, V)
	ti.hasVec = make([]bool, V)
	if vec == nil {
		return
	}
	vecs := make([][]float32, V)
	for t := 0; t < V; t++ {
		var sum []float32
		forms := make([]string, 0, len(surface[int32(t)]))
		for w := range surface[int32(t)] {
			forms = append(forms, w)
		}
		sort.Strings(forms)
		for _, w := range forms {
			v, ok := vec.Lookup(w)
			if !ok {
				continue
			}
			if sum == nil {
				sum = make([]float32, len(v))
			}
			for k := range v {
				sum[k] += v[k]
			}
		}
		if sum == nil {
			continue
		}
		var nn float64
		for _, x := range sum {
			nn += float64(x) * float64(x)
		}
		if nn == 0 {
			continue
		}
		inv := float32(1 / math.Sqrt(nn))
		for k := range sum {
			sum[k] *= inv
		}
		vecs[t] = sum
		ti.hasVec[t] = true
	}
	needTerm := make([]bool, V)
	for _, ds := range ti.needs {
		for _, d := range ds {
			for _, t := range d.terms {
				needTerm[t] = true
			}
		}
	}
	var offerTerms []int32
	maxDF := max(nearFloor, int(nearShare*float64(len(ti.offers))))
	for t := 0; t < V; t++ {
		if vecs[t] != nil && len(ti.post[t]) > 0 && len(ti.post[t]) <= maxDF {
			offerTerms = append(offerTerms, int32(t))
		}
	}
	parallel(V, func(t int) {
		a := vecs[t]
		if a == nil || !needTerm[t] {
			return
		}
		var best []nearWord
		for _, u := range offerTerms {
			if int(u) == t {
				continue
			}
			c := dot32(a, vecs[u])
			if c < NearMin {
				continue
			}
			best = append(best, nearWord{u, c})
		}
		sort.Slice(best, func(i, j int) bool {
			if best[i].cos != best[j].cos {
				return best[i].cos > best[j].cos
			}
			return best[i].term < best[j].term
		})
		if len(best) > maxNear {
			best = best[:maxNear]
		}
		ti.near[t] = best
	})
}

func dot32(a, b []float32) float32 {
	var s float32
	for k := range a {
		s += a[k] * b[k]
	}
	return s
}

// textScratch holds one worker's accumulators over offer documents and
// cities.
type textScratch struct {
	lex, sem []float64
	best     []float32
	seenDoc  []bool
	docs     []int32
	bestDocs []int32
	city     []float64
	cities   []int32
	strong   []bool    // per offer document: a word met exactly or at ≥ StrongNear
	cityCov  []float64 // per city: its best sim over strong documents
	// wordBest[i] is the best similarity min(1, max_o sim(i, o)) of need i
	// of the last textPart's beneficiary at any other city, and wordBy[i]
	// that city (-1 for none): the words half of the need's cover (see
	// Engine.Gaps).
	wordBest []float64
	wordBy   []int32
}

func (ti *textIndex) newScratch(n int) *textScratch {
	m := len(ti.offers)
	return &textScratch{lex: make([]float64, m), sem: make([]float64, m), best: make([]float32, m),
		seenDoc: make([]bool, m), city: make([]float64, n), strong: make([]bool, m), cityCov: make([]float64, n)}
}

// needWeights returns a_i for each challenge of city b on the chosen topic
// (topic < 0: all): severity over the sum of severities.
func (e *Engine) needWeights(b, topic int) []float64 {
	p := &e.profiles[b]
	a := make([]float64, len(p.needs))
	var sum float64
	for i := range p.needs {
		x := &p.needs[i]
		if len(e.text.needs[b][i].terms) == 0 {
			continue
		}
		if topic >= 0 && !onTopic(x, topic) {
			continue
		}
		a[i] = x.strength
		sum += x.strength
	}
	if sum == 0 {
		return nil
	}
	for i := range a {
		a[i] /= sum
	}
	return a
}

func onTopic(x *entry, topic int) bool {
	for _, tw := range x.topics {
		if tw.topic == topic {
			return true
		}
	}
	return false
}

// textPart fills out[j] with the text part of beneficiary b against every
// city j and, when cover is not nil, cover[j] with its text cover: the
// same sum over the offer documents with strong evidence only,
//
//	cover_j = Σ_i a_i · max_{o of j, strong(i, o)} sim(i, o)
//
// where strong(i, o) holds when some word of need i is in o or has a near
// word in o at a cosine of at least StrongNear. A pair covers a need in
// words when cover_j ≥ TextMin; weaker evidence ranks, it does not admit.
func (e *Engine) textPart(b int, a []float64, ts *textScratch, out, cover []float64) {
	clear(out)
	clear(cover)
	ti := e.text
	if cap(ts.wordBest) < len(a) {
		ts.wordBest, ts.wordBy = make([]float64, len(a)), make([]int32, len(a))
	}
	ts.wordBest, ts.wordBy = ts.wordBest[:len(a)], ts.wordBy[:len(a)]
	for i := range a {
		ts.wordBest[i], ts.wordBy[i] = 0, -1
	}
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
				if ts.best[d] >= StrongNear {
					ts.strong[d] = true
				}
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
			if ts.strong[d] {
				ts.strong[d] = false
				if sim > ts.cityCov[c] {
					ts.cityCov[c] = sim
				}
			}
		}
		for _, c := range ts.cities {
			v := math.Min(1, ts.city[c])
			out[c] += ai * v
			if int(c) != b && (v > ts.wordBest[i] || v == ts.wordBest[i] && c < ts.wordBy[i]) {
				ts.wordBest[i], ts.wordBy[i] = v, c
			}
			ts.city[c] = 0
			if cover != nil {
				cover[c] += ai * math.Min(1, ts.cityCov[c])
			}
			ts.cityCov[c] = 0
		}
	}
}

// entrySimilarity computes sim(i, o) directly for one need and one offer
// document, with the words that carried it.
func (ti *textIndex) entrySimilarity(nd *textDoc, d int32) (lex, sem float64, shared []string, near []model.WordPair) {
	od := &ti.offers[d]
	pos := make(map[int32]int, len(od.terms))
	for k, t := range od.terms {
		pos[t] = k
	}
	for k, t := range nd.terms {
		if ko, ok := pos[t]; ok {
			lex += float64(nd.lex[k]) * float64(od.lex[ko])
			sem += float64(nd.idf[k])
			shared = append(shared, ti.words[t])
			continue
		}
		var best float32
		var bestU int32 = -1
		for _, nw := range ti.near[t] {
			if _, ok := pos[nw.term]; ok && nw.cos > best {
				best, bestU = nw.cos, nw.term
			}
		}
		if bestU >= 0 {
			sem += float64(nd.idf[k]) * float64(best)
			near = append(near, model.WordPair{Need: ti.words[t], Offer: ti.words[bestU], Similarity: round4(float64(best))})
		}
	}
	if nd.idfSum > 0 {
		sem /= nd.idfSum
	}
	return lex, sem, shared, near
}

// vectorless reports whether none of a need's words has a word vector.
func (ti *textIndex) vectorless(nd *textDoc) bool {
	for _, t := range nd.terms {
		if ti.hasVec[t] {
			return false
		}
	}
	return true
}

// textMatches traces the text part of pair (b, j): for each need, the offer
// it met best and the words that carried it, with its contribution
// w_text·a_i·sim.
func (e *Engine) textMatches(q *query, j int) []model.TextMatch {
	ti := e.text
	var out []model.TextMatch
	for i, ai := range q.textA {
		if ai == 0 {
			continue
		}
		nd := &ti.needs[q.b][i]
		var best model.TextMatch
		bestSim := 0.0
		for _, d := range ti.byCity[j] {
			lex, sem, shared, near := ti.entrySimilarity(nd, d)
			sim := math.Min(1, LexicalShare*lex+(1-LexicalShare)*sem)
			if sim > bestSim {
				bestSim = sim
				best = model.TextMatch{Need: e.profiles[q.b].needs[i].label, Offer: ti.refs[d].label,
					Lexical: round4(lex), Semantic: round4(sem), Similarity: round4(sim), Shared: shared, Near: near}
			}
		}
		if bestSim == 0 {
			continue
		}
		best.Contribution = round4(q.weights[partText] * ai * bestSim)
		if ti.vectorless(nd) {
			best.Note = "no word of this need is in the English word vectors: matched on shared words only"
		}
		out = append(out, best)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Contribution > out[b].Contribution })
	if len(out) > maxMatches {
		out = out[:maxMatches]
	}
	return out
}

// WordsNote formats the words behind a text match: "shared: bus, lane;
// trash ≈ waste 0.74".
func WordsNote(m model.TextMatch) string {
	var parts []string
	if len(m.Shared) > 0 {
		parts = append(parts, "shared: "+strings.Join(m.Shared, ", "))
	}
	for _, p := range m.Near {
		parts = append(parts, p.Need+" ≈ "+p.Offer+" "+trimFloat(p.Similarity))
	}
	return strings.Join(parts, "; ")
}

func trimFloat(x float64) string {
	return strings.TrimRight(strings.TrimRight(strconv.FormatFloat(x, 'f', 2, 64), "0"), ".")
}
