package main

import (
	"bufio"
	"fmt"
	"io"
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
			inputs, err := store.ReadPaths(paths)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			opts := store.ImportOptions{Replace: c.Bool("replace"), DryRun: c.Bool("dry-run")}
			var ask func(plan store.ImportResult) error
			if !c.Bool("yes") {
				ask = m.confirmRemoval
			}
			ctx := store.Audited(c.Context, store.ImportEntry(account.CommandLineActor(), strings.Join(paths, ", "), opts))
			res, err := db.ImportAsking(ctx, m.Ref, opts, ask, inputs...)
			if err != nil {
				return err
			}
			m.warn(render.UnplacedWarnings(m.Ref.Topics, inputs))
			return m.importReport(len(paths), opts, res)
		},
	}
}

// confirmRemoval asks on the terminal whether the members plan removes may
// go, and returns an error unless the answer is yes. Off a terminal it
// refuses: a script must say --yes.
func (m *Main) confirmRemoval(plan store.ImportResult) error {
	return m.confirm(removal{command: "import --replace", subject: "The import", what: render.Removal(plan),
		question: "Remove them?", hint: " (--dry-run lists every change)", cancelled: "import cancelled"})
}

// removal is what a destructive command asks about: what the command
// would remove, in the words of its question, its refusal off a terminal
// and its cancellation.
type removal struct {
	command   string // the command as the refusal names it: "import --replace"
	subject   string // the command as the question names it: "The import"
	what      string // what it would remove
	question  string // "Remove them?"
	hint      string // added to the refusal: " (--dry-run lists every change)"
	cancelled string // "import cancelled"
}

// confirm says on the terminal what rm would remove, asks whether it may,
// and returns an error unless the answer is yes ("y" or "yes", in any
// case). Off a terminal it refuses, saying what would have gone: a script
// must say --yes.
func (m *Main) confirm(rm removal) error {
	if m.IsTerminal == nil || !m.IsTerminal() {
		return &model.Error{Code: model.EINVALID, Message: fmt.Sprintf(
			"%s would remove %s: expected --yes to confirm, since standard input is not a terminal to ask at%s; nothing was changed", rm.command, rm.what, rm.hint)}
	}
	fmt.Fprintf(m.Stderr, "%s would remove %s.\n%s [y/N] ", rm.subject, rm.what, rm.question)
	answer, _ := bufio.NewReader(m.Stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	return &model.Error{Code: model.EINVALID, Message: rm.cancelled + ": nothing was changed"}
}

// importReport prints the summary of an import of n inputs: the counts and,
// with --dry-run, every member's change; after a real import, the members
// whose lists got shorter are named on stderr (see render.LossNotes), and
// either way the resources left with more pins than they can host.
func (m *Main) importReport(n int, opts store.ImportOptions, res store.ImportResult) error {
	m.warn(res.PinWarnings)
	if opts.DryRun {
		_, err := io.WriteString(m.Stdout, render.ImportPlan(n, opts, res))
		return err
	}
	for _, note := range render.LossNotes(res) {
		m.said("%s", note)
	}
	_, err := fmt.Fprintln(m.Stdout, render.ImportSummary(n, opts, res))
	return err
}

// warn prints each of warnings on m.Stderr: what the user should know of
// a command that succeeded.
func (m *Main) warn(warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(m.Stderr, "warning: %s\n", w)
	}
}
