package text

import (
	"fmt"
	"math"
	"sort"
)

// Weighting says how a Model weights the terms of a text.
type Weighting int

const (
	// TFIDF is scikit-learn's default TF-IDF (TfidfVectorizer with
	// smooth_idf, norm "l2"):
	//
	//	idf(t) = ln((1+n)/(1+df_t)) + 1,  w = tf·idf,  L2-normalised
	TFIDF Weighting = iota
	// BM25 is Okapi BM25 with Lucene's defaults k1 = 1.2, b = 0.75:
	//
	//	idf(t) = ln(1 + (n−df_t+0.5)/(df_t+0.5))
	//	w = idf·tf·(k1+1)/(tf + k1·(1−b+b·len/avglen)),  L2-normalised
	//
	// where len is the number of terms of the text and avglen the mean over
	// the fitted documents.
	BM25
)

// BM25 parameters, Lucene's defaults.
const (
	BM25K1 = 1.2
	BM25B  = 0.75
)

// String returns "tfidf" or "bm25".
func (w Weighting) String() string {
	switch w {
	case TFIDF:
		return "tfidf"
	case BM25:
		return "bm25"
	}
	return fmt.Sprintf("Weighting(%d)", int(w))
}

// Vocabulary maps terms to ids 0..Len()-1, in lexical order of the terms.
type Vocabulary struct {
	ids   map[string]int
	terms []string
}

// Len returns the number of terms.
func (v *Vocabulary) Len() int { return len(v.terms) }

// ID returns the id of term, or false when the term is unknown.
func (v *Vocabulary) ID(term string) (int, bool) {
	i, ok := v.ids[term]
	return i, ok
}

// Term returns the term with id i; it panics when i is out of range.
func (v *Vocabulary) Term(i int) string { return v.terms[i] }

// Model weights term lists as sparse vectors over the vocabulary of the
// documents it was fitted on. It is immutable and safe for concurrent use.
type Model struct {
	weighting Weighting
	vocab     Vocabulary
	df        []int
	idf       []float64
	n         int
	avgLen    float64
}

// NewModel fits a model on docs, each a list of terms (such as Analyze's
// output): the vocabulary is every term of every document, df_t the number
// of documents containing t.
func NewModel(w Weighting, docs [][]string) *Model {
	if w != TFIDF && w != BM25 {
		panic(fmt.Sprintf("text: unknown weighting %d", int(w)))
	}
	dfs := map[string]int{}
	total := 0
	seen := map[string]bool{}
	for _, d := range docs {
		clear(seen)
		total += len(d)
		for _, t := range d {
			if !seen[t] {
				seen[t] = true
				dfs[t]++
			}
		}
	}
	m := &Model{weighting: w, n: len(docs)}
	m.vocab.terms = make([]string, 0, len(dfs))
	for t := range dfs {
		m.vocab.terms = append(m.vocab.terms, t)
	}
	sort.Strings(m.vocab.terms)
	m.vocab.ids = make(map[string]int, len(dfs))
	m.df = make([]int, len(dfs))
	m.idf = make([]float64, len(dfs))
	for i, t := range m.vocab.terms {
		m.vocab.ids[t] = i
		m.df[i] = dfs[t]
		m.idf[i] = m.idfOf(dfs[t])
	}
	if len(docs) > 0 {
		m.avgLen = float64(total) / float64(len(docs))
	}
	return m
}

// Weighting returns the model's weighting.
func (m *Model) Weighting() Weighting { return m.weighting }

// Docs returns the number of documents the model was fitted on.
func (m *Model) Docs() int { return m.n }

// Vocabulary returns the model's vocabulary.
func (m *Model) Vocabulary() *Vocabulary { return &m.vocab }

// DF returns the number of fitted documents that contain term.
func (m *Model) DF(term string) int {
	if i, ok := m.vocab.ids[term]; ok {
		return m.df[i]
	}
	return 0
}

// IDF returns the inverse document frequency of term; a term the model has
// not seen has df 0, the highest IDF.
func (m *Model) IDF(term string) float64 {
	if i, ok := m.vocab.ids[term]; ok {
		return m.idf[i]
	}
	return m.idfOf(0)
}

func (m *Model) idfOf(df int) float64 {
	n, d := float64(m.n), float64(df)
	if m.weighting == BM25 {
		return math.Log(1 + (n-d+0.5)/(d+0.5))
	}
	return math.Log((1+n)/(1+d)) + 1
}

// tfWeight returns the weight of a term that occurs tf times in a text of
// length terms with inverse document frequency idf, before normalisation.
func (m *Model) tfWeight(tf, length int, idf float64) float64 {
	if m.weighting == BM25 {
		avg := m.avgLen
		if avg == 0 {
			avg = float64(length)
		}
		norm := 1.0
		if avg > 0 {
			norm = 1 - BM25B + BM25B*float64(length)/avg
		}
		f := float64(tf)
		return idf * f * (BM25K1 + 1) / (f + BM25K1*norm)
	}
	return float64(tf) * idf
}

// Vector returns the L2-normalised weight vector of terms. Terms outside the
// vocabulary are dropped, as scikit-learn's transform does (they still count
// in the text's length for BM25).
func (m *Model) Vector(terms []string) Vector {
	tf := map[int]int{}
	for _, t := range terms {
		if i, ok := m.vocab.ids[t]; ok {
			tf[i]++
		}
	}
	v := Vector{Index: make([]int, 0, len(tf)), Value: make([]float64, 0, len(tf))}
	for i := range tf {
		v.Index = append(v.Index, i)
	}
	sort.Ints(v.Index)
	for _, i := range v.Index {
		v.Value = append(v.Value, m.tfWeight(tf[i], len(terms), m.idf[i]))
	}
	v.normalize()
	return v
}

// TermWeights returns the L2-normalised weight of every distinct term of
// terms, keyed by term. Unlike Vector it keeps terms outside the vocabulary,
// at the IDF of an unseen term, so that two new texts sharing a rare word
// count as similar.
func (m *Model) TermWeights(terms []string) map[string]float64 {
	tf := map[string]int{}
	for _, t := range terms {
		tf[t]++
	}
	w := make(map[string]float64, len(tf))
	var ss float64
	for t, c := range tf {
		x := m.tfWeight(c, len(terms), m.IDF(t))
		w[t] = x
		ss += x * x
	}
	if ss > 0 {
		n := math.Sqrt(ss)
		for t := range w {
			w[t] /= n
		}
	}
	return w
}
