package main

import (
	"io"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// letterCommand writes one printable page for a beneficiary: its
// shortlist with the reasons for and against each candidate.
func (m *Main) letterCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatHTML, render.FormatMarkdown}
	return &cli.Command{
		Name:      "letter",
		Usage:     "write one printable page for a beneficiary: its shortlist with the reasons for and against, fit to send to a mayor",
		UsageText: "c2c letter CITY [--format html|md] [--out FILE] [--top K] [shortlist flags]",
		Description: `Writes the shortlist of CITY as one page for the people who decide: the needs
the city recorded, the recommended partner cities in order, and for each the
main reasons for it (the needs it meets and the tested practice behind them)
and what to weigh against it (distance, no shared language, little to offer
back), with the developing-city quota. It takes the flags of c2c shortlist and
computes the same list. HTML (the default) is one self-contained page that
prints on A4 or Letter; --format md (or markdown) writes Markdown. Text from
the profiles is escaped in both. --out FILE writes the file atomically.

Examples:
   c2c letter palembang --out palembang.html
   c2c letter kathmandu --format md --year 2026 > kathmandu.md`,
		Flags: append([]cli.Flag{
			cmdline.TopFlag(),
			formats.Flag(),
			&cli.StringFlag{Name: "out", Usage: "write to `FILE` (atomically) instead of standard output", TakesFile: true},
		}, cmdline.EngineFlags()...),
		Action: func(c *cli.Context) error {
			sl, format, e, err := m.shortlist(c, formats)
			if err != nil {
				return err
			}
			v := render.NewLetter(e, sl, m.Ref.Countries, Version)
			write := func(w io.Writer) error { return render.WriteLetter(w, v, format) }
			out := c.String("out")
			if out == "" {
				return write(m.Stdout)
			}
			if err := store.WriteFileAtomic(out, write); err != nil {
				return &model.Error{Code: model.EINVALID, File: out, Key: "--out", Message: "cannot write the letter", Err: err}
			}
			m.said("wrote the letter for %s to %s", sl.Name, out)
			return nil
		},
	}
}
