package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// shortlistCommand ranks and explains the resource candidates for one city.
func (m *Main) shortlistCommand() *cli.Command {
	formats := formatFlag{FormatTable, FormatJSON, FormatCSV, FormatMarkdown}
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
func (m *Main) shortlist(c *cli.Context, formats formatFlag) (*model.Shortlist, Format, *match.Engine, error) {
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
func shortlistReport(e *match.Engine, sl *model.Shortlist, format Format) Report {
	p := sl.Parameters.(match.Parameters)
	b, _ := e.City(sl.Beneficiary)
	quota := "met"
	if !sl.Quota.Met {
		quota = "NOT met"
	}
	r := Report{
		Title: fmt.Sprintf("Shortlist for %s (%s, %s)", sl.Name, b.Country, b.Development),
		Fields: []Field{
			{"Needs", strings.Join(sl.Needs, "; ")},
			{"Quota", fmt.Sprintf("%s (%.0f%%, %d required): %s", quota, 100*sl.Quota.Share, sl.Quota.Required, sl.Quota.Note)},
			{"Qualified", fmt.Sprintf("%d candidates passed the hard rules, %d of them developing or least-developed", sl.Qualified, sl.Developing)},
			{"Parameters", fmt.Sprintf("top %d, prefer %s, year %d", p.Top, p.Prefer, p.Year)},
			{"Weights", weightsShort(p.Weights)},
		},
	}
	for _, g := range sl.Gaps {
		r.Fields = append(r.Fields, Field{"Gap", gapNote(g, format == FormatTable)})
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
			row := []string{strconv.Itoa(c.Rank), c.Resource, c.Name, c.Country, string(c.Development), f4(c.Score)}
			for _, pt := range parts {
				row = append(row, f4(pt.Value))
			}
			row = append(row, strconv.FormatBool(c.Pinned), strconv.Itoa(c.Promoted), strings.Join(c.Reasons, "; "), strings.Join(c.Against, "; "))
			t.Rows = append(t.Rows, row)
			continue
		}
		row := []string{strconv.Itoa(c.Rank), c.Name, c.Country, devShort(c.Development), f4(c.Score)}
		for _, pt := range parts {
			row = append(row, f3(pt.Value))
		}
		row = append(row, candidateNote(c))
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
			d := fmt.Sprintf("%q ← %s (similarity %s)", n.Match.Need, n.Match.Offer, f4(n.Match.Similarity))
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

// candidateNote marks pins and quota promotions.
func candidateNote(c model.Candidate) string {
	var n []string
	if c.Pinned {
		n = append(n, "pinned")
	}
	if c.Promoted > 0 {
		n = append(n, fmt.Sprintf("quota: from #%d", c.Promoted))
	}
	return strings.Join(n, ", ")
}

// candidateTable explains one candidate: each part's value, weight and
// contribution, then the links and reasons.
func candidateTable(c model.Candidate) Table {
	t := Table{
		Title:   fmt.Sprintf("#%d %s (%s) — score %s", c.Rank, c.Name, c.Country, f4(c.Score)),
		Columns: []Column{{Name: "WHAT"}, {Name: "DETAIL", Wrap: true}},
	}
	for i, pt := range c.Parts.Parts() {
		t.Rows = append(t.Rows, []string{model.PartNames[i], fmt.Sprintf("%s × %s = %s", f4(pt.Value), f4(pt.Weight), f4(pt.Contribution))})
	}
	for _, cp := range c.Components {
		t.Rows = append(t.Rows, []string{"  · " + cp.Name, fmt.Sprintf("%s × %.2f  (%s)", f4(cp.Value), cp.Weight, cp.Source)})
	}
	for _, mt := range c.Matches {
		t.Rows = append(t.Rows, []string{"meets", fmt.Sprintf("%q ← %s (%s, +%s)", mt.Need, mt.Offer, mt.Via, f4(mt.Contribution))})
	}
	for _, mt := range c.Text {
		d := fmt.Sprintf("%q ← %s (lexical %s, semantic %s, similarity %s, +%s)", mt.Need, mt.Offer, f4(mt.Lexical), f4(mt.Semantic), f4(mt.Similarity), f4(mt.Contribution))
		if w := match.WordsNote(mt); w != "" {
			d += "; " + w
		}
		if mt.Note != "" {
			d += "; " + mt.Note
		}
		t.Rows = append(t.Rows, []string{"in words", d})
	}
	for _, mt := range c.FlowsBack {
		t.Rows = append(t.Rows, []string{"flows back", fmt.Sprintf("%s → %s (+%s)", mt.Offer, mt.Need, f4(mt.Contribution))})
	}
	for _, s := range c.Reasons {
		t.Rows = append(t.Rows, []string{"for", s})
	}
	for _, s := range c.Against {
		t.Rows = append(t.Rows, []string{"against", s})
	}
	return t
}

// weightsShort formats weights compactly, each rounded to 4 decimals:
// "need=0.15 reciprocity=0.1 ...".
func weightsShort(w match.Weights) string {
	parts := make([]string, 0, len(model.PartNames))
	for _, name := range model.PartNames {
		parts = append(parts, name+"="+strconv.FormatFloat(round4(w.Get(name)), 'f', -1, 64))
	}
	return strings.Join(parts, " ")
}

// round4 rounds v to four decimals, as scores are shown.
func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
