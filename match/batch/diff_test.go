package batch_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
)

func run(id int64, version string) *model.Run {
	return &model.Run{ID: id, Version: version, Parameters: json.RawMessage(`{"year":2026}`)}
}

func pairing(pairs ...[2]string) *model.Pairing {
	pl := &model.Pairing{}
	for _, p := range pairs {
		pl.Pairs = append(pl.Pairs, model.PairingPair{Beneficiary: p[0], Resource: p[1]})
	}
	return pl
}

func TestDiff(t *testing.T) {
	none := []batch.CandidateChange{}
	tests := []struct {
		name    string
		a, b    batch.Side
		want    []batch.BeneficiaryChange
		added   int
		removed int
	}{
		{
			name: "OK/same",
			a:    batch.Side{Run: run(1, "v1"), Candidates: []batch.Ranked{ranked("b1", 1, "r1", "R1", 0.5)}, Pairing: pairing([2]string{"b1", "r1"})},
			b:    batch.Side{Run: run(2, "v1"), Candidates: []batch.Ranked{ranked("b1", 1, "r1", "R1", 0.50004)}, Pairing: pairing([2]string{"b1", "r1"})},
			want: []batch.BeneficiaryChange{},
		},
		{
			name: "EnteredLeftMoved",
			a: batch.Side{Run: run(1, "v1"), Candidates: []batch.Ranked{
				ranked("b1", 1, "r1", "R1", 0.6), ranked("b1", 2, "r2", "R2", 0.5), ranked("b1", 3, "r3", "R3", 0.4)}},
			b: batch.Side{Run: run(2, "v1"), Candidates: []batch.Ranked{
				ranked("b1", 1, "r2", "R2", 0.55), ranked("b1", 2, "r1", "R1", 0.54), ranked("b1", 3, "r4", "R4", 0.3)}},
			want: []batch.BeneficiaryChange{{Beneficiary: "b1",
				Entered:        []batch.CandidateChange{{Resource: "r4", Name: "R4", ToRank: 3, ToScore: 0.3, ScoreDelta: 0.3}},
				Left:           []batch.CandidateChange{{Resource: "r3", Name: "R3", FromRank: 3, FromScore: 0.4, ScoreDelta: -0.4}},
				Moved:          []batch.CandidateChange{{Resource: "r2", Name: "R2", FromRank: 2, ToRank: 1, FromScore: 0.5, ToScore: 0.55, RankChange: 1, ScoreDelta: 0.05}, {Resource: "r1", Name: "R1", FromRank: 1, ToRank: 2, FromScore: 0.6, ToScore: 0.54, RankChange: -1, ScoreDelta: -0.06}},
				PartnersBefore: []string{}, PartnersAfter: []string{}}},
		},
		{
			name: "ScoreMovedWithinEpsilonIsNotMoved",
			a:    batch.Side{Run: run(1, "v1"), Candidates: []batch.Ranked{ranked("b1", 1, "r1", "R1", 0.5)}},
			b:    batch.Side{Run: run(2, "v1"), Candidates: []batch.Ranked{ranked("b1", 1, "r1", "R1", 0.5+batch.ScoreEpsilon/2)}},
			want: []batch.BeneficiaryChange{},
		},
		{
			name: "ShortlistAddedAndRemoved",
			a:    batch.Side{Run: run(1, "v1"), Candidates: []batch.Ranked{{Beneficiary: "gone"}}},
			b:    batch.Side{Run: run(2, "v1"), Candidates: []batch.Ranked{ranked("new", 1, "r1", "R1", 0.5)}},
			want: []batch.BeneficiaryChange{
				{Beneficiary: "gone", Shortlisted: "removed", Entered: none, Left: none, Moved: none, PartnersBefore: []string{}, PartnersAfter: []string{}},
				{Beneficiary: "new", Shortlisted: "added", Entered: []batch.CandidateChange{{Resource: "r1", Name: "R1", ToRank: 1, ToScore: 0.5, ScoreDelta: 0.5}},
					Left: none, Moved: none, PartnersBefore: []string{}, PartnersAfter: []string{}},
			},
		},
		{
			name:  "PartnerChanged",
			a:     batch.Side{Run: run(1, "v1"), Candidates: []batch.Ranked{ranked("b1", 1, "r1", "R1", 0.5)}, Pairing: pairing([2]string{"b1", "r1"}, [2]string{"b2", "r1"})},
			b:     batch.Side{Run: run(2, "v1"), Candidates: []batch.Ranked{ranked("b1", 1, "r1", "R1", 0.5)}, Pairing: pairing([2]string{"b1", "r2"}, [2]string{"b2", "r1"})},
			want:  []batch.BeneficiaryChange{{Beneficiary: "b1", Entered: none, Left: none, Moved: none, PartnersBefore: []string{"r1"}, PartnersAfter: []string{"r2"}}},
			added: 1, removed: 1,
		},
		{
			name:    "NoPairingAfter",
			a:       batch.Side{Run: run(1, "v1"), Pairing: pairing([2]string{"b1", "r1"})},
			b:       batch.Side{Run: run(2, "v1")},
			want:    []batch.BeneficiaryChange{{Beneficiary: "b1", Entered: none, Left: none, Moved: none, PartnersBefore: []string{"r1"}, PartnersAfter: []string{}}},
			removed: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := batch.Diff(tt.a, tt.b)
			require.NotNil(t, d)
			assert.Equal(t, tt.a.Run.ID, d.From)
			assert.Equal(t, tt.b.Run.ID, d.To)
			for i := range tt.want {
				if i < len(d.Beneficiaries) {
					for j := range tt.want[i].Moved {
						if j < len(d.Beneficiaries[i].Moved) {
							assert.InDelta(t, tt.want[i].Moved[j].ScoreDelta, d.Beneficiaries[i].Moved[j].ScoreDelta, 1e-9)
							d.Beneficiaries[i].Moved[j].ScoreDelta = tt.want[i].Moved[j].ScoreDelta
						}
					}
				}
			}
			assert.Equal(t, tt.want, d.Beneficiaries)
			assert.Len(t, d.PairsAdded, tt.added)
			assert.Len(t, d.PairsRemoved, tt.removed)
			assert.NotNil(t, d.PairsAdded)
			assert.NotNil(t, d.PairsRemoved)
			assert.Empty(t, d.Version)
			assert.Equal(t, []string{}, d.Parameters)
		})
	}
}

