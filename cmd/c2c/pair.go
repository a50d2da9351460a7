package main

import (
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
)

// pairCommand seats beneficiaries with resources under hosting capacities.
func (m *Main) pairCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
	d := match.DefaultPairingParameters()
	return &cli.Command{
		Name:      "pair",
		Usage:     "seat every beneficiary with resource cities, optimally, without over-booking any resource",
		UsageText: "c2c pair [--participants FILE|a,b,c] [--partners P] [--hosting N] [--min-score S] [--min-developing N] [--objective served|score] [--clusters] [--format FORMAT]",
		Description: `Assigns each beneficiary (a participant with challenges) up to --partners
resource cities so that no resource hosts more beneficiaries than its hosting
capacity, and the whole room gets the best total. By default the plan first
serves as many beneficiaries as possible, then maximises the sum of the pair
scores (the same scores c2c shortlist prints); --objective score maximises the
sum alone. The optimum is exact (min-cost flow), not greedy. Same-country and
blocked pairs are never used, pinned pairs always are; --min-developing N gives
each served beneficiary N developing-city partners wherever that is feasible.
Every beneficiary that got fewer partners than it wanted (partly served) and
every unserved one is listed with the reason and what would change it (its
candidates full, too few candidates at the event, the minimum score, blocks,
a pinned partner who is not among the participants); a load table shows
hosted / capacity for every resource. --clusters seats the beneficiaries of
each resource at tables by sector, each at the table of the strongest need its
pair meets, named in words (the brochure's Seoul-Jakarta-Mumbai-Palembang
transport cluster is the model). --format csv gives the pairs, each with its
beneficiary's partners, the partners wanted and why no more.

Examples:
   c2c pair --clusters
   c2c pair --participants seoul,yokohama,palembang,jakarta,mumbai,hanoi
   c2c pair --participants workshop.txt --partners 2 --min-developing 1 --format markdown`,
		Flags: append(append([]cli.Flag{
			&cli.StringFlag{Name: "participants", Usage: "the cities at the workshop: a `FILE` (one id per line, or a CSV with a city column) or ids separated by commas; default every member"},
			formats.Flag(),
		}, cmdline.PairingFlags(d.Candidates, false)...), cmdline.EngineFlags()...),
		Action: func(c *cli.Context) error {
			args, err := cmdline.Arguments(c)
			if err != nil {
				return err
			}
			if len(args) > 0 {
				return cmdline.Usagef(c, "unexpected argument %q: participants go in --participants", args[0])
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			o, err := cmdline.PairingParameters(c)
			if err != nil {
				return err
			}
			e, err := m.Engine(c.Context, o.Year)
			if err != nil {
				return err
			}
			pl, err := e.Pair(c.Context, o)
			if err != nil {
				return err
			}
			return m.write(format, pl, render.PairingReport(e, pl, o.Partners, format))
		},
	}
}
