package text_test

import (
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match/text"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"Empty", "", nil},
		{"OnlyStopWords", "it is not what we do", nil},
		{"StopWordsAndStems", "Buses are slow and crowded", []string{"bus", "slow", "crowd"}},
		{"LettersAndDigits", "3R campaign; CO2 and SDG11", []string{"3r", "campaign", "co2", "sdg11"}},
		{"DecimalPoint", "PM2.5 above 40%", []string{"pm2.5", "40"}},
		{"SentenceFullStopAfterDigit", "It costs 40. Then more.", []string{"cost", "40"}},
		{"ThousandsSeparator", "1,000 households", []string{"1000", "household"}},
		{"Possessive", "the city's drains", []string{"citi", "drain"}},
		{"CurlyApostrophe", "the city’s drains don’t work", []string{"citi", "drain", "work"}},
		{"Hyphen", "e-waste and city-to-city", []string{"e", "wast", "citi", "citi"}},
		{"BritishSpelling", "localising neighbourhood organisations", []string{"local", "neighborhood", "organ"}},
		{"AmericanSpelling", "localizing neighborhood organizations", []string{"local", "neighborhood", "organ"}},
		{"AcronymPlural", "the MDGs and SDGs", []string{"mdg", "sdg"}},
		{"FixedPlural", "gases from buses", []string{"gas", "bus"}},
		{"OwnStems", "housing houses parking parks training trains marketing markets",
			[]string{"housing", "hous", "parking", "park", "training", "train", "marketing", "market"}},
		{"Unicode", "Café NAÏVE İstanbul", []string{"café", "naïve", "istanbul"}},
		{"OtherScripts", "Пробки в Москве, 東京の水", []string{"пробки", "в", "москве", "東京", "京の", "の水"}},
		{"Thai", "น้ำท่วม", []string{"น้ำ", "ำท่", "ท่ว", "วม"}},
		{"OneCharacter", "水 and 川", []string{"水", "川"}},
		{"ScriptsMeet", "PM2.5の濃度", []string{"pm2.5", "の濃", "濃度"}},
		{"Hangul", "서울 대중교통", []string{"서울", "대중", "중교", "교통"}},
		{"CombiningMarkKept", "cafe\u0301 \u0301x", []string{"cafe\u0301", "x"}},
		{"Punctuation", "flood!!! (again)... drains/ditches", []string{"flood", "drain", "ditch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, text.Analyze(tt.in))
		})
	}
}

func TestTokens(t *testing.T) {
	s := "No water, the city's taps"
	got := text.DefaultAnalyzer().Tokens(s)
	want := []text.Token{
		{Term: "no", Word: "no", Start: 0, End: 2, Stop: true},
		{Term: "water", Word: "water", Start: 3, End: 8},
		{Term: "the", Word: "the", Start: 10, End: 13, Stop: true, Break: true},
		{Term: "citi", Word: "city", Start: 14, End: 18},
		{Term: "tap", Word: "taps", Start: 21, End: 25},
	}
	assert.Equal(t, want, got)
	for _, tok := range got {
		assert.Equal(t, tok.Word, strings.ToLower(s[tok.Start:tok.End]))
	}
}

