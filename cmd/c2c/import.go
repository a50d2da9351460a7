package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
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
		UsageText: "c2c import [--replace] [--dry-run] [--yes] FILE|DIR...",
		Description: `Reads every input (a c2c/v1 .json document, or a folder of cities.csv,
challenges.csv, ... files) and imports them together: new members are added,
members with an existing id are replaced whole, and exchanges and rules are
added. With --replace the inputs become the whole content of the database:
members, exchanges and rules they leave out are removed.

The import is all or nothing: if any input has an error, nothing changes, and
every error is listed with its file, line and key.

--dry-run checks everything and changes nothing: it lists, per member, what
would be added, replaced and removed, and the lists a replaced member would
lose entries of ("hanoi: challenges 4 → 0"). An import that would remove
members asks first when standard input is a terminal, and is refused when it
is not, unless --yes is given.

Examples:
   c2c import members.json
   c2c import --dry-run --replace members/ history.json
   c2c import --replace --yes members/ history.json`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "replace", Usage: "make the inputs the whole truth: remove members, exchanges and rules not in them"},
			&cli.BoolFlag{Name: "dry-run", Usage: "check the inputs and list what the import would change, per member, changing nothing"},
			&cli.BoolFlag{Name: "yes", Usage: "remove the members the inputs leave out without asking"},
		},
		Action: func(c *cli.Context) error {
			paths, err := cmdline.Arguments(c)
			if err != nil {
				return err
			}
			if len(paths) == 0 {
				return cmdline.Usagef(c, "expected one or more files or folders to import")
			}
			inputs, err := readInputs(paths)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			opts := store.ImportOptions{Replace: c.Bool("replace"), DryRun: c.Bool("dry-run")}
			if !opts.DryRun && !c.Bool("yes") {
				opts.Confirm = func(plan store.ImportResult) error {
					if plan.Removed > 0 {
						return &removalPending{plan}
					}
					return nil
				}
			}
			detail := ""
			if opts.Replace {
				detail = "replace"
			}
			ctx := store.Audited(c.Context, model.AuditEntry{User: account.CommandLineActor(), Action: store.ActionImport, Target: strings.Join(paths, ", "), Detail: detail})
			res, err := db.Import(ctx, m.Ref, opts, inputs...)
			var pending *removalPending
			if errors.As(err, &pending) {
				if err := m.confirmRemoval(pending.plan); err != nil {
					return err
				}
				confirmed := pending.plan.RemovedCities()
				opts.Confirm = func(plan store.ImportResult) error {
					if !slices.Equal(plan.RemovedCities(), confirmed) {
						return &model.Error{Code: model.ECONFLICT,
							Message: "the database changed while you answered: nothing was changed; expected the same members to remove (run the import again)"}
					}
					return nil
				}
				res, err = db.Import(ctx, m.Ref, opts, inputs...)
			}
			if err != nil {
				return err
			}
			m.warnUnplaced(inputs)
			return m.importReport(len(paths), opts, res)
		},
	}
}

// removalPending stops an import that would remove members until the user
// has confirmed it.
type removalPending struct{ plan store.ImportResult }

func (*removalPending) Error() string {
	return "the import would remove members: expected a confirmation"
}

// confirmRemoval asks on the terminal whether the members plan removes may
// go, and returns an error unless the answer is yes. Off a terminal it
// refuses: a script must say --yes.
func (m *Main) confirmRemoval(plan store.ImportResult) error {
	removed := plan.RemovedCities()
	what := fmt.Sprintf("%s (%s)", render.Plural(len(removed), "member"), listSome(removed, 10))
	if plan.RemovedExchanges+plan.RemovedRules > 0 {
		what += fmt.Sprintf(", %s and %s", render.Plural(plan.RemovedExchanges, "exchange"), render.Plural(plan.RemovedRules, "rule"))
	}
	if m.IsTerminal == nil || !m.IsTerminal() {
		return &model.Error{Code: model.EINVALID, Message: fmt.Sprintf(
			"import --replace would remove %s: expected --yes to confirm, since standard input is not a terminal to ask at (--dry-run lists every change); nothing was changed", what)}
	}
	fmt.Fprintf(m.Stderr, "The import would remove %s.\nRemove them? [y/N] ", what)
	answer, _ := bufio.NewReader(m.Stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	return &model.Error{Code: model.EINVALID, Message: "import cancelled: nothing was changed"}
}

// listSome joins the first n of ids, saying how many more there are.
func listSome(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:n], ", "), len(ids)-n)
}

// importReport prints the summary of an import of n inputs: the counts and,
// with --dry-run, every member's change; after a real import, the members
// whose lists got shorter are named on stderr, and either way the resources
// left with more pins than they can host.
func (m *Main) importReport(n int, opts store.ImportOptions, res store.ImportResult) error {
	for _, w := range res.PinWarnings {
		fmt.Fprintf(m.Stderr, "warning: %s\n", w)
	}
	if opts.DryRun {
		_, err := io.WriteString(m.Stdout, render.ImportPlan(n, opts, res))
		return err
	}
	noted := 0
	for _, mc := range res.Members {
		loss := render.MemberLoss(mc)
		if loss == "" {
			continue
		}
		if noted++; noted <= maxLossNotes {
			m.said("%s replaced whole: %s (c2c import --dry-run shows this before importing)", mc.City, loss)
		}
	}
	if noted > maxLossNotes {
		m.said("and %s replaced whole with shorter lists (c2c import --dry-run lists them all)", render.Plural(noted-maxLossNotes, "more member"))
	}
	_, err := fmt.Fprintln(m.Stdout, render.ImportSummary(n, opts, res))
	return err
}

// maxLossNotes is how many members an import names on stderr as having
// lost entries; the rest are counted.
const maxLossNotes = 20

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

// warnUnplaced tells, on stderr, which imported challenges no topic of the
// taxonomy was found for and which have too few words to match well. The
// import has succeeded either way.
func (m *Main) warnUnplaced(inputs []*store.Input) {
	for _, w := range render.UnplacedWarnings(m.Ref.Topics, inputs) {
		fmt.Fprintf(m.Stderr, "warning: %s\n", w)
	}
}
