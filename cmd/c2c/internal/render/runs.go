package render

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
)

// ShortDigest abbreviates a digest for people: its first 12 hex digits.
func ShortDigest(d string) string {
	if len(d) > 12 {
		return d[:12]
	}
	return d
}

// RunsReport renders the list of runs.
func RunsReport(runs []model.Run) Report {
	t := Table{Columns: []Column{{Name: "ID", Right: true}, {Name: "STARTED"}, {Name: "TOOK", Right: true}, {Name: "STATUS"}, {Name: "REVIEW"},
		{Name: "MEMBERS", Right: true}, {Name: "SHORTLISTS", Right: true}, {Name: "SERVED", Right: true},
		{Name: "INPUT"}, {Name: "RESULT"}, {Name: "VERSION"}}, Empty: "no stored runs (c2c batch makes one)"}
	for _, r := range runs {
		took := ""
		if !r.Ended.IsZero() {
			took = r.Ended.Sub(r.Started).Round(time.Second).String()
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(r.ID, 10), r.Started.UTC().Format("2006-01-02 15:04"), took, string(r.Status), ReviewShort(r.Review),
			strconv.Itoa(r.Cities), strconv.Itoa(r.Beneficiaries), strconv.Itoa(r.Served),
			ShortDigest(r.InputDigest), ShortDigest(r.ResultDigest), r.Version})
	}
	return Report{Tables: []Table{t}}
}

// ReviewShort is the review of a run as the list of runs shows it: its
// state and who brought it there ("approved by ana"); "" for a run that
// is not done.
func ReviewShort(rv *model.Review) string {
	switch {
	case rv == nil:
		return ""
	case rv.State == model.ReviewPublished:
		return "published by " + rv.PublishedBy
	case rv.State == model.ReviewApproved:
		return "approved by " + rv.ApprovedBy
	}
	return string(rv.State)
}

// ReviewLong is the review of a run as its page shows it: its state,
// with who published it first and who approved it, and when ("published
// by ben at T; approved by ana at T"); "" for a run that is not done.
func ReviewLong(rv *model.Review) string {
	if rv == nil {
		return ""
	}
	at := func(by string, t time.Time) string {
		return fmt.Sprintf(" by %s at %s", by, t.UTC().Format(time.RFC3339))
	}
	switch rv.State {
	case model.ReviewPublished:
		return "published" + at(rv.PublishedBy, rv.Published) + "; approved" + at(rv.ApprovedBy, rv.Approved)
	case model.ReviewApproved:
		return "approved" + at(rv.ApprovedBy, rv.Approved)
	}
	return string(rv.State)
}

// RunShown is what c2c runs show prints as JSON.
type RunShown struct {
	Run     *model.Run        `json:"run"`
	Results *model.RunResults `json:"results,omitempty"`
}

// RunReport renders one run: its record, then a line per shortlist.
func RunReport(s RunShown) Report {
	r := s.Run
	rep := Report{Title: fmt.Sprintf("Run %d (%s)", r.ID, r.Status)}
	add := func(name, value string) { rep.Fields = append(rep.Fields, Field{Name: name, Value: value}) }
	add("Started", r.Started.UTC().Format(time.RFC3339))
	if !r.Ended.IsZero() {
		add("Ended", fmt.Sprintf("%s (%s)", r.Ended.UTC().Format(time.RFC3339), r.Ended.Sub(r.Started).Round(time.Millisecond)))
	}
	if r.Message != "" {
		add("Message", r.Message)
	}
	if r.Review != nil {
		add("Review", ReviewLong(r.Review))
	}
	add("Version", r.Version)
	add("Parameters", string(r.Parameters))
	add("Input digest", fmt.Sprintf("%s (%d inputs, %d members)", r.InputDigest, len(r.Inputs), r.Cities))
	if r.ResultDigest != "" {
		add("Result digest", r.ResultDigest)
	}
	add("Results", fmt.Sprintf("%d shortlists, %d candidates, %d pairs, %d served", r.Beneficiaries, r.Candidates, r.Pairs, r.Served))
	if len(r.Timing) > 0 {
		var tm batch.Timing
		if json.Unmarshal(r.Timing, &tm) == nil {
			add("Time", tm.String())
		}
	}
	if s.Results == nil {
		return rep
	}
	partners := map[string][]string{}
	if pl := s.Results.Pairing; pl != nil {
		for _, p := range pl.Pairs {
			partners[p.Beneficiary] = append(partners[p.Beneficiary], p.Resource)
		}
	}
	t := Table{Title: "Shortlists", Columns: []Column{{Name: "BENEFICIARY", Keep: true}, {Name: "CANDIDATES (RANK RESOURCE SCORE)", Wrap: true}, {Name: "PAIRED WITH"}}, Empty: "no shortlists"}
	for _, sl := range s.Results.Shortlists {
		var cands []string
		for _, c := range sl.Candidates {
			cands = append(cands, fmt.Sprintf("%d %s %s", c.Rank, c.Resource, F4(c.Score)))
		}
		t.Rows = append(t.Rows, []string{sl.Beneficiary, strings.Join(cands, ", "), strings.Join(partners[sl.Beneficiary], ", ")})
	}
	rep.Tables = append(rep.Tables, t)
	return rep
}

