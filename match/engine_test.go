package match_test

import (
	"context"
	"errors"
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/vectors"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var inferrer = withVectors(text.NewInferrer(fixtures.Taxonomy()))

// withVectors gives in the embedded word vectors, as the c2c command does.
func withVectors(in *text.Inferrer) *text.Inferrer {
	v, err := vectors.Default()
	if err != nil {
		panic(err)
	}
	in.SetVectors(v)
	return in
}

func intp(v int) *int { return &v }

// miniNetwork is a hand-made network whose expected ranking is obvious.
func miniNetwork() *model.Document {
	return &model.Document{
		Format: model.FormatVersion,
		Cities: []model.City{
			{ID: "bene", Name: "Bene", Country: "ID", Languages: []string{"id", "en"}, Population: 1_500_000,
				Location:   &model.Location{Lat: -2.99, Lon: 104.76},
				Challenges: []model.Challenge{{Topic: "public-transport", Severity: 5}, {Text: "nobody picks up the trash in our lane", Severity: 3}},
				Capacities: []model.Capacity{{Topic: "urban-flooding", Level: 4}}},
			{ID: "bus-city", Name: "Bus City", Country: "KR", Languages: []string{"ko", "en"}, Population: 9_700_000,
				Location:   &model.Location{Lat: 37.56, Lon: 126.97},
				Challenges: []model.Challenge{{Topic: "urban-flooding", Severity: 4}},
				Practices:  []model.Practice{{Title: "Median bus lanes", Topics: []string{"brt"}, Since: 2004, Cost: model.CostMedium, Outcomes: "ridership up 30%"}}},
			{ID: "waste-town", Name: "Waste Town", Country: "PH", Languages: []string{"en", "tl"}, Population: 120_000,
				Location:  &model.Location{Lat: 16.6, Lon: 120.3},
				Practices: []model.Practice{{Title: "Door-to-door garbage collection", Text: "segregated collection with barangay teams", Since: 2001, Cost: model.CostLow}}},
			{ID: "neighbour", Name: "Neighbour", Country: "ID", Capacities: []model.Capacity{{Topic: "public-transport", Level: 5}}},
			{ID: "unrelated", Name: "Unrelated", Country: "JP", Capacities: []model.Capacity{{Topic: "heritage-conservation", Level: 5}}},
			{ID: "blocked", Name: "Blocked", Country: "TH", Capacities: []model.Capacity{{Topic: "public-transport", Level: 5}}},
			{ID: "pinned", Name: "Pinned", Country: "VN", Capacities: []model.Capacity{{Topic: "tourism", Level: 2}}, Hosting: intp(0)},
		},
		Rules: []model.Rule{
			{Beneficiary: "bene", Resource: "blocked", Rule: model.Block, Why: "test"},
			{Beneficiary: "bene", Resource: "pinned", Rule: model.Pin, Why: "mayors agreed"},
		},
	}
}

func mustEngine(t testing.TB, doc *model.Document) *match.Engine {
	t.Helper()
	doc.Normalize(fixtures.Reference())
	require.NoError(t, doc.Validate(fixtures.Reference(), nil))
	e, err := match.NewEngine(doc, fixtures.Reference(), inferrer, 2026)
	require.NoError(t, err)
	return e
}

func ids(sl *model.Shortlist) []string {
	var out []string
	for _, c := range sl.Candidates {
		out = append(out, c.Resource)
	}
	return out
}

func TestShortlistHardRules(t *testing.T) {
	e := mustEngine(t, miniNetwork())
	sl, err := e.Shortlist("bene", match.DefaultParameters())
	require.NoError(t, err)
	got := ids(sl)
	assert.Contains(t, got, "bus-city")
	assert.Contains(t, got, "waste-town", "the lay-worded need finds the waste collection practice")
	assert.Contains(t, got, "pinned", "pins always appear")
	assert.NotContains(t, got, "bene", "never the city itself")
	assert.NotContains(t, got, "neighbour", "never the same country")
	assert.NotContains(t, got, "blocked", "never a blocked pair")
	assert.NotContains(t, got, "unrelated", "never a candidate covering none of the needs")
	for _, c := range sl.Candidates {
		assert.InDelta(t, c.Score, c.Parts.Total(), 1e-9, "the parts sum to the score")
		if c.Resource == "pinned" {
			assert.True(t, c.Pinned)
			assert.Contains(t, c.Reasons[0], "mayors agreed")
		}
	}
	assert.Equal(t, "bus-city", sl.Candidates[0].Resource)

	p := match.DefaultParameters()
	p.AllowSameCountry = true
	sl, err = e.Shortlist("bene", p)
	require.NoError(t, err)
	assert.Contains(t, ids(sl), "neighbour", "--allow-same-country lets the neighbour in")
}

func TestExplainExcluded(t *testing.T) {
	e := mustEngine(t, miniNetwork())
	for _, tt := range []struct{ resource, reason string }{
		{"neighbour", "same country"},
		{"blocked", "blocked by the secretariat: test"},
		{"unrelated", "covers none of the needs"},
	} {
		t.Run(tt.resource, func(t *testing.T) {
			ex, err := e.Explain("bene", tt.resource, match.DefaultParameters())
			require.NoError(t, err)
			assert.False(t, ex.Allowed)
			assert.Contains(t, ex.Reason, tt.reason)
			assert.Zero(t, ex.Rank)
		})
	}
	ex, err := e.Explain("bene", "bus-city", match.DefaultParameters())
	require.NoError(t, err)
	assert.True(t, ex.Allowed)
	assert.Equal(t, 1, ex.Rank)
	require.NotEmpty(t, ex.Candidate.Matches)
	assert.Equal(t, "public-transport", ex.Candidate.Matches[0].Topic)
	assert.Contains(t, ex.Candidate.Matches[0].Via, "same sector", "BRT meets public transport through the sector")
	require.NotEmpty(t, ex.Candidate.FlowsBack, "Bene's flood capacity meets Bus City's flood need")
	assert.Equal(t, "urban-flooding", ex.Candidate.FlowsBack[0].Topic)
	assert.Greater(t, ex.Candidate.Parts.Reciprocity.Value, 0.0)
}

func TestShortlistBadInput(t *testing.T) {
	e := mustEngine(t, miniNetwork())
	_, err := e.Shortlist("bnee", match.DefaultParameters())
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
	assert.Contains(t, model.ErrorMessage(err), "bene", "suggests the close id")

	_, err = e.Shortlist("waste-town", match.DefaultParameters())
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	assert.Contains(t, model.ErrorMessage(err), "records no challenges")

	p := match.DefaultParameters()
	p.Top = 0
	_, err = e.Shortlist("bene", p)
	var es model.Errors
	require.True(t, errors.As(err, &es))
	assert.Equal(t, "top", es[0].Key)

	p = match.DefaultParameters()
	p.Topic = "tourism"
	_, err = e.Shortlist("bene", p)
	assert.Contains(t, model.ErrorMessage(err), "no need on topic")

	p.Topic = "public-transprot"
	_, err = e.Shortlist("bene", p)
	assert.Contains(t, model.ErrorMessage(err), "public-transport")
}

// TestYearGivenOnce: the engine records the year the caller gives in the
// parameters and never sets it; parameters of another year than the
// engine's are refused, keyed year.
func TestYearGivenOnce(t *testing.T) {
	e := mustEngine(t, fixtures.Sample()) // built for 2026
	p := match.DefaultParameters()
	sl, err := e.Shortlist("palembang", p)
	require.NoError(t, err)
	assert.Zero(t, sl.Parameters.Year, "the engine set the year")
	p.Year = 2026
	sl, err = e.Shortlist("palembang", p)
	require.NoError(t, err)
	assert.Equal(t, 2026, sl.Parameters.Year)
	o := match.DefaultPairingParameters()
	pl, err := e.Pair(context.Background(), o)
	require.NoError(t, err)
	assert.Zero(t, pl.Parameters.Year, "the engine set the year")

	p.Year, p.Top = 2025, 0
	_, err = e.Shortlist("palembang", p)
	var es model.Errors
	require.ErrorAs(t, err, &es)
	var keys []string
	for _, me := range es {
		keys = append(keys, me.Key)
	}
	assert.Equal(t, []string{"top", "year"}, keys)
	_, err = e.Explain("palembang", "seoul", p)
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	o.Year = 2027
	_, err = e.Pair(context.Background(), o)
	var me *model.Error
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "year", me.Key)
}
