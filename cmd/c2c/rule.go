package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// ruleCommand adds or removes a secretariat override on one pair.
func (m *Main) ruleCommand() *cli.Command {
	set := func(kind model.RuleKind, usage string) *cli.Command {
		return &cli.Command{
			Name:      string(kind),
			Usage:     usage,
			UsageText: fmt.Sprintf("c2c rule %s BENEFICIARY RESOURCE --why TEXT [--by NAME]", kind),
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "why", Usage: "the reason, shown in explanations (required)"},
				&cli.StringFlag{Name: "by", Usage: "who makes the rule", DefaultText: "your login name"},
			},
			Action: func(c *cli.Context) error {
				args, err := cmdline.ExactArguments(c, 2, "BENEFICIARY and RESOURCE ids")
				if err != nil {
					return err
				}
				why := strings.TrimSpace(c.String("why"))
				if why == "" {
					return cmdline.Usagef(c, "--why is required: expected the reason for the rule, such as --why \"mayors agreed in 2009\"")
				}
				by := strings.TrimSpace(c.String("by"))
				if !c.IsSet("by") {
					by = account.LoginName()
				}
				switch {
				case by == "" && c.IsSet("by"):
					return cmdline.Usagef(c, "--by is empty: expected who makes the rule")
				case by == "":
					return cmdline.Usagef(c, "no login name found to record as the rule's author: expected --by NAME")
				}
				db, err := m.Store(c.Context)
				if err != nil {
					return err
				}
				r := model.Rule{Beneficiary: args[0], Resource: args[1], Rule: kind, Why: why, By: by}
				if err := db.PutRule(store.Audited(c.Context, store.RuleEntry(account.CommandLineActor(), r)), r); err != nil {
					return err
				}
				m.said("%s %s → %s stored, by %s", kind, r.Beneficiary, r.Resource, r.By)
				return nil
			},
		}
	}
	return &cli.Command{
		Name:      "rule",
		Usage:     "block or pin a beneficiary–resource pair, or remove such a rule",
		UsageText: "c2c rule block|pin BENEFICIARY RESOURCE --why TEXT\n   c2c rule rm BENEFICIARY RESOURCE",
		Description: `A block keeps a pair out of every shortlist and pairing; a pin keeps it in.
A pair has at most one rule: a new one replaces the old. Every rule is
stored with why (--why, required), by whom (--by, default your login name)
and when, and shown by c2c rules and in explanations. A pin is refused when
the resource cannot host one more pinned beneficiary (hosting 0, or as many
pins as its hosting already).

Examples:
   c2c rule block dhaka colombo --why "already partners through another programme"
   c2c rule pin palembang seoul --why "mayors agreed in 2009" --by "A. Rahman"
   c2c rule rm palembang seoul`,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return cmdline.UnknownCommand(c, c.Args().First())
			}
			return cli.ShowSubcommandHelp(c)
		},
		Subcommands: []*cli.Command{
			set(model.Block, "never pair BENEFICIARY with RESOURCE"),
			set(model.Pin, "always keep RESOURCE in BENEFICIARY's shortlists and pairings"),
			{
				Name:      "rm",
				Usage:     "remove the rule on a pair",
				UsageText: "c2c rule rm BENEFICIARY RESOURCE",
				Action: func(c *cli.Context) error {
					args, err := cmdline.ExactArguments(c, 2, "BENEFICIARY and RESOURCE ids")
					if err != nil {
						return err
					}
					db, err := m.Store(c.Context)
					if err != nil {
						return err
					}
					ctx := store.Audited(c.Context, store.RuleRemovalEntry(account.CommandLineActor(), args[0], args[1]))
					if err := db.RemoveRule(ctx, args[0], args[1]); err != nil {
						return err
					}
					m.said("rule on %s → %s removed", args[0], args[1])
					return nil
				},
			},
		},
	}
}

// rulesCommand lists the stored rules.
func (m *Main) rulesCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
	return &cli.Command{
		Name:      "rules",
		Usage:     "list the secretariat's block and pin rules, with why, by whom and when",
		UsageText: "c2c rules [--format FORMAT]",
		Description: `Examples:
   c2c rules
   c2c rules --format csv`,
		Flags: []cli.Flag{formats.Flag()},
		Action: func(c *cli.Context) error {
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			rules, err := db.Rules(c.Context)
			if err != nil {
				return fmt.Errorf("rules: %w", err)
			}
			if rules == nil {
				rules = []model.Rule{} // JSON: [], not null
			}
			return m.write(format, rules, render.Report{Tables: []render.Table{render.RulesTable(rules)}})
		},
	}
}
