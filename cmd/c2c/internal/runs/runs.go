// Package runs runs the congress batch on a store and works on the runs
// it stored: Batch starts a run, computes it (match/batch) while storing
// its shortlists in chunks that stay invisible until the run is done,
// stages its published folder (publish), stores the pairing and marks the
// run done in one transaction, and only then moves the folder into place; Verify
// re-runs a stored run on its stored input, Approve approves a done run,
// Publish publishes an approved one (again, if need be) and Diff compares
// two, for the command line and the web application alike.
package runs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// Runner runs, verifies, publishes and compares the batch runs of DB.
type Runner struct {
	DB      *store.DB       // the store of profiles and runs
	Ref     model.Reference // the taxonomy of topics and the country table
	Version string          // the engine version runs are stamped with and verified against
}

// Options are the choices of one batch run besides the engine's.
type Options struct {
	publish.Options                // Out "" publishes nothing
	Progress        batch.Progress // nil shows nothing
	// Started, when set, is told the id of the run a batch stored as
	// running, as soon as it is committed.
	Started func(id int64)
}

// Batch runs the batch bp on the profiles in rn.DB: it refuses
// parameters that cannot make a batch (batch.Parameters.Validate, EINVALID
// keyed by parameter) before anything is stored, marks runs left
// unfinished by a process that is gone as interrupted and removes their
// rows, stores the run as running, computes every shortlist and stores
// them in chunks as they come (the batch holds a few chunks, not the whole
// run, unless it publishes), computes the pairing, stages the published
// files, stores the pairing and marks the run done in one transaction, and
// then moves the files into opts.Out. On an error or an interrupt the run
// is marked failed or interrupted, its rows are left for the next start to
// remove, and no file is published. It returns the run (nil if it could
// not be started) and the time of each stage.
func (rn *Runner) Batch(ctx context.Context, bp batch.Parameters, opts Options) (r *model.Run, tm batch.Timing, err error) {
	db := rn.DB
	start := time.Now()
	prog := opts.Progress
	if prog == nil {
		prog = batch.Quiet{}
	}
	if err := bp.Validate(); err != nil {
		return nil, tm, err
	}
	if opts.Out != "" {
		if err := publish.Check(opts.Out); err != nil {
			return nil, tm, err
		}
	}
	res, digest, e, r, tm, err := rn.results(ctx, bp, prog, opts.Out != "", opts.Started)
	if r == nil {
		return nil, tm, Stopped(ctx, err)
	}
	var staged *publish.Staging
	defer func() {
		if staged != nil {
			staged.Discard()
		}
		err = Stopped(ctx, err)
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
	r.ResultDigest = digest
	r.Ended = db.Now().UTC()
	if opts.Out != "" {
		t := time.Now()
		prog.Stage("writing " + opts.Out)
		if staged, err = publish.Stage(ctx, e, r, bp, res, opts.Options, db.Now().UTC()); err != nil {
			return r, tm, err
		}
		tm.Write = time.Since(t)
	}
	if err = ctx.Err(); err != nil {
		return r, tm, err
	}
	t := time.Now()
	prog.Stage("storing the run")
	tm.Total = time.Since(start)
	if r.Timing, err = json.Marshal(tm); err != nil {
		return r, tm, fmt.Errorf("batch timing: %w", err)
	}
	if err = db.FinishStreamedRun(ctx, r, res.Pairing); err != nil {
		return r, tm, err
	}
	tm.Store += time.Since(t)
	tm.Total = time.Since(start)
	if staged != nil {
		// The run is done: publish whatever happens to ctx now.
		if err = staged.Publish(); err != nil {
			return r, tm, fmt.Errorf("run %d is stored but its files could not be published: %w", r.ID, err)
		}
		staged = nil
	}
	return r, tm, nil
}

// results reads the store, starts the run, computes its results and
// stores its shortlists as they come (see runSink), and returns the result
// digest and the pairing, with every shortlist too when keep is set (for
// publishing); started, when set, is told the run's id once it is stored.
// Runs that an earlier process left unfinished are marked
// interrupted and their rows removed first. It returns a nil run if the
// run could not be started.
func (rn *Runner) results(ctx context.Context, bp batch.Parameters, prog batch.Progress, keep bool, started func(id int64)) (*model.RunResults, string, *match.Engine, *model.Run, batch.Timing, error) {
	db := rn.DB
	var tm batch.Timing
	host, _ := os.Hostname()
	if _, err := db.DiscardUnfinished(ctx, func(h string, pid int) bool { return h != host || publish.ProcessAlive(pid) }); err != nil {
		return nil, "", nil, nil, tm, err
	}
	prog.Stage("reading the profiles")
	t := time.Now()
	doc, err := db.Document(ctx)
	if err != nil {
		return nil, "", nil, nil, tm, fmt.Errorf("load profiles: %w", err)
	}
	tm.Load = time.Since(t)
	t = time.Now()
	inputDigest, inputs, err := store.InputDigests(doc)
	if err != nil {
		return nil, "", nil, nil, tm, err
	}
	tm.Digest = time.Since(t)
	params, err := json.Marshal(bp)
	if err != nil {
		return nil, "", nil, nil, tm, fmt.Errorf("batch parameters: %w", err)
	}
	r := &model.Run{Version: rn.Version, Parameters: params, InputDigest: inputDigest, Inputs: inputs, Cities: len(doc.Cities), Host: host, PID: os.Getpid()}
	if err := db.StartRun(ctx, r, doc); err != nil {
		return nil, "", nil, nil, tm, err
	}
	if started != nil {
		started(r.ID)
	}
	prog.Stage(fmt.Sprintf("run %d: vectorising %d profiles", r.ID, len(doc.Cities)))
	e, err := match.NewEngineContext(ctx, doc, rn.Ref, profile.Inferrer(rn.Ref.Topics), bp.Year)
	if err != nil {
		return nil, "", nil, r, tm, err
	}
	doc = nil
	tm.Vectorise = e.VectoriseTime
	sink := newRunSink(ctx, db, r, keep)
	pl, err := batch.Stream(ctx, e, bp, prog, &tm, sink.add)
	t = time.Now()
	if cerr := sink.close(); err == nil {
		err = cerr
	}
	// The writer stores while the engine computes; what it had left when
	// the shortlists were done counts as storing.
	tm.Store = time.Since(t)
	if err != nil {
		return nil, "", e, r, tm, err
	}
	digest, err := sink.sum(pl)
	if err != nil {
		return nil, "", e, r, tm, err
	}
	res := sink.keep
	if res == nil {
		res = &model.RunResults{}
	}
	res.Pairing = pl
	return res, digest, e, r, tm, nil
}

// Stale is how a running run whose process is gone is shown.
const Stale model.RunStatus = "interrupted (stale)"

// Status is the status of r as listings show it: a running run whose
// process no longer exists on this machine is stale.
func Status(r *model.Run) model.RunStatus {
	if r.Status != model.RunRunning {
		return r.Status
	}
	host, _ := os.Hostname()
	if r.Host == host && !publish.ProcessAlive(r.PID) {
		return Stale
	}
	return r.Status
}

// source is the input run r is re-run or republished from: its stored
// input or, for a run stored before c2c kept inputs, the current profiles
// when they are still its input (doc is then nil when they are not).
// current are the digests of the current profiles, against which the
// changes since the run are named.
type source struct {
	doc     *model.Document
	kept    bool                // doc is the stored input
	digest  string              // input digest of the current profiles
	current []model.InputDigest // digests of the current profiles
}

// sourceOf returns the input to re-run or republish run r from.
func (rn *Runner) sourceOf(ctx context.Context, r *model.Run) (*source, error) {
	db := rn.DB
	stored, err := db.RunInput(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Document(ctx)
	if err != nil {
		return nil, fmt.Errorf("load profiles: %w", err)
	}
	src := &source{doc: stored, kept: stored != nil}
	if src.digest, src.current, err = store.InputDigests(cur); err != nil {
		return nil, err
	}
	if stored == nil && src.digest == r.InputDigest {
		src.doc = cur
	}
	return src, nil
}

// done returns the done run id and its parameters, or ECONFLICT for a
// run that is not done.
func (rn *Runner) done(ctx context.Context, id int64, what string) (*model.Run, batch.Parameters, error) {
	r, err := rn.DB.Run(ctx, id)
	if err != nil {
		return nil, batch.Parameters{}, err
	}
	if r.Status != model.RunDone {
		return nil, batch.Parameters{}, &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is %s: only a done run can be %s", r.ID, Status(r), what)}
	}
	bp, err := batch.StoredParameters(r)
	return r, bp, err
}

// Verify re-runs run id on its stored input (for a run stored before
// c2c kept inputs, on the current profiles if they are unchanged) and
// compares the result digests.
func (rn *Runner) Verify(ctx context.Context, id int64, prog batch.Progress) (*batch.Verification, error) {
	r, bp, err := rn.done(ctx, id, "verified")
	if err != nil {
		return nil, err
	}
	src, err := rn.sourceOf(ctx, r)
	if err != nil {
		return nil, err
	}
	v := batch.NewVerification(r, bp, rn.Version, src.digest, src.current, src.kept)
	if !v.Rerunnable() {
		return v, nil
	}
	from := "the current profiles"
	if src.kept {
		from = "its stored input"
	}
	prog.Stage(fmt.Sprintf("re-running run %d on %s, %d profiles (year %d)", r.ID, from, len(src.doc.Cities), bp.Year))
	e, err := match.NewEngine(src.doc, rn.Ref, profile.Inferrer(rn.Ref.Topics), bp.Year)
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

// Approve approves the done run id, a draft, as by's decision (see
// store.DB.ApproveRun): the command line's c2c runs approve and the web
// application's Approve.
func (rn *Runner) Approve(ctx context.Context, id int64, by string) (*model.Review, error) {
	return rn.DB.ApproveRun(ctx, id, by)
}

// Publish publishes the approved run id as by's decision: it writes its
// files into opts.Out from its stored input and results, staged as the
// batch does, records the publication (store.DB.PublishRun, audited) and
// then moves the files into place; with opts.Out "" it only records it. A
// published run may be published again; a draft, or a run that is not
// done, is refused with ECONFLICT before anything is written. It returns
// the run's review.
func (rn *Runner) Publish(ctx context.Context, id int64, by string, opts Options) (*model.Review, error) {
	db := rn.DB
	if opts.Out != "" {
		if err := publish.Check(opts.Out); err != nil {
			return nil, err
		}
	}
	r, bp, err := rn.done(ctx, id, "published")
	if err != nil {
		return nil, err
	}
	if err := store.Publishable(r.ID, r.Review); err != nil {
		return nil, err
	}
	var staged *publish.Staging
	if opts.Out != "" {
		if staged, err = rn.stage(ctx, r, bp, opts); err != nil {
			return nil, err
		}
		defer func() {
			if staged != nil {
				staged.Discard()
			}
		}()
	}
	rv, err := db.PublishRun(ctx, r.ID, by, opts.Out)
	if err != nil {
		return nil, err
	}
	if staged != nil {
		err, staged = staged.Publish(), nil
		if err != nil {
			return rv, fmt.Errorf("run %d is recorded as published but its files could not be moved into %s: %w", r.ID, opts.Out, err)
		}
	}
	return rv, nil
}

// stage writes the files of the done run r, made with bp, into a staging
// folder for opts.Out, from its stored input and results.
func (rn *Runner) stage(ctx context.Context, r *model.Run, bp batch.Parameters, opts Options) (*publish.Staging, error) {
	src, err := rn.sourceOf(ctx, r)
	if err != nil {
		return nil, err
	}
	if src.doc == nil {
		return nil, &model.Error{Code: model.ECONFLICT, Message: batch.NotKept(r.ID, batch.CompareInputs(r.Inputs, src.current))}
	}
	res, err := rn.DB.RunResults(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	prog := opts.Progress
	if prog == nil {
		prog = batch.Quiet{}
	}
	prog.Stage(fmt.Sprintf("run %d: vectorising %d profiles", r.ID, len(src.doc.Cities)))
	e, err := match.NewEngine(src.doc, rn.Ref, profile.Inferrer(rn.Ref.Topics), bp.Year)
	if err != nil {
		return nil, err
	}
	prog.Stage("writing " + opts.Out)
	return publish.Stage(ctx, e, r, bp, res, opts.Options, rn.DB.Now().UTC())
}

// Diff compares run b with run a (see batch.Diff), read from db.
func (rn *Runner) Diff(ctx context.Context, a, b int64) (*batch.RunDiff, error) {
	db := rn.DB
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

// Stopped returns err as an error of ctx's ending when ctx has ended (the
// user pressed Ctrl-C): what the interrupt cut short, a database statement
// or a rolled-back transaction, reports it in its own words.
func Stopped(ctx context.Context, err error) error {
	if err == nil || ctx == nil || ctx.Err() == nil || errors.Is(err, ctx.Err()) {
		return err
	}
	return fmt.Errorf("%w: %w", ctx.Err(), err)
}
