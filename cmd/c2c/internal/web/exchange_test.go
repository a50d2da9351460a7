package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/web"
)

// visit is the form that records a study visit of palembang to seoul.
func visit(outcome string) url.Values {
	return url.Values{"resource": {"seoul"}, "beneficiaries": {"palembang"}, "topic": {"brt"}, "year": {"2026"},
		"stage": {"study-visit"}, "outcome": {outcome}}
}

// exchangesOf counts the stored exchanges and the audited ones.
func exchangesOf(t *testing.T, a *app) (stored, recorded int) {
	t.Helper()
	doc, err := a.db.Document(t.Context())
	require.NoError(t, err)
	return len(doc.Exchanges), audited(t, a, web.ActionExchangeAdd)
}

func TestExchangeRecorded(t *testing.T) {
	a := newApp(t)
	stored, _ := exchangesOf(t, a)
	res, body := a.do(t, editor, "POST", "/members/palembang/exchanges", visit("a BRT feasibility study"))
	require.Equal(t, http.StatusSeeOther, res.StatusCode, body)
	assert.Equal(t, "/members/palembang#history", res.Header.Get("Location"))
	after, recorded := exchangesOf(t, a)
	assert.Equal(t, stored+1, after)
	assert.Equal(t, 1, recorded)
	log, err := a.db.AuditLog(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, []string{"editor", "seoul→palembang", "study-visit brt 2026 a BRT feasibility study"}, []string{log[0].User, log[0].Target, log[0].Detail})

	_, body = a.do(t, viewer, "GET", "/members/palembang", nil)
	assert.Contains(t, body, "a BRT feasibility study", "the history shows it")
	assert.NotContains(t, body, `action="/members/palembang/exchanges"`, "a viewer gets no form")
	_, body = a.do(t, editor, "GET", "/members/palembang", nil)
	assert.Contains(t, body, `action="/members/palembang/exchanges"`, "an editor does")

	res, body = a.do(t, editor, "POST", "/members/palembang/exchanges", visit("a BRT feasibility study"))
	assert.Equal(t, http.StatusConflict, res.StatusCode)
	assert.Contains(t, body, "recorded already")
	again, recorded := exchangesOf(t, a)
	assert.Equal(t, after, again)
	assert.Equal(t, 1, recorded)
}

func TestExchangeRefused(t *testing.T) {
	a := newApp(t)
	stored, _ := exchangesOf(t, a)
	tests := []struct {
		name string
		who  as
		form url.Values
		want int
		says []string
	}{
		{"Nobody", nobody, visit("x"), http.StatusUnauthorized, nil},
		{"Viewer", viewer, visit("x"), http.StatusForbidden, []string{"this needs the editor role"}},
		{"ErrBeneficiary", editor, func() url.Values { f := visit("x"); f.Set("beneficiaries", "palembang, palembamg"); return f }(),
			http.StatusBadRequest, []string{"<code>beneficiaries[1]</code>", "did you mean"}},
		{"ErrOwnBeneficiary", editor, func() url.Values { f := visit("x"); f.Set("beneficiaries", "seoul"); return f }(),
			http.StatusBadRequest, []string{"its own beneficiary"}},
		{"ErrYearWord", editor, func() url.Values { f := visit("x"); f.Set("year", "soon"); return f }(),
			http.StatusBadRequest, []string{"<code>year</code>"}},
		{"ErrYear", editor, func() url.Values { f := visit("x"); f.Set("year", "3000"); return f }(),
			http.StatusBadRequest, []string{"<code>year</code>", "between 1900 and 2100"}},
		{"ErrStage", editor, func() url.Values { f := visit("x"); f.Set("stage", "party"); return f }(),
			http.StatusBadRequest, []string{"<code>stage</code>"}},
		{"ErrNoResource", editor, func() url.Values { f := visit("x"); f.Del("resource"); return f }(),
			http.StatusBadRequest, []string{"<code>resource</code>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := a.do(t, tt.who, "POST", "/members/palembang/exchanges", tt.form)
			assert.Equal(t, tt.want, res.StatusCode, body)
			for _, w := range tt.says {
				assert.Contains(t, body, w)
			}
			if tt.who == editor {
				assert.Contains(t, body, `value="`+tt.form.Get("beneficiaries")+`"`, "the form keeps what was typed")
			}
		})
	}
	t.Run("CrossOrigin", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/members/palembang/exchanges", strings.NewReader(visit("forged").Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		res, _ := a.send(t, editor, r)
		assert.Equal(t, http.StatusForbidden, res.StatusCode)
	})
	after, recorded := exchangesOf(t, a)
	assert.Equal(t, stored, after, "nothing stored")
	assert.Zero(t, recorded, "nothing audited")
}

func TestExchangeHostileEscaped(t *testing.T) {
	a := newApp(t)
	f := visit(`<script>alert(5)</script> a plan`)
	f.Set("beneficiaries", "hostile")
	res, body := a.do(t, editor, "POST", "/members/hostile/exchanges", f)
	require.Equal(t, http.StatusSeeOther, res.StatusCode, body)
	_, body = a.do(t, viewer, "GET", "/members/hostile", nil)
	assert.NotContains(t, body, "<script")
	assert.Contains(t, body, "&lt;script&gt;alert(5)&lt;/script&gt; a plan")
	res, body = a.do(t, editor, "POST", "/members/hostile/exchanges", url.Values{"resource": {"<script>alert(6)</script>"}, "beneficiaries": {"hostile"}})
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.NotContains(t, body, "<script")
}

func TestAPIAddExchange(t *testing.T) {
	a := newApp(t)
	post := func(who as, body string) (*http.Response, string) {
		return a.send(t, who, httptest.NewRequest("POST", "/api/v1/exchanges", strings.NewReader(body)))
	}
	ex := `{"resource": "seoul", "beneficiaries": ["palembang"], "topic": "brt", "year": 2026, "stage": "workshop", "outcome": "a BRT plan"}`
	res, _ := post(as{role: viewer.role, token: true}, ex)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	res, body := post(as{role: editor.role, token: true}, ex)
	require.Equal(t, http.StatusCreated, res.StatusCode, body)
	assert.Contains(t, body, `"outcome": "a BRT plan"`)
	res, _ = post(as{role: editor.role, token: true}, ex)
	assert.Equal(t, http.StatusConflict, res.StatusCode, "recorded already")
	res, body = post(as{role: editor.role, token: true}, `{"resource": "seoul", "beneficiaries": ["atlantis"]}`)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, `"key": "beneficiaries[0]"`)
	_, recorded := exchangesOf(t, a)
	assert.Equal(t, 1, recorded)
}
