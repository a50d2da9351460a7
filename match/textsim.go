package match

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"
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
	StrongNear = 0.55
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

// textMerged is one offer document in the merged list of a need term t:
// the document contains t or one of t's near words. For the document o it
// holds
//
//	w      = x_o[t]                              0 when o lacks t itself
//	s      = max(1 if t ∈ o, max_{u ∈ near(t), u ∈ o} cos(t, u))
//	strong = t is specific and, t ∈ o or some specific u ∈ near(t) with
//	         cos(t, u) ≥ StrongNear is in o
//
// which is what the separate lists of t and its near words give a need
// term, posting by posting: the lexical sum takes x_i[t]·w (+0 when w = 0,
// which leaves the non-negative sum as it is), the semantic sum g(t)·s.
// s is one of 1 and the cosines of t's near words, so it is kept as an
// index into the term's mergedSim.
type textMerged struct {
	key uint32  // doc<<mergedShift | index of s in mergedSim[t]<<1 | strong
	w   float32 // the term's TF-IDF weight in the document, 0 if absent
}

// mergedShift is the bits of textMerged.key below the document: the
// strong flag and an index of 0 (s = 1) to maxNear (the last near word).
// It bounds the offer documents of a network to 2^(32−mergedShift).
const mergedShift = 4

// The index of s must fit in the 3 bits of textMerged.key above the flag.
const _ = uint(1<<(mergedShift-1) - 1 - maxNear)

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
	an      *text.Analyzer
	terms   map[string]int32
	words   []string // a surface form of each term, for explanations
	hasVec  []bool
	generic []bool // the term is a generic word (text.Inferrer.Generic): no evidence of a cover
	near    [][]nearWord
	post    [][]textPosting
	// merged[t], for a need term t with near words, is the union of the
	// inverted lists of t and of its near words (see textMerged), so that a
	// need reads one list per term; nil for other terms.
	merged [][]textMerged
	// mergedSim[t] holds the s of ti.merged[t] by index: 1, then the
	// cosines of t's near words in order.
	mergedSim [][1 << (mergedShift - 1)]float32
	offers    []textDoc
	refs      []offerRef
	docCity   []int32     // the city of each offer document (refs[d].city)
	byCity    [][]int32   // offer documents of each city
	needs     [][]textDoc // per city, per challenge (parallel to profile.needs)
}

