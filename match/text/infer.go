package text

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas/blas32"

	"github.com/c2cnet/c2c/model"
)

// TopicHit is a topic inferred from a text.
type TopicHit struct {
	Topic    int      // index of the topic in the taxonomy's Topics
	Weight   float64  // strength of the signal, in (0,1]
	Evidence []string // the matched phrases (as written in the taxonomy) or words (as written in the text), strongest first
}

// Inference parameters; see Inferrer.Infer.
const (
	// MaxTopics is the most topics Infer returns for one text.
	MaxTopics = 3
	// PhraseKeep is the share of the best topic's phrase score another
	// topic needs to be kept.
	PhraseKeep = 0.4
	// FallbackWeight is the weight of the best topic found without a phrase.
	FallbackWeight = 0.6
	// FallbackMin is the least cosine between a text and a topic document
	// for the fallback to name the topic at all.
	FallbackMin = 0.2
	// FallbackKeep is the share of the best fallback cosine another topic
	// needs to be kept.
	FallbackKeep = 0.75
	// maxEvidence is the most evidence strings per hit.
	maxEvidence = 5
	// inferMemoSize bounds the memo of Infer (texts).
	inferMemoSize = 1 << 18
)

// Inferrer infers taxonomy topics from free text. It is safe for concurrent
// use: Infer and Similarity may run in several goroutines, also while Fit
// runs.
type Inferrer struct {
	tax      *model.Taxonomy
	an       *Analyzer
	phrases  *PhraseIndex
	strength map[phraseKey]float64 // Σ idf of a phrase's terms
	docs     [][]string            // the analysed topic documents
	model    *Model                // TF-IDF over the topic documents
	vecs     []Vector              // the topic documents' vectors
	sim      atomic.Pointer[Model] // model for Similarity: topic documents plus Fit's texts
	memo     memo[[]TopicHit]
	generic  map[string]bool // terms of genericWords
	vectors  Vectors         // word vectors, or nil
	wordVecs memo[[]float32] // the vectors looked up, shared and read-only; nil for an unknown word
	tvOnce   sync.Once
	tv       [][]float32 // topic vectors (see topicVectors)
}

// Vectors are English word vectors: Lookup returns the unit vector of a
// lower-case word. fixtures/vectors provides GloVe 6B 100-d.
type Vectors interface {
	Lookup(word string) ([]float32, bool)
}

// SetVectors gives the inferrer word vectors, which the text part of the
// engine uses for words of close meaning. Call it before use.
func (in *Inferrer) SetVectors(v Vectors) {
	in.vectors = v
	in.wordVecs.init(wordVecsSize)
}

// wordVecsSize bounds the memo of word vectors (words; 400 bytes each with
// 100 dimensions, so at most about 26 MB).
const wordVecsSize = 1 << 16

// wordVector returns the unit vector of a lower-case word from the
// vectors, remembered: a network's texts use the same words again and
// again, and each Lookup copies and normalises the vector. The slice is
// shared; callers must not modify it.
func (in *Inferrer) wordVector(w string) ([]float32, bool) {
	if v, ok := in.wordVecs.load(w); ok {
		return v, v != nil
	}
	v, ok := in.vectors.Lookup(w)
	if !ok {
		v = nil
	}
	in.wordVecs.store(w, v)
	return v, ok
}

// Generic reports whether term (an analysed term, as Analyzer.Tokens gives
// it) is one of the generic words that say a text is about a city and its
// needs but not which need ("town", "people", "local", "improve").
func (in *Inferrer) Generic(term string) bool { return in.generic[term] }

// Vectors returns the word vectors given with SetVectors, or nil.
func (in *Inferrer) Vectors() Vectors {
	if in == nil {
		return nil
	}
	return in.vectors
}

