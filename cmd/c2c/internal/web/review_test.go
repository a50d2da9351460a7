package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// interruptedRun stores a run that was interrupted before it was done.
func interruptedRun(t *testing.T, a *app) int64 {
	t.Helper()
	r := &model.Run{Version: "test", InputDigest: "x"}
	require.NoError(t, a.db.StartRun(t.Context(), r, nil))
	require.NoError(t, a.db.EndRun(t.Context(), r.ID, model.RunInterrupted, "interrupted by the user"))
	return r.ID
}

// review reads the review of run id from the API.
func review(t *testing.T, a *app, id string) *model.Review {
	t.Helper()
	res, body := a.do(t, as{model.Viewer, true}, "GET", "/api/v1/runs/"+id, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	var shown struct {
		Run model.Run `json:"run"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &shown))
	return shown.Run.Review
}

func TestReviewRoutes(t *testing.T) {
	a := newApp(t)
	storeRuns(t, a, 1)
	interruptedRun(t, a)
	tok := func(r model.Role) as { return as{r, true} }
	// In order: each step starts from the state the ones before left.
	steps := []struct {
		method, target string
		who            as
		want           int
		says           string
	}{
		{"POST", "/runs/1/approve", nobody, http.StatusUnauthorized, "not signed in"},
		{"POST", "/runs/1/approve", viewer, http.StatusForbidden, "this needs the editor role"},
		{"POST", "/runs/1/publish", viewer, http.StatusForbidden, "this needs the editor role"},
		{"POST", "/api/v1/runs/1/approve", tok(model.Viewer), http.StatusForbidden, "this needs the editor role"},
		{"POST", "/runs/1/publish", editor, http.StatusConflict, "run 1 is a draft: an editor approves it before it is published"},
		{"POST", "/api/v1/runs/1/publish", tok(model.Editor), http.StatusConflict, "is a draft"},
		{"POST", "/runs/2/approve", editor, http.StatusConflict, "run 2 is interrupted: only a done run can be approved"},
		{"POST", "/api/v1/runs/2/publish", tok(model.Editor), http.StatusConflict, "run 2 is interrupted"},
		{"POST", "/runs/9/approve", editor, http.StatusNotFound, "run 9 not found"},
		{"POST", "/runs/x/approve", editor, http.StatusBadRequest, "expected a number"},
		{"POST", "/runs/1/approve", editor, http.StatusSeeOther, ""},
		{"POST", "/runs/1/approve", admin, http.StatusConflict, "run 1 is approved already: approved by editor at"},
		{"POST", "/api/v1/runs/1/approve", tok(model.Admin), http.StatusConflict, "approved by editor"},
		{"POST", "/runs/1/publish", admin, http.StatusSeeOther, ""},
		{"POST", "/api/v1/runs/1/publish", tok(model.Viewer), http.StatusForbidden, "this needs the editor role"},
		{"POST", "/api/v1/runs/1/publish", tok(model.Editor), http.StatusOK, `"state": "published"`},
	}
	for _, tt := range steps {
		var form url.Values
		if !tt.who.token {
			form = url.Values{}
		}
		res, body := a.do(t, tt.who, tt.method, tt.target, form)
		require.Equal(t, tt.want, res.StatusCode, "%s %s as %s: %s", tt.method, tt.target, tt.who.role, body)
		assert.Contains(t, body, tt.says, "%s %s", tt.method, tt.target)
		if res.StatusCode == http.StatusSeeOther {
			assert.Equal(t, "/runs/1", res.Header.Get("Location"))
		}
	}

	rv := review(t, a, "1")
	require.NotNil(t, rv)
	assert.Equal(t, model.ReviewPublished, rv.State)
	assert.Equal(t, "editor", rv.ApprovedBy)
	assert.Equal(t, "admin", rv.PublishedBy, "the first publication is kept")
	assert.False(t, rv.Approved.IsZero())
	assert.Nil(t, review(t, a, "2"), "an interrupted run has no review")
	assert.Equal(t, 1, audited(t, a, store.ActionRunApprove), "refused approvals are not audited")
	assert.Equal(t, 2, audited(t, a, store.ActionRunPublish), "every publication is audited")

	_, body := a.do(t, viewer, "GET", "/runs", nil)
	assert.Contains(t, body, "<th>REVIEW</th>")
	assert.Contains(t, body, "<td>published by admin</td>")
	_, body = a.do(t, viewer, "GET", "/runs/1", nil)
	assert.Contains(t, body, "Review: <strong>published</strong> by admin at ")
	assert.Contains(t, body, "; approved by editor at ")
	assert.NotContains(t, body, `action="/runs/1/publish"`, "a viewer has no review buttons")
	_, body = a.do(t, editor, "GET", "/runs/1", nil)
	assert.Contains(t, body, "Publish again")
	assert.NotContains(t, body, `action="/runs/1/approve"`)
}

func TestReviewButtons(t *testing.T) {
	a := newApp(t)
	storeRuns(t, a, 1)
	_, body := a.do(t, editor, "GET", "/runs/1", nil)
	assert.Contains(t, body, `<form method="post" action="/runs/1/approve" class="ruleform approve">`)
	assert.NotContains(t, body, `action="/runs/1/publish"`, "a draft has no publish button")
	_, body = a.do(t, viewer, "GET", "/runs/1", nil)
	assert.Contains(t, body, "Review: <strong>draft</strong>")
	assert.NotContains(t, body, `action="/runs/1/approve"`, "a viewer has no approve button")
	_, body = a.do(t, viewer, "GET", "/runs", nil)
	assert.Contains(t, body, "<td>draft</td>")

	res, body := a.do(t, editor, "POST", "/runs/1/publish", url.Values{})
	assert.Equal(t, http.StatusConflict, res.StatusCode)
	assert.Contains(t, body, `<div class="errors" role="alert"><ul><li>run 1 is a draft: an editor approves it before it is published`, "the run's page says why")
	assert.Contains(t, body, `action="/runs/1/approve"`, "with its approve button")
	res, _ = a.do(t, editor, "POST", "/runs/1/approve", url.Values{})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	_, body = a.do(t, editor, "GET", "/runs/1", nil)
	assert.Contains(t, body, `<form method="post" action="/runs/1/publish" class="ruleform publish"><button type="submit">Publish</button></form>`)
	assert.Contains(t, body, "c2c runs publish 1 --out DIR", "without a folder the page says how to write the files")
}

func TestReviewPublishWritesFiles(t *testing.T) {
	a := newApp(t)
	storeRuns(t, a, 1)
	out := filepath.Join(t.TempDir(), "congress")
	a.s.Publish = publish.Options{Out: out, ReportLimit: 3}
	res, body := a.do(t, as{model.Editor, true}, "POST", "/api/v1/runs/1/approve", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Contains(t, body, `"state": "approved"`)
	assert.Contains(t, body, `"approved_by": "editor"`)
	_, body = a.do(t, editor, "GET", "/runs/1", nil)
	assert.Contains(t, body, "Publishing writes its report in <code>"+out+"</code>")
	res, body = a.do(t, editor, "POST", "/runs/1/publish", url.Values{})
	require.Equal(t, http.StatusSeeOther, res.StatusCode, body)
	for _, f := range []string{publish.FileShortlists, publish.FilePairings, publish.FileRun, publish.FileHTML, publish.FileMarkdown} {
		assert.FileExists(t, filepath.Join(out, f))
	}
	log, err := a.db.AuditLog(t.Context(), 0)
	require.NoError(t, err)
	last := log[len(log)-1]
	assert.Equal(t, model.AuditEntry{Seq: last.Seq, User: "editor", Time: last.Time, Action: store.ActionRunPublish, Target: "run 1", Detail: out}, last)
}

func TestReviewCrossOrigin(t *testing.T) {
	a := newApp(t)
	storeRuns(t, a, 1)
	for _, target := range []string{"/runs/1/approve", "/runs/1/publish", "/api/v1/runs/1/approve", "/api/v1/runs/1/publish", "/api/v1/runs"} {
		req := httptest.NewRequest("POST", target, strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://elsewhere.example")
		res, body := a.send(t, editor, req)
		assert.Equal(t, http.StatusForbidden, res.StatusCode, target+": "+body)
		assert.Contains(t, body, "cross-origin request refused", target)
	}
	assert.Zero(t, audited(t, a, store.ActionRunApprove))
	assert.Zero(t, audited(t, a, store.ActionRunPublish))
	assert.Zero(t, audited(t, a, "batch.start"))
	assert.Equal(t, model.ReviewDraft, review(t, a, "1").State)
}

// postJSON sends body to target as JSON, as who.
func postJSON(t *testing.T, a *app, who as, target, body string) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest("POST", target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return a.send(t, who, r)
}

func TestAPIStartBatch(t *testing.T) {
	a := newApp(t)
	tok := func(r model.Role) as { return as{r, true} }
	res, body := postJSON(t, a, tok(model.Viewer), "/api/v1/runs", `{}`)
	assert.Equal(t, http.StatusForbidden, res.StatusCode, body)

	res, body = postJSON(t, a, tok(model.Editor), "/api/v1/runs", `{"top": 3, "partners": 2, "year": 2025}`)
	require.Equal(t, http.StatusAccepted, res.StatusCode, body)
	assert.Equal(t, "/api/v1/runs/1", res.Header.Get("Location"))
	var st map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &st))
	assert.Equal(t, float64(1), st["run"], body)
	assert.Equal(t, "editor", st["by"])
	st = waitEnd(t, a)
	assert.Equal(t, "done", st["status"], st)
	r, err := a.db.Run(t.Context(), 1)
	require.NoError(t, err)
	bp, err := batch.StoredParameters(r)
	require.NoError(t, err)
	assert.Equal(t, 3, bp.Shortlists.Top)
	assert.Equal(t, 2, bp.Pairing.Partners)
	assert.Equal(t, 2025, bp.Year)
	assert.Equal(t, batch.Candidates, bp.Pairing.Candidates, "c2c batch's default")
	assert.True(t, bp.Pairing.Clusters, "c2c batch's default")
	assert.Equal(t, model.ReviewDraft, review(t, a, "1").State, "a done run starts as a draft")
	assert.Equal(t, 1, audited(t, a, "batch.start"))

	res, body = postJSON(t, a, tok(model.Editor), "/api/v1/runs", `{}`)
	require.Equal(t, http.StatusAccepted, res.StatusCode, body)
	assert.Equal(t, "/api/v1/runs/2", res.Header.Get("Location"))
	st = waitEnd(t, a)
	r, err = a.db.Run(t.Context(), 2)
	require.NoError(t, err)
	bp, err = batch.StoredParameters(r)
	require.NoError(t, err)
	assert.Equal(t, batch.DefaultParameters(2026), bp, "an empty body is c2c batch's defaults in the server's year")
}

func TestAPIStartBatchRefused(t *testing.T) {
	a := newApp(t)
	tests := []struct {
		name, body string
		keys       []string
		says       string
	}{
		{"Ranges", `{"partners": 0, "hosting": -2, "min_score": 1.5, "min_developing": -1}`, []string{"partners", "hosting", "min-score", "min-developing"}, "expected at least 1 partner per beneficiary, not 0"},
		{"Shortlists", `{"top": 0, "quota": 2}`, []string{"top", "quota"}, "expected a shortlist length of at least 1"},
		{"Participants", `{"participants": ["seoul"]}`, []string{"participants"}, "a batch pairs every member"},
		{"Objective", `{"objective": "most"}`, []string{"objective"}, "most"},
		{"UnknownKey", `{"partner": 2}`, []string{""}, `unknown field \"partner\"`},
		{"NotJSON", `partners=2`, []string{""}, "expected one JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := postJSON(t, a, as{model.Editor, true}, "/api/v1/runs", tt.body)
			require.Equal(t, http.StatusBadRequest, res.StatusCode, body)
			assert.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
			var errs struct {
				Errors []struct{ Code, Message, Key string } `json:"errors"`
			}
			require.NoError(t, json.Unmarshal([]byte(body), &errs))
			var keys []string
			for _, e := range errs.Errors {
				assert.Equal(t, model.EINVALID, e.Code)
				keys = append(keys, e.Key)
			}
			assert.Equal(t, tt.keys, keys)
			assert.Contains(t, body, tt.says)
		})
	}
	assert.Zero(t, audited(t, a, "batch.start"), "a refused start is not audited")
	list, err := a.db.Runs(t.Context())
	require.NoError(t, err)
	assert.Empty(t, list, "a refused start stores no run")

	t.Run("Form", func(t *testing.T) {
		res, body := a.do(t, editor, "POST", "/runs", url.Values{"partners": {"0"}, "min_score": {"2"}})
		assert.Equal(t, http.StatusBadRequest, res.StatusCode)
		assert.Contains(t, body, "<code>partners</code>: expected at least 1 partner per beneficiary", "the page refuses them before starting too")
		assert.Contains(t, body, "<code>min-score</code>")
		assert.Zero(t, audited(t, a, "batch.start"))
	})
}

