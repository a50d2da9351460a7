package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/runs"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// An editor starts a batch from the runs page, or with POST /api/v1/runs:
// runs.Runner.Batch, as c2c batch runs it, in a goroutine under the
// server's context, so that shutting the server down interrupts it as
// Ctrl-C interrupts c2c batch.
// One batch runs at a time; a second start while one runs is refused with
// ECONFLICT. Its progress is the page /runs/current (reload it) and the
// server-sent events of /runs/current/events; an editor cancels it, and
// the run ends interrupted. Starts and cancels are audited.

// Audit actions of batches started from the web application; the target
// of a start is "batch" (the run has no id yet), the detail its
// parameters as stored; the target of a cancel is the run.
const (
	ActionBatchStart  = "batch.start"
	ActionBatchCancel = "batch.cancel"
)

// cancelWait is how long a cancel waits for the batch to end before it
// answers.
const cancelWait = 5 * time.Second

// batchState is how far the batch started here is, as the current page,
// its events and GET /api/v1/runs/current show it.
type batchState struct {
	Running     bool            `json:"running"`                // still running
	By          string          `json:"by,omitempty"`           // the account that started it
	Started     string          `json:"started,omitempty"`      // when, RFC 3339
	Stage       string          `json:"stage,omitempty"`        // what it is doing
	Done        int             `json:"done"`                   // items of a counted stage done
	Total       int             `json:"total"`                  // items of a counted stage, 0 for a stage without a count
	Run         int64           `json:"run,omitempty"`          // the run's id, once stored
	Status      model.RunStatus `json:"status,omitempty"`       // the run's status once it ended
	Message     string          `json:"message,omitempty"`      // why it failed or stopped
	CancelledBy string          `json:"cancelled_by,omitempty"` // the account that cancelled it
}

// batches holds the batch started here: the running one, else the last.
type batches struct {
	mu  sync.Mutex
	job *batchJob
	wg  sync.WaitGroup // the running batch's goroutine
}

// state returns the state of the running or last batch; the zero state
// before any.
func (b *batches) state() batchState {
	if j := b.current(); j != nil {
		st, _ := j.snapshot()
		return st
	}
	return batchState{}
}

// current returns the running or last batch, nil before any.
func (b *batches) current() *batchJob {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.job
}

// batchJob is one batch started here. It is its own batch.Progress.
type batchJob struct {
	cancel context.CancelFunc
	done   chan struct{} // closed when the batch has ended

	mu      sync.Mutex
	st      batchState
	changed chan struct{} // closed and replaced at every change of st
}

var _ batch.Progress = (*batchJob)(nil)

// update changes the state with f and wakes whoever waits for a change.
func (j *batchJob) update(f func(st *batchState)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f(&j.st)
	close(j.changed)
	j.changed = make(chan struct{})
}

// snapshot returns the state and a channel closed at its next change.
func (j *batchJob) snapshot() (batchState, <-chan struct{}) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st, j.changed
}

// Stage begins a stage without a count.
func (j *batchJob) Stage(what string) {
	j.update(func(st *batchState) { st.Stage, st.Done, st.Total = what, 0, 0 })
}

// Start begins a counted stage of total items.
func (j *batchJob) Start(what string, total int) {
	j.update(func(st *batchState) { st.Stage, st.Done, st.Total = what, 0, total })
}

// Add counts n more items done.
func (j *batchJob) Add(n int) { j.update(func(st *batchState) { st.Done += n }) }

// Finish ends the counted stage.
func (j *batchJob) Finish() { j.update(func(st *batchState) { st.Done = st.Total }) }

// batchDefaults are the form values of a new batch: c2c batch's defaults
// in year (batch.DefaultParameters).
func batchDefaults(year int) url.Values {
	d := batch.DefaultParameters(year)
	f := url.Values{
		"year":           {strconv.Itoa(d.Year)},
		"top":            {strconv.Itoa(d.Shortlists.Top)},
		"quota":          {strconv.FormatFloat(d.Shortlists.Quota, 'g', -1, 64)},
		"prefer":         {string(d.Shortlists.Prefer)},
		"partners":       {strconv.Itoa(d.Pairing.Partners)},
		"min_score":      {strconv.FormatFloat(d.Pairing.MinScore, 'g', -1, 64)},
		"min_developing": {strconv.Itoa(d.Pairing.MinDeveloping)},
		"objective":      {d.Pairing.Objective.String()},
		"candidates":     {strconv.Itoa(d.Pairing.Candidates)},
	}
	if d.Pairing.Clusters {
		f.Set("clusters", "true")
	}
	return f
}

// batchParameters reads a batch from the form f, with the options of the
// workshop (see workshopOptions) and c2c batch's defaults where c2c pair's
// differ: candidates blank is batch.Candidates. The reference year blank
// is year; it applies to the shortlists and the pairing, as in c2c batch.
func batchParameters(f url.Values, year int) (batch.Parameters, error) {
	o, y, err := workshopOptions(f, nil)
	if err != nil {
		return batch.Parameters{}, err
	}
	if f.Get("candidates") == "" {
		o.Candidates = batch.Candidates
	}
	if y != 0 {
		year = y
	}
	return batch.NewParameters(year, o), nil
}

