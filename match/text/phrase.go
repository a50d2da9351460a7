package text

import (
	"cmp"
	"slices"

	"github.com/c2cnet/c2c/model"
)

// PhraseHit is a taxonomy phrase found in a text.
type PhraseHit struct {
	Topic  int    // index of the topic in the taxonomy's Topics
	Phrase string // the phrase as written in the taxonomy
	Terms  int    // number of terms of the analysed phrase, articles excluded
	Shared int    // number of topics that have a phrase with the same terms (≥ 1)
	Count  int    // number of non-overlapping occurrences
	First  int    // index in the tokens of the first occurrence's first token
}

// PhraseIndex finds the phrases of a taxonomy in analysed text. It is
// immutable and safe for concurrent use.
type PhraseIndex struct {
	an        *Analyzer
	root      *phraseNode
	phrases   []compiledPhrase
	compounds map[compoundKey]string // the two halves of a phrase word → its term
}

// compoundKey is a phrase word split in two: the first half as written, the
// second half's term ("storm" + "water" for "stormwater").
type compoundKey struct{ head, tail string }

// minHalf is the fewest letters of either half of a compound.
const minHalf = 3

type compiledPhrase struct {
	topic int
	text  string
	terms []string
}

type phraseNode struct {
	next map[string]*phraseNode
	ends []int // indexes into PhraseIndex.phrases that end here
}

// maxGap is the number of consecutive stop words a match may skip.
const maxGap = 2

// articles are dropped from phrases: "below the poverty line" matches
// "below poverty line" and "below the poverty line" alike.
var articles = map[string]bool{"a": true, "an": true, "the": true}

// NewPhraseIndex compiles the phrases of every topic of tax, analysed with
// an (stop words kept, articles dropped). A phrase that analyses to nothing
// is ignored; two phrases of one topic with the same terms ("bus", "buses")
// count as the first one.
func NewPhraseIndex(tax *model.Taxonomy, an *Analyzer) *PhraseIndex {
	x := &PhraseIndex{an: an, root: &phraseNode{}, compounds: map[compoundKey]string{}}
	for ti, tp := range tax.Topics {
		for _, p := range tp.Phrases {
			x.add(ti, p)
		}
	}
	return x
}

func (x *PhraseIndex) add(topic int, text string) {
	var terms []string
	for _, t := range x.an.Tokens(text) {
		if !articles[t.Term] {
			terms = append(terms, t.Term)
			x.addCompound(t)
		}
	}
	if len(terms) == 0 {
		return
	}
	n := x.root
	for _, t := range terms {
		c := n.next[t]
		if c == nil {
			if n.next == nil {
				n.next = map[string]*phraseNode{}
			}
			c = &phraseNode{}
			n.next[t] = c
		}
		n = c
	}
	for _, e := range n.ends {
		if x.phrases[e].topic == topic {
			return
		}
	}
	n.ends = append(n.ends, len(x.phrases))
	x.phrases = append(x.phrases, compiledPhrase{topic: topic, text: text, terms: terms})
}

// addCompound records every split of a phrase word of ASCII letters into
// two halves of at least minHalf letters, so that the word also matches
// when written as two.
func (x *PhraseIndex) addCompound(t Token) {
	if t.Stop || len(t.Word) < 2*minHalf {
		return
	}
	for i := 0; i < len(t.Word); i++ {
		if c := t.Word[i]; c < 'a' || c > 'z' {
			return
		}
	}
	for k := minHalf; k <= len(t.Word)-minHalf; k++ {
		if tail, ok := x.an.term([]byte(t.Word[k:])); ok {
			x.compounds[compoundKey{t.Word[:k], tail}] = t.Term
		}
	}
}

// Len returns the number of distinct compiled phrases.
func (x *PhraseIndex) Len() int { return len(x.phrases) }

// MatchText analyses s and matches it; see Match.
func (x *PhraseIndex) MatchText(s string) []PhraseHit { return x.Match(x.an.Tokens(s)) }

// Match finds the phrases in tokens (as returned by Analyzer.Tokens, stop
// words included). A phrase matches a contiguous run of tokens term by term,
// except that up to two stop words of the text may be skipped between its
// terms ("burn the garbage" matches "burn garbage"), and two adjacent words
// also match as the one word they make together ("storm water" matches
// "stormwater", "bus way" matches "busway"). A phrase never spans a clause
// break (Token.Break: "special; we need" is not "special needs"). Matches do not overlap:
// the phrase with the most terms wins, then the one that starts first, then
// the one covering more words, so "bus rapid transit" is one hit and not
// also "bus". A phrase shared by
// several topics gives a hit for each. Hits are ordered by first occurrence,
// then topic index.
func (x *PhraseIndex) Match(tokens []Token) []PhraseHit {
	type span struct{ start, end, terms int } // end inclusive
	type candidate struct {
		span
		node *phraseNode
	}
	var cands []candidate
	var walk func(start, j, gap, depth int, n *phraseNode)
	walk = func(start, j, gap, depth int, n *phraseNode) {
		if len(n.ends) > 0 && gap == 0 && depth > 0 {
			cands = append(cands, candidate{span{start, j - 1, depth}, n})
		}
		if j >= len(tokens) || depth > 0 && tokens[j].Break {
			return // a phrase does not run on past a clause break
		}
		if c := n.next[tokens[j].Term]; c != nil {
			walk(start, j+1, 0, depth+1, c)
		}
		if j+1 < len(tokens) && !tokens[j].Stop && !tokens[j+1].Stop && !tokens[j+1].Break {
			// A compound written in two words: "storm water" → stormwater.
			if term, ok := x.compounds[compoundKey{tokens[j].Word, tokens[j+1].Term}]; ok {
				if c := n.next[term]; c != nil {
					walk(start, j+2, 0, depth+1, c)
				}
			}
		}
		if depth > 0 && tokens[j].Stop && gap < maxGap {
			walk(start, j+1, gap+1, depth, n)
		}
	}
	for i := range tokens {
		walk(i, i, 0, 0, x.root)
	}
	if len(cands) == 0 {
		return nil
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if c := cmp.Compare(b.terms, a.terms); c != 0 {
			return c
		}
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(b.end, a.end) // the compound over its first half
	})
	covered := make([]bool, len(tokens))
	hits := map[int]*PhraseHit{} // by compiled phrase
	var order []int
next:
	for _, c := range cands {
		for k := c.start; k <= c.end; k++ {
			if covered[k] {
				continue next
			}
		}
		for k := c.start; k <= c.end; k++ {
			covered[k] = true
		}
		for _, e := range c.node.ends {
			h := hits[e]
			if h == nil {
				p := x.phrases[e]
				h = &PhraseHit{Topic: p.topic, Phrase: p.text, Terms: len(p.terms), Shared: len(c.node.ends), First: c.start}
				hits[e] = h
				order = append(order, e)
			}
			h.Count++
			h.First = min(h.First, c.start)
		}
	}
	out := make([]PhraseHit, len(order))
	for i, e := range order {
		out[i] = *hits[e]
	}
	slices.SortStableFunc(out, func(a, b PhraseHit) int {
		if c := cmp.Compare(a.First, b.First); c != 0 {
			return c
		}
		return cmp.Compare(a.Topic, b.Topic)
	})
	return out
}
