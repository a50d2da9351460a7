package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// engineFlags are the flags every scoring command shares.
func engineFlags() []cli.Flag {
	d := match.DefaultParameters()
	return []cli.Flag{
		&cli.StringFlag{Name: "topic", Usage: "consider only the needs on `TOPIC` (c2c topics lists them)"},
		&cli.Float64Flag{Name: "quota", Value: d.Quota, Usage: "minimum `SHARE` of developing or least-developed candidates in every top-k"},
		&cli.StringFlag{Name: "weights", Usage: "part `WEIGHTS` such as need=0.5,reciprocity=0.1 (parts: " + strings.Join(model.PartNames, ", ") + "; relative, normalised to sum 1)"},
		&cli.StringFlag{Name: "weights-file", Usage: "read part weights from `FILE` (one part=weight per line, # comments); --weights applies on top", TakesFile: true},
		&cli.StringFlag{Name: "prefer", Value: string(d.Prefer), Usage: "`continue` live partnerships or prefer `new` partners"},
		&cli.BoolFlag{Name: "allow-same-country", Usage: "allow pairs of cities in the same country"},
		&cli.IntFlag{Name: "year", DefaultText: "this year", Usage: "reference `YEAR` for how long practices have run, 1900 to 2100; fix it to reproduce a run"},
	}
}

// parameters reads the engine flags of c, the reference year included
// (--year, else this year): the engine is built for p.Year.
func parameters(c *cli.Context) (model.Parameters, error) {
	p := match.DefaultParameters()
	if c.IsSet("top") {
		p.Top = c.Int("top")
	}
	if y := c.Int("year"); c.IsSet("year") && (y < minYear || y > maxYear) {
		return p, cmdline.Usagef(c, "--year %d: expected a year between %d and %d", y, minYear, maxYear)
	}
	p.Year = referenceYear(c)
	p.Topic = c.String("topic")
	p.Quota = c.Float64("quota")
	p.Prefer = model.Prefer(c.String("prefer"))
	p.AllowSameCountry = c.Bool("allow-same-country")
	if f := c.String("weights-file"); f != "" {
		raw, err := os.ReadFile(f)
		if err != nil {
			return p, &model.Error{Code: model.EINVALID, File: f, Message: "cannot read the weights file", Err: err}
		}
		if p.Weights, err = model.ParseWeights(string(raw), p.Weights, f); err != nil {
			return p, err
		}
	}
	if w := c.String("weights"); w != "" {
		var err error
		if p.Weights, err = model.ParseWeights(w, p.Weights, "--weights"); err != nil {
			return p, err
		}
	}
	return p.Normalized()
}

// Engine loads every profile from the store and vectorises it for the
// reference year (see referenceYear).
func (m *Main) Engine(ctx context.Context, year int) (*match.Engine, error) {
	db, err := m.Store(ctx)
	if err != nil {
		return nil, err
	}
	doc, err := db.Document(ctx)
	if err != nil {
		return nil, fmt.Errorf("load profiles: %w", err)
	}
	return match.NewEngine(doc, m.Ref, profile.Inferrer(m.Ref.Topics), year)
}

// The range of --year, the reference year of the engine.
const (
	minYear = 1900
	maxYear = 2100
)

// referenceYear is --year, else this year.
func referenceYear(c *cli.Context) int {
	if c.IsSet("year") {
		return c.Int("year")
	}
	return time.Now().Year()
}

// scoring reads what every scoring command needs from c: exactly nargs
// positional arguments (described by what, for the usage error), the
// output format among formats, the engine parameters, and the engine over
// the store.
func (m *Main) scoring(c *cli.Context, formats cmdline.Formats, nargs int, what string) ([]string, render.Format, model.Parameters, *match.Engine, error) {
	var p model.Parameters
	args, err := cmdline.ExactArguments(c, nargs, what)
	if err != nil {
		return nil, "", p, nil, err
	}
	format, err := formats.Get(c)
	if err != nil {
		return nil, "", p, nil, err
	}
	if p, err = parameters(c); err != nil {
		return nil, "", p, nil, err
	}
	e, err := m.Engine(c.Context, p.Year)
	return args, format, p, e, err
}