// genericWords say that a text is about a city and its needs, not which
// need: the fallback ignores them ("we are a city of a million" is about no
// topic, though "city" is in "sister city"). Phrases may still contain them.
var genericWords = []string{
	"city", "cities", "town", "municipal", "municipality", "urban", "local",
	"government", "council", "people", "resident", "citizen", "area", "district",
	"problem", "issue", "need", "lack", "help", "improve", "better", "new",
	"good", "bad", "big", "small", "many", "year", "day", "time", "want",
	"make", "get", "use", "work", "system", "project", "programme", "program",
	"plan", "service", "management", "development", "support", "million",
	"thousand", "hundred", "percent", "number", "like", "learn", "share",
	"experience", "partner", "member", "network",
}

type phraseKey struct {
	topic  int
	phrase string
}

// NewInferrer prepares topic inference over tax with the default analyzer.
// Each topic's document is its label, its phrases and its sector's label.
func NewInferrer(tax *model.Taxonomy) *Inferrer {
	in := &Inferrer{tax: tax, an: defaultAnalyzer}
	in.phrases = NewPhraseIndex(tax, in.an)
	in.docs = make([][]string, len(tax.Topics))
	for i, tp := range tax.Topics {
		var b strings.Builder
		b.WriteString(tp.Label)
		for _, p := range tp.Phrases {
			b.WriteString(". ")
			b.WriteString(p)
		}
		b.WriteString(". ")
		b.WriteString(tax.SectorLabel(tp.Sector))
		in.docs[i] = in.an.Analyze(b.String())
	}
	in.model = NewModel(TFIDF, in.docs)
	in.vecs = make([]Vector, len(in.docs))
	for i, d := range in.docs {
		in.vecs[i] = in.model.Vector(d)
	}
	in.strength = map[phraseKey]float64{}
	for i, tp := range tax.Topics {
		for _, p := range tp.Phrases {
			var s float64
			for _, t := range in.an.Analyze(p) {
				s += in.model.IDF(t)
			}
			if s == 0 {
				s = 1 // a phrase of stop words only ("no")
			}
			in.strength[phraseKey{i, p}] = s
		}
	}
	in.generic = map[string]bool{}
	for _, w := range genericWords {
		for _, t := range in.an.Analyze(w) {
			in.generic[t] = true
		}
	}
	in.sim.Store(in.model)
	in.memo.init(inferMemoSize)
	return in
}

// Taxonomy returns the taxonomy the inferrer works over.
func (in *Inferrer) Taxonomy() *model.Taxonomy { return in.tax }

// Phrases returns the inferrer's phrase index.
func (in *Inferrer) Phrases() *PhraseIndex { return in.phrases }

// Infer returns the topics text is about, at most MaxTopics, by weight
// descending, then topic id; nil when nothing is relevant. The result is
// memoised per exact text and the caller may modify it.
//
// Phrases first. The taxonomy's phrases are found as in PhraseIndex.Match.
// A phrase occurring c times scores
//
//	strength·(1 + ln c) / shared
//
// where strength is the sum of the IDFs of its terms over the topic
// documents (so "bus rapid transit" outweighs "bus", and "3r" outweighs
// "campaign") and shared the number of topics that have the phrase. A
// topic's score is the sum over its phrases; weights are scores divided by
// the best, so the best topic has weight 1, and topics under PhraseKeep of
// the best are dropped. Evidence is the matched phrases, strongest first.
//
// Fallback. When no phrase matches, the text's TF-IDF vector over the topic
// documents (label, phrases and sector label of each topic) is compared by
// cosine with each topic's; words that only say the text is about a city
// and its needs ("city", "urban", "people", "problem", "need", "lack", ...)
// are left out of the text's vector. Nothing is returned unless the best cosine is at
// least FallbackMin; topics under FallbackKeep of the best are dropped; the
// weight is FallbackWeight·cos/best, so a guess never outweighs a phrase.
// Evidence is the shared words as written in the text, by contribution to
// the cosine.
//
// Nearness. With word vectors (SetVectors), the topic nearest the text in
// the word-vector space (the cosine of the SIF-weighted mean vectors, see
// byVectors), when the cosine reaches VectorMin, follows the topics found
// either way unless it is among them, at weight VectorWeight·cos (it may
// be one more than MaxTopics); a text placed neither way gets that topic
// alone.
func (in *Inferrer) Infer(text string) []TopicHit {
	if hits, ok := in.memo.load(text); ok {
		return cloneHits(hits)
	}
	hits := in.infer(text)
	in.memo.store(text, hits)
	return cloneHits(hits)
}

