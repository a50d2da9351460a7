package cmdline

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
)

// Formats is the --format flag of one command: the formats it accepts,
// the first being the default.
type Formats []render.Format

// Flag returns the cli flag.
func (ff Formats) Flag() cli.Flag {
	return &cli.StringFlag{
		Name:  "format",
		Usage: "output `FORMAT`: " + ff.names(),
		Value: string(ff[0]),
	}
}

// Get returns the format c's command line asks for, or a user error naming
// the accepted ones. "md" is Markdown.
func (ff Formats) Get(c *cli.Context) (render.Format, error) {
	v := render.Format(strings.ToLower(c.String("format")))
	if v == "md" {
		v = render.FormatMarkdown
	}
	for _, f := range ff {
		if v == f {
			return v, nil
		}
	}
	return "", Usagef(c, "unknown --format %q: expected one of %s", c.String("format"), ff.names())
}

// names lists the formats of ff for help texts and errors.
func (ff Formats) names() string {
	names := make([]string, len(ff))
	for i, f := range ff {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}
