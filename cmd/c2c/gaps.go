package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
)

// gapsCommand lists the needs that nobody in the network covers well.
func (m *Main) gapsCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
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
			if err := cmdline.NoArguments(c); err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			th := c.Float64("min-score")
			if !(th >= 0 && th <= 1) {
				return cmdline.Usagef(c, "--min-score %v: expected a cover score between 0 and 1, such as %v", th, match.GapThreshold)
			}
			e, err := m.Engine(c.Context, cmdline.ReferenceYear(c))
			if err != nil {
				return err
			}
			rep, err := e.Gaps(c.Context, match.GapOptions{Threshold: th, Topic: c.String("topic")})
			if err != nil {
				return fmt.Errorf("gaps: %w", err)
			}
			return m.write(format, rep, render.GapsReport(rep, format))
		},
	}
}
