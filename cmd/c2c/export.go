package main

import (
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// exportCommand writes the whole database as a c2c/v1 document.
func (m *Main) exportCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatJSON, render.FormatCSV}
	return &cli.Command{
		Name:      "export",
		Usage:     "write every member, exchange and rule as a c2c/v1 document",
		UsageText: "c2c export [--format json|csv] [--out PATH]",
		Description: `Writes the whole database in the interchange format: one JSON document
(to standard output unless --out FILE), or with --format csv one file per
table (cities.csv, challenges.csv, ...) into the folder --out DIR. Files are
written atomically. c2c import reads both back.

Examples:
   c2c export > network.json
   c2c export --format csv --out network/`,
		Flags: []cli.Flag{
			formats.Flag(),
			&cli.StringFlag{Name: "out", Usage: "write to `PATH`: a file for json, a folder for csv", TakesFile: true},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmdline.Usagef(c, "unexpected argument %q: use --out PATH to name the output", c.Args().First())
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			out := c.String("out")
			if format == render.FormatCSV && out == "" {
				return &model.Error{Code: model.EINVALID, Key: "--out", Message: "--format csv writes one file per table: give the folder with --out DIR"}
			}
			doc, err := m.Document(c.Context, "read the database")
			if err != nil {
				return err
			}
			if format == render.FormatJSON {
				return m.writeDocument(out, doc)
			}
			if err := store.WriteCSVDir(out, doc); err != nil {
				return err
			}
			m.saidWrote(doc, out)
			return nil
		},
	}
}
