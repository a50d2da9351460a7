package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/cmd/c2c/internal/runs"
	"github.com/c2cnet/c2c/model"
)

// runsCommand lists, shows, removes, verifies and compares stored runs.
func (m *Main) runsCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
	return &cli.Command{
		Name:      "runs",
		Usage:     "list the stored batch runs; show, verify, approve, publish, compare or remove one",
		UsageText: "c2c runs [--format FORMAT] | c2c runs show|verify|approve|rm ID | c2c runs publish ID --out DIR | c2c runs diff A B",
		Description: `Lists every run c2c batch stored, oldest first: when it ran, its status, its
review, its size and the digests of its input and results. A run still
marked running whose process is gone was killed; it is shown as interrupted
(stale).

A done run is a draft until it is approved (c2c runs approve, or Approve on
its page in c2c serve), and only an approved run is published (c2c runs
publish, or Publish in c2c serve); who approved and who first published it,
and when, are kept, and every approval and publication is in the audit log.

Examples:
   c2c runs
   c2c runs show 3
   c2c runs verify 3
   c2c runs approve 3
   c2c runs publish 3 --out congress-2026
   c2c runs diff 2 3 --format json
   c2c runs rm 1`,
		Flags: []cli.Flag{formats.Flag()},
		Action: func(c *cli.Context) error {
			args, err := cmdline.Arguments(c)
			if err != nil {
				return err
			}
			if len(args) > 0 {
				return unknownRunsCommand(c, args[0])
			}
			return m.onRuns(formats, 0, func(c *cli.Context, rn *runs.Runner, _ []int64, format render.Format) error {
				list, err := rn.List(c.Context)
				if err != nil {
					return err
				}
				return m.write(format, list, render.RunsReport(list))
			})(c)
		},
		Subcommands: []*cli.Command{m.runsShowCommand(), m.runsVerifyCommand(), m.runsApproveCommand(), m.runsPublishCommand(), m.runsDiffCommand(), m.runsRemoveCommand()},
	}
}

// unknownRunsCommand reports an unknown subcommand of c2c runs.
func unknownRunsCommand(c *cli.Context, name string) error {
	return cmdline.Usagef(c, "unknown subcommand %q: expected show, verify, approve, publish, diff or rm", name)
}

// onRuns returns the action of a command on n stored runs: it reads the
// n run id arguments and, with formats, the --format, opens the store and
// runs do with the runner of its runs.
func (m *Main) onRuns(formats cmdline.Formats, n int, do func(c *cli.Context, rn *runs.Runner, ids []int64, format render.Format) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		ids, err := runIDs(c, n)
		if err != nil {
			return err
		}
		var format render.Format
		if formats != nil {
			if format, err = formats.Get(c); err != nil {
				return err
			}
		}
		db, err := m.Store(c.Context)
		if err != nil {
			return err
		}
		return do(c, m.runner(db), ids, format)
	}
}

// runIDs reads exactly n run id arguments from the command line of c.
func runIDs(c *cli.Context, n int) ([]int64, error) {
	args, err := cmdline.ExactArguments(c, n, render.Plural(n, "run id"))
	if err != nil {
		return nil, err
	}
	ids := make([]int64, n)
	for i, a := range args {
		var ok bool
		if ids[i], ok = runs.ParseID(a); !ok {
			return nil, cmdline.Usagef(c, "run id %q: expected a number such as 3 (c2c runs lists them)", a)
		}
	}
	return ids, nil
}

func (m *Main) runsShowCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
	return &cli.Command{
		Name:      "show",
		Usage:     "show one stored run: its parameters, digests, timing, shortlists and pairs",
		UsageText: "c2c runs show ID [--format FORMAT]",
		Flags:     []cli.Flag{formats.Flag()},
		Action: m.onRuns(formats, 1, func(c *cli.Context, rn *runs.Runner, ids []int64, format render.Format) error {
			shown, err := rn.Show(c.Context, ids[0])
			if err != nil {
				return err
			}
			if format == render.FormatJSON {
				return render.WriteJSON(m.Stdout, shown)
			}
			return m.write(format, shown, render.RunReport(shown))
		}),
	}
}

func (m *Main) runsRemoveCommand() *cli.Command {
	return &cli.Command{
		Name:      "rm",
		Usage:     "remove a stored run and its results",
		UsageText: "c2c runs rm [--yes] ID",
		Description: `Removes the stored run ID and its results (shortlists, pairing, timing)
from the database, and records the removal in the audit log. It first says
what it would remove: the run, its status and review (who approved and
published it), and how many shortlists and pairs it holds. At a terminal it
asks before removing; when standard input is not a terminal it refuses
unless --yes is given. A run still running is refused. The files of a
published run, wherever they were written, are left as they are.

   c2c runs rm 3
   c2c runs rm --yes 3`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "yes", Usage: "remove the run without asking"},
		},
		Action: m.onRuns(nil, 1, func(c *cli.Context, rn *runs.Runner, ids []int64, _ render.Format) error {
			var ask func(r *model.Run) error
			if !c.Bool("yes") {
				ask = func(r *model.Run) error {
					return m.confirm(removal{command: "runs rm", subject: "This", what: render.RunRemoval(r),
						question: "Remove it?", hint: fmt.Sprintf(" (c2c runs show %d shows the run)", r.ID), cancelled: "runs rm cancelled"})
				}
			}
			r, err := rn.Remove(c.Context, ids[0], account.CommandLineActor(), ask)
			if err != nil {
				return err
			}
			m.said("removed %s", render.RunRemoval(r))
			return nil
		}),
	}
}

