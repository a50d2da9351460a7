package main

import (
	"encoding/json"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
)

// scoresCommand prints the audit table of every pair.
func (m *Main) scoresCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatCSV, render.FormatJSON}
	return &cli.Command{
		Name:      "scores",
		Usage:     "print every beneficiary–resource pair with its score parts, for audit",
		UsageText: "c2c scores [--format csv|json] [--topic T] [--weights W] [--prefer new|continue] [--allow-same-country]",
		Description: `Prints one row per pair of a beneficiary (a member with challenges) and another
member: beneficiary, resource, score, one column per part, whether the hard
rules allow the pair, and the reason where they do not. The numbers are the
ones shortlists and explanations print. Rows stream in id order; JSON is one
object per line. Ctrl-C stops it between two beneficiaries, after the last
whole row, with exit status 130.

Examples:
   c2c scores > scores.csv
   c2c scores --format json | grep '"allowed":true'`,
		Flags: append([]cli.Flag{formats.Flag()}, cmdline.EngineFlags()...),
		Action: func(c *cli.Context) error {
			_, format, p, e, err := m.scoring(c, formats, 0, "")
			if err != nil {
				return err
			}
			if format == render.FormatJSON {
				enc := json.NewEncoder(m.Stdout)
				enc.SetEscapeHTML(false)
				return e.Scores(c.Context, p, func(ps match.PairScore) error { return enc.Encode(ps) })
			}
			w, err := render.NewScoresWriter(m.Stdout)
			if err != nil {
				return fmt.Errorf("scores: %w", err)
			}
			err = e.Scores(c.Context, p, w.Write)
			// Whole rows only: what is buffered is written out even when the
			// run stops, so the output ends at the end of a row.
			ferr := w.Flush()
			if err != nil {
				return fmt.Errorf("scores: %w", err)
			}
			return ferr
		},
	}
}
