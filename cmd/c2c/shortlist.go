package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// shortlistCommand ranks and explains the resource candidates for one city.
func (m *Main) shortlistCommand() *cli.Command {
	formats := formatFlag{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
	return &cli.Command{
		Name:      "shortlist",
		Usage:     "rank and explain the best resource cities for one beneficiary",
		UsageText: "c2c shortlist CITY [--top K] [--topic T] [--quota Q] [--weights W | --weights-file F] [--prefer new|continue] [--allow-same-country] [--format FORMAT]",
		Description: `Scores every other member as a resource for CITY's needs and prints the top K,
each with its score split into named parts (need, reciprocity, context,
evidence, feasibility, history, text), the links behind it and what counts
against it. At least --quota of the list are developing or least-developed cities when
enough qualify ("developing cities are resources too"); the list says whether
the quota was met and who was moved up. Same-country pairs, blocked pairs and
candidates that cover none of the needs are left out; pinned pairs always
appear. --format json carries the same numbers as the table.

Examples:
   c2c shortlist palembang
   c2c shortlist colombo --topic waste-reduction-3r --top 8
   c2c shortlist dhaka --weights need=0.6,history=0 --format markdown > dhaka.md`,
		Flags: append([]cli.Flag{topFlag(), formats.Flag()}, engineFlags()...),
		Action: func(c *cli.Context) error {
			sl, format, e, err := m.shortlist(c, formats)
			if err != nil {
				return err
			}
			return m.write(format, sl, shortlistReport(e, sl, format))
		},
	}
}

// topFlag is the --top flag of the commands that make shortlists.
func topFlag() cli.Flag {
	return &cli.IntFlag{Name: "top", Value: match.DefaultParameters().Top, Usage: "shortlist length `K`"}
}

// shortlist computes the shortlist of the one city c's command line names,
// with its engine flags, and returns it with the --format asked for and
// the engine.
func (m *Main) shortlist(c *cli.Context, formats formatFlag) (*model.Shortlist, render.Format, *match.Engine, error) {
	args, format, p, e, err := m.scoring(c, formats, 1, "one city id")
	if err != nil {
		return nil, "", nil, err
	}
	sl, err := e.Shortlist(args[0], p)
	if err != nil {
		return nil, "", nil, err
	}
	return sl, format, e, nil
}

// shortlistReport renders a shortlist: the candidates table, then one
// explanation per candidate (CSV: the candidates table alone, with the
// reasons in a column).
func shortlistReport(e *match.Engine, sl *model.Shortlist, format render.Format) render.Report {
	p := sl.Parameters.(match.Parameters)
	b, _ := e.City(sl.Beneficiary)
	quota := "met"
	if !sl.Quota.Met {
		quota = "NOT met"
	}
	r := render.Report{
		Title: fmt.Sprintf("Shortlist for %s (%s, %s)", sl.Name, b.Country, b.Development),
		Fields: []render.Field{
			{Name: "Needs", Value: strings.Join(sl.Needs, "; ")},
			{Name: "Quota", Value: fmt.Sprintf("%s (%.0f%%, %d required): %s", quota, 100*sl.Quota.Share, sl.Quota.Required, sl.Quota.Note)},
			{Name: "Qualified", Value: fmt.Sprintf("%d candidates passed the hard rules, %d of them developing or least-developed", sl.Qualified, sl.Developing)},
			{Name: "Parameters", Value: fmt.Sprintf("top %d, prefer %s, year %d", p.Top, p.Prefer, p.Year)},
			{Name: "Weights", Value: render.WeightsShort(p.Weights)},
		},
	}
	for _, g := range sl.Gaps {
		r.Fields = append(r.Fields, render.Field{Name: "Gap", Value: render.GapNote(g, format == render.FormatTable)})
	}
	t := render.Table{
		Title: "Candidates (part values; the score is Σ weight × value)",
		Columns: []render.Column{{Name: "#", Right: true}, {Name: "RESOURCE"}, {Name: "CC"}, {Name: "DEV"}, {Name: "SCORE", Right: true},
			{Name: "NEED", Right: true}, {Name: "RECIP", Right: true}, {Name: "CTX", Right: true}, {Name: "EVID", Right: true},
			{Name: "FEAS", Right: true}, {Name: "HIST", Right: true}, {Name: "TEXT", Right: true}, {Name: "NOTE"}},
		Empty: "no qualified candidates",
	}
	if format == render.FormatCSV {
		t.Columns = []render.Column{{Name: "rank", Right: true}, {Name: "resource"}, {Name: "name"}, {Name: "country"}, {Name: "development"}, {Name: "score", Right: true}}
		for _, n := range model.PartNames {
			t.Columns = append(t.Columns, render.Column{Name: n, Right: true})
		}
		t.Columns = append(t.Columns, render.Column{Name: "pinned"}, render.Column{Name: "promoted", Right: true}, render.Column{Name: "reasons"}, render.Column{Name: "against"})
	}
	for _, c := range sl.Candidates {
		parts := c.Parts.Parts()
		if format == render.FormatCSV {
			row := []string{strconv.Itoa(c.Rank), c.Resource, c.Name, c.Country, string(c.Development), render.F4(c.Score)}
			for _, pt := range parts {
				row = append(row, render.F4(pt.Value))
			}
			row = append(row, strconv.FormatBool(c.Pinned), strconv.Itoa(c.Promoted), strings.Join(c.Reasons, "; "), strings.Join(c.Against, "; "))
			t.Rows = append(t.Rows, row)
			continue
		}
		row := []string{strconv.Itoa(c.Rank), c.Name, c.Country, render.DevShort(c.Development), render.F4(c.Score)}
		for _, pt := range parts {
			row = append(row, render.F3(pt.Value))
		}
		row = append(row, render.CandidateNote(c))
		t.Rows = append(t.Rows, row)
	}
	r.Tables = append(r.Tables, t)
	if format == render.FormatCSV {
		return render.Report{Tables: r.Tables}
	}
	if len(sl.Nearest) > 0 {
		nt := render.Table{Title: "Nearest offers in words (none is a candidate)",
			Columns: []render.Column{{Name: "MEMBER"}, {Name: "NEED ← OFFER", Wrap: true}, {Name: "WHY NOT", Wrap: true}}}
		for _, n := range sl.Nearest {
			d := fmt.Sprintf("%q ← %s (similarity %s)", n.Match.Need, n.Match.Offer, render.F4(n.Match.Similarity))
			if w := match.WordsNote(n.Match); w != "" {
				d += "; " + w
			}
			nt.Rows = append(nt.Rows, []string{n.Name, d, n.Excluded})
		}
		r.Tables = append(r.Tables, nt)
	}
	for _, c := range sl.Candidates {
		r.Tables = append(r.Tables, candidateTable(c))
	}
	return r
}

// candidateTable explains one candidate: each part's value, weight and
// contribution, then the links and reasons.
func candidateTable(c model.Candidate) render.Table {
	t := render.Table{
		Title:   fmt.Sprintf("#%d %s (%s) — score %s", c.Rank, c.Name, c.Country, render.F4(c.Score)),
		Columns: []render.Column{{Name: "WHAT"}, {Name: "DETAIL", Wrap: true}},
	}
	for i, pt := range c.Parts.Parts() {
		t.Rows = append(t.Rows, []string{model.PartNames[i], fmt.Sprintf("%s × %s = %s", render.F4(pt.Value), render.F4(pt.Weight), render.F4(pt.Contribution))})
	}
	for _, cp := range c.Components {
		t.Rows = append(t.Rows, []string{"  · " + cp.Name, fmt.Sprintf("%s × %.2f  (%s)", render.F4(cp.Value), cp.Weight, cp.Source)})
	}
	for _, mt := range c.Matches {
		t.Rows = append(t.Rows, []string{"meets", fmt.Sprintf("%q ← %s (%s, +%s)", mt.Need, mt.Offer, mt.Via, render.F4(mt.Contribution))})
	}
	for _, mt := range c.Text {
		d := fmt.Sprintf("%q ← %s (lexical %s, semantic %s, similarity %s, +%s)", mt.Need, mt.Offer, render.F4(mt.Lexical), render.F4(mt.Semantic), render.F4(mt.Similarity), render.F4(mt.Contribution))
		if w := match.WordsNote(mt); w != "" {
			d += "; " + w
		}
		if mt.Note != "" {
			d += "; " + mt.Note
		}
		t.Rows = append(t.Rows, []string{"in words", d})
	}
	for _, mt := range c.FlowsBack {
		t.Rows = append(t.Rows, []string{"flows back", fmt.Sprintf("%s → %s (+%s)", mt.Offer, mt.Need, render.F4(mt.Contribution))})
	}
	for _, s := range c.Reasons {
		t.Rows = append(t.Rows, []string{"for", s})
	}
	for _, s := range c.Against {
		t.Rows = append(t.Rows, []string{"against", s})
	}
	return t
}
