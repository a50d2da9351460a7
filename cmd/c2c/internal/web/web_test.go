package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/web"
	"github.com/c2cnet/c2c/model"
)

var (
	nobody = as{}
	viewer = as{role: model.Viewer}
	editor = as{role: model.Editor}
	admin  = as{role: model.Admin}
)

// pin is the form that pins palembang → seoul.
func pin(why string) url.Values {
	return url.Values{"beneficiary": {"palembang"}, "resource": {"seoul"}, "rule": {"pin"}, "why": {why}}
}

func TestRoutesAuth(t *testing.T) {
	a := newApp(t)
	tests := []struct {
		method, target string
		form           url.Values
		who            as
		want           int
	}{
		{"GET", "/", nil, nobody, http.StatusSeeOther},
		{"GET", "/login", nil, nobody, http.StatusOK},
		{"GET", "/static/style.css", nil, nobody, http.StatusOK},
		{"GET", "/members", nil, nobody, http.StatusSeeOther},
		{"GET", "/members", nil, viewer, http.StatusOK},
		{"GET", "/members?country=ID", nil, viewer, http.StatusOK},
		{"GET", "/members?country=XX", nil, viewer, http.StatusBadRequest},
		{"GET", "/members/palembang", nil, nobody, http.StatusSeeOther},
		{"GET", "/members/palembang", nil, viewer, http.StatusOK},
		{"GET", "/members/nowhere", nil, viewer, http.StatusNotFound},
		{"GET", "/members/palembang/shortlist", nil, viewer, http.StatusOK},
		{"GET", "/members/palembang/shortlist?top=0", nil, viewer, http.StatusBadRequest},
		{"GET", "/explain/palembang/seoul", nil, viewer, http.StatusOK},
		{"GET", "/explain/palembang/nowhere", nil, viewer, http.StatusNotFound},
		{"GET", "/rules", nil, viewer, http.StatusOK},
		{"POST", "/rules", pin("agreed"), nobody, http.StatusUnauthorized},
		{"POST", "/rules", pin("agreed"), viewer, http.StatusForbidden},
		{"POST", "/rules", pin("agreed"), editor, http.StatusSeeOther},
		{"POST", "/rules/remove", url.Values{"beneficiary": {"palembang"}, "resource": {"seoul"}}, viewer, http.StatusForbidden},
		{"POST", "/rules/remove", url.Values{"beneficiary": {"palembang"}, "resource": {"seoul"}}, editor, http.StatusSeeOther},
		{"POST", "/rules/remove", url.Values{"beneficiary": {"palembang"}, "resource": {"seoul"}}, editor, http.StatusNotFound},
		{"GET", "/members/palembang/edit", nil, nobody, http.StatusSeeOther},
		{"GET", "/members/palembang/edit", nil, viewer, http.StatusForbidden},
		{"GET", "/members/palembang/edit", nil, editor, http.StatusOK},
		{"GET", "/members/nowhere/edit", nil, editor, http.StatusNotFound},
		{"POST", "/members/palembang/edit", url.Values{}, nobody, http.StatusUnauthorized},
		{"POST", "/members/palembang/edit", url.Values{}, viewer, http.StatusForbidden},
		{"POST", "/members/nowhere/edit", url.Values{}, editor, http.StatusNotFound},
		{"GET", "/workshop", nil, nobody, http.StatusSeeOther},
		{"GET", "/workshop", nil, viewer, http.StatusOK},
		{"POST", "/workshop", url.Values{}, nobody, http.StatusUnauthorized},
		{"POST", "/api/v1/workshop", nil, nobody, http.StatusUnauthorized},
		{"GET", "/audit", nil, viewer, http.StatusForbidden},
		{"GET", "/audit", nil, editor, http.StatusOK},
		{"GET", "/users", nil, editor, http.StatusForbidden},
		{"GET", "/users", nil, admin, http.StatusOK},
		{"POST", "/logout", url.Values{}, nobody, http.StatusSeeOther},
		{"GET", "/api/v1/openapi.json", nil, nobody, http.StatusOK},
		{"GET", "/api/v1/members", nil, nobody, http.StatusUnauthorized},
		{"GET", "/api/v1/members", nil, as{model.Viewer, true}, http.StatusOK},
		{"GET", "/api/v1/members", nil, viewer, http.StatusOK},
		{"GET", "/api/v1/members/palembang", nil, as{model.Viewer, true}, http.StatusOK},
		{"GET", "/api/v1/members/palembang/shortlist", nil, as{model.Viewer, true}, http.StatusOK},
		{"GET", "/api/v1/explain/palembang/seoul", nil, as{model.Viewer, true}, http.StatusOK},
		{"GET", "/api/v1/rules", nil, as{model.Viewer, true}, http.StatusOK},
		{"GET", "/api/v1/audit", nil, as{model.Viewer, true}, http.StatusForbidden},
		{"GET", "/api/v1/audit", nil, as{model.Editor, true}, http.StatusOK},
		{"DELETE", "/api/v1/rules/palembang/seoul", nil, as{model.Viewer, true}, http.StatusForbidden},
		{"DELETE", "/api/v1/rules/palembang/seoul", nil, as{model.Editor, true}, http.StatusNotFound},
		{"GET", "/api/v1/nothing", nil, as{model.Viewer, true}, http.StatusNotFound},
	}
	for _, tt := range tests {
		name := tt.method + " " + tt.target + " as " + string(tt.who.role)
		t.Run(name, func(t *testing.T) {
			res, body := a.do(t, tt.who, tt.method, tt.target, tt.form)
			assert.Equal(t, tt.want, res.StatusCode, body)
			if strings.HasPrefix(tt.target, "/api/") && res.StatusCode >= 400 {
				assert.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
			}
		})
	}
}

