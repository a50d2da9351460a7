package main

import (
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
)

// topicsCommand lists the taxonomy of topics profiles refer to.
func (m *Main) topicsCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
	return &cli.Command{
		Name:      "topics",
		Usage:     "list the topics of the taxonomy, optionally of one sector",
		UsageText: "c2c topics [--sector SECTOR] [--format FORMAT]",
		Description: `Lists the topics that challenges, capacities, practices and exchanges refer
to, with their sector and the phrases that signal them in free text. Topic ids
in documents must be ids listed here.

Examples:
   c2c topics
   c2c topics --sector transport
   c2c topics --format json`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "sector", Usage: "only the topics of `SECTOR`, such as transport or waste"},
			formats.Flag(),
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmdline.Usagef(c, "unexpected argument %q", c.Args().First())
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			tax := m.Ref.Topics
			sector := c.String("sector")
			if c.IsSet("sector") {
				if err := tax.CheckSector(sector); err != nil {
					return err
				}
			}
			topics := []model.Topic{}
			for _, t := range tax.Topics {
				if !c.IsSet("sector") || t.Sector == sector {
					topics = append(topics, t)
				}
			}
			return m.write(format, topics, render.Report{Tables: []render.Table{render.TopicsTable(topics)}})
		},
	}
}
