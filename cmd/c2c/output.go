package main

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
)

// formatFlag is the --format flag of one command: the formats it accepts,
// the first being the default.
type formatFlag []render.Format

// Flag returns the cli flag.
func (ff formatFlag) Flag() cli.Flag {
	names := make([]string, len(ff))
	for i, f := range ff {
		names[i] = string(f)
	}
	return &cli.StringFlag{
		Name:  "format",
		Usage: "output `FORMAT`: " + strings.Join(names, ", "),
		Value: string(ff[0]),
	}
}

// Get returns the format c's command line asks for, or a user error naming
// the accepted ones.
func (ff formatFlag) Get(c *cli.Context) (render.Format, error) {
	v := render.Format(strings.ToLower(c.String("format")))
	if v == "md" {
		v = render.FormatMarkdown
	}
	for _, f := range ff {
		if v == f {
			return v, nil
		}
	}
	names := make([]string, len(ff))
	for i, f := range ff {
		names[i] = string(f)
	}
	return "", usagef(c, "unknown --format %q: expected one of %s", c.String("format"), strings.Join(names, ", "))
}

// write prints a command's result in format f to m.Stdout: value as JSON,
// or report (see render.Write).
func (m *Main) write(f render.Format, value any, report render.Report) error {
	return render.Write(m.Stdout, f, m.Width, value, report)
}
