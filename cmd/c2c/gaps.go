package main

import (
	"fmt"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// gapsCommand lists the needs that nobody in the network covers well.
func (m *Main) gapsCommand() *cli.Command {
	formats := formatFlag{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
	return &cli.Command{
		Name:      "gaps",
		Usage:     "list the needs nobody in the network covers well, by topic, most beneficiaries first",
		UsageText: "c2c gaps [--min-score X] [--topic T] [--format table|json|csv|markdown]",
		Description: `Finds the network's gaps: the challenges of its members, whether placed on a
topic or known only by their words, that no other member covers well. A need's
cover by a member is the larger of its offer strength on the need's topic
(level/5 for a capacity, 0.8 or 1 for a practice, half for another topic of the
sector, times how surely the need is on the topic) and the text similarity of
its best offer to the need (the text part's measure). Every other member
counts, whatever the shortlist rules say. A need whose best cover is below
--min-score (default 0.3) is a gap.

The gaps are grouped by the topic each need is placed on (needs placed on no
topic form one group) and ranked by the number of beneficiaries that share the
gap. Each need is listed with the member that comes closest and its cover.
--format json carries the same numbers as the table; csv has one row per need.

Examples:
   c2c gaps
   c2c gaps --min-score 0.5 --format markdown > gaps.md
   c2c gaps --topic urban-flooding --format json`,
		Flags: []cli.Flag{
			&cli.Float64Flag{Name: "min-score", Value: match.GapThreshold, Usage: "a need whose best cover is below `X` (0..1) is a gap"},
			&cli.StringFlag{Name: "topic", Usage: "consider only the needs on `TOPIC` (c2c topics lists them)"},
			formats.Flag(),
		},
		Action: func(c *cli.Context) error {
			if err := noArguments(c); err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			th := c.Float64("min-score")
			if !(th >= 0 && th <= 1) {
				return usagef(c, "--min-score %v: expected a cover score between 0 and 1, such as %v", th, match.GapThreshold)
			}
			e, err := m.Engine(c.Context, c)
			if err != nil {
				return err
			}
			rep, err := e.Gaps(c.Context, match.GapOptions{Threshold: th, Topic: c.String("topic")})
			if err != nil {
				return fmt.Errorf("gaps: %w", err)
			}
			return m.write(format, rep, gapsReport(rep, format))
		},
	}
}

// gapsReport renders a gap analysis: the topics, then every gap need (CSV:
// one row per need).
func gapsReport(rep *model.GapReport, format render.Format) render.Report {
	if format == render.FormatCSV {
		t := render.Table{Columns: []render.Column{{Name: "rank"}, {Name: "topic"}, {Name: "topic_label"}, {Name: "sector"}, {Name: "beneficiaries"},
			{Name: "beneficiary"}, {Name: "beneficiary_name"}, {Name: "challenge"}, {Name: "need"}, {Name: "placed"},
			{Name: "best"}, {Name: "best_name"}, {Name: "best_score"}, {Name: "best_by"}, {Name: "best_offer"}}}
		for i, g := range rep.Gaps {
			for _, n := range g.Needs {
				row := []string{strconv.Itoa(i + 1), g.Topic, g.Label, g.Sector, strconv.Itoa(g.Beneficiaries),
					n.Beneficiary, n.Name, strconv.Itoa(n.Challenge), n.Need, n.Placed}
				if b := n.Best; b != nil {
					row = append(row, b.Resource, b.Name, render.F4(b.Score), b.By, b.Offer)
				} else {
					row = append(row, "", "", "", "", "")
				}
				t.Rows = append(t.Rows, row)
			}
		}
		return render.Report{Tables: []render.Table{t}}
	}
	th := strconv.FormatFloat(rep.Threshold, 'f', -1, 64)
	r := render.Report{
		Title: "Gaps: needs nobody in the network covers well",
		Fields: []render.Field{
			{Name: "Threshold", Value: "a need whose best cover is below " + th + " is a gap"},
			{Name: "Examined", Value: fmt.Sprintf("%s of %d beneficiaries", render.Plural(rep.Needs, "need"), rep.Beneficiaries)},
			{Name: "Gaps", Value: fmt.Sprintf("%s on %s", render.Plural(rep.GapNeeds, "need"), render.Plural(len(rep.Gaps), "topic"))},
		},
	}
	if rep.Topic != "" {
		r.Fields = append(r.Fields, render.Field{Name: "Topic", Value: rep.Topic})
	}
	topics := render.Table{
		Title: "Gaps by topic, most beneficiaries first",
		Columns: []render.Column{{Name: "GAP", Right: true}, {Name: "TOPIC"}, {Name: "SECTOR"}, {Name: "BENEFICIARIES", Right: true},
			{Name: "NEEDS", Right: true}, {Name: "CLOSEST", Wrap: true}, {Name: "COVER", Right: true}},
		Empty: "no gaps: every need examined has a cover of at least " + th,
	}
	needs := render.Table{
		Title: "Gap needs, with the member that comes closest",
		Columns: []render.Column{{Name: "GAP", Right: true}, {Name: "BENEFICIARY"}, {Name: "NEED", Wrap: true}, {Name: "CLOSEST", Wrap: true},
			{Name: "COVER", Right: true}, {Name: "BY"}},
	}
	for i, g := range rep.Gaps {
		rank := strconv.Itoa(i + 1)
		name, score, _ := render.CoverCells(g.Closest, format == render.FormatTable)
		topics.Rows = append(topics.Rows, []string{rank, g.Label, g.SectorLabel, strconv.Itoa(g.Beneficiaries), strconv.Itoa(len(g.Needs)), name, score})
		for _, n := range g.Needs {
			name, score, by := render.CoverCells(n.Best, format == render.FormatTable)
			needs.Rows = append(needs.Rows, []string{rank, n.Name, render.NeedText(n), name, score, by})
		}
	}
	r.Tables = append(r.Tables, topics)
	if len(needs.Rows) > 0 {
		r.Tables = append(r.Tables, needs)
	}
	return r
}