func TestAPIStartBatchConflict(t *testing.T) {
	a := bigApp(t)
	res, body := postJSON(t, a, as{model.Editor, true}, "/api/v1/runs", `{"year": 2026}`)
	require.Equal(t, http.StatusAccepted, res.StatusCode, body)
	res, body = postJSON(t, a, as{model.Admin, true}, "/api/v1/runs", `{"year": 2026}`)
	assert.Equal(t, http.StatusConflict, res.StatusCode, body)
	assert.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Contains(t, body, `"code": "conflict"`)
	assert.Contains(t, body, "a batch started by editor at")
	assert.Contains(t, body, "only one runs at a time")
	res, body = a.do(t, as{model.Editor, true}, "POST", "/api/v1/runs/current/cancel", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	st := waitEnd(t, a)
	assert.Equal(t, "interrupted", st["status"], st)
	assert.Equal(t, 1, audited(t, a, "batch.start"))
}

func TestLetter(t *testing.T) {
	a := newApp(t)
	tests := []struct {
		target string
		who    as
		want   int
	}{
		{"/members/palembang/letter", nobody, http.StatusSeeOther},
		{"/members/palembang/letter", viewer, http.StatusOK},
		{"/members/palembang/letter?top=2&topic=public-transport", viewer, http.StatusOK},
		{"/members/palembang/letter?top=0", viewer, http.StatusBadRequest},
		{"/members/nowhere/letter", viewer, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.target+" as "+string(tt.who.role), func(t *testing.T) {
			res, body := a.do(t, tt.who, "GET", tt.target, nil)
			assert.Equal(t, tt.want, res.StatusCode, body)
		})
	}

	res, body := a.do(t, viewer, "GET", "/members/palembang/letter", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "<h1>Partner cities for Palembang</h1>")
	assert.Contains(t, body, `<span class="network">the C2C network</span>`)
	assert.Regexp(t, `<span class="date">\d{1,2} [A-Z][a-z]+ 20\d\d</span>`, body)
	assert.Contains(t, body, `<link rel="stylesheet" href="/static/style.css">`)
	assert.NotContains(t, body, "<style", "no inline style: the policy forbids it")
	assert.NotContains(t, body, "<script")
	assert.NotContains(t, body, " style=")
	// The letter lists the shortlist's candidates, in its order.
	res, raw := a.do(t, as{model.Viewer, true}, "GET", "/api/v1/members/palembang/shortlist", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var sl model.Shortlist
	require.NoError(t, json.Unmarshal([]byte(raw), &sl))
	require.NotEmpty(t, sl.Candidates)
	at := 0
	for _, c := range sl.Candidates {
		i := strings.Index(body[at:], `<span class="name">`+c.Name+`</span>`)
		require.GreaterOrEqual(t, i, 0, "%s is in the letter after the candidates before it", c.Name)
		at += i
	}
	assert.Contains(t, body, "<b>Why this city:</b>")
	assert.Contains(t, body, "<b>To weigh:</b>")

	_, body = a.do(t, viewer, "GET", "/members/palembang/letter?top=2", nil)
	assert.Equal(t, 2, strings.Count(body, `<span class="name">`))
	assert.Contains(t, body, `href="/members/palembang/shortlist?top=2"`, "the link back keeps the query")

	_, body = a.do(t, viewer, "GET", "/members/palembang", nil)
	assert.Contains(t, body, `<a class="letterlink" href="/members/palembang/letter">`)
	_, body = a.do(t, viewer, "GET", "/members/palembang/shortlist?top=3", nil)
	assert.Contains(t, body, `<a class="letterlink" href="/members/palembang/letter?top=3">`)
}

func TestLetterEscapes(t *testing.T) {
	a := newApp(t)
	a.s.Network = `<b onmouseover="x()">Net</b>`
	res, body := a.do(t, viewer, "GET", "/members/hostile/letter", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.NotContains(t, body, hostileName)
	assert.NotContains(t, body, "<img")
	assert.NotContains(t, body, `<b onmouseover`)
	assert.Contains(t, body, "Partner cities for &lt;script&gt;alert(1)&lt;/script&gt;")
	assert.Contains(t, body, "&lt;b onmouseover=&#34;x()&#34;&gt;Net&lt;/b&gt;")
	assert.NotContains(t, strings.ToLower(body), "<script")
}

// TestPrintStylesheet checks that the print rules of the letter are in
// the stylesheet the pages link, the only place the policy lets a style
// come from.
func TestPrintStylesheet(t *testing.T) {
	css, err := os.ReadFile("static/style.css")
	require.NoError(t, err)
	print := string(css[strings.Index(string(css), "@media print"):])
	for _, rule := range []string{"header, form, .actions { display: none; }", ".letter {"} {
		assert.Contains(t, print, rule)
	}
}

func TestPublishedReport(t *testing.T) {
	a := newApp(t)
	storeRuns(t, a, 2)
	res, body := a.do(t, viewer, "GET", "/runs/1/report", nil)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Contains(t, body, "this server publishes no report")

	out := filepath.Join(t.TempDir(), "congress")
	a.s.Publish = publish.Options{Out: out, ReportLimit: 3}
	res, body = a.do(t, viewer, "GET", "/runs/1/report", nil)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Contains(t, body, "holds no report yet")
	for _, step := range []string{"approve", "publish"} {
		res, body = a.do(t, as{model.Editor, true}, "POST", "/api/v1/runs/1/"+step, nil)
		require.Equal(t, http.StatusOK, res.StatusCode, body)
	}

	_, body = a.do(t, viewer, "GET", "/runs/1", nil)
	assert.Contains(t, body, `href="/runs/1/report"`, "the run's page links its published report")
	_, body = a.do(t, viewer, "GET", "/runs/2", nil)
	assert.NotContains(t, body, `href="/runs/2/report"`, "another run's page does not")
	res, body = a.do(t, viewer, "GET", "/runs/2/report", nil)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Contains(t, body, "holds the report of run 1")

	res, _ = a.do(t, nobody, "GET", "/runs/1/report", nil)
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "signed-in viewers only")
	res, body = a.do(t, viewer, "GET", "/runs/1/report", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	want, err := os.ReadFile(filepath.Join(out, publish.FileHTML))
	require.NoError(t, err)
	assert.Equal(t, string(want), body, "the published file as written")
	csp := res.Header.Get("Content-Security-Policy")
	assert.Contains(t, csp, "default-src 'none'")
	assert.NotContains(t, csp, "script-src", "the report runs no script")
	assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
}