func TestBadToken(t *testing.T) {
	a := newApp(t)
	r := httptest.NewRequest("GET", "/api/v1/members", nil)
	r.Header.Set("Authorization", "Bearer not-a-token")
	res, body := a.send(t, nobody, r)
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
	assert.Equal(t, `Bearer realm="c2c"`, res.Header.Get("WWW-Authenticate"))
	assert.Contains(t, body, `"code": "unauthorized"`)
}

func TestSignIn(t *testing.T) {
	a := newApp(t)
	t.Run("OK", func(t *testing.T) {
		res, _ := a.do(t, nobody, "POST", "/login", url.Values{"name": {"editor"}, "password": {password}, "next": {"/members/palembang"}})
		require.Equal(t, http.StatusSeeOther, res.StatusCode)
		assert.Equal(t, "/members/palembang", res.Header.Get("Location"))
		cookies := res.Cookies()
		require.Len(t, cookies, 1)
		c := cookies[0]
		assert.Equal(t, "c2c_session", c.Name)
		assert.True(t, c.HttpOnly)
		assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
		assert.False(t, c.Secure, "no TLS here")
		log, err := a.db.AuditLog(t.Context(), 1)
		require.NoError(t, err)
		assert.Equal(t, web.ActionSignIn+" editor", log[0].Action+" "+log[0].User, "the sign-in is audited")

		r := httptest.NewRequest("GET", "/members/palembang", nil)
		r.AddCookie(c)
		res, _ = a.send(t, nobody, r)
		assert.Equal(t, http.StatusOK, res.StatusCode, "the new session reads")

		r = httptest.NewRequest("POST", "/logout", nil)
		r.AddCookie(c)
		res, _ = a.send(t, nobody, r)
		assert.Equal(t, http.StatusSeeOther, res.StatusCode)
		r = httptest.NewRequest("GET", "/members/palembang", nil)
		r.AddCookie(c)
		res, _ = a.send(t, nobody, r)
		assert.Equal(t, http.StatusSeeOther, res.StatusCode, "signed out: back to the sign-in page")
	})
	t.Run("SecureBehindTLS", func(t *testing.T) {
		a.s.Secure = true
		defer func() { a.s.Secure = false }()
		res, _ := a.do(t, nobody, "POST", "/login", url.Values{"name": {"viewer"}, "password": {password}})
		require.Len(t, res.Cookies(), 1)
		assert.True(t, res.Cookies()[0].Secure)
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		res, body := a.do(t, nobody, "POST", "/login", url.Values{"name": {"editor"}, "password": {"wrong password"}})
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
		assert.Empty(t, res.Cookies())
		assert.Contains(t, body, "wrong name or password")
	})
	t.Run("NoOpenRedirect", func(t *testing.T) {
		for _, next := range []string{"//evil.example/", "https://evil.example/", `/\evil.example`} {
			res, _ := a.do(t, nobody, "POST", "/login", url.Values{"name": {"viewer"}, "password": {password}, "next": {next}})
			assert.Equal(t, "/members", res.Header.Get("Location"), next)
		}
	})
}