func (m *Main) runsVerifyCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
	return &cli.Command{
		Name:      "verify",
		Usage:     "re-run a stored run on its stored input and say whether it reproduces",
		UsageText: "c2c runs verify ID [--quiet] [--format FORMAT]",
		Description: `Runs the stored run ID again, with its stored parameters and reference year,
on the input stored with it (the profiles, rules and exchange history as they
were), and compares the result digest with the stored one. It also names the
inputs that changed since (cities added, removed or edited; rules; exchange
history). When the results differ it names the engine versions.

A run stored before c2c kept the input of runs is re-run on the profiles now
in the database if they are still its input; otherwise it cannot be verified.
Exit status 1 when the run does not reproduce or cannot be re-run.`,
		Flags: []cli.Flag{formats.Flag(), &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print no progress"}},
		Action: m.onRuns(formats, 1, func(c *cli.Context, rn *runs.Runner, ids []int64, format render.Format) error {
			v, err := rn.Verify(c.Context, ids[0], m.progress(c.Bool("quiet")))
			if err != nil {
				return err
			}
			if err := m.write(format, v, render.VerifyReport(v)); err != nil {
				return err
			}
			if !v.Reproduces {
				return &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d %s", v.Run, v.Verdict)}
			}
			return nil
		}),
	}
}

func (m *Main) runsApproveCommand() *cli.Command {
	return &cli.Command{
		Name:      "approve",
		Usage:     "approve a done run, a draft, for publication",
		UsageText: "c2c runs approve ID",
		Description: `Approves the done run ID for publication, as the user running c2c
(cli:LOGIN), and records who and when with the run and in the audit log. A
run is approved once: approving it again is refused and names who approved
it. A run that is not done (running, interrupted, failed) cannot be approved.
c2c runs publish then publishes it.`,
		Action: m.onRuns(nil, 1, func(c *cli.Context, rn *runs.Runner, ids []int64, _ render.Format) error {
			rv, err := rn.Approve(c.Context, ids[0], account.CommandLineActor())
			if err != nil {
				return err
			}
			m.said("run %d approved by %s", ids[0], rv.ApprovedBy)
			return nil
		}),
	}
}

func (m *Main) runsPublishCommand() *cli.Command {
	return &cli.Command{
		Name:      "publish",
		Usage:     "publish an approved run, from its stored input and results, into a folder",
		UsageText: "c2c runs publish ID --out DIR [--report-limit N] [--excel] [--quiet]",
		Description: `Writes the files c2c batch --out publishes (shortlists.csv, pairings.csv,
run.json, report.html, report.md) for the stored run ID, from the results it
stored and the profiles of its stored input, whatever the profiles are now.
The files are those the batch wrote with the same --report-limit and --excel,
byte for byte, but for the time of publishing in run.json ("published").
The folder is checked and filled as for c2c batch --out.

Only an approved run is published (c2c runs approve ID): a draft is refused
before anything is written. The first publication is recorded with the run
(who and when); a published run may be published again, and every
publication is in the audit log.

A run stored before c2c kept the input of runs can be published only while
the profiles are still its input (c2c runs verify says).`,
		Flags: cmdline.PublicationFlags(),
		Action: func(c *cli.Context) error {
			ids, err := runIDs(c, 1)
			if err != nil {
				return err
			}
			if c.String("out") == "" {
				return cmdline.Usagef(c, "--out DIR is required: the folder to publish the run in")
			}
			opts, err := m.publicationOptions(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			if _, err := m.runner(db).Publish(c.Context, ids[0], account.CommandLineActor(), opts); err != nil {
				return err
			}
			if !c.Bool("quiet") {
				m.said("run %d published to %s", ids[0], opts.Out)
			}
			return nil
		},
	}
}

func (m *Main) runsDiffCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare two stored runs: candidates that entered, left or moved, changed pairs, and the input changes behind them",
		UsageText: "c2c runs diff A B [--format FORMAT]",
		Description: `Compares run B with run A, per beneficiary: which candidates entered or left
its shortlist and which moved, by how many places and how much score; which
pairs changed; and what changed in the input between the runs (cities added,
removed or edited; rules added, removed or changed; the exchange history), in
the parameters and in the engine version. The table shows what changed;
--format json is complete.`,
		Flags: []cli.Flag{formats.Flag()},
		Action: m.onRuns(formats, 2, func(c *cli.Context, rn *runs.Runner, ids []int64, format render.Format) error {
			d, err := rn.Diff(c.Context, ids[0], ids[1])
			if err != nil {
				return err
			}
			return m.write(format, d, render.DiffReport(d))
		}),
	}
}
