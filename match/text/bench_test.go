package text_test

import (
	"strconv"
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match/text"
)

// mixedCorpus returns the quality sentences plus longer practice-like texts.
func mixedCorpus() []string {
	var c []string
	for _, tc := range qualityCases {
		c = append(c, tc.text)
	}
	for _, tc := range fallbackCases {
		c = append(c, tc.text)
	}
	return append(c, benchTexts...)
}

func BenchmarkInferMemoised(b *testing.B) {
	b.ReportAllocs()
	in := text.NewInferrer(fixtures.Taxonomy())
	corpus := mixedCorpus()
	for _, s := range corpus {
		in.Infer(s)
	}
	i := 0
	for b.Loop() {
		in.Infer(corpus[i%len(corpus)])
		i++
	}
}

func BenchmarkInferCold(b *testing.B) {
	b.ReportAllocs()
	in := text.NewInferrer(fixtures.Taxonomy())
	corpus := mixedCorpus()
	// Distinct texts defeat the memo; the number is a term no topic uses.
	i := 0
	for b.Loop() {
		in.Infer(corpus[i%len(corpus)] + " " + strconv.Itoa(i))
		i++
	}
}

func BenchmarkSimilarity(b *testing.B) {
	b.ReportAllocs()
	in := text.NewInferrer(fixtures.Taxonomy())
	corpus := mixedCorpus()
	in.Fit(corpus)
	i := 0
	for b.Loop() {
		in.Similarity(corpus[i%len(corpus)], corpus[(i+7)%len(corpus)])
		i++
	}
}

func BenchmarkNewInferrer(b *testing.B) {
	b.ReportAllocs()
	tax := fixtures.Taxonomy()
	for b.Loop() {
		text.NewInferrer(tax)
	}
}
