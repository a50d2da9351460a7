package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/cmd/c2c/internal/runs"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
)

// The stored batch runs, read through the same runs.Runner as c2c runs:
// the pages show the Reports of c2c runs, runs show, runs diff and runs
// verify (render.RunsReport and its siblings) as HTML tables, and the API
// returns the values those commands print with --format json.

// runner returns the runner of the store's batch runs.
func (s *Server) runner() *runs.Runner {
	return &runs.Runner{DB: s.DB, Ref: s.Ref, Version: s.Version}
}

// runID reads the run id in the path value key, as c2c runs reads its
// argument: a number, optionally after "#".
func runID(r *http.Request, key string) (int64, error) {
	v := r.PathValue(key)
	id, ok := runs.ParseID(v)
	if !ok {
		return 0, &model.Error{Code: model.EINVALID, Key: key, Message: fmt.Sprintf("run id %q: expected a number such as 3 (the runs page lists them)", v)}
	}
	return id, nil
}

// reportView is a render.Report as a page shows it; the cells of the first
// column of its first table link to Link followed by the cell, when Link
// is set.
type reportView struct {
	render.Report
	Link string
}

// runsData is what the runs page shows.
type runsData struct {
	List    reportView
	Batch   batchState // the batch started here, running or last
	Form    url.Values // the start form, as typed
	Errors  []apiError // why the last start was refused
	Publish string     // the folder a batch publishes in, "" for none
}

// runsPage lists the stored runs as c2c runs does, with the form that
// starts a batch for editors.
func (s *Server) runsPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	return s.showRuns(w, r, u, http.StatusOK, batchDefaults(s.year()), nil)
}

// showRuns renders the runs page with the start form as typed and why a
// start was refused, if it was.
func (s *Server) showRuns(w http.ResponseWriter, r *http.Request, u model.User, status int, form url.Values, errs []apiError) error {
	list, err := s.runner().List(r.Context())
	if err != nil {
		return err
	}
	d := runsData{List: reportView{render.RunsReport(list), "/runs/"}, Batch: s.batch.state(), Form: form, Errors: errs, Publish: s.Publish.Out}
	s.render(w, r, status, "runs.html", u, "Runs", d)
	return nil
}

// runPage shows one run as c2c runs show does.
func (s *Server) runPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	id, err := runID(r, "id")
	if err != nil {
		return err
	}
	shown, err := s.runner().Show(r.Context(), id)
	if err != nil {
		return err
	}
	s.showRun(w, r, u, http.StatusOK, shown, nil, nil)
	return nil
}

// showRun renders the page of a run with status, with what verifying it
// found when v is set and why a review button was refused, if it was. The
// page's title is the report's.
func (s *Server) showRun(w http.ResponseWriter, r *http.Request, u model.User, status int, shown render.RunShown, v *batch.Verification, errs []apiError) {
	rep := render.RunReport(shown)
	title := rep.Title
	rep.Title = ""
	d := runData{Report: reportView{rep, "/members/"}, Run: shown.Run, Publish: s.Publish.Out, Errors: errs}
	if held, ok := s.publishedRun(); ok && held == shown.Run.ID {
		d.HasReport = true
	}
	if v != nil {
		d.Verification = &reportView{Report: render.VerifyReport(v)}
	}
	s.render(w, r, status, "run.html", u, title, d)
}

// compareRedirect sends the compare form of the runs page (?a=A&b=B) to
// the diff of the two runs.
func (s *Server) compareRedirect(w http.ResponseWriter, r *http.Request, _ model.User) error {
	q := r.URL.Query()
	http.Redirect(w, r, "/runs/"+url.PathEscape(q.Get("a"))+"/diff/"+url.PathEscape(q.Get("b")), http.StatusSeeOther)
	return nil
}

// runData is what a run's page shows.
type runData struct {
	Report       reportView
	Run          *model.Run
	Verification *reportView // what verifying it found, after a verify
	Publish      string      // the folder publishing writes its files in, "" for none
	HasReport    bool        // the publish folder holds this run's report (GET /runs/{id}/report)
	Errors       []apiError  // why the last review button was refused
}

// The review of a run, through the same runs.Runner as c2c runs approve
// and c2c runs publish: an editor approves a done draft, then publishes
// it, each a button of the run's page and a POST of the API. Publishing
// writes the run's files in the folder a batch started here publishes in
// (Server.Publish), if there is one, and records the publication either
// way. The store refuses what the run's state does not allow (ECONFLICT)
// and audits every transition.

// reviewFunc is one transition of a run's review, as by's decision.
type reviewFunc func(ctx context.Context, id int64, by string) (*model.Review, error)

// approveRun approves the done run id as by's decision.
func (s *Server) approveRun(ctx context.Context, id int64, by string) (*model.Review, error) {
	return s.runner().Approve(ctx, id, by)
}

// publishRun publishes the approved run id as by's decision, into
// s.Publish.Out if it is set.
func (s *Server) publishRun(ctx context.Context, id int64, by string) (*model.Review, error) {
	return s.runner().Publish(ctx, id, by, runs.Options{Options: s.Publish})
}

