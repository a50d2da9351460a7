package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Token is one term of an analysed text with the word it came from.
type Token struct {
	Term  string // the term used for matching: the stem, or Word when not stemmed
	Word  string // the word as written, lower-cased (apostrophes removed), for showing to a user
	Start int    // byte offset of the word's first byte in the text
	End   int    // byte offset just past the word's last byte
	Stop  bool   // a stop word: Analyze drops it, phrase matching may need it ("no water")
	Break bool   // a clause break (see clauseBreak) stands between this token and the one before
}

// clauseBreak reports whether r ends a clause or a list item: sentence and
// clause punctuation, brackets and line breaks. A phrase does not match
// across one ("special; we need" is not "special needs").
func clauseBreak(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '{', '}', '\n', '\r', '•', '…', '¿', '¡', '。', '、', '；', '：', '！', '？', '，':
		return true
	}
	return false
}

// breakBetween reports whether s[from:to] holds a clause break.
func breakBetween(s string, from, to int) bool {
	if from < 0 || to <= from {
		return false
	}
	return strings.ContainsFunc(s[from:to], clauseBreak)
}

// Analyzer turns text into terms. It is safe for concurrent use; the zero
// value is not usable, call NewAnalyzer.
type Analyzer struct {
	stop  map[string]string // each stop word mapped to itself, so a token can share the string
	stem  bool
	cache stemCache
}

// NewAnalyzer returns an analyzer that drops the given stop words (compared
// after lower-casing; nil drops none) and, when stem is true, normalises
// British spellings and stems with the English Snowball stemmer. With no
// stop words and stem false it tokenises and lower-cases only, as
// scikit-learn's CountVectorizer does (except that it keeps one-character
// tokens).
func NewAnalyzer(stopWords []string, stem bool) *Analyzer {
	a := &Analyzer{stop: make(map[string]string, len(stopWords)), stem: stem}
	for _, w := range stopWords {
		w = strings.ToLower(w)
		a.stop[w] = w
	}
	a.cache.init(stemCacheSize)
	return a
}

var defaultAnalyzer = NewAnalyzer(englishStopWords, true)

// DefaultAnalyzer returns the analyzer Analyze uses: English stop words
// dropped, British spellings normalised, Snowball English stems.
func DefaultAnalyzer() *Analyzer { return defaultAnalyzer }

// Analyze returns the terms of s with the default analyzer, in text order:
//
//	"Buses are slow and crowded" → [bus slow crowd]
//	"3R campaign; PM2.5 above 40%" → [3r campaign pm2.5 40]
//
// See Analyzer.Tokens for the rules.
func Analyze(s string) []string { return defaultAnalyzer.Analyze(s) }

// Analyze returns the terms of s in text order; see Tokens for the rules.
func (a *Analyzer) Analyze(s string) []string {
	var out []string
	var buf [64]byte
	a.scan(s, buf[:0], func(word []byte, _, _ int) {
		if t, ok := a.term(word); ok {
			out = append(out, t)
		}
	})
	return out
}

// Tokens returns every token of s in text order, stop words included and
// marked (their Term is the word itself). The rules:
//
//   - A word is a maximal run of letters, digits (any script) and combining
//     marks. Everything else separates words, hyphens included
//     ("e-waste" → e, waste; "city-to-city" → city, to, city).
//   - A '.' between two digits stays in the word ("pm2.5", "2.5"); a ','
//     between two digits is dropped as a thousands separator ("1,000" →
//     1000). Words of letters and digits stay whole ("3r", "co2", "sdg11").
//   - An apostrophe (' ’ ʼ) between two letters joins them ("don't" → dont),
//     except a final possessive 's, which is dropped ("city's" → city).
//   - Scripts written without spaces between words (Han, Hiragana,
//     Katakana, Hangul, Thai, Lao, Khmer, Myanmar) are cut into overlapping
//     pairs of characters, a character being a letter with its combining
//     marks, as Lucene's CJK analyzer does: "ごみの収集" → ごみ, みの, の収,
//     収集; a run of one character is one token. Such a run ends a word of
//     another script ("pm2.5の" → pm2.5, の). Pairs overlap, so a token may
//     start before the previous one ends.
//   - Every rune is lower-cased (unicode.ToLower); no other Unicode
//     normalisation is done.
//   - Stop words are marked Stop (Analyze drops them) and not stemmed.
//   - A token after punctuation that ends a clause or a list item
//     (clauseBreak: . , ; : ! ? brackets, line breaks) is marked Break.
//   - When stemming, a word of ASCII letters only, at least three long, is
//     first normalised from British to American spelling (-ise/-ising/
//     -isation → -ize/-izing/-ization, -yse → -yze, neighbour → neighbor and a
//     few like it), a few stems the stemmer gets wrong are fixed (buses →
//     bus, "mdgs" → mdg, housing kept apart from houses), and it is stemmed with Snowball English. Words with digits or
//     other letters are kept as written ("co2", "3r", "pm2.5", "café").
func (a *Analyzer) Tokens(s string) []Token {
	out := make([]Token, 0, min(len(s)/6+1, 256)) // about one word per six bytes of English; more grows
	var buf [64]byte
	prevEnd := -1
	a.scan(s, buf[:0], func(word []byte, start, end int) {
		w, t, ok := a.wordTerm(word)
		if !ok {
			t = w
		}
		out = append(out, Token{Term: t, Word: w, Start: start, End: end, Stop: !ok, Break: breakBetween(s, prevEnd, start)})
		prevEnd = end
	})
	return out
}