func cloneHits(hits []TopicHit) []TopicHit {
	if hits == nil {
		return nil
	}
	out := slices.Clone(hits)
	for i := range out {
		out[i].Evidence = slices.Clone(out[i].Evidence)
	}
	return out
}

type scored struct {
	topic    int
	score    float64
	evidence []evidence
}

type evidence struct {
	text  string
	score float64
	first int
}

func (in *Inferrer) infer(text string) []TopicHit {
	tokens := in.an.Tokens(text)
	if len(tokens) == 0 {
		return nil
	}
	if hits := in.phrases.Match(tokens); len(hits) > 0 {
		return in.withNearest(in.byPhrase(hits), tokens)
	}
	if hits := in.byCosine(tokens); hits != nil {
		return in.withNearest(hits, tokens)
	}
	return in.byVectors(tokens)
}

// withNearest adds to the topics a text's phrases (or, without a phrase,
// its words) name the topic nearest it in the word-vector space (see
// byVectors), when that is another one:
// a lay text often names a topic by an incidental word ("a patch of land
// to grow vegetables" says land) while its meaning is nearer another
// (urban agriculture). The nearest topic weighs VectorWeight times its
// cosine, less than a phrase.
func (in *Inferrer) withNearest(hits []TopicHit, tokens []Token) []TopicHit {
	vh := in.byVectors(tokens)
	if len(vh) == 0 || slices.ContainsFunc(hits, func(h TopicHit) bool { return h.Topic == vh[0].Topic }) {
		return hits
	}
	return append(hits, vh[0])
}

// Nearness in the word-vector space, the last resort of Infer.
const (
	// VectorMin is the least cosine between a text's vector and a topic's
	// for the topic to be named by nearness.
	VectorMin = 0.35
	// VectorWeight is the weight of a topic named by nearness, times the
	// cosine: a guess by meaning weighs less than one by shared words.
	VectorWeight = 0.5
)

// topicVectors returns the unit vector of each topic: the weighted mean of
// the word vectors of its label and phrases (see meanVector), built once.
func (in *Inferrer) topicVectors() [][]float32 {
	in.tvOnce.Do(func() {
		in.tv = make([][]float32, len(in.tax.Topics))
		for i, tp := range in.tax.Topics {
			var toks []Token
			toks = append(toks, in.an.Tokens(tp.Label)...)
			for _, p := range tp.Phrases {
				toks = append(toks, in.an.Tokens(p)...)
			}
			in.tv[i], _, _ = in.meanVector(toks)
		}
	})
	return in.tv
}

// meanVector is the weighted mean of the word vectors of the tokens (stop
// and generic words left out), normalised, with the words used and their
// vectors. A word weighs its IDF over the topic documents times its
// smooth-inverse-frequency weight (FrequencyWeight), as in the engine's
// semantic alignment: the IDF alone gives the everyday words no topic
// document has ("knows", "remember", "name") the highest weight, and the
// mean of a lay text would be theirs.
func (in *Inferrer) meanVector(tokens []Token) ([]float32, []string, [][]float32) {
	var sum []float32
	var words []string
	var vecs [][]float32
	for _, t := range tokens {
		if t.Stop || in.generic[t.Term] {
			continue
		}
		v, ok := in.wordVector(t.Word)
		if !ok {
			continue
		}
		if sum == nil {
			sum = make([]float32, len(v))
		}
		w := float32(in.model.IDF(t.Term))
		if f, ok := FrequencyWeight(in.vectors, t.Word); ok {
			w *= float32(f)
		}
		for k := range v {
			sum[k] += w * v[k]
		}
		words = append(words, t.Word)
		vecs = append(vecs, v)
	}
	if sum == nil {
		return nil, nil, nil
	}
	var n float64
	for _, x := range sum {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return nil, nil, nil
	}
	inv := float32(1 / math.Sqrt(n))
	for k := range sum {
		sum[k] *= inv
	}
	return sum, words, vecs
}

