package main

import (
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
)

// explainCommand accounts for one beneficiary–resource pair.
func (m *Main) explainCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
	return &cli.Command{
		Name:      "explain",
		Usage:     "explain the score of one beneficiary–resource pair, even an excluded one",
		UsageText: "c2c explain BENEFICIARY RESOURCE [--topic T] [--weights W] [--prefer new|continue] [--allow-same-country] [--format FORMAT]",
		Description: `Prints the score of RESOURCE for BENEFICIARY split into its named parts (value
× weight = contribution), the needs it meets and the entries that meet them,
what flows back, what counts against it, its rank among the qualified
candidates, and, for a pair the hard rules exclude, the reason.

Examples:
   c2c explain palembang seoul
   c2c explain hanoi yokohama --format json
   c2c explain jakarta palembang`,
		Flags: append([]cli.Flag{formats.Flag()}, cmdline.EngineFlags()...),
		Action: func(c *cli.Context) error {
			args, format, p, e, err := m.scoring(c, formats, 2, "BENEFICIARY and RESOURCE ids")
			if err != nil {
				return err
			}
			if args[0] == args[1] {
				return cmdline.Usagef(c, "%s twice: expected a beneficiary and a different resource city", args[0])
			}
			ex, err := e.Explain(args[0], args[1], p)
			if err != nil {
				return err
			}
			return m.write(format, ex, render.ExplanationReport(e, ex))
		},
	}
}
