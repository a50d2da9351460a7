package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/runs"
	"github.com/c2cnet/c2c/cmd/c2c/internal/web"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// storeRuns runs n batches of the sample network, as c2c batch does.
func storeRuns(t *testing.T, a *app, n int) {
	t.Helper()
	rn := &runs.Runner{DB: a.db, Ref: fixtures.Reference(), Version: "test"}
	for range n {
		r, _, err := rn.Batch(t.Context(), batch.DefaultParameters(2026), runs.Options{})
		require.NoError(t, err)
		require.Equal(t, model.RunDone, r.Status)
	}
}

func TestRunsRoutes(t *testing.T) {
	a := newApp(t)
	storeRuns(t, a, 2)
	tok := func(r model.Role) as { return as{r, true} }
	tests := []struct {
		method, target string
		who            as
		want           int
	}{
		{"GET", "/runs", nobody, http.StatusSeeOther},
		{"GET", "/runs", viewer, http.StatusOK},
		{"GET", "/runs/1", viewer, http.StatusOK},
		{"GET", "/runs/%231", viewer, http.StatusOK},
		{"GET", "/runs/9", viewer, http.StatusNotFound},
		{"GET", "/runs/x", viewer, http.StatusBadRequest},
		{"GET", "/runs/1/diff/2", viewer, http.StatusOK},
		{"GET", "/runs/1/diff/9", viewer, http.StatusNotFound},
		{"GET", "/runs/compare?a=1&b=2", viewer, http.StatusSeeOther},
		{"GET", "/runs/current", viewer, http.StatusOK},
		{"GET", "/runs/current/events", viewer, http.StatusOK},
		{"POST", "/runs/1/verify", nobody, http.StatusUnauthorized},
		{"POST", "/runs/1/verify", viewer, http.StatusForbidden},
		{"POST", "/runs/1/verify", editor, http.StatusOK},
		{"POST", "/runs", viewer, http.StatusForbidden},
		{"POST", "/runs/current/cancel", viewer, http.StatusForbidden},
		{"POST", "/runs/current/cancel", editor, http.StatusConflict},
		{"GET", "/api/v1/runs", nobody, http.StatusUnauthorized},
		{"GET", "/api/v1/runs", tok(model.Viewer), http.StatusOK},
		{"GET", "/api/v1/runs/2", tok(model.Viewer), http.StatusOK},
		{"GET", "/api/v1/runs/9", tok(model.Viewer), http.StatusNotFound},
		{"GET", "/api/v1/runs/1/diff/2", tok(model.Viewer), http.StatusOK},
		{"GET", "/api/v1/runs/current", tok(model.Viewer), http.StatusOK},
		{"POST", "/api/v1/runs/1/verify", tok(model.Viewer), http.StatusForbidden},
		{"POST", "/api/v1/runs/1/verify", tok(model.Editor), http.StatusOK},
		{"POST", "/api/v1/runs/9/verify", tok(model.Editor), http.StatusNotFound},
		{"POST", "/api/v1/runs/current/cancel", tok(model.Editor), http.StatusConflict},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target+" as "+string(tt.who.role), func(t *testing.T) {
			var form url.Values
			if tt.method == "POST" && !tt.who.token {
				form = url.Values{}
			}
			res, body := a.do(t, tt.who, tt.method, tt.target, form)
			assert.Equal(t, tt.want, res.StatusCode, body)
		})
	}
	t.Run("Pages", func(t *testing.T) {
		_, body := a.do(t, viewer, "GET", "/runs", nil)
		assert.Contains(t, body, `<a href="/runs/2">2</a>`)
		assert.Contains(t, body, `<a href="/runs">Runs</a>`, "the layout links the runs")
		assert.NotContains(t, body, "Start the batch", "a viewer has no start form")
		_, body = a.do(t, editor, "GET", "/runs", nil)
		assert.Contains(t, body, "Start the batch")
		_, body = a.do(t, viewer, "GET", "/runs/1", nil)
		assert.Contains(t, body, "Run 1 (done)")
		assert.Contains(t, body, `<a href="/members/palembang">palembang</a>`)
		_, body = a.do(t, editor, "POST", "/runs/1/verify", url.Values{})
		assert.Contains(t, body, "reproduces")
	})
}

func TestRunsCrossOrigin(t *testing.T) {
	a := newApp(t)
	for _, target := range []string{"/runs", "/runs/current/cancel", "/runs/1/verify"} {
		r := strings.NewReader("")
		req := httptest.NewRequest("POST", target, r)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://elsewhere.example")
		res, body := a.send(t, editor, req)
		assert.Equal(t, http.StatusForbidden, res.StatusCode, target+": "+body)
	}
	assert.Zero(t, audited(t, a, web.ActionBatchStart))
}

// current reads the state of the batch started from the web.
func current(t *testing.T, a *app) map[string]any {
	t.Helper()
	res, body := a.do(t, as{model.Viewer, true}, "GET", "/api/v1/runs/current", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	var st map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &st))
	return st
}

// waitEnd waits for the batch started from the web to end and returns its
// state.
func waitEnd(t *testing.T, a *app) map[string]any {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		st := current(t, a)
		if st["running"] == false {
			return st
		}
		require.True(t, time.Now().Before(deadline), "the batch did not end: %v", st)
		time.Sleep(20 * time.Millisecond)
	}
}

