package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// defaultReportLimit is how many beneficiaries get a section of their own
// in report.html and report.md by default; the CSV files list them all.
const defaultReportLimit = 500

// batchOptions are the choices of one batch run besides the engine's.
type batchOptions struct {
	Out         string // folder of the published files, "" for none
	ReportLimit int    // beneficiaries with a section in the reports
	Excel       bool   // byte-order mark in the CSV files
	Progress    batch.Progress
}

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
		Flags: append(append(append(publicationFlags(), topFlag()), pairingFlags(batch.Candidates, true)...), engineFlags()...),
		Action: func(c *cli.Context) error {
			if err := noArguments(c); err != nil {
				return err
			}
			bp, err := batchParametersOf(c)
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
			r, tm, err := m.runBatch(c.Context, db, bp, opts)
			if r != nil && r.Status == model.RunDone && !c.Bool("quiet") {
				m.said("run %d done: %d shortlists, %d of %d beneficiaries paired; result digest %s", r.ID, r.Beneficiaries, r.Served, r.Beneficiaries, shortDigest(r.ResultDigest))
				if opts.Out != "" {
					m.said("published to %s", opts.Out)
				}
				m.said("time: %s", tm)
			}
			return err
		},
	}
}

// publicationFlags are the flags of publishing a run, by c2c batch and
// c2c runs publish.
func publicationFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "out", Usage: "publish the run in folder `DIR`: a new or empty folder, or an earlier c2c report", TakesFile: true},
		&cli.IntFlag{Name: "report-limit", Value: defaultReportLimit, Usage: "beneficiaries `N` with a section in the reports (0: all)"},
		&cli.BoolFlag{Name: "excel", Usage: "start the CSV files with a byte-order mark, for spreadsheets that need one to read UTF-8"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print no progress"},
	}
}

// publicationOptions reads the publicationFlags of c.
func (m *Main) publicationOptions(c *cli.Context) (batchOptions, error) {
	if c.Int("report-limit") < 0 {
		return batchOptions{}, usagef(c, "--report-limit %d: expected 0 (all) or more", c.Int("report-limit"))
	}
	return batchOptions{Out: c.String("out"), ReportLimit: c.Int("report-limit"), Excel: c.Bool("excel"), Progress: m.progress(c.Bool("quiet"))}, nil
}

// batchParametersOf reads the engine and pairing flags of c.
func batchParametersOf(c *cli.Context) (batch.Parameters, error) {
	o, err := pairingOptions(c)
	if err != nil {
		return batch.Parameters{}, err
	}
	bp := batch.Parameters{Year: time.Now().Year(), Shortlists: o.Parameters, Pairing: o}
	if c.IsSet("year") {
		bp.Year = c.Int("year")
	}
	bp.Shortlists.Year = bp.Year
	bp.Pairing.Year = bp.Year
	return bp, nil
}

// runBatch runs the batch bp on the profiles in db: it stores the run as
// running, computes every shortlist and the pairing, stages the published
// files, stores the results and marks the run done in one transaction,
// and then moves the files into opts.Out. On an error or an interrupt the
// run is marked failed or interrupted and no file is published. It returns
// the run (nil if it could not be started) and the time of each stage.
func (m *Main) runBatch(ctx context.Context, db *store.DB, bp batch.Parameters, opts batchOptions) (r *model.Run, tm batch.Timing, err error) {
	start := time.Now()
	prog := opts.Progress
	if prog == nil {
		prog = batch.Quiet{}
	}
	if opts.Out != "" {
		if err := checkOut(opts.Out); err != nil {
			return nil, tm, err
		}
	}
	res, e, r, tm, err := m.batchResults(ctx, db, bp, prog, start)
	if r == nil {
		return nil, tm, stopped(ctx, err)
	}
	var staged *stagedFiles
	defer func() {
		if staged != nil {
			staged.discard()
		}
		err = stopped(ctx, err)
		if err != nil && r.Status == model.RunRunning {
			status, msg := model.RunFailed, model.ErrorMessage(err)
			if errors.Is(err, context.Canceled) {
				status, msg = model.RunInterrupted, "interrupted by the user"
			}
			if endErr := db.EndRun(context.WithoutCancel(ctx), r.ID, status, msg); endErr != nil {
				err = errors.Join(err, endErr)
			}
			r.Status = status
		}
	}()
	if err != nil {
		return r, tm, err
	}
	t := time.Now()
	if r.ResultDigest, err = store.ResultDigest(r.Parameters, res); err != nil {
		return r, tm, err
	}
	tm.Digest += time.Since(t)
	r.Ended = db.Now().UTC()
	if opts.Out != "" {
		t := time.Now()
		prog.Stage("writing " + opts.Out)
		if staged, err = stagePublication(ctx, e, r, bp, res, opts, db.Now().UTC()); err != nil {
			return r, tm, err
		}
		tm.Write = time.Since(t)
	}
	if err = ctx.Err(); err != nil {
		return r, tm, err
	}
	t = time.Now()
	prog.Stage("storing the run")
	tm.Total = time.Since(start)
	if r.Timing, err = json.Marshal(tm); err != nil {
		return r, tm, fmt.Errorf("batch timing: %w", err)
	}
	if err = db.FinishRun(ctx, r, res); err != nil {
		return r, tm, err
	}
	tm.Store = time.Since(t)
	tm.Total = time.Since(start)
	if staged != nil {
		// The run is done: publish whatever happens to ctx now.
		if err = staged.publish(); err != nil {
			return r, tm, fmt.Errorf("run %d is stored but its files could not be published: %w", r.ID, err)
		}
		staged = nil
	}
	return r, tm, nil
}