func TestSignInRateLimited(t *testing.T) {
	a := newApp(t)
	a.s.Logins = web.NewLimiter(3, time.Minute)
	for range 3 {
		res, _ := a.do(t, nobody, "POST", "/login", url.Values{"name": {"admin"}, "password": {"guess"}})
		require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	}
	res, body := a.do(t, nobody, "POST", "/login", url.Values{"name": {"admin"}, "password": {password}})
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode, "even the right password waits")
	assert.NotEmpty(t, res.Header.Get("Retry-After"))
	assert.Contains(t, body, "too many failed sign-ins")
	assert.Empty(t, res.Cookies())

	r := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"name": {"admin"}, "password": {password}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = "192.0.2.7:5555"
	res, _ = a.send(t, nobody, r)
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "another address is not limited")
}

func TestLimiterWindow(t *testing.T) {
	l := web.NewLimiter(2, time.Minute)
	assert.Zero(t, l.Wait("a"))
	l.Fail("a")
	l.Fail("a")
	assert.Greater(t, l.Wait("a"), 50*time.Second)
	assert.Zero(t, l.Wait("b"))
	l.Clear("a")
	assert.Zero(t, l.Wait("a"))
}

func TestCrossOriginWriteRefused(t *testing.T) {
	a := newApp(t)
	for _, h := range []struct{ name, value string }{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
		t.Run(h.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/rules", strings.NewReader(pin("forged").Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set(h.name, h.value)
			res, _ := a.send(t, editor, r)
			assert.Equal(t, http.StatusForbidden, res.StatusCode)
			rules, err := a.db.Rules(t.Context())
			require.NoError(t, err)
			assert.Empty(t, rules, "nothing stored")
		})
	}
}

func TestPinNeedsReason(t *testing.T) {
	a := newApp(t)
	res, body := a.do(t, editor, "POST", "/rules", pin("   "))
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, "a reason is required")
	rules, err := a.db.Rules(t.Context())
	require.NoError(t, err)
	assert.Empty(t, rules)
}

func TestPinRecorded(t *testing.T) {
	a := newApp(t)
	res, _ := a.do(t, editor, "POST", "/rules", pin("mayors agreed in 2009"))
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.Equal(t, "/members/palembang/shortlist#rules", res.Header.Get("Location"))

	rules, err := a.db.Rules(t.Context())
	require.NoError(t, err)
	require.Len(t, rules, 1)
	assert.Equal(t, model.Pin, rules[0].Rule)
	assert.Equal(t, "mayors agreed in 2009", rules[0].Why)

	log, err := a.db.AuditLog(t.Context(), 1)
	require.NoError(t, err)
	require.Len(t, log, 1)
	assert.Equal(t, "editor", log[0].User)
	assert.Equal(t, web.ActionRulePin, log[0].Action)
	assert.Equal(t, "palembang→seoul", log[0].Target)

	_, body := a.do(t, viewer, "GET", "/members/palembang/shortlist", nil)
	assert.Contains(t, body, "mayors agreed in 2009", "the shortlist page lists the rule")
	assert.Contains(t, body, "pinned")
	assert.NotContains(t, body, `action="/rules"`, "a viewer gets no rule form")
	_, body = a.do(t, editor, "GET", "/members/palembang/shortlist", nil)
	assert.Contains(t, body, `action="/rules"`, "an editor does")
}

