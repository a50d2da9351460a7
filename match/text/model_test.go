package text_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match/text"
)

// sklearnTokens tokenises as scikit-learn's CountVectorizer defaults do:
// lower-case, token_pattern (?u)\b\w\w+\b, no stop words, no stemming.
func sklearnTokens(s string) []string {
	return regexp.MustCompile(`\b\w\w+\b`).FindAllString(strings.ToLower(s), -1)
}

// TestTFIDFScikitLearn is reference case T12 of ALGORITHMS.md: the corpus of
// scikit-learn's TfidfVectorizer documentation.
func TestTFIDFScikitLearn(t *testing.T) {
	corpus := []string{
		"This is the first document.",
		"This document is the second document.",
		"And this is the third one.",
		"Is this the first document?",
	}
	docs := make([][]string, len(corpus))
	for i, s := range corpus {
		docs[i] = sklearnTokens(s)
	}
	m := text.NewModel(text.TFIDF, docs)
	v := m.Vocabulary()
	require.Equal(t, 9, v.Len())
	// scikit-learn's get_feature_names_out order.
	for i, term := range []string{"and", "document", "first", "is", "one", "second", "the", "third", "this"} {
		assert.Equal(t, term, v.Term(i))
		id, ok := v.ID(term)
		assert.True(t, ok)
		assert.Equal(t, i, id)
	}
	x := m.Vector(docs[0])
	want := map[string]float64{
		"document": .46979139, "first": .58028582,
		"is": .38408524, "the": .38408524, "this": .38408524,
	}
	require.Equal(t, len(want), x.Len())
	for term, w := range want {
		id, _ := v.ID(term)
		assert.InDelta(t, w, x.At(id), 1e-6, term)
	}
	assert.InDelta(t, 1, x.Norm(), 1e-12)
	assert.Equal(t, 0.0, x.At(0), "'and' is not in the first document")
	// The analyzer is pluggable: ours, without stop words or stems, agrees here.
	plain := text.NewAnalyzer(nil, false)
	assert.Equal(t, docs[0], plain.Analyze(corpus[0]))
	// Unknown terms are dropped, as scikit-learn's transform does.
	assert.Equal(t, x, m.Vector(append(sklearnTokens(corpus[0]), "unseen")))
	assert.Equal(t, 3, m.DF("document"))
	assert.Equal(t, 0, m.DF("unseen"))
	assert.InDelta(t, 1.5108256237659907, m.IDF("first"), 1e-12)  // ln(5/3)+1
	assert.InDelta(t, 2.6094379124341003, m.IDF("unseen"), 1e-12) // ln(5)+1
	assert.Equal(t, 4, m.Docs())
	assert.Equal(t, "tfidf", m.Weighting().String())
}

func TestBM25(t *testing.T) {
	m := text.NewModel(text.BM25, [][]string{{"x", "x", "y"}, {"y", "z"}})
	assert.Equal(t, "bm25", m.Weighting().String())
	assert.InDelta(t, 0.6931471805599453, m.IDF("x"), 1e-12) // ln(1 + 1.5/1.5)
	assert.InDelta(t, 0.1823215567939546, m.IDF("y"), 1e-12) // ln(1 + 0.5/2.5)
	id := func(term string) int { i, _ := m.Vocabulary().ID(term); return i }
	d1 := m.Vector([]string{"x", "x", "y"})
	assert.InDelta(t, 0.98300076, d1.At(id("x")), 1e-8)
	assert.InDelta(t, 0.18360147, d1.At(id("y")), 1e-8)
	d2 := m.Vector([]string{"y", "z"})
	assert.InDelta(t, 0.25438161, d2.At(id("y")), 1e-8)
	assert.InDelta(t, 0.96710392, d2.At(id("z")), 1e-8)
	assert.InDelta(t, 0.18360147*0.25438161, text.Cosine(d1, d2), 1e-8)
}

func TestNewModelUnknownWeighting(t *testing.T) {
	assert.Panics(t, func() { text.NewModel(text.Weighting(7), nil) })
	assert.Equal(t, "Weighting(7)", text.Weighting(7).String())
}

func TestEmptyModel(t *testing.T) {
	for _, w := range []text.Weighting{text.TFIDF, text.BM25} {
		m := text.NewModel(w, nil)
		assert.Equal(t, 0, m.Vector([]string{"a"}).Len())
		tw := m.TermWeights([]string{"a", "a"})
		assert.InDelta(t, 1, tw["a"], 1e-12)
	}
}

func TestVector(t *testing.T) {
	a := text.Vector{Index: []int{0, 2, 5}, Value: []float64{1, 2, 3}}
	b := text.Vector{Index: []int{2, 3, 5}, Value: []float64{4, 1, -1}}
	assert.InDelta(t, 2*4+3*-1, a.Dot(b), 1e-12)
	assert.InDelta(t, a.Dot(b), b.Dot(a), 1e-12)
	assert.InDelta(t, 25/(14.0*18.0), text.Cosine(a, b)*text.Cosine(a, b), 1e-12) // (a·b)²/(|a|²|b|²)
	assert.Equal(t, 0.0, text.Cosine(a, text.Vector{}))
	assert.Equal(t, 2.0, a.At(2))
	assert.Equal(t, 0.0, a.At(3))
	assert.Equal(t, 0.0, a.At(9))
}

func TestTermWeights(t *testing.T) {
	m := text.NewModel(text.TFIDF, [][]string{{"water", "leak"}, {"water", "tap"}})
	w := m.TermWeights([]string{"water", "meter"})
	// water: idf ln(3/3)+1 = 1; meter, unseen: ln(3/1)+1.
	idf := 2.09861228866811
	n := 1 + idf*idf
	assert.InDelta(t, 1/n, w["water"]*w["water"], 1e-12)
	assert.InDelta(t, idf*idf/n, w["meter"]*w["meter"], 1e-12)
}
