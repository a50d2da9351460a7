package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/web"
)

// serveCommand runs the web application.
func (m *Main) serveCommand() *cli.Command {
	return &cli.Command{
		Name:      "serve",
		Usage:     "run the web application for the secretariat, with its JSON API",
		UsageText: "c2c serve [--addr HOST:PORT] [--tls-cert FILE --tls-key FILE]",
		Description: `Serves the pages of the secretariat (members, profiles, shortlists with
their reasons, explanations, pins and blocks, rules, profile edits,
recorded exchanges, imports by upload with their dry run, workshop
pairings, batch runs started, followed, cancelled, approved and published,
printable letters to mayors, the audit log) and the JSON API under /api/v1
(described at /api/v1/openapi.json) over the same database as the other
commands, until Ctrl-C; running requests are allowed to finish and a
running batch is marked interrupted. On first start with no account it
creates the account admin and prints its password once. Reading (and a
workshop pairing, which writes nothing) needs a viewer; pins, blocks,
profile edits, exchanges, imports, batches and approving and publishing
runs an editor; the accounts page an admin (c2c user manages accounts).

Examples:
   c2c serve
   c2c serve --addr 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "listen on `HOST:PORT`"},
			&cli.StringFlag{Name: "tls-cert", Usage: "serve HTTPS with the certificate in `FILE` (PEM)", TakesFile: true},
			&cli.StringFlag{Name: "tls-key", Usage: "the private key of --tls-cert, in `FILE` (PEM)", TakesFile: true},
			&cli.StringFlag{Name: "network", Value: web.DefaultNetwork, Usage: "the network's `NAME` as the letters to mayors are signed"},
		},
		Action: func(c *cli.Context) error {
			if err := cmdline.NoArguments(c); err != nil {
				return err
			}
			cert, key := c.String("tls-cert"), c.String("tls-key")
			if (cert == "") != (key == "") {
				return cmdline.Usagef(c, "--tls-cert and --tls-key go together")
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			password, err := account.EnsureAdmin(c.Context, db, "c2c serve")
			if err != nil {
				return err
			}
			if password != "" {
				m.said("created the account admin with the one-time password %s (shown only now: sign in and keep it, or change it with c2c user passwd admin)", password)
			}
			s, err := web.New(db, m.Ref)
			if err != nil {
				return err
			}
			s.Log = m.Stderr
			s.Version = Version
			s.Network = c.String("network")
			return s.ListenAndServe(c.Context, c.String("addr"), cert, key, func(url string) {
				fmt.Fprintf(m.Stdout, "c2c: serving %s on %s (Ctrl-C stops)\n", db.Path(), url)
			})
		},
	}
}