func TestHostileTextEscaped(t *testing.T) {
	a := newApp(t)
	for _, target := range []string{"/members", "/members/hostile", "/members/hostile/shortlist", "/explain/hostile/seoul", "/explain/palembang/hostile"} {
		t.Run(target, func(t *testing.T) {
			res, body := a.do(t, viewer, "GET", target, nil)
			require.Equal(t, http.StatusOK, res.StatusCode, body)
			assert.NotContains(t, body, "<script")
			assert.NotContains(t, body, "<img")
			if target == "/members" || target == "/members/hostile" {
				assert.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;", "the name shows as text")
			}
		})
	}
	_, body := a.do(t, as{model.Viewer, true}, "GET", "/api/v1/members/hostile", nil)
	assert.Contains(t, body, `"name": "<script>alert(1)</script>"`, "the API carries the name as data")
}

func TestSecurityHeaders(t *testing.T) {
	a := newApp(t)
	res, body := a.do(t, viewer, "GET", "/members/palembang/shortlist", nil)
	csp := res.Header.Get("Content-Security-Policy")
	assert.Contains(t, csp, "default-src 'none'")
	assert.NotContains(t, csp, "unsafe-inline")
	assert.Contains(t, csp, "script-src 'self';", "scripts only from the site's own files")
	assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	assert.Equal(t, "DENY", res.Header.Get("X-Frame-Options"))
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	assert.NotContains(t, body, "<script", "no page but the running batch's carries script, and none inline")
	assert.NotContains(t, body, "style=", "no inline style: the policy would block it")
}

func TestBodyLimit(t *testing.T) {
	a := newApp(t)
	big := `{"beneficiary":"palembang","resource":"seoul","rule":"pin","why":"` + strings.Repeat("x", 100<<10) + `"}`
	r := httptest.NewRequest("POST", "/api/v1/rules", strings.NewReader(big))
	res, body := a.send(t, as{model.Editor, true}, r)
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode, body)
	assert.Contains(t, body, `"code": "toolarge"`)
}

func TestAPIRules(t *testing.T) {
	a := newApp(t)
	post := func(body string) (*http.Response, string) {
		return a.send(t, as{model.Editor, true}, httptest.NewRequest("POST", "/api/v1/rules", strings.NewReader(body)))
	}
	res, body := post(`{"beneficiary":"palembang","resource":"seoul","rule":"block","why":"already partners"}`)
	require.Equal(t, http.StatusCreated, res.StatusCode, body)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	assert.Equal(t, "block", got["rule"])
	_, err := time.Parse(time.RFC3339, got["created"].(string))
	assert.NoError(t, err)

	res, body = post(`{"beneficiary":"palembang","resource":"seoul","rule":"pin","why":"x","colour":"red"}`)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode, "unknown keys are refused")
	assert.Contains(t, body, "colour")

	res, body = post(`{"beneficiary":"palembang","resource":"nowhere","rule":"pin","why":"x"}`)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	var errs struct {
		Errors []struct{ Code, Key, City, Message string }
	}
	require.NoError(t, json.Unmarshal([]byte(body), &errs))
	require.NotEmpty(t, errs.Errors)
	assert.Equal(t, model.EINVALID, errs.Errors[0].Code)
	assert.Equal(t, "rule.resource", errs.Errors[0].Key, "located as the command line locates it")
	assert.Equal(t, "nowhere", errs.Errors[0].City)

	res, _ = a.send(t, as{model.Editor, true}, httptest.NewRequest("DELETE", "/api/v1/rules/palembang/seoul", nil))
	assert.Equal(t, http.StatusNoContent, res.StatusCode)
	log, err := a.db.AuditLog(t.Context(), 2)
	require.NoError(t, err)
	assert.Equal(t, []string{web.ActionRuleBlock, web.ActionRuleRemove}, []string{log[0].Action, log[1].Action})
}

