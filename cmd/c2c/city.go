package main

import (
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
)

// cityCommand shows one member's whole profile.
func (m *Main) cityCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
	return &cli.Command{
		Name:      "city",
		Usage:     "show a member's profile: needs, offers, practices, exchange history and rules",
		ArgsUsage: "ID",
		UsageText: "c2c city [--format FORMAT] ID",
		Description: `Shows everything known about one member: what it needs (with severity 1-5),
what it offers (with level 1-5), its tested practices, the exchanges it took
part in and the secretariat's rules on it. c2c cities lists the ids.

Examples:
   c2c city palembang
   c2c city yokohama --format markdown > yokohama.md`,
		Flags: []cli.Flag{formats.Flag()},
		Action: func(c *cli.Context) error {
			args, err := cmdline.ExactArguments(c, 1, "one city id")
			if err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			doc, err := db.CityDocument(c.Context, args[0]) // the city alone, not the whole network
			if err != nil {
				return err
			}
			p, err := profile.Of(doc, m.Ref, args[0])
			if err != nil {
				return err
			}
			return m.write(format, p, render.ProfileReport(m.Ref, p))
		},
	}
}