// term returns the term for a lower-cased word, or false for a stop word.
func (a *Analyzer) term(word []byte) (string, bool) {
	_, t, ok := a.wordTerm(word)
	return t, ok
}

// wordTerm returns a lower-cased word as a string, its term, and false for
// a stop word (with no term). The string of a stop word or of a word
// already in the stem cache is shared, not allocated: most words of a
// network's texts are.
func (a *Analyzer) wordTerm(word []byte) (w, t string, ok bool) {
	if sw, stop := a.stop[string(word)]; stop {
		return sw, "", false
	}
	if !a.stem || !stemmable(word) {
		// Unstemmed, or not worth a cache entry ("40", "co2", "café").
		w = string(word)
		return w, w, true
	}
	if e, hit := a.cache.loadBytes(word); hit {
		return e.word, e.term, true
	}
	w = string(word)
	t = stemWord(w)
	a.cache.store(w, stemEntry{word: w, term: t})
	return w, t, true
}

// wordRune reports whether r belongs inside a word.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsNumber(r)
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// runeAt decodes the rune at s[i:], or returns utf8.RuneError, 0 at the end.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return utf8.RuneError, 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// scan calls emit with every lower-cased word of s and its byte span. The
// word slice is reused between calls.
func (a *Analyzer) scan(s string, buf []byte, emit func(word []byte, start, end int)) {
	word := buf
	start := -1
	var prev rune // last rune put in the word
	flush := func(end int) {
		if start >= 0 && len(word) > 0 {
			emit(word, start, end)
		}
		word, start = word[:0], -1
	}
	for i := 0; i < len(s); {
		r, n := runeAt(s, i)
		if r >= utf8.RuneSelf && unspaced(r) {
			flush(i)
			i = a.pairs(s, i, word, emit)
			word = word[:0]
			continue
		}
		switch {
		case wordRune(r):
			if start < 0 && r >= utf8.RuneSelf && unicode.IsMark(r) {
				break // a mark cannot start a word
			}
			if start < 0 {
				start = i
			}
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				word = append(word, byte(r))
			} else {
				r = unicode.ToLower(r)
				word = utf8.AppendRune(word, r)
			}
			prev = r
		case start >= 0 && (r == '.' || r == ',') && isDigit(prev):
			if next, _ := runeAt(s, i+n); isDigit(next) {
				if r == '.' {
					word = append(word, '.')
					prev = '.'
				}
			} else {
				flush(i)
			}
		case start >= 0 && isApostrophe(r) && isLetter(prev):
			next, m := runeAt(s, i+n)
			if !isLetter(next) {
				flush(i)
				break
			}
			if next == 's' || next == 'S' {
				if after, _ := runeAt(s, i+n+m); !wordRune(after) {
					flush(i)
					i += n + m // drop the possessive 's
					continue
				}
			}
			// Join: the apostrophe is dropped, the word goes on.
		default:
			flush(i)
		}
		i += n
	}
	flush(len(s))
}

// unspacedScripts are the scripts written without spaces between words.
var unspacedScripts = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul,
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
}

// unspaced reports whether r is a letter or mark of a script written
// without spaces between words.
func unspaced(r rune) bool {
	if !unicode.IsLetter(r) && !unicode.IsMark(r) {
		return false
	}
	for _, t := range unspacedScripts {
		if unicode.Is(t, r) {
			return true
		}
	}
	return false
}

// pairs emits the overlapping pairs of characters of the run of unspaced
// script starting at s[i:] (one token for a run of one character) and
// returns the index just past the run. A character is a letter with the
// combining marks after it; marks that start the run are skipped.
func (a *Analyzer) pairs(s string, i int, buf []byte, emit func(word []byte, start, end int)) int {
	var cuts []int // byte offset of each character's start, then the run's end
	for i < len(s) {
		r, n := runeAt(s, i)
		if r < utf8.RuneSelf || !unspaced(r) {
			break
		}
		if !unicode.IsMark(r) {
			cuts = append(cuts, i)
		}
		i += n
	}
	if len(cuts) == 0 {
		return i
	}
	cuts = append(cuts, i)
	chars := len(cuts) - 1
	lower := func(from, to int) []byte {
		buf = buf[:0]
		for _, r := range s[from:to] {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		}
		return buf
	}
	if chars == 1 {
		emit(lower(cuts[0], cuts[1]), cuts[0], cuts[1])
		return i
	}
	for k := 0; k+2 <= chars; k++ {
		emit(lower(cuts[k], cuts[k+2]), cuts[k], cuts[k+2])
	}
	return i
}

