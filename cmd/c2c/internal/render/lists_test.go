package render

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

func TestAuditTable(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	tests := []struct {
		name    string
		entries []model.AuditEntry
		want    [][]string
	}{
		{"Empty", nil, nil},
		{"InUTC", []model.AuditEntry{{Seq: 7, User: "cli:ana", Time: at, Action: "rule.pin", Target: "palembang→seoul", Detail: "mayors agreed"}},
			[][]string{{"7", "2026-03-01T02:30:00Z", "cli:ana", "rule.pin", "palembang→seoul", "mayors agreed"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := AuditTable(tt.entries)
			assert.Equal(t, tt.want, tb.Rows)
			assert.Equal(t, "nothing recorded", tb.Empty)
			assert.Len(t, tb.Columns, 6)
		})
	}
}

func TestRulesTable(t *testing.T) {
	created := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name  string
		rules []model.Rule
		want  [][]string
	}{
		{"Empty", nil, nil},
		{"Created", []model.Rule{{Beneficiary: "palembang", Resource: "seoul", Rule: model.Pin, By: "A. Rahman", Created: created, Why: "mayors agreed"}},
			[][]string{{"palembang", "seoul", "pin", "A. Rahman", "2026-03-01T09:30:00Z", "mayors agreed"}}},
		{"NotRecorded", []model.Rule{{Beneficiary: "dhaka", Resource: "colombo", Rule: model.Block, Why: "partners already"}},
			[][]string{{"dhaka", "colombo", "block", "", "", "partners already"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := RulesTable(tt.rules)
			assert.Equal(t, tt.want, tb.Rows)
			assert.Equal(t, "no rules", tb.Empty)
		})
	}
}

func TestTopicsTable(t *testing.T) {
	tb := TopicsTable([]model.Topic{{ID: "brt", Sector: "transport", Label: "Bus rapid transit", Phrases: []string{"bus rapid transit", "brt"}}})
	assert.Equal(t, [][]string{{"brt", "transport", "Bus rapid transit", "bus rapid transit; brt"}}, tb.Rows)
	assert.Equal(t, "no topics", TopicsTable(nil).Empty)
}

func TestScoresWriter(t *testing.T) {
	var b strings.Builder
	w, err := NewScoresWriter(&b)
	require.NoError(t, err)
	ps := match.PairScore{Beneficiary: "palembang", Resource: "seoul", Score: 0.5, Allowed: true}
	ps.Parts.Need.Value = 0.25
	require.NoError(t, w.Write(ps))
	require.NoError(t, w.Write(match.PairScore{Beneficiary: "palembang", Resource: "jakarta", Reason: "=same country"}))
	require.NoError(t, w.Flush())
	assert.Equal(t, "beneficiary,resource,score,"+strings.Join(model.PartNames, ",")+",allowed,pinned,reason\n"+
		"palembang,seoul,0.5000,0.2500,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,true,false,\n"+
		"palembang,jakarta,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,false,false,'=same country\n", b.String())
}

func TestWriteFittedWeights(t *testing.T) {
	f := &match.Fit{Cases: 30, Options: match.FitOptions{Folds: 5}, Start: model.Weights{0.5, 0.5}, Weights: model.Weights{0.25, 0.75}}
	f.CVBefore.Recall5, f.CVAfter.Recall5, f.CVBefore.MRR, f.CVAfter.MRR = 0.5, 0.6, 0.3, 0.4
	var b strings.Builder
	require.NoError(t, WriteFittedWeights(&b, f))
	lines := strings.Split(b.String(), "\n")
	assert.Equal(t, "# c2c part weights fitted by c2c evaluate --fit on 30 recorded exchange cases", lines[0])
	assert.Equal(t, "# 5-fold cross-validated on held-out folds: recall@5 0.5000 -> 0.6000, MRR 0.3000 -> 0.4000 (start weights -> fitted)", lines[1])
	assert.Equal(t, "need=0.25", lines[3])
	w, err := model.ParseWeights(b.String(), model.Weights{}, "fitted.weights")
	require.NoError(t, err, "--weights-file reads it back")
	assert.Equal(t, f.Weights, w)
}

func TestExplanationReport(t *testing.T) {
	ref := fixtures.Reference()
	e, err := match.NewEngine(fixtures.Sample(), ref, profile.Inferrer(ref.Topics), 2026)
	require.NoError(t, err)
	p := match.DefaultParameters()
	ex, err := e.Explain("palembang", "seoul", p)
	require.NoError(t, err)
	r := ExplanationReport(e, ex)
	assert.Equal(t, "Seoul as a resource for Palembang", r.Title)
	require.Len(t, r.Fields, 2)
	assert.Regexp(t, `^qualifies; ranks \d+ of \d+ qualified candidates`, r.Fields[0].Value)
	assert.Equal(t, F4(ex.Candidate.Score)+", the sum of the contributions below", r.Fields[1].Value)
	require.Len(t, r.Tables, 1)
	assert.Empty(t, r.Tables[0].Title)

	ex, err = e.Explain("palembang", "jakarta", p)
	require.NoError(t, err)
	assert.Equal(t, "EXCLUDED: "+ex.Reason, ExplanationReport(e, ex).Fields[0].Value)
}
