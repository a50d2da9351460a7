package main

import (
	"context"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// Engine loads every profile from the store and vectorises it for the
// reference year (see cmdline.ReferenceYear).
func (m *Main) Engine(ctx context.Context, year int) (*match.Engine, error) {
	doc, err := m.Document(ctx, "load profiles")
	if err != nil {
		return nil, err
	}
	return match.NewEngine(doc, m.Ref, profile.Inferrer(m.Ref.Topics), year)
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
	if p, err = cmdline.Parameters(c); err != nil {
		return nil, "", p, nil, err
	}
	e, err := m.Engine(c.Context, p.Year)
	return args, format, p, e, err
}