// stagePublication writes the published files of the done run r (its
// parameters bp and results res, its profiles in e) into a staging folder
// beside opts.Out, stamped as published at published, and returns it for
// publishing.
func stagePublication(ctx context.Context, e *match.Engine, r *model.Run, bp batch.Parameters, res *model.RunResults, opts batchOptions, published time.Time) (staged *stagedFiles, err error) {
	s, err := stageFiles(opts.Out)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			s.discard() // s, not staged: a failed return has set staged to nil
		}
	}()
	in := reportInput{Run: r, Params: bp, Cities: e.Cities(), Tax: e.Taxonomy(), Results: res, Limit: opts.ReportLimit,
		Unpartnered: e.Unpartnered(res, bp.Shortlists), Published: published}
	if in.Unlisted, err = batch.UnlistedGaps(ctx, e, bp, res); err != nil {
		return nil, err
	}
	if err = writePublication(ctx, s, in, opts.Excel); err != nil {
		return nil, err
	}
	return s, nil
}

// batchResults reads the store, starts the run and computes its results.
// It returns a nil run if the run could not be started.
func (m *Main) batchResults(ctx context.Context, db *store.DB, bp batch.Parameters, prog batch.Progress, start time.Time) (*model.RunResults, *match.Engine, *model.Run, batch.Timing, error) {
	var tm batch.Timing
	prog.Stage("reading the profiles")
	t := time.Now()
	doc, err := db.Document(ctx)
	if err != nil {
		return nil, nil, nil, tm, fmt.Errorf("load profiles: %w", err)
	}
	tm.Load = time.Since(t)
	t = time.Now()
	inputDigest, inputs, err := store.InputDigests(doc)
	if err != nil {
		return nil, nil, nil, tm, err
	}
	tm.Digest = time.Since(t)
	params, err := json.Marshal(bp)
	if err != nil {
		return nil, nil, nil, tm, fmt.Errorf("batch parameters: %w", err)
	}
	host, _ := os.Hostname()
	r := &model.Run{Version: Version, Parameters: params, InputDigest: inputDigest, Inputs: inputs, Cities: len(doc.Cities), Host: host, PID: os.Getpid()}
	if err := db.StartRun(ctx, r, doc); err != nil {
		return nil, nil, nil, tm, err
	}
	prog.Stage(fmt.Sprintf("run %d: vectorising %d profiles", r.ID, len(doc.Cities)))
	e, err := match.NewEngine(doc, m.Ref, profile.Inferrer(m.Ref.Topics), bp.Year)
	if err != nil {
		return nil, nil, r, tm, err
	}
	doc = nil
	tm.Vectorise = e.VectoriseTime
	res, err := batch.Compute(ctx, e, bp, prog, &tm)
	return res, e, r, tm, err
}

// shortDigest abbreviates a digest for people: its first 12 hex digits.
func shortDigest(d string) string {
	if len(d) > 12 {
		return d[:12]
	}
	return d
}

