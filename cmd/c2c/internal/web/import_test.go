package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// ghentJSON is a document of one new member, whose second challenge is on
// no topic of the taxonomy and whose name would run script if it were not
// escaped.
const ghentJSON = `{"format": "c2c/v1", "cities": [{"id": "ghent", "name": "Ghent <script>alert(4)</script>", "country": "BE",
  "challenges": [{"topic": "air-pollution", "text": "Traffic fumes in the old centre", "severity": 4},
                 {"text": "<b>xyzzy</b> plugh frobnicate quux"}]}]}`

// brokenJSON has a severity out of range on line 3, for the city hanoi.
const brokenJSON = `{"format": "c2c/v1", "cities": [{"id": "hanoi", "name": "Hanoi", "country": "VN",
  "challenges": [
    {"topic": "urban-flooding", "text": "The river floods the old quarter", "severity": 9}]}]}`

// file is one file of an upload: the form field, the name, the content.
type file struct{ field, name, data string }

// upload builds a multipart/form-data request to target of files and the
// fields, sent from the same origin as a browser would say.
func upload(t *testing.T, target string, fields url.Values, files ...file) *http.Request {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			require.NoError(t, mw.WriteField(k, v))
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.field, f.name)
		require.NoError(t, err)
		_, err = w.Write([]byte(f.data))
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	r := httptest.NewRequest("POST", target, &b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	return r
}

// generation is the store's generation now.
func generation(t *testing.T, a *app) int64 {
	t.Helper()
	g, err := a.db.Generation(t.Context())
	require.NoError(t, err)
	return g
}