func TestBatchStart(t *testing.T) {
	a := newApp(t)
	res, body := a.do(t, editor, "POST", "/runs", url.Values{"year": {"2026"}, "top": {"3"}, "partners": {"1"}, "clusters": {"true"}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode, body)
	assert.Equal(t, "/runs/current", res.Header.Get("Location"))
	st := waitEnd(t, a)
	assert.Equal(t, "done", st["status"], st)
	assert.Equal(t, "editor", st["by"])
	id := int64(st["run"].(float64))
	r, err := a.db.Run(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, model.RunDone, r.Status)
	bp, err := batch.StoredParameters(r)
	require.NoError(t, err)
	assert.Equal(t, 3, bp.Shortlists.Top)
	assert.Equal(t, 2026, bp.Year)
	assert.Equal(t, batch.Candidates, bp.Pairing.Candidates, "c2c batch's default")

	_, body = a.do(t, viewer, "GET", "/runs", nil)
	assert.Contains(t, body, `<a href="/runs/1">1</a>`)
	_, body = a.do(t, viewer, "GET", "/runs/current", nil)
	assert.Contains(t, body, `<a href="/runs/1">run 1</a>`)
	res, body = a.do(t, viewer, "GET", "/runs/current/events", nil)
	assert.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
	assert.Contains(t, body, "event: end\ndata: {")
	assert.Contains(t, body, `"status":"done"`)
	assert.Equal(t, 1, audited(t, a, web.ActionBatchStart))

	t.Run("ErrInvalid", func(t *testing.T) {
		res, body := a.do(t, editor, "POST", "/runs", url.Values{"top": {"many"}})
		assert.Equal(t, http.StatusBadRequest, res.StatusCode)
		assert.Contains(t, body, "expected a number")
		assert.Equal(t, 1, audited(t, a, web.ActionBatchStart), "a refused start is not audited")
	})
}

// bigApp is the application over a synthetic network large enough that a
// batch runs for a while.
func bigApp(t *testing.T) *app {
	t.Helper()
	a := newApp(t)
	ref := fixtures.Reference()
	doc := synth.Generate(synth.Options{Cities: 2000, Seed: 1}, ref)
	_, err := a.db.Import(t.Context(), ref, store.ImportOptions{Replace: true}, &store.Input{File: "synth", Doc: doc})
	require.NoError(t, err)
	return a
}

func TestBatchConflictAndCancel(t *testing.T) {
	a := bigApp(t)
	res, body := a.do(t, editor, "POST", "/runs", url.Values{"year": {"2026"}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode, body)

	res, body = a.do(t, admin, "POST", "/runs", url.Values{"year": {"2026"}})
	assert.Equal(t, http.StatusConflict, res.StatusCode, body)
	assert.Contains(t, body, "a batch started by editor at")
	assert.Contains(t, body, "only one runs at a time")
	res, body = a.do(t, as{model.Editor, true}, "GET", "/api/v1/runs/current", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, body, `"running": true`, "the batch must still run to be cancelled")
	_, body = a.do(t, viewer, "GET", "/runs/current", nil)
	assert.Contains(t, body, "Reload to see progress")
	assert.NotContains(t, body, "Cancel the batch", "a viewer cannot cancel")

	deadline := time.Now().Add(60 * time.Second)                    // generous: a loaded machine reads the profiles slowly
	for st := current(t, a); st["run"] == nil; st = current(t, a) { // the run is stored
		require.True(t, time.Now().Before(deadline) && st["running"] == true, "the batch never stored its run: %v", st)
		time.Sleep(10 * time.Millisecond)
	}
	res, body = a.do(t, editor, "POST", "/runs/current/cancel", url.Values{})
	require.Equal(t, http.StatusSeeOther, res.StatusCode, body)
	st := waitEnd(t, a)
	assert.Equal(t, "interrupted", st["status"], st)
	assert.Equal(t, "editor", st["cancelled_by"])
	assert.Equal(t, 1, audited(t, a, web.ActionBatchStart))
	assert.Equal(t, 1, audited(t, a, web.ActionBatchCancel))
	list, err := a.db.Runs(t.Context())
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, model.RunInterrupted, list[0].Status)
}

func TestBatchInterruptedOnShutdown(t *testing.T) {
	a := bigApp(t)
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	addr := make(chan string, 1)
	served := make(chan error, 1)
	go func() { served <- a.s.ListenAndServe(ctx, "127.0.0.1:0", "", "", func(url string) { addr <- url }) }()
	base := <-addr
	req, err := http.NewRequestWithContext(t.Context(), "POST", base+"/runs", strings.NewReader("year=2026"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(a.cookies[model.Editor])
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	deadline := time.Now().Add(60 * time.Second) // generous: a loaded machine reads the profiles slowly
	for st := current(t, a); st["run"] == nil; st = current(t, a) {
		require.True(t, time.Now().Before(deadline) && st["running"] == true, "the batch never stored its run: %v", st)
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	require.NoError(t, <-served)
	st := current(t, a)
	assert.Equal(t, false, st["running"], "ListenAndServe waits for the batch")
	assert.Equal(t, "interrupted", st["status"], st)
	assert.Equal(t, "interrupted by the server's shutdown", st["message"])
	list, err := a.db.Runs(t.Context())
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, model.RunInterrupted, list[0].Status)
}
