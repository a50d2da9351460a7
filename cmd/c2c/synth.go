package main

import (
	"io"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// maxSynthCities bounds c2c synth --cities, so that a typo cannot fill the
// disk.
const maxSynthCities = 1_000_000

// synthCommand writes a synthetic network for tests and benchmarks.
func (m *Main) synthCommand() *cli.Command {
	return &cli.Command{
		Name:      "synth",
		Usage:     "write a synthetic c2c/v1 network of N members, for tests and benchmarks",
		UsageText: "c2c synth [--cities N] [--seed S] [--exchanges N] [--rules N] [--out FILE]",
		Description: `Generates a plausible network of members with challenges, capacities,
practices, exchanges and rules over the real taxonomy and country table, and
writes it as a c2c/v1 JSON document. The same seed always gives the same
document. It does not touch the database; import the result to use it.

Examples:
   c2c synth --cities 500 --seed 7 --out network.json
   c2c --db bench.db --empty import network.json`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "cities", Value: 100, Usage: "number of members, 1 to 1000000"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "seed of the random generator"},
			&cli.IntFlag{Name: "exchanges", DefaultText: "a quarter of --cities", Usage: "number of past exchanges"},
			&cli.IntFlag{Name: "rules", DefaultText: "one per 200 members", Usage: "number of secretariat rules"},
			&cli.StringFlag{Name: "out", Usage: "write to `FILE` (atomically) instead of standard output", TakesFile: true},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmdline.Usagef(c, "unexpected argument %q", c.Args().First())
			}
			n := c.Int("cities")
			if n < 1 || n > maxSynthCities {
				return &model.Error{Code: model.EINVALID, Key: "--cities", Message: "expected a number of members from 1 to 1000000"}
			}
			opts := synth.Options{Cities: n, Seed: c.Uint64("seed"), Exchanges: c.Int("exchanges"), Rules: c.Int("rules")}
			if opts.Exchanges < 0 || opts.Rules < 0 {
				return &model.Error{Code: model.EINVALID, Message: "--exchanges and --rules: expected a number >= 0"}
			}
			doc := synth.Generate(opts, m.Ref)
			return m.writeDocument(c.String("out"), doc)
		},
	}
}

// writeDocument writes doc as c2c/v1 JSON to the file out, atomically, or
// to standard output when out is "".
func (m *Main) writeDocument(out string, doc *model.Document) error {
	if out == "" {
		return store.WriteJSON(m.Stdout, doc)
	}
	err := store.WriteFileAtomic(out, func(w io.Writer) error { return store.WriteJSON(w, doc) })
	if err != nil {
		return err
	}
	m.saidWrote(doc, out)
	return nil
}

// saidWrote tells the user what of doc was written to out.
func (m *Main) saidWrote(doc *model.Document, out string) {
	m.said("wrote %s, %s and %s to %s", render.Plural(len(doc.Cities), "member"), render.Plural(len(doc.Exchanges), "exchange"), render.Plural(len(doc.Rules), "rule"), out)
}