// TestTokensBreak: a token after clause punctuation, a bracket or a line
// break is marked Break; hyphens, apostrophes, digit separators, quotes
// and slashes are no break.
func TestTokensBreak(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []bool
	}{
		{"a b", []bool{false, false}},
		{"flood. Drains", []bool{false, true}},
		{"flood; drains", []bool{false, true}},
		{"flood, drains", []bool{false, true}},
		{"flood (drains)", []bool{false, true}},
		{"flood\ndrains", []bool{false, true}},
		{"flood - drains", []bool{false, false}},
		{"e-waste", []bool{false, false}},
		{"don't stop", []bool{false, false}},
		{"1,000 homes", []bool{false, false}},
		{"pm2.5 levels", []bool{false, false}},
		{`"bus" lane`, []bool{false, false}},
		{"water/sanitation", []bool{false, false}},
		{". first", []bool{false}},
		{"ごみの収集。", []bool{false, false, false, false}},
		{"ごみ。収集", []bool{false, true}},
	} {
		var got []bool
		for _, tok := range text.DefaultAnalyzer().Tokens(tt.in) {
			got = append(got, tok.Break)
		}
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestNewAnalyzerPlain(t *testing.T) {
	a := text.NewAnalyzer(nil, false)
	assert.Equal(t, []string{"the", "buses", "are", "localising"}, a.Analyze("The buses are localising"))
	b := text.NewAnalyzer([]string{"THE"}, false)
	assert.Equal(t, []string{"buses"}, b.Analyze("the buses"))
}

func TestEnglishStopWords(t *testing.T) {
	sw := text.EnglishStopWords()
	assert.Contains(t, sw, "the")
	assert.NotContains(t, sw, "water")
	assert.NotContains(t, sw, "well")
	seen := map[string]bool{}
	for _, w := range sw {
		assert.False(t, seen[w], "duplicate stop word %q", w)
		seen[w] = true
		assert.Empty(t, text.Analyze(w), "stop word %q survives", w)
	}
	sw[0] = "changed"
	assert.NotEqual(t, "changed", text.EnglishStopWords()[0], "EnglishStopWords must return a copy")
}

func TestAnalyzeConcurrent(t *testing.T) {
	a := text.NewAnalyzer(text.EnglishStopWords(), true)
	inputs := []string{"flooding drains", "localising the MDGs", "buses are crowded", "garbage is burned"}
	want := make([][]string, len(inputs))
	for i, s := range inputs {
		want[i] = text.Analyze(s)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 200 {
				i := (g + k) % len(inputs)
				assert.Equal(t, want[i], a.Analyze(inputs[i]))
			}
		})
	}
	wg.Wait()
}

// checkTerms asserts the properties every analysis has.
func checkTerms(t *testing.T, s string, a *text.Analyzer) {
	terms := a.Analyze(s)
	again := a.Analyze(s)
	require.Equal(t, terms, again, "not deterministic")
	for _, term := range terms {
		require.NotEmpty(t, term)
		require.True(t, utf8.ValidString(term), "invalid UTF-8 %q", term)
		for _, r := range term {
			require.Equal(t, unicode.ToLower(r), r, "term %q not lower case", term)
			require.False(t, unicode.IsSpace(r), "term %q has a space", term)
		}
	}
	toks := a.Tokens(s)
	n := 0
	prevStart, prevEnd := 0, 0
	for _, tok := range toks {
		require.LessOrEqual(t, prevStart, tok.Start, "tokens in text order")
		require.LessOrEqual(t, prevEnd, tok.End)
		require.Less(t, tok.Start, tok.End)
		require.LessOrEqual(t, tok.End, len(s))
		prevStart, prevEnd = tok.Start, tok.End
		if !tok.Stop {
			require.Less(t, n, len(terms))
			require.Equal(t, terms[n], tok.Term)
			n++
		}
	}
	require.Equal(t, len(terms), n, "Tokens and Analyze disagree")
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"", "the market floods every monsoon", "PM2.5 above 40%", "city's", "don't",
		"1,000.5.", "e-waste", "İstanbul ǅ ß", "\xff\xfe", "a\u0301", "'s", "2.", ".5", "x'", "’’s",
		"ごみの収集が遅れている", "น้ำท่วมทุกปี", "pm2.5の濃度", "\u0e49น", "서울 대중교통", "収",
	} {
		f.Add(s)
	}
	a := text.DefaultAnalyzer()
	plain := text.NewAnalyzer(nil, false)
	f.Fuzz(func(t *testing.T, s string) {
		checkTerms(t, s, a)
		checkTerms(t, s, plain)
	})
}

var benchTexts = []string{
	"The market floods every monsoon and the drains are clogged with garbage.",
	"Nobody picks up the trash in our lane; people burn it in the open.",
	"Buses are slow and crowded, and commuters wait an hour at each stop.",
	"Non-revenue water is above 40% because of leaking pipes and illegal connections.",
	"We retrofitted 1,200 schools against earthquakes and trained local masons.",
	"Localising the MDGs through participatory budgeting in every barangay.",
}

func BenchmarkAnalyze(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		text.Analyze(benchTexts[i%len(benchTexts)])
		i++
	}
}

func BenchmarkTokens(b *testing.B) {
	b.ReportAllocs()
	a := text.DefaultAnalyzer()
	i := 0
	for b.Loop() {
		a.Tokens(benchTexts[i%len(benchTexts)])
		i++
	}
}
