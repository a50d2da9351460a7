package main

import (
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/progress"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/cmd/c2c/internal/runs"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// batchCommand runs every shortlist and one pairing, stores the run and
// publishes it.
func (m *Main) batchCommand() *cli.Command {
	return &cli.Command{
		Name:      "batch",
		Usage:     "shortlist every beneficiary and pair them all in one stored, reproducible run, published as a report",
		UsageText: "c2c batch [--out DIR] [--top K] [--partners P] [--candidates K] [--report-limit N] [--excel] [--quiet] [shortlist and pair flags]",
		Description: `Runs the congress batch: the shortlist of every member with challenges and
one pairing of them all, with the same flags as c2c shortlist and c2c pair.
The run is kept in the database with its parameters, its input (every
profile, rule and exchange, compressed), the digest of every input and of the
results (c2c runs lists them, c2c runs verify re-runs one, c2c runs publish
publishes one again, c2c runs diff compares two). --out DIR publishes it:
shortlists.csv, pairings.csv, run.json, report.html (self-contained, prints
well) and report.md.

--out refuses a file, and a folder with other files that is not a c2c report
(one with a run.json c2c wrote), before the run starts. A new folder appears
only once the run is done, with every file in it; an earlier report has each
file replaced and keeps its other files. Each file is written whole or not at
all; Ctrl-C stops cleanly and marks the run interrupted. Progress goes to
standard error: a bar on a terminal, plain lines otherwise, nothing with
--quiet. Fix --year to make the run reproducible in a later year (verify
always re-runs with the stored year).

The pairing offers the solver each beneficiary's best --candidates (50 by
default, as against 100 for c2c pair). The reports have a section for the
first --report-limit beneficiaries by id (500 by default, 0 for all); the CSV
files always list every one.

Examples:
   c2c batch --out congress-2026 --year 2026
   c2c batch --out congress --partners 2 --min-developing 1 --excel
   c2c batch --quiet`,
		Flags: append(append(append(cmdline.PublicationFlags(), cmdline.TopFlag()), cmdline.PairingFlags(batch.Candidates, true)...), cmdline.EngineFlags()...),
		Action: func(c *cli.Context) error {
			if err := cmdline.NoArguments(c); err != nil {
				return err
			}
			bp, err := cmdline.BatchParameters(c)
			if err != nil {
				return err
			}
			opts, err := m.publicationOptions(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			r, tm, err := m.runner(db).Batch(c.Context, bp, opts)
			if r != nil && r.Status == model.RunDone && !c.Bool("quiet") {
				m.said("run %d done: %d shortlists, %d of %d beneficiaries paired; result digest %s", r.ID, r.Beneficiaries, r.Served, r.Beneficiaries, render.ShortDigest(r.ResultDigest))
				if opts.Out != "" {
					m.said("published to %s", opts.Out)
				}
				m.said("time: %s", tm)
			}
			return err
		},
	}
}

// publicationOptions reads the publication flags of c (see
// cmdline.PublicationOptions), with the progress display --quiet asks for.
func (m *Main) publicationOptions(c *cli.Context) (runs.Options, error) {
	po, err := cmdline.PublicationOptions(c)
	if err != nil {
		return runs.Options{}, err
	}
	return runs.Options{Options: po, Progress: m.progress(c.Bool("quiet"))}, nil
}

// runner returns the runner of the batch runs stored in db.
func (m *Main) runner(db *store.DB) *runs.Runner {
	return &runs.Runner{DB: db, Ref: m.Ref, Version: Version}
}

// progress returns the progress display for m.Stderr (see progress.New).
func (m *Main) progress(quiet bool) batch.Progress { return progress.New(m.Stderr, quiet) }
