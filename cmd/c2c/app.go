package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/database"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// Main is the c2c program: where it writes, the reference tables it checks
// input against, and the store, opened on first need and closed when the
// command ends. Each command is a method returning a *cli.Command.
type Main struct {
	Stdout io.Writer       // results: listings, profiles, exported documents
	Stderr io.Writer       // what the program did besides its result, and errors
	Ref    model.Reference // the taxonomy of topics and the country table
	DBPath string          // --db or $C2C_DB; "" means database.DefaultPath
	Empty  bool            // --empty: do not load the sample into a new database
	Width  int             // terminal cells tables are fitted to; 0 off a terminal: never fitted
	Stdin  io.Reader       // answers to questions, and passwords for c2c user when not a terminal
	// IsTerminal reports whether Stdin is a terminal a person answers at;
	// questions are asked only then.
	IsTerminal func() bool

	db *store.DB // open store, nil until Store is first called
}

// newApp returns the c2c program writing to stdout and stderr. Its Run
// methods return errors instead of exiting: see cmdline.ExitCode.
func newApp(stdout, stderr io.Writer) *cli.App {
	m := &Main{Stdout: stdout, Stderr: stderr, Ref: fixtures.Reference(), Width: render.TerminalWidth(stdout),
		Stdin: os.Stdin, IsTerminal: func() bool { return term.IsTerminal(int(os.Stdin.Fd())) }}
	return m.App()
}

// commands lists the commands of the program, in help order.
func (m *Main) commands() []*cli.Command {
	return []*cli.Command{
		m.importCommand(),
		m.exportCommand(),
		m.citiesCommand(),
		m.cityCommand(),
		m.topicsCommand(),
		m.shortlistCommand(),
		m.letterCommand(),
		m.explainCommand(),
		m.scoresCommand(),
		m.gapsCommand(),
		m.evaluateCommand(),
		m.ruleCommand(),
		m.rulesCommand(),
		m.pairCommand(),
		m.batchCommand(),
		m.runsCommand(),
		m.synthCommand(),
		m.serveCommand(),
		m.userCommand(),
		m.auditCommand(),
		helpCommand(),
	}
}

// helpCommand replaces urfave/cli's help command, which fails with an exit
// code of its own on an unknown command name.
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Aliases:   []string{"h"},
		Usage:     "show the commands, or one command's help",
		ArgsUsage: "[COMMAND]",
		UsageText: "c2c help [COMMAND]",
		Description: `Examples:
   c2c help
   c2c help import`,
		Action: func(c *cli.Context) error {
			switch c.NArg() {
			case 0:
				return cli.ShowAppHelp(c)
			case 1:
				name := c.Args().First()
				if c.App.Command(name) == nil {
					return cmdline.UnknownCommand(c, name)
				}
				return cli.ShowCommandHelp(c.Lineage()[1], name)
			}
			return cmdline.Usagef(c, "expected at most one command name")
		},
	}
}

// App builds the command-line application around m.
func (m *Main) App() *cli.App {
	app := &cli.App{
		Name:      "c2c",
		Usage:     "match cities that need help with cities that have solved the problem",
		UsageText: "c2c [--db PATH] [--empty] COMMAND [FLAGS] [ARGUMENTS]",
		Description: `c2c keeps the member profiles of a city-to-city (C2C) cooperation network
(challenges, capacities, tested practices, exchange history, secretariat rules)
in a SQLite database and works on them.

The database is --db PATH, else $C2C_DB, else $XDG_DATA_HOME/c2c/c2c.db, else
~/.local/share/c2c/c2c.db. On first use it is created and loaded with the
embedded sample network, unless --empty is given.

Examples:
   c2c cities --country ID
   c2c city palembang
   c2c import members.json
   c2c --db network.db --empty import members/

Exit status: 0 success, 1 bad input or usage, 2 internal error, 130
interrupted (Ctrl-C).`,
		Version: Version,
		Flags: []cli.Flag{
			&cli.StringFlag{
				Name:        "db",
				Usage:       "SQLite database `PATH`",
				EnvVars:     []string{"C2C_DB"},
				DefaultText: "$XDG_DATA_HOME/c2c/c2c.db, else ~/.local/share/c2c/c2c.db",
				TakesFile:   true,
			},
			&cli.BoolFlag{
				Name:  "empty",
				Usage: "when the database does not exist yet, create it empty instead of loading the sample",
			},
			cli.HelpFlag, // added here because helpCommand stops urfave/cli from adding it
		},
		Commands:       m.commands(),
		Writer:         m.Stdout,
		ErrWriter:      m.Stderr,
		ExitErrHandler: func(*cli.Context, error) {}, // errors go back to the caller, which picks the exit status
		Before: func(c *cli.Context) error {
			m.DBPath = c.String("db")
			m.Empty = c.Bool("empty")
			return nil
		},
		After: func(*cli.Context) error { return m.Close() },
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmdline.UnknownCommand(c, c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
	}
	app.OnUsageError = cmdline.UsageError
	for _, cmd := range app.Commands {
		cmdline.Prepare(cmd)
	}
	return app
}

// Store returns the open store, opening it on first call (see
// database.Open); what was created is said on m.Stderr.
func (m *Main) Store(ctx context.Context) (*store.DB, error) {
	if m.db != nil {
		return m.db, nil
	}
	db, created, err := database.Open(ctx, m.DBPath, m.Ref, m.Empty)
	if err != nil {
		return nil, err
	}
	if created != "" {
		m.said("%s", created)
	}
	m.db = db
	return db, nil
}

// Document returns every profile, exchange and rule in the store. An
// error reading them is wrapped as doing, what the command was doing
// ("read the database", "load profiles").
func (m *Main) Document(ctx context.Context, doing string) (*model.Document, error) {
	db, err := m.Store(ctx)
	if err != nil {
		return nil, err
	}
	doc, err := db.Document(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doing, err)
	}
	return doc, nil
}

// said tells the user on m.Stderr what the program did besides its result.
func (m *Main) said(format string, args ...any) {
	fmt.Fprintf(m.Stderr, "c2c: "+format+"\n", args...)
}

// Close closes the store if it was opened.
func (m *Main) Close() error {
	if m.db == nil {
		return nil
	}
	err := m.db.Close()
	m.db = nil
	if err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}
