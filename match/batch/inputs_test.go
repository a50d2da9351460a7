package batch_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
)

func digests(kv ...string) []model.InputDigest {
	var out []model.InputDigest
	for i := 0; i < len(kv); i += 2 {
		out = append(out, model.InputDigest{Key: kv[i], Digest: kv[i+1]})
	}
	return out
}

func TestCompareInputs(t *testing.T) {
	empty := batch.InputChanges{CitiesAdded: []string{}, CitiesRemoved: []string{}, CitiesEdited: []string{}, RulesAdded: []string{}, RulesRemoved: []string{}, RulesEdited: []string{}}
	with := func(edit func(*batch.InputChanges)) batch.InputChanges {
		ch := empty
		edit(&ch)
		return ch
	}
	tests := []struct {
		name string
		a, b []model.InputDigest
		want batch.InputChanges
		text string
	}{
		{"OK/same", digests("city:a", "1", "rule:a/b", "2", "exchanges", "3"), digests("exchanges", "3", "city:a", "1", "rule:a/b", "2"), empty, "none"},
		{"OK/none", nil, nil, empty, "none"},
		{"CitiesAddedSorted", digests("city:a", "1"), digests("city:c", "3", "city:a", "1", "city:b", "2"),
			with(func(ch *batch.InputChanges) { ch.CitiesAdded = []string{"b", "c"} }), "cities added: b, c"},
		{"CityRemovedAndEdited", digests("city:a", "1", "city:b", "2"), digests("city:a", "9"),
			with(func(ch *batch.InputChanges) { ch.CitiesRemoved, ch.CitiesEdited = []string{"b"}, []string{"a"} }), "cities removed: b; cities edited: a"},
		{"Rules", digests("rule:a/b", "1", "rule:a/c", "2"), digests("rule:a/b", "5", "rule:x/y", "3"),
			with(func(ch *batch.InputChanges) {
				ch.RulesAdded, ch.RulesRemoved, ch.RulesEdited = []string{"x/y"}, []string{"a/c"}, []string{"a/b"}
			}), "rules added: x/y; rules removed: a/c; rules changed: a/b"},
		{"Exchanges", digests("exchanges", "1"), digests("exchanges", "2"),
			with(func(ch *batch.InputChanges) { ch.ExchangesChanged = true }), "exchange history changed"},
		{"ExchangesRemoved", digests("exchanges", "1"), nil,
			with(func(ch *batch.InputChanges) { ch.ExchangesChanged = true }), "exchange history changed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := batch.CompareInputs(tt.a, tt.b)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.text, got.String())
			assert.Equal(t, tt.text == "none", got.None())
		})
	}
}

func TestInputChangesStringCountsPastTwelve(t *testing.T) {
	var b []model.InputDigest
	for i := range 15 {
		b = append(b, model.InputDigest{Key: fmt.Sprintf("city:c%02d", i), Digest: "1"})
	}
	got := batch.CompareInputs(nil, b).String()
	assert.Equal(t, "cities added: c00, c01, c02, c03, c04, c05, c06, c07, c08, c09, c10, c11 and 3 more", got)
}

func TestCompareParameters(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []string
	}{
		{"OK/same", `{"year":2026,"shortlists":{"top":5}}`, `{"shortlists":{"top":5},"year":2026}`, []string{}},
		{"Nested", `{"year":2026,"shortlists":{"top":5,"quota":0.4}}`, `{"year":2027,"shortlists":{"top":8,"quota":0.4}}`,
			[]string{"shortlists.top: 5 → 8", "year: 2026 → 2027"}},
		{"AddedAndRemoved", `{"a":1}`, `{"b":"x"}`, []string{`a: 1 → (none)`, `b: (none) → "x"`}},
		{"ArraysAreLeaves", `{"w":[1,2]}`, `{"w":[1,3]}`, []string{"w: [1,2] → [1,3]"}},
		{"NotJSON", `not json`, `{"a":1}`, []string{"a: (none) → 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, batch.CompareParameters(json.RawMessage(tt.a), json.RawMessage(tt.b)))
		})
	}
}

func TestOrNone(t *testing.T) {
	assert.Equal(t, "(none)", batch.OrNone(""))
	assert.Equal(t, "x", batch.OrNone("x"))
}

// TestCompareParametersAcrossForms: a run stored with every value
// repeated and one stored with each value once compare as equal when they
// hold the same parameters, and their real differences still show.
func TestCompareParametersAcrossForms(t *testing.T) {
	def := batch.DefaultParameters(2026)
	now, err := json.Marshal(def)
	require.NoError(t, err)
	legacy := `{"year":2026,"shortlists":{"top":5,"quota":0.4,"alpha":0.1,"weights":{"need":0.15,"reciprocity":0.1,"context":0.15,"evidence":0.1,"feasibility":0.05,"history":0.05,"text":0.4},"prefer":"continue","allow_same_country":false,"year":2026},` +
		`"pairing":{"top":5,"quota":0.4,"alpha":0.1,"weights":{"need":0.15,"reciprocity":0.1,"context":0.15,"evidence":0.1,"feasibility":0.05,"history":0.05,"text":0.4},"prefer":"continue","allow_same_country":false,"year":2026,` +
		`"partners":1,"hosting":-1,"min_score":0,"min_developing":0,"objective":"served","candidates":50,"clusters":true}}`
	assert.Empty(t, batch.CompareParameters(json.RawMessage(legacy), now))
	other := def
	other.Year = 2027
	later, err := json.Marshal(other)
	require.NoError(t, err)
	assert.Equal(t, []string{"year: 2026 → 2027"}, batch.CompareParameters(json.RawMessage(legacy), later))
}
