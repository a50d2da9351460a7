package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// importCommand adds or replaces profiles from documents, all inputs in one
// all-or-nothing transaction.
func (m *Main) importCommand() *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "add or replace members from c2c/v1 JSON files or folders of CSV files",
		ArgsUsage: "FILE|DIR...",
		UsageText: "c2c import [--replace] FILE|DIR...",
		Description: `Reads every input (a c2c/v1 .json document, or a folder of cities.csv,
challenges.csv, ... files) and imports them together: new members are added,
members with an existing id are replaced whole, and exchanges and rules are
added. With --replace the inputs become the whole content of the database.

The import is all or nothing: if any input has an error, nothing changes, and
every error is listed with its file, line and key.

Examples:
   c2c import members.json
   c2c import --replace members/ history.json`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "replace", Usage: "make the inputs the whole truth: remove members, exchanges and rules not in them"},
		},
		Action: func(c *cli.Context) error {
			paths, err := arguments(c)
			if err != nil {
				return err
			}
			if len(paths) == 0 {
				return usagef(c, "expected one or more files or folders to import")
			}
			inputs, err := readInputs(paths)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			res, err := db.Import(c.Context, m.Ref, store.ImportOptions{Replace: c.Bool("replace")}, inputs...)
			if err != nil {
				return err
			}
			m.warnUnplaced(inputs)
			verb := "imported"
			if c.Bool("replace") {
				verb = "replaced the database with"
			}
			_, err = fmt.Fprintf(m.Stdout, "%s %s: %s added, %s replaced, %s, %s\n", verb, plural(len(paths), "input"),
				plural(res.Added, "member"), plural(res.Replaced, "member"), plural(res.Exchanges, "exchange"), plural(res.Rules, "rule"))
			return err
		},
	}
}

// readInputs reads every path, collecting the errors of all of them so that
// the user sees every problem at once. An input that could be read despite
// key or value errors is kept: Import reports its reading errors together
// with the validation errors of the whole import. Only when some input
// could not be read at all are the errors returned here.
func readInputs(paths []string) ([]*store.Input, error) {
	var inputs []*store.Input
	var errs model.Errors
	fatal := false
	for _, p := range paths {
		in, err := store.ReadPath(p)
		if in != nil {
			inputs = append(inputs, in)
		} else {
			fatal = true
		}
		if err == nil {
			continue
		}
		var es model.Errors
		var e *model.Error
		switch {
		case errors.As(err, &es):
			errs = append(errs, es...)
		case errors.As(err, &e):
			errs = append(errs, e)
		default:
			return nil, fmt.Errorf("import %s: %w", p, err)
		}
	}
	if fatal {
		return nil, errs.Err()
	}
	return inputs, nil
}

// minNeedWords is the fewest content words a challenge should have for its
// text to be matched with confidence.
const minNeedWords = 3

// warnUnplaced tells, on stderr, which imported challenges no topic of the
// taxonomy was found for (they are matched on their words alone) and which
// have too few words to match well. The import has succeeded either way.
func (m *Main) warnUnplaced(inputs []*store.Input) {
	in := profile.Inferrer(m.Ref.Topics)
	for _, input := range inputs {
		for _, c := range input.Doc.Cities {
			for i, ch := range c.Challenges {
				if ch.Topic != "" {
					continue
				}
				key := fmt.Sprintf("challenges[%d]", i)
				switch words := len(text.Analyze(ch.Text)); {
				case words < minNeedWords:
					fmt.Fprintf(m.Stderr, "warning: %s: city %s: %s %q has only %s to match on: say more about the problem\n",
						input.File, c.ID, key, ch.Text, plural(words, "content word"))
				case len(in.Infer(ch.Text)) == 0:
					fmt.Fprintf(m.Stderr, "warning: %s: city %s: %s %q is on no topic of the taxonomy: it is matched on its words alone, and counts in no sector\n",
						input.File, c.ID, key, ch.Text)
				}
			}
		}
	}
}