// byVectors names the topic whose vector is nearest the text's, when the
// cosine reaches VectorMin, with weight VectorWeight·cos. Evidence is the
// text's words that carried the vector.
func (in *Inferrer) byVectors(tokens []Token) []TopicHit {
	if in.vectors == nil {
		return nil
	}
	q, words, vecs := in.meanVector(tokens)
	if q == nil {
		return nil
	}
	best, bestCos := -1, float32(VectorMin)
	for i, tv := range in.topicVectors() {
		if tv == nil {
			continue
		}
		c := Dot(q, tv)
		if c >= bestCos {
			best, bestCos = i, c
		}
	}
	if best < 0 {
		return nil
	}
	return []TopicHit{{Topic: best, Weight: VectorWeight * float64(bestCos), Evidence: in.nearestWords(words, vecs, in.topicVectors()[best])}}
}

// evidenceMin is the least cosine to a topic's vector of a word named as
// evidence of a placement by nearness, but for the nearest word.
const evidenceMin = 0.45

// Dot is the dot product of two word vectors of the same length (their
// cosine, for unit vectors), by BLAS (vectorised on amd64).
func Dot(a, b []float32) float32 {
	return blas32.Dot(blas32.Vector{N: len(a), Inc: 1, Data: a}, blas32.Vector{N: len(b), Inc: 1, Data: b})
}

// nearestWords returns the distinct words (with vecs, their vectors) whose vectors are nearest the
// topic vector tv, nearest first (ties in text order), at most maxEvidence
// and, but for the first, at a cosine of at least evidenceMin: the words
// that carried a placement by nearness.
func (in *Inferrer) nearestWords(words []string, vecs [][]float32, tv []float32) []string {
	type near struct {
		word string
		cos  float32
	}
	var ns []near
	for i, w := range words {
		if slices.ContainsFunc(ns, func(n near) bool { return n.word == w }) {
			continue
		}
		v := vecs[i]
		var c float32
		for k := range v {
			c += v[k] * tv[k]
		}
		ns = append(ns, near{w, c})
	}
	slices.SortStableFunc(ns, func(a, b near) int { return cmp.Compare(b.cos, a.cos) })
	out := make([]string, 0, min(len(ns), maxEvidence))
	for i, n := range ns[:min(len(ns), maxEvidence)] {
		if i > 0 && n.cos < evidenceMin {
			break
		}
		out = append(out, n.word)
	}
	return out
}

func (in *Inferrer) byPhrase(hits []PhraseHit) []TopicHit {
	by := map[int]*scored{}
	for _, h := range hits {
		s := in.strength[phraseKey{h.Topic, h.Phrase}] * (1 + math.Log(float64(h.Count))) / float64(h.Shared)
		t := by[h.Topic]
		if t == nil {
			t = &scored{topic: h.Topic}
			by[h.Topic] = t
		}
		t.score += s
		t.evidence = append(t.evidence, evidence{h.Phrase, s, h.First})
	}
	return in.rank(by, PhraseKeep, 1)
}

