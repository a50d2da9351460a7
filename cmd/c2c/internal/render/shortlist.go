package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// ShortlistReport renders a shortlist: the candidates table, then one
// explanation per candidate (CSV: the candidates table alone, with the
// reasons in a column).
func ShortlistReport(e *match.Engine, sl *model.Shortlist, format Format) Report {
	p := sl.Parameters
	b, _ := e.City(sl.Beneficiary)
	quota := "met"
	if !sl.Quota.Met {
		quota = "NOT met"
	}
	r := Report{
		Title: fmt.Sprintf("Shortlist for %s (%s, %s)", sl.Name, b.Country, b.Development),
		Fields: []Field{
			{Name: "Needs", Value: strings.Join(sl.Needs, "; ")},
			{Name: "Quota", Value: fmt.Sprintf("%s (%.0f%%, %d required): %s", quota, 100*sl.Quota.Share, sl.Quota.Required, sl.Quota.Note)},
			{Name: "Qualified", Value: fmt.Sprintf("%d candidates passed the hard rules, %d of them developing or least-developed", sl.Qualified, sl.Developing)},
			{Name: "Parameters", Value: fmt.Sprintf("top %d, prefer %s, year %d", p.Top, p.Prefer, p.Year)},
			{Name: "Weights", Value: WeightsShort(p.Weights)},
		},
	}
	for _, g := range sl.Gaps {
		r.Fields = append(r.Fields, Field{Name: "Gap", Value: GapNote(g, format == FormatTable)})
	}
	t := Table{
		Title: "Candidates (part values; the score is Σ weight × value)",
		Columns: []Column{{Name: "#", Right: true}, {Name: "RESOURCE"}, {Name: "CC"}, {Name: "DEV"}, {Name: "SCORE", Right: true},
			{Name: "NEED", Right: true}, {Name: "RECIP", Right: true}, {Name: "CTX", Right: true}, {Name: "EVID", Right: true},
			{Name: "FEAS", Right: true}, {Name: "HIST", Right: true}, {Name: "TEXT", Right: true}, {Name: "NOTE"}},
		Empty: "no qualified candidates",
	}
	if format == FormatCSV {
		t.Columns = []Column{{Name: "rank", Right: true}, {Name: "resource"}, {Name: "name"}, {Name: "country"}, {Name: "development"}, {Name: "score", Right: true}}
		for _, n := range model.PartNames {
			t.Columns = append(t.Columns, Column{Name: n, Right: true})
		}
		t.Columns = append(t.Columns, Column{Name: "pinned"}, Column{Name: "promoted", Right: true}, Column{Name: "reasons"}, Column{Name: "against"})
	}
	for _, c := range sl.Candidates {
		parts := c.Parts.Parts()
		if format == FormatCSV {
			row := []string{strconv.Itoa(c.Rank), c.Resource, c.Name, c.Country, string(c.Development), F4(c.Score)}
			for _, pt := range parts {
				row = append(row, F4(pt.Value))
			}
			row = append(row, strconv.FormatBool(c.Pinned), strconv.Itoa(c.Promoted), strings.Join(c.Reasons, "; "), strings.Join(c.Against, "; "))
			t.Rows = append(t.Rows, row)
			continue
		}
		row := []string{strconv.Itoa(c.Rank), c.Name, c.Country, DevShort(c.Development), F4(c.Score)}
		for _, pt := range parts {
			row = append(row, F3(pt.Value))
		}
		row = append(row, CandidateNote(c))
		t.Rows = append(t.Rows, row)
	}
	r.Tables = append(r.Tables, t)
	if format == FormatCSV {
		return Report{Tables: r.Tables}
	}
	if len(sl.Nearest) > 0 {
		nt := Table{Title: "Nearest offers in words (none is a candidate)",
			Columns: []Column{{Name: "MEMBER"}, {Name: "NEED ← OFFER", Wrap: true}, {Name: "WHY NOT", Wrap: true}}}
		for _, n := range sl.Nearest {
			d := fmt.Sprintf("%q ← %s (similarity %s)", n.Match.Need, n.Match.Offer, F4(n.Match.Similarity))
			if w := match.WordsNote(n.Match); w != "" {
				d += "; " + w
			}
			nt.Rows = append(nt.Rows, []string{n.Name, d, n.Excluded})
		}
		r.Tables = append(r.Tables, nt)
	}
	for _, c := range sl.Candidates {
		r.Tables = append(r.Tables, CandidateTable(c))
	}
	return r
}

// CandidateTable explains one candidate: each part's value, weight and
// contribution, then the links and reasons.
func CandidateTable(c model.Candidate) Table {
	t := Table{
		Title:   fmt.Sprintf("#%d %s (%s) — score %s", c.Rank, c.Name, c.Country, F4(c.Score)),
		Columns: []Column{{Name: "WHAT"}, {Name: "DETAIL", Wrap: true}},
	}
	for i, pt := range c.Parts.Parts() {
		t.Rows = append(t.Rows, []string{model.PartNames[i], fmt.Sprintf("%s × %s = %s", F4(pt.Value), F4(pt.Weight), F4(pt.Contribution))})
	}
	for _, cp := range c.Components {
		t.Rows = append(t.Rows, []string{"  · " + cp.Name, fmt.Sprintf("%s × %.2f  (%s)", F4(cp.Value), cp.Weight, cp.Source)})
	}
	for _, mt := range c.Matches {
		t.Rows = append(t.Rows, []string{"meets", fmt.Sprintf("%q ← %s (%s, +%s)", mt.Need, mt.Offer, mt.Via, F4(mt.Contribution))})
	}
	for _, mt := range c.Text {
		d := fmt.Sprintf("%q ← %s (lexical %s, semantic %s, similarity %s, +%s)", mt.Need, mt.Offer, F4(mt.Lexical), F4(mt.Semantic), F4(mt.Similarity), F4(mt.Contribution))
		if w := match.WordsNote(mt); w != "" {
			d += "; " + w
		}
		if mt.Note != "" {
			d += "; " + mt.Note
		}
		t.Rows = append(t.Rows, []string{"in words", d})
	}
	for _, mt := range c.FlowsBack {
		t.Rows = append(t.Rows, []string{"flows back", fmt.Sprintf("%s → %s (+%s)", mt.Offer, mt.Need, F4(mt.Contribution))})
	}
	for _, s := range c.Reasons {
		t.Rows = append(t.Rows, []string{"for", s})
	}
	for _, s := range c.Against {
		t.Rows = append(t.Rows, []string{"against", s})
	}
	return t
}

// ExplanationReport is what c2c explain prints: whether the pair
// qualifies and its rank, or why it is excluded, its score, and the table
// of its score parts with the needs it meets (see CandidateTable).
func ExplanationReport(e *match.Engine, ex *match.Explanation) Report {
	b, _ := e.City(ex.Beneficiary)
	c := ex.Candidate
	status := fmt.Sprintf("qualifies; ranks %d of %d qualified candidates", ex.Rank, ex.Qualified)
	if !ex.Allowed {
		status = "EXCLUDED: " + ex.Reason
	}
	if c.Pinned {
		status += " (pinned)"
	}
	r := Report{
		Title: fmt.Sprintf("%s as a resource for %s", c.Name, b.Name),
		Fields: []Field{
			{Name: "Status", Value: status},
			{Name: "Score", Value: F4(c.Score) + ", the sum of the contributions below"},
		},
	}
	t := CandidateTable(c)
	t.Title = ""
	r.Tables = append(r.Tables, t)
	return r
}
