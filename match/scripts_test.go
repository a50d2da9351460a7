package match_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// TestTextInOtherScripts: a need written in a script the English word
// vectors do not know, spaced (Russian) or not (Japanese, Thai), still
// meets the offers that use its words, ranks them above offers on other
// subjects in the same script, and its explanation says that the semantic
// half had nothing to go on.
func TestTextInOtherScripts(t *testing.T) {
	for _, tc := range []struct {
		name, need, offer, other string
		shared                   []string
	}{
		{"Japanese", "ごみの収集が遅れている", "ごみの収集と分別のシステム", "高齢者の介護と見守り", []string{"ごみ", "収集"}},
		{"Thai", "น้ำท่วมถนนทุกปี", "ระบบระบายน้ำท่วม", "การท่องเที่ยวชุมชน", []string{"น้ำ"}},
		{"Russian", "пробки на дорогах города", "управление пробками на дорогах", "уборка снега зимой", []string{"дорогах"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := &model.Document{Format: model.FormatVersion, Cities: []model.City{
				{ID: "asker", Name: "Asker", Country: "TH", Challenges: []model.Challenge{{Text: tc.need, Severity: 3}}},
				{ID: "helper", Name: "Helper", Country: "JP", Capacities: []model.Capacity{{Text: tc.offer, Level: 3}}},
				{ID: "other", Name: "Other", Country: "KR", Capacities: []model.Capacity{{Text: tc.other, Level: 3}}},
			}}
			e := mustEngine(t, doc)
			sl, err := e.Shortlist("asker", match.DefaultParameters())
			require.NoError(t, err)
			require.NotEmpty(t, sl.Candidates, "the matching offer qualifies in words")
			assert.Equal(t, "helper", sl.Candidates[0].Resource)
			x, err := e.Explain("asker", "helper", match.DefaultParameters())
			require.NoError(t, err)
			require.NotEmpty(t, x.Candidate.Text)
			m := x.Candidate.Text[0]
			assert.Greater(t, m.Lexical, 0.0)
			for _, w := range tc.shared {
				assert.Contains(t, m.Shared, w)
			}
			assert.Empty(t, m.Near, "no word vectors for this script")
			assert.Contains(t, m.Note, "no word of this need is in the English word vectors")
		})
	}
}