func (in *Inferrer) byCosine(tokens []Token) []TopicHit {
	var terms []string
	surface := map[string]evidence{} // term → first word
	for i, t := range tokens {
		if t.Stop || in.generic[t.Term] {
			continue
		}
		terms = append(terms, t.Term)
		if _, ok := surface[t.Term]; !ok {
			surface[t.Term] = evidence{text: t.Word, first: i}
		}
	}
	q := in.model.Vector(terms)
	if q.Len() == 0 {
		return nil
	}
	by := map[int]*scored{}
	for ti, d := range in.vecs {
		c := q.Dot(d)
		if c <= 0 {
			continue
		}
		t := &scored{topic: ti, score: c}
		for k, id := range q.Index {
			if w := d.At(id); w > 0 {
				e := surface[in.model.vocab.terms[id]]
				e.score = q.Value[k] * w
				t.evidence = append(t.evidence, e)
			}
		}
		by[ti] = t
	}
	best := 0.0
	for _, t := range by {
		best = max(best, t.score)
	}
	if best < FallbackMin {
		return nil
	}
	return in.rank(by, FallbackKeep, FallbackWeight)
}

// rank keeps the topics scoring at least keep·best, at most MaxTopics, with
// weight top·score/best, ordered by weight then topic id.
func (in *Inferrer) rank(by map[int]*scored, keep, top float64) []TopicHit {
	all := make([]*scored, 0, len(by))
	best := 0.0
	for _, t := range by {
		all = append(all, t)
		best = max(best, t.score)
	}
	if best <= 0 {
		return nil
	}
	slices.SortFunc(all, func(a, b *scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(in.tax.Topics[a.topic].ID, in.tax.Topics[b.topic].ID)
	})
	var out []TopicHit
	for _, t := range all {
		if len(out) == MaxTopics || t.score < keep*best {
			break
		}
		slices.SortStableFunc(t.evidence, func(a, b evidence) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return cmp.Compare(a.first, b.first)
		})
		ev := make([]string, 0, min(len(t.evidence), maxEvidence))
		for _, e := range t.evidence {
			if len(ev) == maxEvidence {
				break
			}
			if !slices.Contains(ev, e.text) {
				ev = append(ev, e.text)
			}
		}
		out = append(out, TopicHit{Topic: t.topic, Weight: top * t.score / best, Evidence: ev})
	}
	return out
}

// Fit registers the texts of a run (challenges, capacities, practices) so
// that Similarity weighs words by how rare they are among the topic
// documents and these texts together. Each call replaces the texts of the
// previous one. Infer does not depend on Fit: its results are the same
// whatever was registered, so its memo stays valid.
func (in *Inferrer) Fit(texts []string) {
	docs := slices.Clip(in.docs)
	for _, s := range texts {
		docs = append(docs, in.an.Analyze(s))
	}
	in.sim.Store(NewModel(TFIDF, docs))
}

// Similarity returns the TF-IDF cosine of texts a and b, in [0,1], and the
// words they share (as written in a), by contribution to the cosine. IDF
// comes from the topic documents plus the texts given to Fit; a word seen in
// neither counts as rarest.
func (in *Inferrer) Similarity(a, b string) (float64, []string) {
	m := in.sim.Load()
	ta, tb := in.an.Tokens(a), in.an.Tokens(b)
	wa, wb := m.TermWeights(nonStop(ta)), m.TermWeights(nonStop(tb))
	var cos float64
	var shared []evidence
	for t, x := range wa {
		if y, ok := wb[t]; ok {
			cos += x * y
			shared = append(shared, evidence{text: t, score: x * y})
		}
	}
	slices.SortFunc(shared, func(a, b evidence) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(a.text, b.text)
	})
	var words []string
	for _, e := range shared {
		for _, t := range ta {
			if t.Term == e.text {
				words = append(words, t.Word)
				break
			}
		}
	}
	return min(cos, 1), words
}

func nonStop(tokens []Token) []string {
	var out []string
	for _, t := range tokens {
		if !t.Stop {
			out = append(out, t.Term)
		}
	}
	return out
}