func TestDiffRunChanges(t *testing.T) {
	a := &model.Run{ID: 3, Version: "v1", Parameters: json.RawMessage(`{"year":2026}`), Inputs: digests("city:a", "1")}
	b := &model.Run{ID: 5, Version: "v2", Parameters: json.RawMessage(`{"year":2027}`), Inputs: digests("city:a", "2")}
	d := batch.Diff(batch.Side{Run: a}, batch.Side{Run: b})
	assert.Equal(t, "v1 → v2", d.Version)
	assert.Equal(t, []string{"year: 2026 → 2027"}, d.Parameters)
	assert.Equal(t, []string{"a"}, d.Inputs.CitiesEdited)
	assert.Equal(t, []batch.BeneficiaryChange{}, d.Beneficiaries)

	// The JSON keys are part of c2c runs diff --format json.
	raw, err := json.Marshal(d)
	require.NoError(t, err)
	var keys map[string]any
	require.NoError(t, json.Unmarshal(raw, &keys))
	for _, k := range []string{"from", "to", "input_changes", "parameter_changes", "version_change", "beneficiaries", "pairs_added", "pairs_removed"} {
		assert.Contains(t, keys, k)
	}
}

// ranked is one candidate of a stored shortlist.
func ranked(beneficiary string, rank int, resource, name string, score float64) batch.Ranked {
	return batch.Ranked{Beneficiary: beneficiary, Rank: rank, Resource: resource, Name: name, Score: score}
}
