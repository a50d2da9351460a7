package main

import (
	"fmt"
	"strings"

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
				if err := checkSector(tax, sector); err != nil {
					return err
				}
			}
			topics := []model.Topic{}
			table := render.Table{
				Columns: []render.Column{{Name: "ID", Keep: true}, {Name: "SECTOR"}, {Name: "LABEL"}, {Name: "PHRASES", Wrap: true}},
				Empty:   "no topics",
			}
			for _, t := range tax.Topics {
				if c.IsSet("sector") && t.Sector != sector {
					continue
				}
				topics = append(topics, t)
				table.Rows = append(table.Rows, []string{t.ID, t.Sector, t.Label, strings.Join(t.Phrases, "; ")})
			}
			return m.write(format, topics, render.Report{Tables: []render.Table{table}})
		},
	}
}

// checkSector returns a user error naming the closest sector ids when
// sector is not one of tax.
func checkSector(tax *model.Taxonomy, sector string) error {
	ids := make([]string, len(tax.Sectors))
	for i, s := range tax.Sectors {
		if s.ID == sector {
			return nil
		}
		ids[i] = s.ID
	}
	if s := model.ClosestIDs(sector, ids, 3); len(s) > 0 {
		return &model.Error{Code: model.EINVALID, Key: "--sector", Message: fmt.Sprintf("unknown sector %q: did you mean %s?", sector, strings.Join(s, ", "))}
	}
	return &model.Error{Code: model.EINVALID, Key: "--sector", Message: fmt.Sprintf("unknown sector %q: expected one of %s", sector, strings.Join(ids, ", "))}
}
