package text

import "math"

// SIFWeight is a in the smooth-inverse-frequency weight a/(a+p(w)) of
// Arora, Liang and Ma (2017), with which everyday words ("want", "people",
// "knows", "remember") weigh little next to the words that say what a text
// is about.
const SIFWeight = 1e-5

// ranked is word vectors that know each word's frequency rank in their
// corpus (0 for the most frequent word, -1 for an unknown one) and how many
// words they hold.
type ranked interface {
	Rank(word string) int
	Len() int
}

// defaultVocabulary is V in FrequencyWeight for vectors that do not say
// how many words they hold.
const defaultVocabulary = 100000

// FrequencyWeight returns the smooth-inverse-frequency weight of a word of
// the vectors' corpus,
//
//	a/(a + p(w))      a = SIFWeight,  p(w) = 1/((r+1)·H),  H = ln V + γ
//
// where r is the word's frequency rank among the V words of the vectors
// and p its frequency estimated from the rank by Zipf's law. It returns
// false when vec has no ranks or does not know word.
func FrequencyWeight(vec Vectors, word string) (float64, bool) {
	rk, ok := vec.(ranked)
	if !ok {
		return 0, false
	}
	r := rk.Rank(word)
	if r < 0 {
		return 0, false
	}
	return frequencyWeight(r, rk.Len()), true
}

func frequencyWeight(rank, words int) float64 {
	if words <= 0 {
		words = defaultVocabulary
	}
	h := math.Log(float64(words)) + 0.5772
	p := 1 / (float64(rank+1) * h)
	return SIFWeight / (SIFWeight + p)
}

// MinFrequencyWeight is FrequencyWeight for a term written in several
// ways: the weight of its most frequent form (the least weight), false when
// the vectors know none of them.
func MinFrequencyWeight(vec Vectors, forms map[string]bool) (float64, bool) {
	rk, ok := vec.(ranked)
	if !ok {
		return 0, false
	}
	best := -1
	for w := range forms {
		if r := rk.Rank(w); r >= 0 && (best < 0 || r < best) {
			best = r
		}
	}
	if best < 0 {
		return 0, false
	}
	return frequencyWeight(best, rk.Len()), true
}