// stagedFiles is a hidden folder beside the output folder where the files
// of a run are written before they are published: by renaming the staging
// folder into place when the output folder does not exist yet, so that it
// appears whole or not at all, or else by moving each file into it.
type stagedFiles struct {
	out, dir string
	names    []string
}

// stagePrefix starts the name of a staging folder; the process id follows.
const stagePrefix = ".c2c-batch-"

// rename moves a file or folder; tests replace it to fail as a rename
// across filesystems does (EXDEV).
var rename = os.Rename

// checkOut refuses an output folder out that c2c must not publish into: a
// file, or a folder with files that is not a c2c report (one without a
// run.json that c2c wrote). A missing folder is fine: it is created when
// the run is published. It is called before a run starts, so that a
// refused folder leaves no run behind.
func checkOut(out string) error {
	fi, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &model.Error{Code: model.EINVALID, File: out, Message: "cannot read the output folder", Err: err}
	}
	if !fi.IsDir() {
		return &model.Error{Code: model.EINVALID, File: out, Message: "not a folder: expected a new folder, an empty one or one that c2c published a run in"}
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return &model.Error{Code: model.EINVALID, File: out, Message: "cannot read the output folder", Err: err}
	}
	if len(entries) == 0 || isReport(filepath.Join(out, fileRun)) {
		return nil
	}
	what := fmt.Sprintf("%d entries", len(entries))
	if len(entries) == 1 {
		what = "1 entry"
	}
	return &model.Error{Code: model.EINVALID, File: out, Message: "a folder of " + what + " that is not a c2c report (it has no run.json written by c2c): expected a new folder, an empty one or one that c2c published a run in"}
}

// isReport reports whether path is the run.json of a c2c report: a JSON
// object whose run has an id and a result digest and whose files list it.
func isReport(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var pr publishedRun
	if json.Unmarshal(b, &pr) != nil || pr.Run.ID < 1 || pr.Run.ResultDigest == "" {
		return false
	}
	return slices.Contains(pr.Files, fileRun)
}

// stageFiles creates a staging folder beside the output folder out (in its
// nearest existing parent, so that nothing is created for out itself until
// it is published), removing the staging folders of dead batch processes.
func stageFiles(out string) (*stagedFiles, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", out, err)
	}
	parent := filepath.Dir(abs)
	for {
		if fi, err := os.Stat(parent); err == nil && fi.IsDir() {
			break
		}
		up := filepath.Dir(parent)
		if up == parent {
			break
		}
		parent = up
	}
	prefix := stagePrefix + filepath.Base(abs) + "-"
	if old, _ := filepath.Glob(filepath.Join(parent, prefix+"*")); len(old) > 0 {
		for _, dir := range old {
			if pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(dir), prefix)); err == nil && !processAlive(pid) {
				os.RemoveAll(dir)
			}
		}
	}
	dir := filepath.Join(parent, prefix+strconv.Itoa(os.Getpid()))
	os.RemoveAll(dir)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, &model.Error{Code: model.EINVALID, File: dir, Message: "cannot create a staging folder beside the output folder", Err: err}
	}
	return &stagedFiles{out: abs, dir: dir}, nil
}

// create writes the staged file name through write.
func (s *stagedFiles) create(name string, write func(io.Writer) error) error {
	err := store.WriteFileAtomic(filepath.Join(s.dir, name), write)
	if err != nil {
		return err
	}
	s.names = append(s.names, name)
	return nil
}

// publish puts the staged files in the output folder and removes the
// staging folder. A missing output folder is the staging folder renamed;
// an existing one gets each file by a rename. Where a rename fails because
// the staging folder is on another filesystem (EXDEV: the output folder is
// a mount point, or a parent is a link to another disk), the files are
// copied into a temporary file or folder on the output's filesystem first
// and renamed from there, so that readers still never see part of a file.
func (s *stagedFiles) publish() error {
	if _, err := os.Stat(s.out); errors.Is(err, fs.ErrNotExist) {
		return s.publishFolder()
	}
	for _, name := range s.names {
		src, dst := filepath.Join(s.dir, name), filepath.Join(s.out, name)
		err := rename(src, dst)
		if errors.Is(err, syscall.EXDEV) {
			err = copyFile(src, dst)
		}
		if err != nil {
			return fmt.Errorf("publish %s: %w", name, err)
		}
	}
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("publish: remove the staging folder: %w", err)
	}
	return nil
}