// dryRun uploads files as who and follows the redirect to the dry run's
// page, returning its token and body.
func dryRun(t *testing.T, a *app, who as, fields url.Values, files ...file) (token, body string) {
	t.Helper()
	res, body := a.send(t, who, upload(t, "/import", fields, files...))
	require.Equal(t, http.StatusSeeOther, res.StatusCode, body)
	loc := res.Header.Get("Location")
	token, ok := strings.CutPrefix(loc, "/import/")
	require.True(t, ok, loc)
	res, body = a.do(t, who, "GET", loc, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	return token, body
}

func TestImportRoutesAuth(t *testing.T) {
	a := newApp(t)
	ghent := file{"document", "ghent.json", ghentJSON}
	tests := []struct {
		name string
		who  as
		r    func() *http.Request
		want int
	}{
		{"PageNobody", nobody, func() *http.Request { return httptest.NewRequest("GET", "/import", nil) }, http.StatusSeeOther},
		{"PageViewer", viewer, func() *http.Request { return httptest.NewRequest("GET", "/import", nil) }, http.StatusForbidden},
		{"PageEditor", editor, func() *http.Request { return httptest.NewRequest("GET", "/import", nil) }, http.StatusOK},
		{"PageAdmin", admin, func() *http.Request { return httptest.NewRequest("GET", "/import", nil) }, http.StatusOK},
		{"UploadNobody", nobody, func() *http.Request { return upload(t, "/import", nil, ghent) }, http.StatusUnauthorized},
		{"UploadViewer", viewer, func() *http.Request { return upload(t, "/import", nil, ghent) }, http.StatusForbidden},
		{"ConfirmViewer", viewer, func() *http.Request {
			r := httptest.NewRequest("POST", "/import/confirm", strings.NewReader("token=x"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, http.StatusForbidden},
		{"APIViewer", as{model.Viewer, true}, func() *http.Request {
			return httptest.NewRequest("POST", "/api/v1/import", strings.NewReader(ghentJSON))
		}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := a.send(t, tt.who, tt.r())
			assert.Equal(t, tt.want, res.StatusCode, body)
		})
	}
	_, err := a.db.City(t.Context(), "ghent")
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err), "nothing imported")
	_, body := a.do(t, editor, "GET", "/members", nil)
	assert.Contains(t, body, `<a href="/import">Import</a>`, "editors find it in the navigation")
	_, body = a.do(t, viewer, "GET", "/members", nil)
	assert.NotContains(t, body, `href="/import"`, "viewers do not")
}

func TestImportCrossOriginRefused(t *testing.T) {
	a := newApp(t)
	before := generation(t, a)
	r := upload(t, "/import", nil, file{"document", "ghent.json", ghentJSON})
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	res, body := a.send(t, editor, r)
	assert.Equal(t, http.StatusForbidden, res.StatusCode, body)
	assert.Contains(t, body, "cross-origin request refused")

	r = httptest.NewRequest("POST", "/import/confirm", strings.NewReader("token=x"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", "https://evil.example")
	res, _ = a.send(t, editor, r)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Equal(t, before, generation(t, a), "nothing changed")
}

func TestImportRefusedLocated(t *testing.T) {
	a := newApp(t)
	before, logged := generation(t, a), audited(t, a, store.ActionImport)
	tests := []struct {
		name   string
		files  []file
		status int
		want   []string // in the page, escaped
	}{
		{"ValueOutOfRange", []file{{"document", "hanoi.json", brokenJSON}}, http.StatusBadRequest,
			[]string{"<td>hanoi.json</td>", `<td class="num">3:`, "<code>cities[0].challenges[0].severity</code>", "<td>hanoi</td>", "nothing was changed"}},
		{"Syntax", []file{{"document", "bad.json", `{"format": "c2c/v1", "cities": [`}}, http.StatusBadRequest,
			[]string{"<td>bad.json</td>"}},
		{"CSVRow", []file{{"tables", "cities.csv", "id,name,country\nghent,Ghent,BE\nbruges,Bruges,XX\n"}}, http.StatusBadRequest,
			[]string{"<td>tables/cities.csv</td>", `<td class="num">3`, "<td>bruges</td>"}},
		{"NoCitiesTable", []file{{"tables", "challenges.csv", "city,text\nghent,smog\n"}}, http.StatusBadRequest,
			[]string{"no cities.csv"}},
		{"UnknownTable", []file{{"tables", "cities.csv", "id,name,country\nghent,Ghent,BE\n"}, {"tables", "towns.csv", "id\n"}}, http.StatusBadRequest,
			[]string{"unknown table &#34;towns.csv&#34;"}},
		{"CSVAsDocument", []file{{"document", "cities.csv", "id,name,country\n"}}, http.StatusBadRequest,
			[]string{"a CSV table as a JSON document"}},
		{"NoFile", nil, http.StatusBadRequest, []string{"no file"}},
		{"UnknownCity", []file{{"document", "x.json", `{"format": "c2c/v1", "cities": [], "rules": [{"beneficiary": "nowhere", "resource": "seoul", "rule": "pin", "why": "<i>x</i>"}]}`}},
			http.StatusBadRequest, []string{"<td>x.json</td>", "nowhere"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := a.send(t, editor, upload(t, "/import", nil, tt.files...))
			require.Equal(t, tt.status, res.StatusCode, body)
			for _, w := range tt.want {
				assert.Contains(t, body, w)
			}
			assert.Contains(t, body, `action="/import"`, "the form is offered again")
			assert.NotContains(t, body, `action="/import/confirm"`, "nothing to confirm")
			assert.NotContains(t, body, "<i>")
		})
	}
	assert.Equal(t, before, generation(t, a), "the store is unchanged")
	assert.Equal(t, logged, audited(t, a, store.ActionImport), "a refused import records nothing")
}

func TestImportDryRunThenConfirm(t *testing.T) {
	a := newApp(t)
	before, logged := generation(t, a), audited(t, a, store.ActionImport)
	hanoi, err := a.db.City(t.Context(), "hanoi")
	require.NoError(t, err)
	require.Greater(t, len(hanoi.Challenges), 1)
	shorter := `{"format": "c2c/v1", "cities": [{"id": "hanoi", "name": "Hanoi", "country": "VN",
	  "challenges": [{"topic": "urban-flooding", "text": "The river floods the old quarter"}]}]}`

	token, body := dryRun(t, a, editor, nil, file{"document", "ghent.json", ghentJSON}, file{"document", "hanoi.json", shorter})
	assert.Equal(t, before, generation(t, a), "the dry run writes nothing")
	assert.Equal(t, logged, audited(t, a, store.ActionImport), "nor audits")
	_, err = a.db.City(t.Context(), "ghent")
	require.Equal(t, model.ENOTFOUND, model.ErrorCode(err))

	assert.Contains(t, body, "would have imported 2 inputs: 1 member added, 1 member replaced")
	assert.Contains(t, body, "would be added</td>\n<td>ghent</td>")
	assert.Contains(t, body, "would be replaced</td>\n<td>hanoi</td>")
	assert.Regexp(t, `challenges \d+ → 1`, body, "what hanoi would lose")
	assert.Contains(t, body, "is on no topic of the taxonomy", "the command's warnings")
	assert.Contains(t, body, "&lt;b&gt;xyzzy&lt;/b&gt;", "escaped")
	assert.NotContains(t, body, "<b>")
	assert.NotContains(t, body, "<script")
	assert.Contains(t, body, `<input type="hidden" name="token" value="`+token+`">`)

	res, _ := a.do(t, editor, "POST", "/import/confirm", url.Values{"token": {token}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	require.Equal(t, "/import/"+token, res.Header.Get("Location"))
	res, body = a.do(t, editor, "GET", "/import/"+token, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "imported 2 inputs: 1 member added, 1 member replaced")
	assert.Contains(t, body, `<a href="/members/ghent">ghent</a>`)
	assert.NotContains(t, body, `action="/import/confirm"`, "nothing more to confirm")

	ghent, err := a.db.City(t.Context(), "ghent")
	require.NoError(t, err)
	assert.Equal(t, "Ghent <script>alert(4)</script>", ghent.Name)
	hanoi, err = a.db.City(t.Context(), "hanoi")
	require.NoError(t, err)
	assert.Len(t, hanoi.Challenges, 1)
	log, err := a.db.AuditLog(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, model.AuditEntry{User: "editor", Action: store.ActionImport, Target: "ghent.json, hanoi.json"},
		model.AuditEntry{User: log[0].User, Action: log[0].Action, Target: log[0].Target, Detail: log[0].Detail})

	after := generation(t, a)
	res, _ = a.do(t, editor, "POST", "/import/confirm", url.Values{"token": {token}})
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "a second click shows the result")
	assert.Equal(t, after, generation(t, a), "and imports nothing again")
	assert.Equal(t, logged+1, audited(t, a, store.ActionImport))
}

func TestImportCSVTablesReplace(t *testing.T) {
	a := newApp(t)
	tables := []file{
		{"tables", "cities.csv", "id,name,country\nghent,Ghent,BE\nseoul,Seoul,KR\n"},
		{"tables", "challenges.csv", "city,topic,text,severity\nghent,air-pollution,Traffic fumes in the old centre,4\n"},
	}
	token, body := dryRun(t, a, editor, url.Values{"replace": {"true"}}, tables...)
	assert.Contains(t, body, "would have replaced the database with 1 input: 1 member added, 1 member replaced")
	assert.Contains(t, body, "members will be removed")
	assert.Contains(t, body, "would be removed</td>\n<td>palembang</td>")
	res, _ := a.do(t, editor, "POST", "/import/confirm", url.Values{"token": {token}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	doc, err := a.db.Document(t.Context())
	require.NoError(t, err)
	var ids []string
	for _, c := range doc.Cities {
		ids = append(ids, c.ID)
	}
	assert.ElementsMatch(t, []string{"ghent", "seoul"}, ids)
	log, err := a.db.AuditLog(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, "tables (cities.csv, challenges.csv)", log[0].Target)
	assert.Equal(t, "replace", log[0].Detail)
}

// TestImportFolderUpload: the form's folder picker sends every file of the
// folder by its path in the folder; the CSV tables are read by their base
// names and the other files are left out, as c2c import DIR does.
func TestImportFolderUpload(t *testing.T) {
	a := newApp(t)
	res, body := a.do(t, editor, "GET", "/import", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, `<input type="file" name="tables" webkitdirectory multiple>`)
	folder := []file{
		{"tables", "network/README.md", "# our tables\n"},
		{"tables", "network/cities.csv", "id,name,country\nghent,Ghent,BE\n"},
		{"tables", "network/.DS_Store", "\x00\x01"},
		{"tables", "network/challenges.csv", "city,topic,text,severity\nghent,air-pollution,Traffic fumes in the old centre,4\n"},
	}
	token, body := dryRun(t, a, editor, nil, folder...)
	assert.Contains(t, body, "1 member added")
	assert.NotContains(t, body, "README")
	res, _ = a.do(t, editor, "POST", "/import/confirm", url.Values{"token": {token}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	doc, err := a.db.Document(t.Context())
	require.NoError(t, err)
	i := slices.IndexFunc(doc.Cities, func(c model.City) bool { return c.ID == "ghent" })
	require.GreaterOrEqual(t, i, 0)
	require.Len(t, doc.Cities[i].Challenges, 1)
	assert.Equal(t, "Traffic fumes in the old centre", doc.Cities[i].Challenges[0].Text)
	log, err := a.db.AuditLog(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, "tables (cities.csv, challenges.csv)", log[0].Target)

	// Two tables of one name in the folder's subfolders are refused, located.
	res, body = a.send(t, editor, upload(t, "/import", nil,
		file{"tables", "network/cities.csv", "id,name,country\nghent,Ghent,BE\n"},
		file{"tables", "network/old/cities.csv", "id,name,country\nghent,Ghent,BE\n"}))
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, "two files named cities.csv")
}

func TestImportStaleConfirmRefused(t *testing.T) {
	a := newApp(t)
	token, _ := dryRun(t, a, editor, nil, file{"document", "ghent.json", ghentJSON})
	// Someone changes the network in between.
	res, _ := a.do(t, admin, "POST", "/rules", pin("agreed meanwhile"))
	require.Equal(t, http.StatusSeeOther, res.StatusCode)

	res, body := a.do(t, editor, "POST", "/import/confirm", url.Values{"token": {token}})
	assert.Equal(t, http.StatusConflict, res.StatusCode)
	assert.Contains(t, body, "the network changed since the dry run")
	assert.Contains(t, body, "run the dry run again")
	assert.Contains(t, body, `action="/import"`, "the form is offered again")
	_, err := a.db.City(t.Context(), "ghent")
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err), "nothing imported")
	assert.Zero(t, audited(t, a, store.ActionImport))

	res, _ = a.do(t, editor, "POST", "/import/confirm", url.Values{"token": {token}})
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "the stale dry run is gone")
}

func TestImportBoundToSession(t *testing.T) {
	a := newApp(t)
	token, _ := dryRun(t, a, editor, nil, file{"document", "ghent.json", ghentJSON})
	for _, target := range []string{"/import/" + token, "/import/nothing"} {
		res, _ := a.do(t, admin, "GET", target, nil)
		assert.Equal(t, http.StatusNotFound, res.StatusCode, target)
	}
	res, body := a.do(t, admin, "POST", "/import/confirm", url.Values{"token": {token}})
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Contains(t, body, "no such dry run in this session")
	_, err := a.db.City(t.Context(), "ghent")
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))

	_, second := dryRun(t, a, editor, nil, file{"document", "ghent.json", ghentJSON})
	assert.NotContains(t, second, token, "a second upload of the session replaces its first")
	res, _ = a.do(t, editor, "POST", "/import/confirm", url.Values{"token": {token}})
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}

func TestImportBodyLimit(t *testing.T) {
	a := newApp(t)
	before := generation(t, a)
	// Over the 64 KiB of other forms, within the import's limit.
	padded := strings.Replace(ghentJSON, `"format"`, strings.Repeat(" ", 100<<10)+`"format"`, 1)
	dryRun(t, a, editor, nil, file{"document", "ghent.json", padded})

	a.s.MaxImport = 4 << 10
	res, body := a.send(t, editor, upload(t, "/import", nil, file{"document", "ghent.json", padded}))
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
	assert.Contains(t, body, "the upload is over 4 KiB, the most an import here takes")
	r := httptest.NewRequest("POST", "/api/v1/import", strings.NewReader(padded))
	res, body = a.send(t, as{model.Editor, true}, r)
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
	assert.Contains(t, body, `"code": "toolarge"`)

	r = httptest.NewRequest("POST", "/rules", strings.NewReader(pin(strings.Repeat("x", 100<<10)).Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, body = a.send(t, editor, r)
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode, "other routes keep their limit")
	assert.Contains(t, body, "expected at most 64 KiB")
	assert.Equal(t, before, generation(t, a))
}

func TestAPIImport(t *testing.T) {
	a := newApp(t)
	bot := as{model.Editor, true}
	post := func(query string, body string, header ...string) (*http.Response, string) {
		r := httptest.NewRequest("POST", "/api/v1/import"+query, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		return a.send(t, bot, r)
	}
	type plan struct {
		DryRun     bool  `json:"dry_run"`
		Generation int64 `json:"generation"`
		Added      int   `json:"added"`
		Removed    int   `json:"removed"`
		Members    []struct{ City, Change string }
		Warnings   []string
	}
	decode := func(body string) plan {
		var p plan
		require.NoError(t, json.Unmarshal([]byte(body), &p), body)
		return p
	}
	before := generation(t, a)

	res, body := post("?dry_run=1", ghentJSON)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	p := decode(body)
	assert.True(t, p.DryRun)
	assert.Equal(t, before, p.Generation)
	assert.Equal(t, `"`+strconv.FormatInt(before, 10)+`"`, res.Header.Get("ETag"))
	assert.Equal(t, 1, p.Added)
	assert.Equal(t, "ghent added", p.Members[0].City+" "+p.Members[0].Change)
	assert.Len(t, p.Warnings, 1)
	assert.Equal(t, before, generation(t, a), "the dry run writes nothing")

	res, body = post("", brokenJSON)
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	var errs struct {
		Errors []struct {
			Code, File, Key, City string
			Line                  int
		}
	}
	require.NoError(t, json.Unmarshal([]byte(body), &errs))
	require.NotEmpty(t, errs.Errors)
	assert.Equal(t, "request body", errs.Errors[0].File)
	assert.Equal(t, 3, errs.Errors[0].Line)
	assert.Equal(t, "hanoi", errs.Errors[0].City)

	res, body = post("", ghentJSON, "If-Match", `"`+strconv.FormatInt(before+100, 10)+`"`)
	assert.Equal(t, http.StatusConflict, res.StatusCode, body)
	assert.Contains(t, body, "the network changed since the dry run")
	assert.Equal(t, before, generation(t, a))

	res, body = post("?replace=1", ghentJSON)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, "expected yes=1 to confirm", "removing members needs yes, as --yes")
	assert.Equal(t, before, generation(t, a))

	res, body = post("", ghentJSON, "If-Match", `"`+strconv.FormatInt(before, 10)+`"`)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	p = decode(body)
	assert.False(t, p.DryRun)
	assert.Greater(t, p.Generation, before)
	assert.Equal(t, `"`+strconv.FormatInt(p.Generation, 10)+`"`, res.Header.Get("ETag"))
	_, err := a.db.City(t.Context(), "ghent")
	require.NoError(t, err)
	log, err := a.db.AuditLog(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, "editor "+store.ActionImport+" request body", log[0].User+" "+log[0].Action+" "+log[0].Target)

	shorter := `{"format": "c2c/v1", "cities": [{"id": "hanoi", "name": "Hanoi", "country": "VN"}]}`
	res, body = post("?dry_run=1", shorter)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	var loss struct {
		Members []struct {
			Change, Loss string
			Shrunk       []struct {
				List          string
				Before, After int
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(body), &loss))
	require.Len(t, loss.Members, 1)
	assert.Equal(t, "replaced", loss.Members[0].Change)
	assert.Contains(t, loss.Members[0].Loss, "challenges")
	require.NotEmpty(t, loss.Members[0].Shrunk)
	assert.Equal(t, "languages", loss.Members[0].Shrunk[0].List, "in profile order, as the command says")
	assert.Zero(t, loss.Members[0].Shrunk[0].After)

	r := upload(t, "/api/v1/import?dry_run=1", nil, file{"tables", "cities.csv", "id,name,country\nbruges,Bruges,BE\n"})
	res, body = a.send(t, bot, r)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Equal(t, 1, decode(body).Added, "multipart uploads too")
}

func TestImportConfirmedOnceConcurrently(t *testing.T) {
	a := newApp(t)
	token, _ := dryRun(t, a, editor, nil, file{"document", "ghent.json", ghentJSON})
	const clicks = 4
	statuses := make(chan int, clicks)
	var wg sync.WaitGroup
	for range clicks {
		wg.Go(func() {
			r := httptest.NewRequest("POST", "/import/confirm", strings.NewReader(url.Values{"token": {token}}.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.AddCookie(a.cookies[model.Editor])
			w := httptest.NewRecorder()
			a.h.ServeHTTP(w, r)
			statuses <- w.Code
		})
	}
	wg.Wait()
	close(statuses)
	for status := range statuses {
		assert.Equal(t, http.StatusSeeOther, status, "every click goes to the result")
	}
	assert.Equal(t, 1, audited(t, a, store.ActionImport), "imported once")
	_, body := a.do(t, editor, "GET", "/import/"+token, nil)
	assert.Contains(t, body, "Done: imported 1 input")
}