func TestAPIErrorsLocated(t *testing.T) {
	a := newApp(t)
	_, body := a.do(t, as{model.Viewer, true}, "GET", "/api/v1/members/palembamg", nil)
	assert.Contains(t, body, `"code": "notfound"`)
	assert.Contains(t, body, `"city": "palembamg"`)
	assert.Contains(t, body, `did you mean \"palembang\"`, "the JSON carries the suggestion")
	_, body = a.do(t, as{model.Viewer, true}, "GET", "/api/v1/members?country=XX&development=rich", nil)
	assert.Contains(t, body, `"key": "country"`)
	assert.Contains(t, body, `"key": "development"`)
}

// TestOpenAPI checks that the document is OpenAPI 3 and describes exactly
// the API's routes.
func TestOpenAPI(t *testing.T) {
	a := newApp(t)
	res, body := a.do(t, nobody, "GET", "/api/v1/openapi.json", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &doc))
	assert.True(t, strings.HasPrefix(doc.OpenAPI, "3."))
	var routes []string
	for path, ops := range doc.Paths {
		for method := range ops {
			routes = append(routes, strings.ToUpper(method)+" "+path)
		}
	}
	assert.ElementsMatch(t, []string{
		"GET /members", "GET /members/{id}", "GET /members/{id}/shortlist", "GET /explain/{beneficiary}/{resource}",
		"PUT /members/{id}", "POST /exchanges", "GET /rules", "POST /rules", "DELETE /rules/{beneficiary}/{resource}", "POST /workshop", "GET /runs", "POST /runs", "GET /runs/current", "POST /runs/current/cancel", "GET /runs/{run}", "GET /runs/{a}/diff/{b}", "POST /runs/{run}/verify",
		"POST /import", "POST /runs/{run}/approve", "POST /runs/{run}/publish", "GET /audit", "GET /openapi.json",
	}, routes)
	for _, route := range routes {
		method, path, _ := strings.Cut(route, " ")
		path = strings.NewReplacer("{id}", "palembang", "{beneficiary}", "palembang", "{resource}", "seoul", "{run}", "1", "{a}", "1", "{b}", "1").Replace(path)
		res, body := a.send(t, as{model.Editor, true}, httptest.NewRequest(method, "/api/v1"+path, strings.NewReader("{}")))
		assert.NotContains(t, body, "no API route", "%s is served", route)
		assert.NotEqual(t, http.StatusMethodNotAllowed, res.StatusCode, route)
	}
	waitEnd(t, a) // the batch POST /runs started
}

func TestAccountsPage(t *testing.T) {
	a := newApp(t)
	add := url.Values{"name": {"cy"}, "role": {"editor"}}
	res, _ := a.do(t, editor, "POST", "/users", add)
	assert.Equal(t, http.StatusForbidden, res.StatusCode, "accounts need an admin")

	res, body := a.do(t, admin, "POST", "/users", add)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	m := regexp.MustCompile(`<code class="password">([A-Za-z0-9]{20})</code>`).FindStringSubmatch(body)
	require.NotNil(t, m, "the generated password is shown once")
	res, _ = a.do(t, nobody, "POST", "/login", url.Values{"name": {"cy"}, "password": {m[1]}})
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "cy signs in with it")

	res, body = a.do(t, admin, "POST", "/users", url.Values{"name": {"<b>Cy</b>"}, "role": {"editor"}})
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, "invalid account name")
	assert.NotContains(t, body, "<b>Cy</b>")
	res, _ = a.do(t, admin, "POST", "/users", add)
	assert.Equal(t, http.StatusConflict, res.StatusCode, "the name is taken")

	res, _ = a.do(t, admin, "POST", "/users/remove", url.Values{"name": {"cy"}})
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	res, body = a.do(t, admin, "POST", "/users/remove", url.Values{"name": {"admin"}})
	assert.Equal(t, http.StatusConflict, res.StatusCode)
	assert.Contains(t, body, "last admin")

	log, err := a.db.AuditLog(t.Context(), 0)
	require.NoError(t, err)
	var actions []string
	for _, e := range log {
		if e.User == "admin" {
			actions = append(actions, e.Action+" "+e.Target)
		}
	}
	assert.Equal(t, []string{"user.add cy", "user.rm cy"}, actions)
}