// publishFolder renames the staging folder to the missing output folder,
// or copies it beside the output folder and renames the copy where the
// two are on different filesystems.
func (s *stagedFiles) publishFolder() error {
	parent := filepath.Dir(s.out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return &model.Error{Code: model.EINVALID, File: parent, Message: "cannot create the folder of the output folder", Err: err}
	}
	err := rename(s.dir, s.out)
	if errors.Is(err, syscall.EXDEV) {
		err = s.copyFolder(parent)
	}
	if err != nil {
		return fmt.Errorf("publish %s: %w", s.out, err)
	}
	return store.SyncDir(parent)
}

// copyFolder copies the staged files into a new hidden folder in parent,
// on the output folder's filesystem, renames it to the output folder and
// removes the staging folder.
func (s *stagedFiles) copyFolder(parent string) error {
	tmp, err := os.MkdirTemp(parent, stagePrefix+filepath.Base(s.out)+"-copy-")
	if err != nil {
		return err
	}
	for _, name := range s.names {
		if err := copyFile(filepath.Join(s.dir, name), filepath.Join(tmp, name)); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := rename(tmp, s.out); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return os.RemoveAll(s.dir)
}

// copyFile copies src to dst through a temporary file beside dst (see
// store.WriteFileAtomic), so that dst is whole or absent.
func copyFile(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	return store.WriteFileAtomic(dst, func(w io.Writer) error {
		_, err := io.Copy(w, f)
		return err
	})
}

// discard removes the staging folder and what is in it.
func (s *stagedFiles) discard() { os.RemoveAll(s.dir) }

// processAlive reports whether process pid exists on this machine.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// progress returns the progress display for m.Stderr: a bar on a terminal,
// plain lines otherwise, nothing when quiet.
func (m *Main) progress(quiet bool) batch.Progress {
	if quiet {
		return batch.Quiet{}
	}
	if f, ok := m.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &barProgress{w: m.Stderr}
	}
	return &lineProgress{w: m.Stderr, every: 5 * time.Second}
}

// barProgress draws a progress bar with the rate and the time left.
type barProgress struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

func (p *barProgress) Stage(what string) {
	if what != "" {
		fmt.Fprintf(p.w, "c2c: %s\n", what)
	}
}

func (p *barProgress) Start(what string, total int) {
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription("c2c: "+what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("cities"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(p.w) }),
	)
}

func (p *barProgress) Add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

func (p *barProgress) Finish() {
	if p.bar != nil && !p.bar.IsFinished() {
		_ = p.bar.Exit()
		fmt.Fprintln(p.w)
	}
	p.bar = nil
}

// lineProgress prints a line per stage and, for a counted stage, one every
// so often with the count, the rate and the time left.
type lineProgress struct {
	w           io.Writer
	every       time.Duration
	what        string
	total, done int
	start, last time.Time
}

func (p *lineProgress) Stage(what string) {
	if what != "" {
		fmt.Fprintf(p.w, "c2c: %s\n", what)
	}
}

func (p *lineProgress) Start(what string, total int) {
	p.what, p.total, p.done = what, total, 0
	p.start, p.last = time.Now(), time.Now()
	fmt.Fprintf(p.w, "c2c: %s: 0/%d\n", what, total)
}

func (p *lineProgress) Add(n int) {
	p.done += n
	if now := time.Now(); now.Sub(p.last) >= p.every && p.done < p.total {
		p.last = now
		p.line(now)
	}
}

func (p *lineProgress) line(now time.Time) {
	elapsed := now.Sub(p.start).Seconds()
	rate := float64(p.done) / max(elapsed, 1e-9)
	left := ""
	if rate > 0 && p.done < p.total {
		left = fmt.Sprintf(", about %s left", time.Duration(float64(p.total-p.done)/rate*float64(time.Second)).Round(time.Second))
	}
	fmt.Fprintf(p.w, "c2c: %s: %d/%d (%.0f%%), %.0f/s%s\n", p.what, p.done, p.total, 100*float64(p.done)/float64(max(p.total, 1)), rate, left)
}

func (p *lineProgress) Finish() {
	if p.total > 0 {
		p.line(time.Now())
	}
	p.total = 0
}
