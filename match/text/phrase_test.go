package text_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match/text"
)

func TestPhraseIndexMatch(t *testing.T) {
	tax := mustTestTaxonomy(t)
	x := text.NewPhraseIndex(tax, text.DefaultAnalyzer())
	type hit struct {
		topic, phrase string
		count         int
	}
	tests := []struct {
		name string
		in   string
		want []hit
	}{
		{"None", "the weather is nice", nil},
		{"LongestWins", "a bus rapid transit line", []hit{{"brt", "bus rapid transit", 1}}},
		{"LongestWinsAnywhere", "bus stop near the bus lane", []hit{
			{"public-transport", "bus stop", 1}, {"brt", "bus lane", 1}}},
		{"StemsAndCount", "Buses, more buses and a bus", []hit{{"public-transport", "bus", 3}}},
		{"SameTermsCountOnce", "BUS", []hit{{"public-transport", "bus", 1}}},
		{"CaseAndPunctuation", "BRT! Busway?", []hit{{"brt", "brt", 1}, {"brt", "busway", 1}}},
		{"StopWordsSkipped", "they burn the garbage", []hit{{"open-burning", "burn garbage", 1}}},
		{"TooManyStopWordsSkipped", "burn it all in the garbage", []hit{
			{"waste-collection", "garbage", 1}, {"non-revenue-water", "garbage", 1}}},
		{"StopWordInPhrase", "there is no water", []hit{{"water-supply", "no water", 1}}},
		{"StopWordInPhraseMissing", "the water is brown", nil},
		{"PhrasalVerb", "nobody picks it up", []hit{{"waste-collection", "pick up", 1}}},
		{"ArticleDropped", "help poorest families", []hit{{"recycling", "the poorest", 1}}},
		{"ArticleInText", "help the poorest families", []hit{{"recycling", "the poorest", 1}}},
		{"Digits", "a PM2.5 sensor and the 3R", []hit{{"water-supply", "pm2.5 sensor", 1}, {"recycling", "3r", 1}}},
		{"NoPartialTerm", "pm2 sensor", nil},
		{"Hyphenated", "non-revenue water", []hit{{"non-revenue-water", "non revenue water", 1}}},
		{"NotAcrossAClause", "they burn; garbage piles up", []hit{
			{"waste-collection", "garbage", 1}, {"non-revenue-water", "garbage", 1}}},
		{"NotAcrossAComma", "bus, rapid transit", []hit{{"public-transport", "bus", 1}}},
		{"NotAcrossALine", "no\nwater", nil},
		{"NotAcrossASkippedStopWord", "burn it. Garbage", []hit{
			{"waste-collection", "garbage", 1}, {"non-revenue-water", "garbage", 1}}},
		{"CompoundNotAcrossABreak", "bus. way", []hit{{"public-transport", "bus", 1}}},
		{"OverlapResolved", "garbage truck garbage", []hit{
			{"waste-collection", "garbage truck", 1},
			{"waste-collection", "garbage", 1}, {"non-revenue-water", "garbage", 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []hit
			for _, h := range x.MatchText(tt.in) {
				got = append(got, hit{tax.Topics[h.Topic].ID, h.Phrase, h.Count})
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestPhraseHitFields(t *testing.T) {
	tax := mustTestTaxonomy(t)
	x := text.NewPhraseIndex(tax, text.DefaultAnalyzer())
	hits := x.MatchText("the garbage truck took garbage")
	assert.Equal(t, []text.PhraseHit{
		{Topic: tax.Index("waste-collection"), Phrase: "garbage truck", Terms: 2, Shared: 1, Count: 1, First: 1},
		{Topic: tax.Index("waste-collection"), Phrase: "garbage", Terms: 1, Shared: 2, Count: 1, First: 4},
		{Topic: tax.Index("non-revenue-water"), Phrase: "garbage", Terms: 1, Shared: 2, Count: 1, First: 4},
	}, hits)
	// "bus" and "buses" analyse alike and count as one phrase.
	n := 0
	for _, tp := range tax.Topics {
		n += len(tp.Phrases)
	}
	assert.Equal(t, n-1, x.Len())
}

func TestPhraseIndexCompound(t *testing.T) {
	tax := mustTestTaxonomy(t)
	x := text.NewPhraseIndex(tax, text.DefaultAnalyzer())
	hits := x.MatchText("a new bus way and bus ways")
	require.Len(t, hits, 1)
	assert.Equal(t, "busway", hits[0].Phrase)
	assert.Equal(t, 2, hits[0].Count)
	hits = x.MatchText("bus the way")
	require.Len(t, hits, 1, "a stop word between the halves breaks the compound")
	assert.Equal(t, "bus", hits[0].Phrase)
}
