package render

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
)

func TestShortDigest(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Long", "0123456789abcdef0123", "0123456789ab"},
		{"Twelve", "0123456789ab", "0123456789ab"},
		{"Short", "abc", "abc"},
		{"Empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, ShortDigest(tt.in)) })
	}
}

func TestRunsReport(t *testing.T) {
	started := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		runs []model.Run
		want [][]string
	}{
		{"None", nil, nil},
		{"DoneAndRunning", []model.Run{
			{ID: 1, Started: started, Ended: started.Add(90 * time.Second), Status: model.RunDone, Cities: 40, Beneficiaries: 30, Served: 28,
				InputDigest: "aaaaaaaaaaaaaaaa", ResultDigest: "bbbbbbbbbbbbbbbb", Version: "v1"},
			{ID: 2, Started: started.Add(time.Hour), Status: model.RunRunning, Version: "v1"},
		}, [][]string{
			{"1", "2026-11-01 09:00", "1m30s", "done", "", "40", "30", "28", "aaaaaaaaaaaa", "bbbbbbbbbbbb", "v1"},
			{"2", "2026-11-01 10:00", "", "running", "", "0", "0", "0", "", "", "v1"},
		}},
		{"Reviews", []model.Run{
			{ID: 1, Started: started, Status: model.RunDone, Review: &model.Review{State: model.ReviewDraft}},
			{ID: 2, Started: started, Status: model.RunDone, Review: &model.Review{State: model.ReviewApproved, ApprovedBy: "ana", Approved: started}},
			{ID: 3, Started: started, Status: model.RunDone, Review: &model.Review{State: model.ReviewPublished, ApprovedBy: "ana", Approved: started,
				PublishedBy: "ben", Published: started.Add(time.Hour)}},
		}, [][]string{
			{"1", "2026-11-01 09:00", "", "done", "draft", "0", "0", "0", "", "", ""},
			{"2", "2026-11-01 09:00", "", "done", "approved by ana", "0", "0", "0", "", "", ""},
			{"3", "2026-11-01 09:00", "", "done", "published by ben", "0", "0", "0", "", "", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := RunsReport(tt.runs)
			require.Len(t, r.Tables, 1)
			assert.Equal(t, tt.want, r.Tables[0].Rows)
			assert.Len(t, r.Tables[0].Columns, 11)
		})
	}
}

func TestReviewLong(t *testing.T) {
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		rv   *model.Review
		want string
	}{
		{"NotDone", nil, ""},
		{"Draft", &model.Review{State: model.ReviewDraft}, "draft"},
		{"Approved", &model.Review{State: model.ReviewApproved, ApprovedBy: "ana", Approved: at}, "approved by ana at 2026-11-01T09:00:00Z"},
		{"Published", &model.Review{State: model.ReviewPublished, ApprovedBy: "ana", Approved: at, PublishedBy: "ben", Published: at.Add(time.Hour)},
			"published by ben at 2026-11-01T10:00:00Z; approved by ana at 2026-11-01T09:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, ReviewLong(tt.rv)) })
	}
}

func TestRunRemoval(t *testing.T) {
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		run  model.Run
		want string
	}{
		{"Failed", model.Run{ID: 2, Started: at, Status: model.RunFailed}, "run 2, failed, started 2026-11-01T09:00:00Z: no results"},
		{"Draft", model.Run{ID: 3, Started: at, Status: model.RunDone, Beneficiaries: 1, Candidates: 8, Pairs: 1, Review: &model.Review{State: model.ReviewDraft}},
			"run 3, done, draft, started 2026-11-01T09:00:00Z: 1 shortlist with 8 candidates and a pairing of 1 pair"},
		{"Published", model.Run{ID: 4, Started: at, Status: model.RunDone, Beneficiaries: 12, Candidates: 96, Pairs: 9,
			Review: &model.Review{State: model.ReviewPublished, ApprovedBy: "ana", Approved: at, PublishedBy: "ben", Published: at}},
			"run 4, done, published by ben at 2026-11-01T09:00:00Z; approved by ana at 2026-11-01T09:00:00Z, started 2026-11-01T09:00:00Z: 12 shortlists with 96 candidates and a pairing of 9 pairs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, RunRemoval(&tt.run)) })
	}
}

func TestVerifyReport(t *testing.T) {
	v := &batch.Verification{Run: 3, Verdict: "reproduces", StoredDigest: "s", ComputedDigest: "c", StoredVersion: "v1", CurrentVersion: "v2", Year: 2026,
		Inputs: batch.CompareInputs(nil, nil)}
	r := VerifyReport(v)
	assert.Equal(t, "Run 3: reproduces", r.Title)
	assert.Equal(t, []Field{
		{Name: "Stored result", Value: "s"},
		{Name: "Re-run result", Value: "c"},
		{Name: "Input changes", Value: "none"},
		{Name: "Engine", Value: "stored v1, now v2"},
		{Name: "Reference year", Value: "2026"},
	}, r.Fields)
}

func TestDiffReport(t *testing.T) {
	a := batch.Side{Run: &model.Run{ID: 1, Version: "v1"}, Candidates: []batch.Ranked{ranked("b1", 1, "r1", "R1", 0.5), ranked("b1", 2, "r2", "R2", 0.4)},
		Pairing: &model.Pairing{Pairs: []model.PairingPair{{Beneficiary: "b1", Resource: "r1"}}}}
	b := batch.Side{Run: &model.Run{ID: 2, Version: "v1"}, Candidates: []batch.Ranked{ranked("b1", 1, "r2", "R2", 0.45), ranked("b1", 2, "r3", "R3", 0.3)},
		Pairing: &model.Pairing{Pairs: []model.PairingPair{{Beneficiary: "b1", Resource: "r2"}}}}
	r := DiffReport(batch.Diff(a, b))
	assert.Equal(t, "Run 1 → run 2", r.Title)
	assert.Contains(t, r.Fields, Field{Name: "Shortlists", Value: "1 beneficiaries changed: 1 candidates entered, 1 left, 1 moved"})
	assert.Contains(t, r.Fields, Field{Name: "Pairs", Value: "1 added, 1 removed"})
	require.Len(t, r.Tables, 2)
	assert.Equal(t, [][]string{
		{"b1", "entered", "r3", "– → 2", "– → 0.3000"},
		{"b1", "left", "r1", "1 → –", "0.5000 → –"},
		{"b1", "moved", "r2", "2 → 1 (+1)", "0.4000 → 0.4500 (+0.0500)"},
	}, r.Tables[0].Rows)
	assert.Equal(t, [][]string{{"b1", "r1", "r2"}}, r.Tables[1].Rows)
}

// ranked is one candidate of a stored shortlist.
func ranked(beneficiary string, rank int, resource, name string, score float64) batch.Ranked {
	return batch.Ranked{Beneficiary: beneficiary, Rank: rank, Resource: resource, Name: name, Score: score}
}
