package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// userCommand manages the accounts of the web application.
func (m *Main) userCommand() *cli.Command {
	return &cli.Command{
		Name:      "user",
		Usage:     "add, change or remove an account of the web application, or issue an API token",
		UsageText: "c2c user add NAME --role " + model.RoleNames("|") + "\n   c2c user passwd NAME\n   c2c user rm NAME\n   c2c user token NAME",
		Description: `A password is asked twice at a terminal, read from standard input when that
is not a terminal (the first line), and generated and printed when standard
input is empty, so that scripts can create accounts. Every change is written
to the audit log (c2c audit) as done by cli:LOGIN.

Roles: a viewer reads; an editor also pins and blocks pairs; an admin also
manages the accounts (on the command line anyone with the database can).

Examples:
   c2c user add ana --role editor
   echo "$PASSWORD" | c2c user add ana --role editor
   c2c user add bot --role viewer < /dev/null    # generated password
   c2c user token bot`,
		Subcommands: []*cli.Command{
			{
				Name:      "add",
				Usage:     "add an account",
				UsageText: "c2c user add NAME --role " + model.RoleNames("|"),
				Flags:     []cli.Flag{&cli.StringFlag{Name: "role", Value: string(model.Viewer), Usage: "`ROLE`: " + model.RoleNames("|")}},
				Action: func(c *cli.Context) error {
					args, err := cmdline.ExactArguments(c, 1, "one account NAME")
					if err != nil {
						return err
					}
					name := args[0]
					role := model.Role(strings.ToLower(c.String("role")))
					if err := errors.Join(model.ValidateUserName(name), role.Validate()); err != nil {
						return err
					}
					db, err := m.Store(c.Context)
					if err != nil {
						return err
					}
					hash, err := m.newPassword(name)
					if err != nil {
						return err
					}
					if err := db.AddUser(c.Context, model.User{Name: name, Role: role}, hash, account.CommandLineActor()); err != nil {
						return err
					}
					m.said("account %s added (%s)", name, role)
					return nil
				},
			},
			{
				Name:      "passwd",
				Usage:     "change the password of an account, and sign it out everywhere",
				UsageText: "c2c user passwd NAME",
				Action: m.onAccount(func(c *cli.Context, db *store.DB, name string) error {
					if _, _, err := db.Credentials(c.Context, name); err != nil {
						return err
					}
					hash, err := m.newPassword(name)
					if err != nil {
						return err
					}
					if err := db.SetPassword(c.Context, name, hash, account.CommandLineActor()); err != nil {
						return err
					}
					m.said("password of %s changed; its sessions are ended", name)
					return nil
				}),
			},
			{
				Name:      "rm",
				Usage:     "remove an account, its sessions and its API tokens",
				UsageText: "c2c user rm NAME",
				Action: m.onAccount(func(c *cli.Context, db *store.DB, name string) error {
					if err := db.RemoveUser(c.Context, name, account.CommandLineActor()); err != nil {
						return err
					}
					m.said("account %s removed", name)
					return nil
				}),
			},
			{
				Name:      "token",
				Usage:     "issue an API token for an account (printed once; the store keeps only its hash)",
				UsageText: "c2c user token NAME",
				Action: m.onAccount(func(c *cli.Context, db *store.DB, name string) error {
					token, hash := account.NewToken()
					if err := db.AddToken(c.Context, name, hash, account.CommandLineActor()); err != nil {
						return err
					}
					fmt.Fprintln(m.Stdout, token)
					m.said("API token for %s printed on standard output (shown only now): send it as Authorization: Bearer TOKEN", name)
					return nil
				}),
			},
		},
	}
}

// onAccount returns the action of a command on one existing account: it
// reads the NAME argument, opens the store and runs do.
func (m *Main) onAccount(do func(c *cli.Context, db *store.DB, name string) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		args, err := cmdline.ExactArguments(c, 1, "one account NAME")
		if err != nil {
			return err
		}
		db, err := m.Store(c.Context)
		if err != nil {
			return err
		}
		return do(c, db, args[0])
	}
}

// newPassword gets the password of account name and returns its hash (see
// account.ReadPassword); a generated one is printed on standard output.
func (m *Main) newPassword(name string) (string, error) {
	password, generated, err := account.ReadPassword(name, m.Stdin, m.Stderr)
	if err != nil {
		return "", err
	}
	if generated {
		fmt.Fprintln(m.Stdout, password)
		m.said("standard input was empty: generated the password of %s, printed on standard output (shown only now)", name)
	}
	return account.Hash(password)
}

// auditCommand lists the audit log.
func (m *Main) auditCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
	return &cli.Command{
		Name:      "audit",
		Usage:     "list the audit log: who changed what, and when",
		UsageText: "c2c audit [--limit N] [--format FORMAT]",
		Description: `Every write made through the web application (pins, blocks, sign-ins) and
every account change is recorded with the account, the time (RFC 3339, UTC),
the action and its target. Oldest first.

Examples:
   c2c audit
   c2c audit --limit 20 --format json`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "limit", Usage: "only the last `N` entries (0: all)"},
			formats.Flag(),
		},
		Action: func(c *cli.Context) error {
			if err := cmdline.NoArguments(c); err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			if c.Int("limit") < 0 {
				return cmdline.Usagef(c, "--limit %d: expected 0 or more entries", c.Int("limit"))
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			entries, err := db.AuditLog(c.Context, c.Int("limit"))
			if err != nil {
				return err
			}
			return m.write(format, entries, render.Report{Tables: []render.Table{render.AuditTable(entries)}})
		},
	}
}
