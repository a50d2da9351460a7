package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
)

// six are the participants of the workshop tests.
var six = []string{"seoul", "yokohama", "palembang", "jakarta", "mumbai", "hanoi"}

// workshopForm is the form that pairs the six, two partners each.
func workshopForm(extra url.Values) url.Values {
	f := url.Values{"participant": six, "partners": {"2"}, "year": {"2026"}}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

func TestWorkshopRoutes(t *testing.T) {
	a := newApp(t)
	tests := []struct {
		name   string
		method string
		target string
		form   url.Values
		who    as
		want   int
		says   string
	}{
		{"Page", "GET", "/workshop", nil, viewer, http.StatusOK, `name="participant" value="palembang"`},
		{"Run", "POST", "/workshop", workshopForm(nil), viewer, http.StatusOK, `<table class="load">`},
		{"RunPasted", "POST", "/workshop", url.Values{"participants": {strings.Join(six, "\n")}}, viewer, http.StatusOK, `<table class="pairs">`},
		{"ErrPartners", "POST", "/workshop", workshopForm(url.Values{"partners": {"0"}}), viewer, http.StatusBadRequest, "expected at least 1"},
		{"ErrMinScore", "POST", "/workshop", workshopForm(url.Values{"min_score": {"high"}}), viewer, http.StatusBadRequest, "min_score"},
		{"ErrObjective", "POST", "/workshop", workshopForm(url.Values{"objective": {"fun"}}), viewer, http.StatusBadRequest, "expected served or score"},
		{"ErrUnknownParticipant", "POST", "/workshop", url.Values{"participants": {"seoul\natlantis"}}, viewer, http.StatusNotFound, "unknown participant"},
		{"ErrParticipantsCSV", "POST", "/workshop", url.Values{"participants": {"name,country\nSeoul,KR"}}, viewer, http.StatusBadRequest, "city column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := a.do(t, tt.who, tt.method, tt.target, tt.form)
			assert.Equal(t, tt.want, res.StatusCode, body)
			assert.Contains(t, body, tt.says)
		})
	}
}

func TestWorkshopCrossOriginRefused(t *testing.T) {
	a := newApp(t)
	r := httptest.NewRequest("POST", "/workshop", strings.NewReader(workshopForm(nil).Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	res, body := a.send(t, viewer, r)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.NotContains(t, body, `<table class="pairs">`)
}

// apiPair posts body to the workshop API as a viewer and decodes the
// pairing.
func apiPair(t *testing.T, a *app, body string) (*http.Response, model.Pairing, string) {
	t.Helper()
	res, out := a.send(t, as{model.Viewer, true}, httptest.NewRequest("POST", "/api/v1/workshop", strings.NewReader(body)))
	var pl model.Pairing
	if res.StatusCode == http.StatusOK {
		require.NoError(t, json.Unmarshal([]byte(out), &pl))
	}
	return res, pl, out
}

func TestWorkshopAPI(t *testing.T) {
	a := newApp(t)
	res, pl, body := apiPair(t, a, `{"participants":["seoul","yokohama","palembang","jakarta","mumbai","hanoi"],"partners":2,"hosting":1,"year":2026}`)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.NotEmpty(t, pl.Pairs)
	require.NotEmpty(t, pl.Load)
	for _, l := range pl.Load {
		assert.LessOrEqual(t, l.Hosted, l.Capacity, "%s is never over its capacity", l.Resource)
		assert.Equal(t, 1, l.Capacity)
	}
	assert.Equal(t, pl.Beneficiaries, pl.Served+len(pl.Unserved))
	for _, u := range pl.Unserved {
		assert.NotEmpty(t, u.Relax, "%s: what would serve it", u.Beneficiary)
	}

	res, _, body = apiPair(t, a, `{"partners":0}`)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, `"key": "partners"`)
	res, _, body = apiPair(t, a, `{"participants":["atlantis"]}`)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Contains(t, body, `"city": "atlantis"`)
	res, _, body = apiPair(t, a, `{"objective":"fun"}`)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, `"key": "objective"`)
	res, _, body = apiPair(t, a, `{"colour":"red"}`)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode, "unknown keys are refused")
	assert.Contains(t, body, "colour")

	res, _ = a.send(t, nobody, httptest.NewRequest("POST", "/api/v1/workshop", strings.NewReader(`{}`)))
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
}

// TestWorkshopPageEqualsAPI checks that the page shows the pairing the API
// returns for the same options: every pair and the load of every resource.
func TestWorkshopPageEqualsAPI(t *testing.T) {
	a := newApp(t)
	_, pl, _ := apiPair(t, a, `{"participants":["seoul","yokohama","palembang","jakarta","mumbai","hanoi"],"partners":2,"year":2026,"clusters":true}`)
	res, body := a.do(t, viewer, "POST", "/workshop", workshopForm(url.Values{"clusters": {"true"}}))
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	for _, p := range pl.Pairs {
		assert.Contains(t, body, `href="/explain/`+p.Beneficiary+`/`+p.Resource+`"`)
	}
	for _, l := range pl.Load {
		assert.Contains(t, body, `<meter min="0" max="`+itoa(l.Capacity)+`" value="`+itoa(l.Hosted)+`">`)
	}
	assert.Contains(t, body, "<h3>Clusters</h3>")
	for _, id := range six {
		assert.Contains(t, body, `value="`+id+`" id="p-`+id+`" checked`, "the ticks are kept")
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestWorkshopUploadAndCSV(t *testing.T) {
	a := newApp(t)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField("partners", "2"))
	require.NoError(t, mw.WriteField("year", "2026"))
	require.NoError(t, mw.WriteField("format", "csv"))
	fw, err := mw.CreateFormFile("participants_file", "workshop.csv")
	require.NoError(t, err)
	_, err = fw.Write([]byte("city,name\n" + strings.Join(six, ",x\n") + ",x\n"))
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	r := httptest.NewRequest("POST", "/workshop", &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	res, body := a.send(t, viewer, r)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Equal(t, "text/csv; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Contains(t, res.Header.Get("Content-Disposition"), "attachment")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	assert.Equal(t, "beneficiary,resource,score,topic,cluster,table,pinned,developing,partners,wanted,short_reason", lines[0])

	_, pl, _ := apiPair(t, a, `{"participants":["seoul","yokohama","palembang","jakarta","mumbai","hanoi"],"partners":2,"year":2026}`)
	assert.Len(t, lines, 1+len(pl.Pairs), "one row per pair")
}

func TestWorkshopHostileEscaped(t *testing.T) {
	a := newApp(t)
	res, body := a.do(t, viewer, "POST", "/workshop", url.Values{"participant": {"hostile", "palembang", "seoul", "colombo"}, "clusters": {"true"}, "year": {"2026"}})
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.NotContains(t, body, "<script")
	assert.NotContains(t, body, "<img")
	assert.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;", "the member list shows the name as text")
	res, body = a.do(t, viewer, "POST", "/workshop", url.Values{"participants": {"<script>alert(1)</script>"}})
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.NotContains(t, body, "<script")
}
