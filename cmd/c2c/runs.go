package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// runsCommand lists, shows, removes, verifies and compares stored runs.
func (m *Main) runsCommand() *cli.Command {
	formats := formatFlag{render.FormatTable, render.FormatJSON, render.FormatCSV, render.FormatMarkdown}
	return &cli.Command{
		Name:      "runs",
		Usage:     "list the stored batch runs; show, verify, compare or remove one",
		UsageText: "c2c runs [--format FORMAT] | c2c runs show|verify|rm ID | c2c runs publish ID --out DIR | c2c runs diff A B",
		Description: `Lists every run c2c batch stored, oldest first: when it ran, its status, its
size and the digests of its input and results. A run still marked running
whose process is gone was killed; it is shown as interrupted (stale).

Examples:
   c2c runs
   c2c runs show 3
   c2c runs verify 3
   c2c runs publish 3 --out congress-2026
   c2c runs diff 2 3 --format json
   c2c runs rm 1`,
		Flags: []cli.Flag{formats.Flag()},
		Action: func(c *cli.Context) error {
			args, err := arguments(c)
			if err != nil {
				return err
			}
			if len(args) > 0 {
				return unknownRunsCommand(c, args[0])
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			runs, err := db.Runs(c.Context)
			if err != nil {
				return err
			}
			for i := range runs {
				runs[i].Status = shownStatus(&runs[i])
			}
			if runs == nil {
				runs = []model.Run{}
			}
			return m.write(format, runs, render.RunsReport(runs))
		},
		Subcommands: []*cli.Command{m.runsShowCommand(), m.runsVerifyCommand(), m.runsPublishCommand(), m.runsDiffCommand(), m.runsRemoveCommand()},
	}
}

// unknownRunsCommand reports an unknown subcommand of c2c runs.
func unknownRunsCommand(c *cli.Context, name string) error {
	return usagef(c, "unknown subcommand %q: expected show, verify, publish, diff or rm", name)
}

// runStale is how a running run whose process is gone is shown.
const runStale model.RunStatus = "interrupted (stale)"

// shownStatus is the status of r as listings show it: a running run whose
// process no longer exists on this machine is stale.
func shownStatus(r *model.Run) model.RunStatus {
	if r.Status != model.RunRunning {
		return r.Status
	}
	host, _ := os.Hostname()
	if r.Host == host && !publish.ProcessAlive(r.PID) {
		return runStale
	}
	return r.Status
}

// runID parses the run id argument arg.
func runID(c *cli.Context, arg string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil || id < 1 {
		return 0, usagef(c, "run id %q: expected a number such as 3 (c2c runs lists them)", arg)
	}
	return id, nil
}

// runArgs reads exactly n run ids from the command line of c.
func runArgs(c *cli.Context, n int) ([]int64, error) {
	args, err := arguments(c)
	if err != nil {
		return nil, err
	}
	if len(args) != n {
		return nil, usagef(c, "expected %s, got %d arguments", render.Plural(n, "run id"), len(args))
	}
	ids := make([]int64, n)
	for i, a := range args {
		if ids[i], err = runID(c, a); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func (m *Main) runsShowCommand() *cli.Command {
	formats := formatFlag{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
	return &cli.Command{
		Name:      "show",
		Usage:     "show one stored run: its parameters, digests, timing, shortlists and pairs",
		UsageText: "c2c runs show ID [--format FORMAT]",
		Flags:     []cli.Flag{formats.Flag()},
		Action: func(c *cli.Context) error {
			ids, err := runArgs(c, 1)
			if err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			r, err := db.Run(c.Context, ids[0])
			if err != nil {
				return err
			}
			r.Status = shownStatus(r)
			shown := render.RunShown{Run: r}
			if r.Status == model.RunDone {
				if shown.Results, err = db.RunResults(c.Context, r.ID); err != nil {
					return err
				}
			}
			if format == render.FormatJSON {
				return render.WriteJSON(m.Stdout, shown)
			}
			return m.write(format, shown, render.RunReport(shown))
		},
	}
}

func (m *Main) runsRemoveCommand() *cli.Command {
	return &cli.Command{
		Name:      "rm",
		Usage:     "remove a stored run and its results",
		UsageText: "c2c runs rm ID",
		Action: func(c *cli.Context) error {
			ids, err := runArgs(c, 1)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			r, err := db.Run(c.Context, ids[0])
			if err != nil {
				return err
			}
			if shownStatus(r) == model.RunRunning {
				return &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is still running (process %d on %s): stop it first", r.ID, r.PID, r.Host)}
			}
			if err := db.RemoveRun(c.Context, r.ID); err != nil {
				return err
			}
			m.said("removed run %d", r.ID)
			return nil
		},
	}
}

func (m *Main) runsVerifyCommand() *cli.Command {
	formats := formatFlag{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
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
		Action: func(c *cli.Context) error {
			ids, err := runArgs(c, 1)
			if err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			v, err := m.verifyRun(c.Context, db, ids[0], m.progress(c.Bool("quiet")))
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
		},
	}
}

// runSource is the input run r is re-run or republished from: its stored
// input or, for a run stored before c2c kept inputs, the current profiles
// when they are still its input (doc is then nil when they are not).
// current are the digests of the current profiles, against which the
// changes since the run are named.
type runSource struct {
	doc     *model.Document
	kept    bool                // doc is the stored input
	digest  string              // input digest of the current profiles
	current []model.InputDigest // digests of the current profiles
}

// sourceOf returns the input to re-run or republish run r from.
func sourceOf(ctx context.Context, db *store.DB, r *model.Run) (*runSource, error) {
	stored, err := db.RunInput(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Document(ctx)
	if err != nil {
		return nil, fmt.Errorf("load profiles: %w", err)
	}
	src := &runSource{doc: stored, kept: stored != nil}
	if src.digest, src.current, err = store.InputDigests(cur); err != nil {
		return nil, err
	}
	if stored == nil && src.digest == r.InputDigest {
		src.doc = cur
	}
	return src, nil
}

// doneRun returns the done run id and its parameters, or ECONFLICT for a
// run that is not done.
func doneRun(ctx context.Context, db *store.DB, id int64, what string) (*model.Run, batch.Parameters, error) {
	r, err := db.Run(ctx, id)
	if err != nil {
		return nil, batch.Parameters{}, err
	}
	if r.Status != model.RunDone {
		return nil, batch.Parameters{}, &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is %s: only a done run can be %s", r.ID, shownStatus(r), what)}
	}
	bp, err := batch.StoredParameters(r)
	return r, bp, err
}

// verifyRun re-runs run id on its stored input (for a run stored before
// c2c kept inputs, on the current profiles if they are unchanged) and
// compares the result digests.
func (m *Main) verifyRun(ctx context.Context, db *store.DB, id int64, prog batch.Progress) (*batch.Verification, error) {
	r, bp, err := doneRun(ctx, db, id, "verified")
	if err != nil {
		return nil, err
	}
	src, err := sourceOf(ctx, db, r)
	if err != nil {
		return nil, err
	}
	v := batch.NewVerification(r, bp, Version, src.digest, src.current, src.kept)
	if !v.Rerunnable() {
		return v, nil
	}
	from := "the current profiles"
	if src.kept {
		from = "its stored input"
	}
	prog.Stage(fmt.Sprintf("re-running run %d on %s, %d profiles (year %d)", r.ID, from, len(src.doc.Cities), bp.Year))
	e, err := match.NewEngine(src.doc, m.Ref, profile.Inferrer(m.Ref.Topics), bp.Year)
	if err != nil {
		return nil, err
	}
	var tm batch.Timing
	res, err := batch.Compute(ctx, e, bp, prog, &tm)
	if err != nil {
		return nil, err
	}
	computed, err := store.ResultDigest(r.Parameters, res)
	if err != nil {
		return nil, err
	}
	v.Conclude(computed)
	return v, nil
}

func (m *Main) runsPublishCommand() *cli.Command {
	return &cli.Command{
		Name:      "publish",
		Usage:     "publish a stored run again, from its stored input and results, into a folder",
		UsageText: "c2c runs publish ID --out DIR [--report-limit N] [--excel] [--quiet]",
		Description: `Writes the files c2c batch --out publishes (shortlists.csv, pairings.csv,
run.json, report.html, report.md) for the stored run ID, from the results it
stored and the profiles of its stored input, whatever the profiles are now.
The files are those the batch wrote with the same --report-limit and --excel,
byte for byte, but for the time of publishing in run.json ("published").
The folder is checked and filled as for c2c batch --out.

A run stored before c2c kept the input of runs can be published only while
the profiles are still its input (c2c runs verify says).`,
		Flags: publicationFlags(),
		Action: func(c *cli.Context) error {
			ids, err := runArgs(c, 1)
			if err != nil {
				return err
			}
			if c.String("out") == "" {
				return usagef(c, "--out DIR is required: the folder to publish the run in")
			}
			opts, err := m.publicationOptions(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			if err := m.publishRun(c.Context, db, ids[0], opts); err != nil {
				return err
			}
			if !c.Bool("quiet") {
				m.said("run %d published to %s", ids[0], opts.Out)
			}
			return nil
		},
	}
}

// publishRun publishes the done run id into opts.Out from its stored
// input and results, staged and moved into place as the batch does.
func (m *Main) publishRun(ctx context.Context, db *store.DB, id int64, opts batchOptions) error {
	if err := publish.Check(opts.Out); err != nil {
		return err
	}
	r, bp, err := doneRun(ctx, db, id, "published")
	if err != nil {
		return err
	}
	src, err := sourceOf(ctx, db, r)
	if err != nil {
		return err
	}
	if src.doc == nil {
		return &model.Error{Code: model.ECONFLICT, Message: batch.NotKept(r.ID, batch.CompareInputs(r.Inputs, src.current))}
	}
	res, err := db.RunResults(ctx, r.ID)
	if err != nil {
		return err
	}
	prog := opts.Progress
	if prog == nil {
		prog = batch.Quiet{}
	}
	prog.Stage(fmt.Sprintf("run %d: vectorising %d profiles", r.ID, len(src.doc.Cities)))
	e, err := match.NewEngine(src.doc, m.Ref, profile.Inferrer(m.Ref.Topics), bp.Year)
	if err != nil {
		return err
	}
	prog.Stage("writing " + opts.Out)
	staged, err := publish.Stage(ctx, e, r, bp, res, opts.Options, db.Now().UTC())
	if err != nil {
		return err
	}
	if err := staged.Publish(); err != nil {
		staged.Discard()
		return fmt.Errorf("publish run %d: %w", r.ID, err)
	}
	return nil
}

func (m *Main) runsDiffCommand() *cli.Command {
	formats := formatFlag{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
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
		Action: func(c *cli.Context) error {
			ids, err := runArgs(c, 2)
			if err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			d, err := diffRuns(c.Context, db, ids[0], ids[1])
			if err != nil {
				return err
			}
			return m.write(format, d, render.DiffReport(d))
		},
	}
}

// diffRuns compares run b with run a (see batch.Diff), read from db.
func diffRuns(ctx context.Context, db *store.DB, a, b int64) (*batch.RunDiff, error) {
	var sides [2]batch.Side
	for i, id := range []int64{a, b} {
		r, err := db.Run(ctx, id)
		if err != nil {
			return nil, err
		}
		sides[i].Run = r
	}
	for i, id := range []int64{a, b} {
		pl, err := db.RunPairing(ctx, id) // also says whether the run is done
		if err != nil {
			return nil, err
		}
		sides[i].Pairing = pl
		err = db.RunCandidates(ctx, id, func(c store.RankedCandidate) error {
			sides[i].Candidates = append(sides[i].Candidates, batch.Ranked(c))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return batch.Diff(sides[0], sides[1]), nil
}