// apiBatchParameters reads a batch from the JSON body of POST
// /api/v1/runs: the options object of POST /api/v1/workshop without
// participants (a batch pairs every member), every key optional with
// c2c batch's defaults (batch.DefaultParameters); year 0 or none is
// year.
func apiBatchParameters(body io.Reader, year int) (batch.Parameters, error) {
	o := batch.DefaultParameters(year).Pairing
	if err := decodeJSON(body, &o); err != nil {
		return batch.Parameters{}, err
	}
	if len(o.Participants) > 0 {
		return batch.Parameters{}, &model.Error{Code: model.EINVALID, Key: "participants",
			Message: "a batch pairs every member: expected no participants (POST /api/v1/workshop pairs some)"}
	}
	if o.Year != 0 {
		year = o.Year
	}
	return batch.NewParameters(year, o), nil
}

// year is the reference year of a batch that does not name one.
func (s *Server) year() int {
	if s.Year != 0 {
		return s.Year
	}
	return time.Now().Year()
}

// startBatch starts the batch bp for u in the background, audited, and
// returns it. It refuses parameters that cannot make a batch
// (batch.Parameters.Validate: EINVALID, keyed) and, while one runs, a
// second batch (ECONFLICT), before anything is stored.
func (s *Server) startBatch(ctx context.Context, u model.User, bp batch.Parameters) (*batchJob, error) {
	if err := bp.Validate(); err != nil {
		return nil, err
	}
	b := &s.batch
	b.mu.Lock()
	defer b.mu.Unlock()
	if j := b.job; j != nil {
		if st, _ := j.snapshot(); st.Running {
			return nil, &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("a batch started by %s at %s is running (%s): only one runs at a time; wait for it to end or cancel it (/runs/current)", st.By, st.Started, st.Stage)}
		}
	}
	params, err := json.Marshal(bp)
	if err != nil {
		return nil, fmt.Errorf("batch parameters: %w", err)
	}
	if err := s.DB.Record(ctx, model.AuditEntry{User: u.Name, Action: ActionBatchStart, Target: "batch", Detail: string(params)}); err != nil {
		return nil, err
	}
	base := s.base
	if base == nil {
		base = context.Background()
	}
	bctx, cancel := context.WithCancel(base)
	j := &batchJob{cancel: cancel, done: make(chan struct{}), changed: make(chan struct{}),
		st: batchState{Running: true, By: u.Name, Started: s.DB.Now().UTC().Format(time.RFC3339), Stage: "starting"}}
	b.job = j
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer close(j.done)
		defer cancel()
		started := func(id int64) { j.update(func(st *batchState) { st.Run = id }) }
		r, _, err := s.runner().Batch(bctx, bp, runs.Options{Options: s.Publish, Progress: j, Started: started})
		stopped := errors.Is(err, context.Canceled)
		if err != nil && !stopped && model.ErrorCode(err) == model.EINTERNAL {
			fmt.Fprintf(s.Log, "c2c serve: batch started by %s: %v\n", u.Name, err)
		}
		j.update(func(st *batchState) {
			st.Running, st.Stage, st.Message = false, "", model.ErrorMessage(err)
			if stopped {
				st.Message = "interrupted by the server's shutdown"
				if st.CancelledBy != "" {
					st.Message = "cancelled by " + st.CancelledBy
				}
			}
			switch {
			case r != nil:
				st.Run, st.Status = r.ID, r.Status
			case stopped:
				st.Status, st.Message = model.RunInterrupted, st.Message+", before the run was stored"
			default:
				st.Status = model.RunFailed
			}
		})
	}()
	return j, nil
}

// waitRun waits, at most for wait or until ctx ends, for the batch j to
// store its run (or to end without one), and returns its state.
func (j *batchJob) waitRun(ctx context.Context, wait time.Duration) batchState {
	timeout := time.After(wait)
	for {
		st, changed := j.snapshot()
		if st.Run != 0 || !st.Running {
			return st
		}
		select {
		case <-changed:
		case <-timeout:
			return st
		case <-ctx.Done():
			return st
		}
	}
}

// cancelBatch cancels the running batch as u's decision, audited, and
// waits a little for it to end; ECONFLICT when none is running.
func (s *Server) cancelBatch(ctx context.Context, u model.User) (batchState, error) {
	j := s.batch.current()
	if j == nil {
		return batchState{}, &model.Error{Code: model.ECONFLICT, Message: "no batch is running: nothing to cancel"}
	}
	st, _ := j.snapshot()
	if !st.Running {
		return st, &model.Error{Code: model.ECONFLICT, Message: "no batch is running: nothing to cancel"}
	}
	target := "batch"
	if st.Run != 0 {
		target = store.RunTarget(st.Run)
	}
	if err := s.DB.Record(ctx, model.AuditEntry{User: u.Name, Action: ActionBatchCancel, Target: target, Detail: st.Stage}); err != nil {
		return st, err
	}
	j.update(func(st *batchState) { st.CancelledBy = u.Name })
	j.cancel()
	select {
	case <-j.done:
	case <-time.After(cancelWait):
	case <-ctx.Done():
	}
	st, _ = j.snapshot()
	return st, nil
}

