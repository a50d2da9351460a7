package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
)

// citiesCommand lists the members, filtered by country, development, kind
// and topic.
func (m *Main) citiesCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
	return &cli.Command{
		Name:      "cities",
		Usage:     "list the members, filtered by country, development, kind or topic",
		UsageText: "c2c cities [--country CC] [--development D] [--kind K] [--topic T] [--needs T] [--offers T] [--format FORMAT]",
		Description: `Lists the members of the network in id order, one line each: what they need
and what they offer, by the topics their profiles give. Filters combine; a
topic filter matches the topics a profile states (c2c topics lists them).
--format json prints the whole profiles, each with "inferred": for every
entry without a topic, the topics read in its words with their strength
(0..1) and the words that placed them.

Examples:
   c2c cities --country ID
   c2c cities --development developing --offers waste-reduction-3r
   c2c cities --needs brt --format csv > brt.csv`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "country", Usage: "ISO 3166-1 alpha-2 `CODE`, such as ID or KR"},
			&cli.StringFlag{Name: "development", Usage: "`LEVEL`: developed, developing or least-developed"},
			&cli.StringFlag{Name: "kind", Usage: "`KIND` of member: city, association, ngo, academia, agency or other"},
			&cli.StringFlag{Name: "topic", Usage: "members that need or offer `TOPIC`"},
			&cli.StringFlag{Name: "needs", Usage: "members with a challenge on `TOPIC`"},
			&cli.StringFlag{Name: "offers", Usage: "members with a capacity or practice on `TOPIC`"},
			formats.Flag(),
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmdline.Usagef(c, "unexpected argument %q: filters are flags; c2c city ID shows one member", c.Args().First())
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			filter, err := profile.Filter(m.Ref, cmdline.Given(c))
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			// The members alone, not the network: the store selects what the
			// profiles answer, Members the topics, inferred ones included.
			stored, err := db.Cities(c.Context, profile.Stored(filter))
			if err != nil {
				return fmt.Errorf("read the database: %w", err)
			}
			cities, shown := profile.Members(stored, m.Ref, filter)
			return m.write(format, profile.List(m.Ref, cities), render.Report{Tables: []render.Table{render.CitiesTable(shown, format)}})
		},
	}
}