// DiffReport renders a diff: the input, parameter and version changes,
// then a row per changed candidate and per changed pair.
func DiffReport(d *batch.RunDiff) Report {
	rep := Report{Title: fmt.Sprintf("Run %d → run %d", d.From, d.To), Fields: []Field{{Name: "Input changes", Value: d.Inputs.String()}}}
	params := "none"
	if len(d.Parameters) > 0 {
		params = strings.Join(d.Parameters, "; ")
	}
	rep.Fields = append(rep.Fields, Field{Name: "Parameter changes", Value: params})
	if d.Version != "" {
		rep.Fields = append(rep.Fields, Field{Name: "Engine", Value: d.Version})
	}
	entered, left, moved := 0, 0, 0
	t := Table{Title: "Shortlists", Columns: []Column{{Name: "BENEFICIARY", Keep: true}, {Name: "CHANGE"}, {Name: "RESOURCE"}, {Name: "RANK"}, {Name: "SCORE"}},
		Empty: "no shortlist changed"}
	rank := func(r int) string {
		if r == 0 {
			return "–"
		}
		return strconv.Itoa(r)
	}
	for _, bc := range d.Beneficiaries {
		name := bc.Beneficiary
		if bc.Shortlisted != "" {
			t.Rows = append(t.Rows, []string{name, "shortlist " + bc.Shortlisted, "", "", ""})
		}
		for _, c := range bc.Entered {
			entered++
			t.Rows = append(t.Rows, []string{name, "entered", c.Resource, "– → " + rank(c.ToRank), "– → " + F4(c.ToScore)})
		}
		for _, c := range bc.Left {
			left++
			t.Rows = append(t.Rows, []string{name, "left", c.Resource, rank(c.FromRank) + " → –", F4(c.FromScore) + " → –"})
		}
		for _, c := range bc.Moved {
			moved++
			t.Rows = append(t.Rows, []string{name, "moved", c.Resource, fmt.Sprintf("%d → %d (%+d)", c.FromRank, c.ToRank, c.RankChange),
				fmt.Sprintf("%s → %s (%+.4f)", F4(c.FromScore), F4(c.ToScore), c.ScoreDelta)})
		}
	}
	rep.Fields = append(rep.Fields, Field{Name: "Shortlists", Value: fmt.Sprintf("%d beneficiaries changed: %d candidates entered, %d left, %d moved", len(d.Beneficiaries), entered, left, moved)})
	pairs := Table{Title: "Pairs", Columns: []Column{{Name: "BENEFICIARY", Keep: true}, {Name: "BEFORE"}, {Name: "AFTER"}}, Empty: "no pair changed"}
	for _, bc := range d.Beneficiaries {
		b, a := strings.Join(bc.PartnersBefore, ", "), strings.Join(bc.PartnersAfter, ", ")
		if b != a {
			pairs.Rows = append(pairs.Rows, []string{bc.Beneficiary, batch.OrNone(b), batch.OrNone(a)})
		}
	}
	rep.Fields = append(rep.Fields, Field{Name: "Pairs", Value: fmt.Sprintf("%d added, %d removed", len(d.PairsAdded), len(d.PairsRemoved))})
	rep.Tables = append(rep.Tables, t, pairs)
	return rep
}

// VerifyReport renders what c2c runs verify found: the verdict, then the
// stored and re-run digests, the input changes, the engine versions and
// the reference year.
func VerifyReport(v *batch.Verification) Report {
	return Report{Title: fmt.Sprintf("Run %d: %s", v.Run, v.Verdict), Fields: []Field{
		{Name: "Stored result", Value: v.StoredDigest},
		{Name: "Re-run result", Value: v.ComputedDigest},
		{Name: "Input changes", Value: v.Inputs.String()},
		{Name: "Engine", Value: fmt.Sprintf("stored %s, now %s", v.StoredVersion, v.CurrentVersion)},
		{Name: "Reference year", Value: strconv.Itoa(v.Year)},
	}}
}

// RunRemoval says what removing run r takes away, for the question c2c
// runs rm asks and its audit entry: the run, its status and review, and
// what it holds ("run 3, done, approved by ana at T, started T: 12
// shortlists with 96 candidates and a pairing of 9 pairs").
func RunRemoval(r *model.Run) string {
	state := string(r.Status)
	if rv := ReviewLong(r.Review); rv != "" {
		state += ", " + rv
	}
	what := fmt.Sprintf("run %d, %s, started %s", r.ID, state, r.Started.UTC().Format(time.RFC3339))
	if r.Beneficiaries == 0 && r.Pairs == 0 {
		return what + ": no results"
	}
	return fmt.Sprintf("%s: %s with %s and a pairing of %s", what,
		Plural(r.Beneficiaries, "shortlist"), Plural(r.Candidates, "candidate"), Plural(r.Pairs, "pair"))
}