// reviewSubmit is the handler of a review button of a run's page: it
// applies do to the run in the path as the account's decision and goes
// back to the run's page; refused by the run's state (ECONFLICT: approved
// already, a draft to publish), it shows the run's page with why.
func (s *Server) reviewSubmit(do reviewFunc) handler {
	return func(w http.ResponseWriter, r *http.Request, u model.User) error {
		id, err := runID(r, "id")
		if err != nil {
			return err
		}
		if _, err := do(r.Context(), id, u.Name); model.ErrorCode(err) == model.ECONFLICT {
			shown, serr := s.runner().Show(r.Context(), id)
			if serr != nil {
				return err
			}
			status, errs := s.located(r, err)
			s.showRun(w, r, u, status, shown, nil, errs)
			return nil
		} else if err != nil {
			return err
		}
		http.Redirect(w, r, fmt.Sprintf("/runs/%d", id), http.StatusSeeOther)
		return nil
	}
}

// apiReview is the API route of a review transition: it applies do to the
// run in the path as the account's decision and returns the run's review
// ({"state", "approved_by", "approved", "published_by", "published"}).
func (s *Server) apiReview(do reviewFunc) handler {
	return func(w http.ResponseWriter, r *http.Request, u model.User) error {
		id, err := runID(r, "id")
		if err != nil {
			return err
		}
		rv, err := do(r.Context(), id, u.Name)
		if err != nil {
			return err
		}
		s.writeJSON(w, r, http.StatusOK, rv)
		return nil
	}
}

// diff compares the runs in the path values a and b.
func (s *Server) diff(r *http.Request) (*batch.RunDiff, error) {
	a, err := runID(r, "a")
	if err != nil {
		return nil, err
	}
	b, err := runID(r, "b")
	if err != nil {
		return nil, err
	}
	return s.runner().Diff(r.Context(), a, b)
}

// diffPage compares two runs as c2c runs diff does.
func (s *Server) diffPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	d, err := s.diff(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "report.html", u, fmt.Sprintf("Run %d → run %d", d.From, d.To), reportView{render.DiffReport(d), "/members/"})
	return nil
}

// verify re-runs the run in the path value id (see runs.Runner.Verify).
func (s *Server) verify(r *http.Request) (*batch.Verification, error) {
	id, err := runID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.runner().Verify(r.Context(), id, batch.Quiet{})
}

// verifySubmit re-runs a run and shows its page with the verdict.
func (s *Server) verifySubmit(w http.ResponseWriter, r *http.Request, u model.User) error {
	v, err := s.verify(r)
	if err != nil {
		return err
	}
	shown, err := s.runner().Show(r.Context(), v.Run)
	if err != nil {
		return err
	}
	s.showRun(w, r, u, http.StatusOK, shown, v, nil)
	return nil
}

// apiRuns lists the stored runs as c2c runs --format json does.
func (s *Server) apiRuns(w http.ResponseWriter, r *http.Request, _ model.User) error {
	list, err := s.runner().List(r.Context())
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, list)
	return nil
}

// apiRun returns one run as c2c runs show --format json does.
func (s *Server) apiRun(w http.ResponseWriter, r *http.Request, _ model.User) error {
	id, err := runID(r, "id")
	if err != nil {
		return err
	}
	shown, err := s.runner().Show(r.Context(), id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, shown)
	return nil
}

// apiDiff compares two runs as c2c runs diff --format json does.
func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request, _ model.User) error {
	d, err := s.diff(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, d)
	return nil
}

// apiVerify re-runs a run and returns what c2c runs verify --format json
// prints, whether or not it reproduces (its field reproduces says).
func (s *Server) apiVerify(w http.ResponseWriter, r *http.Request, _ model.User) error {
	v, err := s.verify(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, v)
	return nil
}

// publishedRun reads the manifest (run.json) of the report in the server's
// publish folder and returns the run it is the report of; ok is false
// when the server publishes nowhere or the folder holds no report.
func (s *Server) publishedRun() (held int64, ok bool) {
	if s.Publish.Out == "" {
		return 0, false
	}
	b, err := os.ReadFile(filepath.Join(s.Publish.Out, publish.FileRun))
	if err != nil {
		return 0, false
	}
	var m publish.Manifest
	if json.Unmarshal(b, &m) != nil {
		return 0, false
	}
	return m.Run.ID, true
}

// reportPolicy is the Content-Security-Policy of a published report: the
// report is one self-contained file with its own stylesheet and inline
// map, so it may use inline style, and nothing else: no script at all.
const reportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// runReport serves the published report of run id (GET
// /runs/{id}/report): report.html of the server's publish folder, when the
// folder holds that run's report.
func (s *Server) runReport(w http.ResponseWriter, r *http.Request, _ model.User) error {
	id, err := runID(r, "id")
	if err != nil {
		return err
	}
	held, ok := s.publishedRun()
	switch {
	case s.Publish.Out == "":
		return &model.Error{Code: model.ENOTFOUND, Message: fmt.Sprintf("run %d: this server publishes no report (c2c serve without a publish folder); c2c runs publish %d --out DIR writes it", id, id)}
	case !ok:
		return &model.Error{Code: model.ENOTFOUND, Message: fmt.Sprintf("run %d: the publish folder holds no report yet; publish the run first", id)}
	case held != id:
		return &model.Error{Code: model.ENOTFOUND, Message: fmt.Sprintf("run %d: the publish folder holds the report of run %d; publish run %d again to show its own", id, held, id)}
	}
	f, err := os.Open(filepath.Join(s.Publish.Out, publish.FileHTML))
	if err != nil {
		return fmt.Errorf("open the published report: %w", err)
	}
	defer f.Close()
	w.Header().Set("Content-Security-Policy", reportPolicy)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err = io.Copy(w, f)
	return err
}