// stemCacheSize bounds the stem cache (words).
const stemCacheSize = 1 << 18

// stemCache memoises word → (word, term); see memo. Keeping the word's
// string lets a token share it instead of allocating its own.
type stemCache = memo[stemEntry]

// stemEntry is a word as a string and its term.
type stemEntry struct{ word, term string }

// stemmable reports whether w is at least three ASCII lower-case letters.
func stemmable[K string | []byte](w K) bool {
	if len(w) < 3 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// stemWord normalises and stems one lower-cased word.
func stemWord(w string) string {
	if !stemmable(w) {
		return w // short, or digits or non-ASCII letters: keep as written
	}
	if t, ok := fixedStems[w]; ok {
		return t
	}
	if acronymPlural(w) {
		return w[:len(w)-1] // "mdgs" → mdg, "sdgs" → sdg
	}
	w = americanSpelling(w)
	if t := english.Stem(w, true); t != "" {
		return t
	}
	return w
}

// acronymPlural reports whether w looks like the plural of an acronym: an
// s after at least two letters that are all consonants ("mdgs", "ppps").
func acronymPlural(w string) bool {
	if len(w) < 3 || w[len(w)-1] != 's' {
		return false
	}
	return !strings.ContainsAny(w[:len(w)-1], "aeiouy")
}

// fixedStems are the words whose stem the Snowball stemmer gets wrong:
// plurals it turns into a stem other than the singular's ("buses" →
// "buse" but "bus" → "bus"), and words it would give the stem of a word of
// another subject, which keep their own: "housing" is not "houses" (old
// houses are heritage), "parking" is not "parks", "training" is not
// "trains", "marketing" is not "markets".
var fixedStems = map[string]string{
	"buses": "bus", "busses": "bus", "gases": "gas", "campuses": "campus",
	"viruses": "virus", "bonuses": "bonus", "censuses": "census",
	"statuses": "status", "corpuses": "corpus", "minibuses": "minibus",
	"trolleybuses": "trolleybus", "microbuses": "microbus",
	"housing": "housing", "parking": "parking", "training": "training", "trainings": "trainings",
	"marketing": "marketing",
}

// britishStems are British spellings rewritten to American ones at the start
// of a word, so that "neighbourhood" and "neighborhood" share a stem.
var britishStems = []struct{ gb, us string }{
	{"neighbour", "neighbor"}, {"labour", "labor"}, {"harbour", "harbor"},
	{"colour", "color"}, {"behaviour", "behavior"}, {"favour", "favor"},
	{"odour", "odor"}, {"vapour", "vapor"}, {"centre", "center"},
	{"metre", "meter"}, {"litre", "liter"}, {"programme", "program"},
	{"fibre", "fiber"}, {"theatre", "theater"}, {"kerb", "curb"},
	{"tyre", "tire"}, {"sulphur", "sulfur"}, {"aluminium", "aluminum"},
	{"draught", "draft"}, {"defence", "defense"}, {"licence", "license"},
	{"travell", "travel"}, {"fuell", "fuel"}, {"modell", "model"},
	{"paediatric", "pediatric"}, {"anaemi", "anemi"}, {"oestrogen", "estrogen"},
	{"diarrhoea", "diarrhea"},
}

// britishSuffixes are -ise/-yse endings rewritten to -ize/-yze; the word
// must keep at least three letters before the ending.
var britishSuffixes = []struct{ gb, us string }{
	{"isations", "izations"}, {"isation", "ization"}, {"ising", "izing"},
	{"ised", "ized"}, {"iser", "izer"}, {"isers", "izers"}, {"ises", "izes"},
	{"ise", "ize"}, {"ysing", "yzing"}, {"ysed", "yzed"}, {"yses", "yzes"},
	{"yse", "yze"},
}

// americanSpelling rewrites common British spellings of w to American ones.
func americanSpelling(w string) string {
	for _, p := range britishStems {
		if strings.HasPrefix(w, p.gb) {
			return p.us + w[len(p.gb):]
		}
	}
	for _, p := range britishSuffixes {
		if len(w) >= len(p.gb)+3 && strings.HasSuffix(w, p.gb) {
			return w[:len(w)-len(p.gb)] + p.us
		}
	}
	return w
}
