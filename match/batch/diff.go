package batch

import (
	"math"
	"sort"
	"strings"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// Ranked is one candidate of a stored shortlist as diffs read it: without
// the explanations. It has the fields of store.RankedCandidate, so that
// one converts to the other.
type Ranked struct {
	Beneficiary string  // city id
	Rank        int     // 1-based; 0 stands for a shortlist without candidates
	Resource    string  // city id
	Name        string  // the resource's display name
	Score       float64 // 0..1
}

// Side is one of the two runs that Diff compares.
type Side struct {
	Run *model.Run // the run record: id, inputs, parameters, version
	// Candidates are every candidate of every shortlist of the run; a
	// shortlist without candidates is one Ranked with Rank 0.
	Candidates []Ranked
	Pairing    *model.Pairing // the run's pairing, nil for none
}

// CandidateChange is one candidate that entered, left or moved in a
// beneficiary's shortlist between two runs. Ranks are 0 where absent.
type CandidateChange struct {
	Resource   string  `json:"resource"`     // city id
	Name       string  `json:"name"`         // its display name
	FromRank   int     `json:"from_rank"`    // in the first run, 0 when absent
	ToRank     int     `json:"to_rank"`      // in the second run, 0 when absent
	FromScore  float64 `json:"from_score"`   // in the first run, 0 when absent
	ToScore    float64 `json:"to_score"`     // in the second run, 0 when absent
	RankChange int     `json:"rank_change"`  // positive when it moved up
	ScoreDelta float64 `json:"score_change"` // to - from
}

// BeneficiaryChange is how one beneficiary's results differ.
type BeneficiaryChange struct {
	Beneficiary    string            `json:"beneficiary"`           // city id
	Shortlisted    string            `json:"shortlisted,omitempty"` // "added" or "removed" when only one run has its shortlist
	Entered        []CandidateChange `json:"entered"`               // candidates only the second run has
	Left           []CandidateChange `json:"left"`                  // candidates only the first run has
	Moved          []CandidateChange `json:"moved"`                 // candidates whose rank or score changed
	PartnersBefore []string          `json:"partners_before"`       // assigned resources in the first run
	PartnersAfter  []string          `json:"partners_after"`        // assigned resources in the second run
}

// RunDiff is how the results of run To differ from those of run From.
type RunDiff struct {
	From          int64               `json:"from"`                     // the first run's id
	To            int64               `json:"to"`                       // the second run's id
	Inputs        InputChanges        `json:"input_changes"`            // what changed in the input
	Parameters    []string            `json:"parameter_changes"`        // see CompareParameters
	Version       string              `json:"version_change,omitempty"` // "a → b" when the engine version changed
	Beneficiaries []BeneficiaryChange `json:"beneficiaries"`            // those with any change, by id
	PairsAdded    []model.PairingPair `json:"pairs_added"`              // pairs only the second run has
	PairsRemoved  []model.PairingPair `json:"pairs_removed"`            // pairs only the first run has
}

// ScoreEpsilon is the smallest score change a diff reports: scores are
// rounded to four decimals.
const ScoreEpsilon = 5e-5

// Diff compares run b with run a, per beneficiary: the candidates that
// entered, left or moved (by rank, or by at least ScoreEpsilon), the
// assigned partners, and the input, parameter and version changes. Pairs
// in both runs cancel out. Every list of the result is non-nil.
func Diff(a, b Side) *RunDiff {
	d := &RunDiff{From: a.Run.ID, To: b.Run.ID, Inputs: CompareInputs(a.Run.Inputs, b.Run.Inputs), Parameters: CompareParameters(a.Run.Parameters, b.Run.Parameters),
		Beneficiaries: []BeneficiaryChange{}, PairsAdded: []model.PairingPair{}, PairsRemoved: []model.PairingPair{}}
	if a.Run.Version != b.Run.Version {
		d.Version = a.Run.Version + " → " + b.Run.Version
	}
	lists := [2]map[string][]Ranked{{}, {}}
	for i, s := range []Side{a, b} {
		for _, c := range s.Candidates {
			if _, ok := lists[i][c.Beneficiary]; !ok {
				lists[i][c.Beneficiary] = nil
			}
			if c.Rank > 0 {
				lists[i][c.Beneficiary] = append(lists[i][c.Beneficiary], c)
			}
		}
	}
	if a.Pairing != nil {
		d.PairsRemoved = a.Pairing.Pairs
	}
	if b.Pairing != nil {
		d.PairsAdded = b.Pairing.Pairs
	}
	before := pairSet(d.PairsRemoved)
	after := pairSet(d.PairsAdded)
	partners := [2]map[string][]string{{}, {}}
	for _, p := range d.PairsRemoved {
		partners[0][p.Beneficiary] = append(partners[0][p.Beneficiary], p.Resource)
	}
	for _, p := range d.PairsAdded {
		partners[1][p.Beneficiary] = append(partners[1][p.Beneficiary], p.Resource)
	}
	d.PairsRemoved = keepPairs(d.PairsRemoved, after)
	d.PairsAdded = keepPairs(d.PairsAdded, before)

	all := map[string]bool{}
	for i := range lists {
		for id := range lists[i] {
			all[id] = true
		}
		for id := range partners[i] {
			all[id] = true
		}
	}
	ids := make([]string, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		ca, inA := lists[0][id]
		cb, inB := lists[1][id]
		bc := BeneficiaryChange{Beneficiary: id, Entered: []CandidateChange{}, Left: []CandidateChange{}, Moved: []CandidateChange{},
			PartnersBefore: nonNil(partners[0][id]), PartnersAfter: nonNil(partners[1][id])}
		switch {
		case inA && !inB:
			bc.Shortlisted = "removed"
		case inB && !inA:
			bc.Shortlisted = "added"
		}
		byRes := map[string]Ranked{}
		for _, c := range ca {
			byRes[c.Resource] = c
		}
		inNew := map[string]bool{}
		for _, c := range cb {
			inNew[c.Resource] = true
			old, ok := byRes[c.Resource]
			if !ok {
				bc.Entered = append(bc.Entered, CandidateChange{Resource: c.Resource, Name: c.Name, ToRank: c.Rank, ToScore: c.Score, ScoreDelta: c.Score})
				continue
			}
			if old.Rank != c.Rank || math.Abs(old.Score-c.Score) >= ScoreEpsilon {
				bc.Moved = append(bc.Moved, CandidateChange{Resource: c.Resource, Name: c.Name, FromRank: old.Rank, ToRank: c.Rank,
					FromScore: old.Score, ToScore: c.Score, RankChange: old.Rank - c.Rank, ScoreDelta: match.Round4(c.Score - old.Score)})
			}
		}
		for _, c := range ca {
			if !inNew[c.Resource] {
				bc.Left = append(bc.Left, CandidateChange{Resource: c.Resource, Name: c.Name, FromRank: c.Rank, FromScore: c.Score, ScoreDelta: -c.Score})
			}
		}
		if bc.Shortlisted != "" || len(bc.Entered)+len(bc.Left)+len(bc.Moved) > 0 || strings.Join(bc.PartnersBefore, ",") != strings.Join(bc.PartnersAfter, ",") {
			d.Beneficiaries = append(d.Beneficiaries, bc)
		}
	}
	return d
}

// nonNil returns s, or an empty slice for nil, so that JSON shows [].
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// pairSet returns the set of (beneficiary, resource) pairs of ps.
func pairSet(ps []model.PairingPair) map[[2]string]bool {
	set := make(map[[2]string]bool, len(ps))
	for _, p := range ps {
		set[[2]string{p.Beneficiary, p.Resource}] = true
	}
	return set
}

// keepPairs returns the pairs of ps not in other.
func keepPairs(ps []model.PairingPair, other map[[2]string]bool) []model.PairingPair {
	out := []model.PairingPair{}
	for _, p := range ps {
		if !other[[2]string{p.Beneficiary, p.Resource}] {
			out = append(out, p)
		}
	}
	return out
}