// batchSubmit starts a batch from the runs page's form and goes to its
// progress; a refused one shows the runs page again with why.
func (s *Server) batchSubmit(w http.ResponseWriter, r *http.Request, u model.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	bp, err := batchParameters(r.PostForm, s.year())
	if err == nil {
		_, err = s.startBatch(r.Context(), u, bp)
	}
	switch model.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/runs/current", http.StatusSeeOther)
		return nil
	case model.EINVALID, model.ECONFLICT:
		status, errs := s.located(r, err)
		return s.showRuns(w, r, u, status, r.PostForm, errs)
	}
	return err
}

// currentData is what the page of the current batch shows.
type currentData struct {
	batchState
	Any     bool   // a batch was started here since the server started
	Publish string // the folder it publishes in, "" for none
}

// currentPage shows how far the batch started here is.
func (s *Server) currentPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	d := currentData{Publish: s.Publish.Out}
	if j := s.batch.current(); j != nil {
		d.batchState, _ = j.snapshot()
		d.Any = true
	}
	s.render(w, r, http.StatusOK, "current.html", u, "Current batch", d)
	return nil
}

// cancelSubmit cancels the running batch and shows how it ended.
func (s *Server) cancelSubmit(w http.ResponseWriter, r *http.Request, u model.User) error {
	if _, err := s.cancelBatch(r.Context(), u); err != nil {
		return err
	}
	http.Redirect(w, r, "/runs/current", http.StatusSeeOther)
	return nil
}

// apiCurrent returns the state of the batch started here.
func (s *Server) apiCurrent(w http.ResponseWriter, r *http.Request, _ model.User) error {
	s.writeJSON(w, r, http.StatusOK, s.batch.state())
	return nil
}

// startWait is how long POST /api/v1/runs waits for the batch it started
// to store its run, whose location it answers with.
const startWait = 10 * time.Second

// apiStartBatch starts a batch, as the runs page's form does, from the
// options in the body (see apiBatchParameters). It answers 202 Accepted
// with the batch's state once its run is stored, and the run's location,
// /api/v1/runs/{id}; /api/v1/runs/current if it is not stored within
// startWait. Options that cannot make a batch are refused with 400 and
// keyed errors, a start while a batch runs with 409, both before anything
// is stored.
func (s *Server) apiStartBatch(w http.ResponseWriter, r *http.Request, u model.User) error {
	bp, err := apiBatchParameters(r.Body, s.year())
	if err != nil {
		return err
	}
	j, err := s.startBatch(r.Context(), u, bp)
	if err != nil {
		return err
	}
	st := j.waitRun(r.Context(), startWait)
	loc := "/api/v1/runs/current"
	if st.Run != 0 {
		loc = fmt.Sprintf("/api/v1/runs/%d", st.Run)
	}
	w.Header().Set("Location", loc)
	s.writeJSON(w, r, http.StatusAccepted, st)
	return nil
}

// apiCancel cancels the running batch and returns its state.
func (s *Server) apiCancel(w http.ResponseWriter, r *http.Request, u model.User) error {
	st, err := s.cancelBatch(r.Context(), u)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, st)
	return nil
}

// eventGap is the shortest time between two progress events.
const eventGap = 200 * time.Millisecond

// gap returns a channel closed after eventGap.
func gap() <-chan struct{} {
	c := make(chan struct{})
	time.AfterFunc(eventGap, func() { close(c) })
	return c
}

// batchEvents streams the progress of the batch started here as
// server-sent events: a "progress" event with the state (see batchState)
// at every change, at most one every eventGap, then an "end" event with
// the final state once it is not running (at once when none runs). On
// shutdown the batch is interrupted, so the stream ends with it.
func (s *Server) batchEvents(w http.ResponseWriter, r *http.Request, _ model.User) error {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // the stream lasts as long as the batch
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	j := s.batch.current()
	for {
		st, changed := batchState{}, (<-chan struct{})(nil)
		if j != nil {
			st, changed = j.snapshot()
		}
		event := "progress"
		if !st.Running {
			event = "end"
		}
		data, err := json.Marshal(st)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data); err != nil {
			return nil // the client went away
		}
		_ = rc.Flush()
		if !st.Running {
			return nil
		}
		// Wait for a change, then let eventGap pass, so that a stage
		// counting thousands of items sends a few events a second.
		for _, wait := range []func() <-chan struct{}{func() <-chan struct{} { return changed }, gap} {
			select {
			case <-wait():
			case <-r.Context().Done():
				return nil
			}
		}
	}
}
