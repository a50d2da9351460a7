package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/cmd/c2c/internal/web"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// hostileName is a member name that would run script if it were not
// escaped.
const hostileName = `<script>alert(1)</script>`

// password is the password of every test account.
const password = "correct horse battery"

// app is a web application over the sample network plus one hostile
// member, with one account of each role.
type app struct {
	s       *web.Server
	h       http.Handler
	db      *store.DB
	cookies map[model.Role]*http.Cookie // a signed-in session per role
	tokens  map[model.Role]string       // an API token per role
}

// newApp returns the application for a test, over the sample network
// and the hostile member. Accounts are named after their role.
func newApp(t *testing.T) *app {
	t.Helper()
	doc := fixtures.Sample()
	doc.Cities = append(doc.Cities, model.City{ID: "hostile", Name: hostileName, Country: "FR",
		Challenges: []model.Challenge{{Text: `<img src=x onerror=alert(2)> buses are slow and crowded`, Severity: 3}},
		Capacities: []model.Capacity{{Text: `"><script>alert(3)</script> composting`, Level: 3}}})
	return newAppOf(t, doc)
}

// newAppOf returns the application for a test over the network doc, with
// an account of each role named after it.
func newAppOf(t *testing.T, doc *model.Document) *app {
	t.Helper()
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	db.Now = func() time.Time { return time.Now() } // sessions expire against the real clock
	ref := fixtures.Reference()
	_, err := db.Import(ctx, ref, store.ImportOptions{Replace: true}, &store.Input{File: "sample", Doc: doc})
	require.NoError(t, err)
	s, err := web.New(db, ref)
	require.NoError(t, err)
	s.Year = 2026
	var log strings.Builder
	s.Log = &log
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	a := &app{s: s, h: s.Handler(), db: db, cookies: map[model.Role]*http.Cookie{}, tokens: map[model.Role]string{}}
	hash, err := account.Hash(password)
	require.NoError(t, err)
	for _, role := range model.Roles {
		name := string(role)
		require.NoError(t, db.AddUser(ctx, model.User{Name: name, Role: role}, hash, "test"))
		session, sh := account.NewToken()
		require.NoError(t, db.AddSession(ctx, name, sh, time.Now().Add(time.Hour)))
		a.cookies[role] = &http.Cookie{Name: "c2c_session", Value: session}
		token, th := account.NewToken()
		require.NoError(t, db.AddToken(ctx, name, th, "test"))
		a.tokens[role] = token
	}
	return a
}

// as is who sends a request: nobody, a session of a role, or a token.
type as struct {
	role  model.Role // "" for nobody
	token bool       // use the role's API token instead of its session
}

// do sends a request to the application and returns the response and its
// body. A form body is sent as application/x-www-form-urlencoded, from the
// same origin as a browser would say.
func (a *app) do(t *testing.T, who as, method, target string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	return a.send(t, who, r)
}

// send sends r as who.
func (a *app) send(t *testing.T, who as, r *http.Request) (*http.Response, string) {
	t.Helper()
	if who.role != "" {
		if who.token {
			r.Header.Set("Authorization", "Bearer "+a.tokens[who.role])
		} else {
			r.AddCookie(a.cookies[who.role])
		}
	}
	w := httptest.NewRecorder()
	a.h.ServeHTTP(w, r)
	res := w.Result()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(b)
}

// audited counts the entries of the audit log with action.
func audited(t *testing.T, a *app, action string) int {
	t.Helper()
	log, err := a.db.AuditLog(t.Context(), 0)
	require.NoError(t, err)
	n := 0
	for _, e := range log {
		if e.Action == action {
			n++
		}
	}
	return n
}