// buildText analyses every text of the network; it stops with ctx.Err()
// when ctx ends.
func (e *Engine) buildText(ctx context.Context, vec text.Vectors, generic func(term string) bool) error {
	ti := &textIndex{an: text.DefaultAnalyzer(), terms: map[string]int32{}}
	e.text = ti
	n := len(e.cities)
	surface := map[int32]map[string]bool{}
	df := []int{}
	var offerRaw [][]int32
	seen := map[int32]bool{} // the terms of the text being analysed
	analyse := func(s string) []int32 {
		var ids []int32
		clear(seen)
		for _, tk := range ti.an.Tokens(s) {
			if tk.Stop {
				continue
			}
			id, ok := ti.terms[tk.Term]
			if !ok {
				id = int32(len(ti.words))
				ti.terms[tk.Term] = id
				ti.words = append(ti.words, tk.Word)
				ti.generic = append(ti.generic, generic != nil && generic(tk.Term))
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
		if j%256 == 255 && ctx.Err() != nil {
			return ctx.Err()
		}
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
	if len(offerRaw) >= 1<<(32-mergedShift) {
		return fmt.Errorf("%d offer texts: the text index holds fewer than %d", len(offerRaw), 1<<(32-mergedShift))
	}
	ti.docCity = make([]int32, len(ti.refs))
	for d, r := range ti.refs {
		ti.docCity[d] = r.city
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
	if err := ti.buildNear(ctx, vec, surface); err != nil {
		return err
	}
	return ti.buildMerged(ctx)
}

// newTextDoc weighs the terms of one text, the ids of its words (which it
// sorts in place): tf·idf, L2-normalised.
func newTextDoc(ids []int32, idf, sw []float64) textDoc {
	slices.Sort(ids)
	distinct := 0
	for i := range ids {
		if i == 0 || ids[i] != ids[i-1] {
			distinct++
		}
	}
	var td textDoc
	var w []float64
	if distinct > 0 {
		td.terms = make([]int32, 0, distinct)
		w = make([]float64, 0, distinct)
	}
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		t := ids[i]
		td.terms = append(td.terms, t)
		w = append(w, float64(j-i)*idf[t]) // tf·idf
		i = j
	}
	var norm float64
	for _, x := range w {
		norm += x * x
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

// SIFWeight is a in the smooth-inverse-frequency weight a/(a+p(w)) of
// Arora, Liang and Ma (2017), with which the semantic alignment discounts
// everyday words ("want", "people", "town") that are near many offer words
// without saying which resource can help (text.FrequencyWeight).
const SIFWeight = text.SIFWeight

// semanticWeights returns the weight of every term in the semantic
// alignment: g(t) = idf(t)·a/(a+p(t)), where p(t) is the frequency in the
// vectors' corpus of the term's most frequent written form
// (text.MinFrequencyWeight). Terms the vectors do not know, or vectors
// without ranks, keep g = idf.
func semanticWeights(vec text.Vectors, surface map[int32]map[string]bool, idf []float64) []float64 {
	sw := append([]float64(nil), idf...)
	for t := range sw {
		if f, ok := text.MinFrequencyWeight(vec, surface[int32(t)]); ok {
			sw[t] *= f
		}
	}
	return sw
}

// buildNear finds, for every term of a need, the offer terms whose word
// vectors are nearest (cosine ≥ NearMin, at most maxNear).
func (ti *textIndex) buildNear(ctx context.Context, vec text.Vectors, surface map[int32]map[string]bool) error {
	V := len(ti.words)
	ti.near = make([][]nearWord, V)
	ti.hasVec = make([]bool, V)
	if vec == nil {
		return nil
	}
	vecs := make([][]float32, V)
	for t := 0; t < V; t++ {
		var sum []float32
		forms := make([]string, 0, len(surface[int32(t)]))
		for w := range surface[int32(t)] {
			forms = append(forms, w)
		}
		slices.Sort(forms)
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
	return parallelCtx(ctx, V, func(t int) {
		a := vecs[t]
		if a == nil || !needTerm[t] {
			return
		}
		var best []nearWord
		for _, u := range offerTerms {
			if int(u) == t {
				continue
			}
			c := text.Dot(a, vecs[u])
			if c < NearMin {
				continue
			}
			best = append(best, nearWord{u, c})
		}
		slices.SortFunc(best, func(a, b nearWord) int {
			if c := cmp.Compare(b.cos, a.cos); c != 0 {
				return c
			}
			return cmp.Compare(a.term, b.term)
		})
		if len(best) > maxNear {
			best = best[:maxNear]
		}
		ti.near[t] = best
	})
}

// buildMerged merges, for every term with near words, its inverted list
// and those of its near words into ti.merged[t] (see textMerged): 8 bytes
// per distinct (need term, document) pair, about 39 MB on the 20,000-city
// synthetic network (4.9 million entries from 5.1 million postings, on top
// of the 9 MB of the inverted lists).
func (ti *textIndex) buildMerged(ctx context.Context) error {
	ti.merged = make([][]textMerged, len(ti.near))
	ti.mergedSim = make([][1 << (mergedShift - 1)]float32, len(ti.near))
	return parallelCtx(ctx, len(ti.near), func(t int) {
		near := ti.near[t]
		if len(near) == 0 {
			return
		}
		sim := &ti.mergedSim[t]
		sim[0] = 1
		specific := !ti.generic[t]
		n := len(ti.post[t])
		for k, nw := range near {
			sim[1+k] = nw.cos
			n += len(ti.post[nw.term])
		}
		all := make([]textMerged, 0, n)
		for _, p := range ti.post[t] {
			all = append(all, textMerged{key: mergedKey(p.doc, 0, specific), w: p.w})
		}
		for k, nw := range near {
			strong := specific && !ti.generic[nw.term] && nw.cos >= StrongNear
			for _, p := range ti.post[nw.term] {
				all = append(all, textMerged{key: mergedKey(p.doc, 1+k, strong)})
			}
		}
		// By document; the order of a document's entries does not matter.
		slices.SortFunc(all, func(a, b textMerged) int { return cmp.Compare(a.key, b.key) })
		out := all[:0]
		for _, m := range all {
			k := len(out) - 1
			if k < 0 || out[k].key>>mergedShift != m.key>>mergedShift {
				out = append(out, m)
				continue
			}
			// The same document again: only t's own posting has a weight
			// (the other adds an exact 0), the flags are or-ed and s is
			// the max.
			out[k].w += m.w
			flags := (out[k].key | m.key) & 1
			if j := mergedSimIndex(m.key); sim[j] > sim[mergedSimIndex(out[k].key)] {
				out[k].key = out[k].key&^(1<<mergedShift-2) | j<<1
			}
			out[k].key |= flags
		}
		ti.merged[t] = slices.Clone(out)
	})
}

// mergedKey packs a document, the index of its s and its strong flag into
// textMerged.key.
func mergedKey(doc int32, j int, strong bool) uint32 {
	k := uint32(doc)<<mergedShift | uint32(j)<<1
	if strong {
		k |= 1
	}
	return k
}

// mergedSimIndex returns the index of s in a textMerged.key.
func mergedSimIndex(key uint32) uint32 { return key >> 1 & (1<<(mergedShift-1) - 1) }

// textBlock is how many offer documents the text part accumulates at a
// time: a block's accumulators stay in the processor's cache, where one
// pass over all 100,000-odd documents of a large network would miss it on
// almost every posting.
const textBlock = 4096

// textStream is the inverted list a need reads for one of its terms: the
// term's own postings (post) when it has no near words, else its merged
// list (merged; see textMerged).
type textStream struct {
	post   []textPosting
	merged []textMerged
	sim    [1 << (mergedShift - 1)]float32 // for merged: s by index (textIndex.mergedSim)
	strong uint8                           // for post: 1 if a posting is strong evidence of a cover (see textPart)
	cur    int                             // position of the next posting not yet read
}

// docSums are one offer document's lexical and semantic sums for the need
// being read (see textIndex), side by side in memory.
type docSums struct{ lex, sem float64 }

// citySims are one city's best similarity for the need being read and its
// best among documents with strong evidence (see textPart).
type citySims struct{ best, cov float64 }

// textScratch holds one worker's accumulators for one block of offer
// documents, and the best similarity of every city for the need being
// read.
type textScratch struct {
	sums    []docSums // per document of the block
	strong  []uint8   // per document of the block: 1 if a word met exactly or at ≥ StrongNear
	touched []uint64  // bit set of the block's documents the need touched
	streams []textStream
	size    int32 // documents per block, a multiple of 64: textBlock but in tests
	// cities[j] holds the need's best similarities among city j's
	// documents so far (0 for none).
	cities []citySims
	// The need being read: its index, weight a_i, and the beneficiary.
	need int
	ai   float64
	b    int32
	// wordBest[i] is the best similarity min(1, max_o sim(i, o)) of need i
	// of the last textPart's beneficiary at any other city, and wordBy[i]
	// that city (-1 for none): the words half of the need's cover (see
	// Engine.Gaps).
	wordBest []float64
	wordBy   []int32
}

// newScratch returns one worker's accumulators for the text part.
func (ti *textIndex) newScratch() *textScratch { return newTextScratch(textBlock) }

// newTextScratch returns the accumulators for blocks of size documents
// (rounded up to a multiple of 64).
func newTextScratch(size int) *textScratch {
	size = (size + 63) &^ 63
	return &textScratch{sums: make([]docSums, size),
		strong: make([]uint8, size), touched: make([]uint64, size/64), size: int32(size)}
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
// where strong(i, o) holds when some specific word of need i is in o or
// has a specific near word in o at a cosine of at least StrongNear; a
// generic word (text.Inferrer.Generic: "town", "local", "improve") says a
// text is about a city, not which need, so it never makes a cover. A pair covers a need in
// words when cover_j ≥ TextMin; weaker evidence ranks, it does not admit.
// (See textIndex for sim.)
//
// Each need is matched term at a time, over one list per term (its
// inverted list, or merged with those of its near words), one block of
// textBlock offer documents at a time. Every document's lexical and
// semantic sums are added up in the need's term order, as a single pass
// over all documents would, so the result is the same to the last bit;
// only the memory touched at once is smaller. A city's best document is a
// maximum, so it does not depend on the order its documents are met in;
// every city is added to out once per need, those the need did not touch
// with an exact +0.
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
	if len(ts.cities) != len(out) {
		ts.cities = make([]citySims, len(out))
	}
	ts.b = int32(b)
	m := int32(len(ti.offers))
	for i, ai := range a {
		if ai == 0 {
			continue
		}
		nd := &ti.needs[b][i]
		ts.streams = ts.streams[:0]
		for _, t := range nd.terms {
			st := textStream{merged: ti.merged[t], sim: ti.mergedSim[t]}
			if st.merged == nil {
				st.post = ti.post[t]
				if !ti.generic[t] {
					st.strong = 1
				}
			}
			ts.streams = append(ts.streams, st)
		}
		ts.need, ts.ai = i, ai
		for base := int32(0); base < m; base += ts.size {
			ts.block(nd, base, min(base+ts.size, m))
			ts.finishBlock(nd, base, ti.docCity)
		}
		ts.addCities(out, cover)
	}
}

// block adds up, for the documents in [base, end), need nd's lexical and
// semantic sums, term by term. (Slices and sums live in locals in the hot
// loops, so that they stay in registers.)
func (ts *textScratch) block(nd *textDoc, base, end int32) {
	sums, touched, strong := ts.sums, ts.touched, ts.strong
	for k := range ts.streams {
		st := &ts.streams[k]
		lw := float64(nd.lex[k])
		idf := float64(nd.idf[k])
		c := st.cur
		if ml := st.merged; ml != nil {
			ub := uint32(end) << mergedShift
			sim := &st.sim
			for ; c < len(ml) && ml[c].key < ub; c++ {
				p := &ml[c]
				d := int32(p.key>>mergedShift) - base
				touched[d>>6] |= 1 << (d & 63)
				sd := &sums[d]
				sd.lex += lw * float64(p.w)
				sd.sem += idf * float64(sim[mergedSimIndex(p.key)])
				strong[d] |= uint8(p.key & 1)
			}
		} else {
			// No near words: s is 1 on the term's own documents, so the
			// semantic sum takes idf·1 = idf there.
			pl, sg := st.post, st.strong
			for ; c < len(pl) && pl[c].doc < end; c++ {
				d := pl[c].doc - base
				touched[d>>6] |= 1 << (d & 63)
				sd := &sums[d]
				sd.lex += lw * float64(pl[c].w)
				sd.sem += idf
				strong[d] |= sg
			}
		}
		st.cur = c
	}
}

// finishBlock turns the sums of the block's touched documents into
// similarities, keeps each city's best in cities, and clears the block.
// A document with strong evidence counts toward the city's cov with its
// similarity times 1, one without with 0, which leaves the maximum as it is.
func (ts *textScratch) finishBlock(nd *textDoc, base int32, docCity []int32) {
	sums, touched, strong, cities := ts.sums, ts.touched, ts.strong, ts.cities
	docCity = docCity[base:]
	idfSum := nd.idfSum
	for w, word := range touched {
		if word == 0 {
			continue
		}
		touched[w] = 0
		for word != 0 {
			d := int32(w<<6 + bits.TrailingZeros64(word))
			word &= word - 1
			sd := &sums[d]
			sim := LexicalShare*sd.lex + (1-LexicalShare)*sd.sem/idfSum
			*sd = docSums{}
			cs := &cities[docCity[d]]
			cs.best = max(cs.best, sim)
			cs.cov = max(cs.cov, sim*float64(strong[d]))
			strong[d] = 0
		}
	}
}

// clamp1 is math.Min(1, v) for the values a similarity takes (never NaN),
// without the call.
func clamp1(v float64) float64 {
	if v > 1 {
		return 1
	}
	return v
}

// addCities adds the need being read to every city's text part
// (a_i·min(1, best)) and text cover (a_i·min(1, cov)), clearing cities,
// and keeps the need's best city other than the beneficiary
// for the gap analysis. A city the need did not touch adds a_i·0 = +0 to
// sums that are never −0, so it changes no bit.
func (ts *textScratch) addCities(out, cover []float64) {
	ai, i, b := ts.ai, ts.need, int(ts.b)
	wb, wby := ts.wordBest[i], ts.wordBy[i]
	cities := ts.cities[:len(out)]
	for c, cs := range cities {
		cities[c] = citySims{}
		v := clamp1(cs.best)
		out[c] += ai * v
		if cover != nil {
			cover[c] += ai * clamp1(cs.cov)
		}
		if v > wb && c != b {
			wb, wby = v, int32(c)
		}
	}
	ts.wordBest[i], ts.wordBy[i] = wb, wby
}

// entrySimilarity computes sim(i, o) directly for one need and one offer
// document, with the words that carried it.
func (ti *textIndex) entrySimilarity(nd *textDoc, d int32) (lex, sem float64, shared []string, near []model.WordPair) {
	return ti.similarity(nd, ti.nearOf(nd), d, true)
}

// needNear is one need's near words, sorted by word (then need term), so
// that they meet an offer's sorted terms in one pass; and, per need term,
// the best near word met in the offer being read.
type needNear struct {
	words []needNearWord
	cos   []float32 // per need term: the best cosine of a near word in the offer, 0 for none
	word  []int32   // per need term: that near word
}

// needNearWord is a near word u of the need's term k.
type needNearWord struct {
	u   int32
	k   int32
	cos float32
}

// nearOf returns the near words of need nd (see needNear).
func (ti *textIndex) nearOf(nd *textDoc) *needNear {
	n := 0
	for _, t := range nd.terms {
		n += len(ti.near[t])
	}
	nn := &needNear{words: make([]needNearWord, 0, n), cos: make([]float32, len(nd.terms)), word: make([]int32, len(nd.terms))}
	for k, t := range nd.terms {
		for _, nw := range ti.near[t] {
			nn.words = append(nn.words, needNearWord{u: nw.term, k: int32(k), cos: nw.cos})
		}
	}
	slices.SortFunc(nn.words, func(a, b needNearWord) int {
		if c := cmp.Compare(a.u, b.u); c != 0 {
			return c
		}
		return cmp.Compare(a.k, b.k)
	})
	return nn
}

// similarity computes sim(i, o)'s two halves and, when words is true, the
// words that carried them, for need nd with its near words nn. Both term
// lists and the near words are sorted by term, so shared terms and near
// words are found by walking them together. Of a need term's near words in
// the offer, the one with the largest cosine counts, the first by term
// among equals (its near list's order: cosine down, then term).
func (ti *textIndex) similarity(nd *textDoc, nn *needNear, d int32, words bool) (lex, sem float64, shared []string, near []model.WordPair) {
	od := &ti.offers[d]
	clear(nn.cos)
	for o, x := 0, 0; o < len(od.terms) && x < len(nn.words); {
		switch u, v := od.terms[o], nn.words[x].u; {
		case u < v:
			o++
		case u > v:
			x++
		default:
			if w := nn.words[x]; w.cos > nn.cos[w.k] {
				nn.cos[w.k], nn.word[w.k] = w.cos, w.u
			}
			x++ // the same offer word may be near another need term
		}
	}
	ko := 0
	for k, t := range nd.terms {
		for ko < len(od.terms) && od.terms[ko] < t {
			ko++
		}
		if ko < len(od.terms) && od.terms[ko] == t {
			lex += float64(nd.lex[k]) * float64(od.lex[ko])
			sem += float64(nd.idf[k])
			if words {
				shared = append(shared, ti.words[t])
			}
			continue
		}
		if c := nn.cos[k]; c > 0 {
			sem += float64(nd.idf[k]) * float64(c)
			if words {
				near = append(near, model.WordPair{Need: ti.words[t], Offer: ti.words[nn.word[k]], Similarity: round4(float64(c))})
			}
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
		if q.textNear == nil {
			q.textNear = make([]*needNear, len(q.textA))
		}
		nn := q.textNear[i]
		if nn == nil {
			nn = ti.nearOf(nd)
			q.textNear[i] = nn
		}
		bestSim, bestDoc := 0.0, int32(-1)
		for _, d := range ti.byCity[j] {
			lex, sem, _, _ := ti.similarity(nd, nn, d, false)
			if sim := math.Min(1, LexicalShare*lex+(1-LexicalShare)*sem); sim > bestSim {
				bestSim, bestDoc = sim, d
			}
		}
		if bestSim == 0 {
			continue
		}
		lex, sem, shared, near := ti.similarity(nd, nn, bestDoc, true)
		best := model.TextMatch{Need: e.profiles[q.b].needs[i].label, Offer: ti.refs[bestDoc].label,
			Lexical: round4(lex), Semantic: round4(sem), Similarity: round4(bestSim), Shared: shared, Near: near}
		best.Contribution = round4(q.weights[model.PartText] * ai * bestSim)
		if ti.vectorless(nd) {
			best.Note = "no word of this need is in the English word vectors: matched on shared words only"
		}
		out = append(out, best)
	}
	slices.SortStableFunc(out, func(a, b model.TextMatch) int { return cmp.Compare(b.Contribution, a.Contribution) })
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
