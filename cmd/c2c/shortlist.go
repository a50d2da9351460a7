package main

import (
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// shortlistCommand ranks and explains the resource candidates for one city.
func (m *Main) shortlistCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
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
		Flags: append([]cli.Flag{cmdline.TopFlag(), formats.Flag()}, cmdline.EngineFlags()...),
		Action: func(c *cli.Context) error {
			sl, format, e, err := m.shortlist(c, formats)
			if err != nil {
				return err
			}
			return m.write(format, sl, render.ShortlistReport(e, sl, format))
		},
	}
}

// shortlist computes the shortlist of the one city c's command line names,
// with its engine flags, and returns it with the --format asked for and
// the engine.
func (m *Main) shortlist(c *cli.Context, formats cmdline.Formats) (*model.Shortlist, render.Format, *match.Engine, error) {
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
