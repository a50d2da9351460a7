package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/model"
)

// ruleCommand adds or removes a secretariat override on one pair.
func (m *Main) ruleCommand() *cli.Command {
	set := func(kind model.RuleKind, usage string) *cli.Command {
		return &cli.Command{
			Name:      string(kind),
			Usage:     usage,
			UsageText: fmt.Sprintf("c2c rule %s BENEFICIARY RESOURCE --why TEXT", kind),
			Flags:     []cli.Flag{&cli.StringFlag{Name: "why", Usage: "the reason, shown in explanations"}},
			Action: func(c *cli.Context) error {
				args, err := pairArguments(c)
				if err != nil {
					return err
				}
				db, err := m.Store(c.Context)
				if err != nil {
					return err
				}
				r := model.Rule{Beneficiary: args[0], Resource: args[1], Rule: kind, Why: c.String("why")}
				if err := db.PutRule(c.Context, r); err != nil {
					return err
				}
				m.said("%s %s → %s stored", kind, r.Beneficiary, r.Resource)
				return nil
			},
		}
	}
	return &cli.Command{
		Name:      "rule",
		Usage:     "block or pin a beneficiary–resource pair, or remove such a rule",
		UsageText: "c2c rule block|pin BENEFICIARY RESOURCE --why TEXT\n   c2c rule rm BENEFICIARY RESOURCE",
		Description: `A block keeps a pair out of every shortlist and pairing; a pin keeps it in.
A pair has at most one rule: a new one replaces the old. Rules are stored with
when and why, and shown by c2c rules and in explanations.

Examples:
   c2c rule block dhaka colombo --why "already partners through another programme"
   c2c rule pin palembang seoul --why "mayors agreed in 2009"
   c2c rule rm palembang seoul`,
		Subcommands: []*cli.Command{
			set(model.Block, "never pair BENEFICIARY with RESOURCE"),
			set(model.Pin, "always keep RESOURCE in BENEFICIARY's shortlists and pairings"),
			{
				Name:      "rm",
				Usage:     "remove the rule on a pair",
				UsageText: "c2c rule rm BENEFICIARY RESOURCE",
				Action: func(c *cli.Context) error {
					args, err := pairArguments(c)
					if err != nil {
						return err
					}
					db, err := m.Store(c.Context)
					if err != nil {
						return err
					}
					if err := db.RemoveRule(c.Context, args[0], args[1]); err != nil {
						return err
					}
					m.said("rule on %s → %s removed", args[0], args[1])
					return nil
				},
			},
		},
	}
}

// pairArguments returns the BENEFICIARY and RESOURCE arguments of c.
func pairArguments(c *cli.Context) ([]string, error) {
	args, err := arguments(c)
	if err != nil {
		return nil, err
	}
	if len(args) != 2 {
		return nil, usagef(c, "expected BENEFICIARY and RESOURCE ids, got %d arguments", len(args))
	}
	return args, nil
}

// rulesCommand lists the stored rules.
func (m *Main) rulesCommand() *cli.Command {
	formats := formatFlag{FormatTable, FormatJSON, FormatCSV, FormatMarkdown}
	return &cli.Command{
		Name:      "rules",
		Usage:     "list the secretariat's block and pin rules, with when and why",
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
			type row struct {
				model.Rule
				Created string `json:"created"`
			}
			out := []row{}
			t := Table{Columns: []Column{{Name: "BENEFICIARY"}, {Name: "RESOURCE"}, {Name: "RULE"}, {Name: "CREATED"}, {Name: "WHY", Wrap: true}}, Empty: "no rules"}
			for _, r := range rules {
				created := ""
				if !r.Created.IsZero() {
					created = r.Created.UTC().Format("2006-01-02 15:04")
				}
				out = append(out, row{r, created})
				t.Rows = append(t.Rows, []string{r.Beneficiary, r.Resource, string(r.Rule), created, r.Why})
			}
			return m.write(format, out, Report{Tables: []Table{t}})
		},
	}
}
