package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/cmd/c2c/internal/web"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// TestAPIEqualsCommandLine checks that the API carries, byte for byte, what
// the commands print with --format json, on the same database.
func TestAPIEqualsCommandLine(t *testing.T) {
	path := sampleDB(t)
	tests := []struct {
		name string
		args []string
		api  string
	}{
		{"Shortlist", []string{"shortlist", "palembang", "--year", "2026", "--format", "json"}, "/api/v1/members/palembang/shortlist?year=2026"},
		{"ShortlistTopic", []string{"shortlist", "colombo", "--top", "3", "--topic", "landfill", "--year", "2026", "--format", "json"}, "/api/v1/members/colombo/shortlist?top=3&topic=landfill&year=2026"},
		{"ShortlistWeights", []string{"shortlist", "dhaka", "--weights", "need=0.6,history=0", "--prefer", "new", "--year", "2026", "--format", "json"},
			"/api/v1/members/dhaka/shortlist?weights=need%3D0.6%2Chistory%3D0&prefer=new&year=2026"},
		{"Explain", []string{"explain", "hanoi", "yokohama", "--year", "2026", "--format", "json"}, "/api/v1/explain/hanoi/yokohama?year=2026"},
		{"City", []string{"city", "palembang", "--format", "json"}, "/api/v1/members/palembang"},
		{"Cities", []string{"cities", "--country", "ID", "--format", "json"}, "/api/v1/members?country=ID"},
		{"CitiesNeeds", []string{"cities", "--needs", "urban-flooding", "--format", "json"}, "/api/v1/members?needs=urban-flooding"},
	}
	want := map[string]string{}
	for _, tt := range tests {
		want[tt.name] = mustRun(t, append([]string{"--db", path}, tt.args...)...).stdout
	}

	h, token := viewerAPI(t, path, 0)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tt.api, nil)
			r.Header.Set("Authorization", "Bearer "+token)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			assert.Equal(t, want[tt.name], w.Body.String())
		})
	}
}

// TestWorkshopAPIEqualsCommandLine checks that POST /api/v1/workshop
// answers, byte for byte, what c2c pair --format json prints for the same
// options, on the same database.
func TestWorkshopAPIEqualsCommandLine(t *testing.T) {
	path := sampleDB(t)
	six := "seoul,yokohama,palembang,jakarta,mumbai,hanoi"
	tests := []struct {
		name string
		args []string
		body string
	}{
		{"Six", []string{"--participants", six, "--partners", "2"},
			`{"participants":["seoul","yokohama","palembang","jakarta","mumbai","hanoi"],"partners":2}`},
		{"Clusters", []string{"--participants", six, "--partners", "2", "--clusters", "--hosting", "1"},
			`{"participants":["seoul","yokohama","palembang","jakarta","mumbai","hanoi"],"partners":2,"clusters":true,"hosting":1}`},
		{"Everyone", []string{"--min-score", "0.3", "--objective", "score", "--min-developing", "1", "--candidates", "20", "--allow-same-country", "--prefer", "new"},
			`{"min_score":0.3,"objective":"score","min_developing":1,"candidates":20,"allow_same_country":true,"prefer":"new"}`},
	}
	want := map[string]string{}
	for _, tt := range tests {
		want[tt.name] = mustRun(t, append([]string{"--db", path, "pair", "--year", "2026", "--format", "json"}, tt.args...)...).stdout
	}
	h, token := viewerAPI(t, path, 2026)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/workshop", strings.NewReader(tt.body))
			r.Header.Set("Authorization", "Bearer "+token)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			assert.Equal(t, want[tt.name], w.Body.String())
		})
	}
}

// viewerAPI opens the database at path and returns the web application
// over it, with the reference year year (0: this year), and the API token
// of a viewer.
func viewerAPI(t *testing.T, path string, year int) (http.Handler, string) {
	t.Helper()
	s, token := apiAs(t, path, year, model.Viewer)
	return s.Handler(), token
}

// apiAs opens the database at path and returns the web application over
// it, with the reference year year (0: this year), and the API token of an
// account with role.
func apiAs(t *testing.T, path string, year int, role model.Role) (*web.Server, string) {
	t.Helper()
	db, err := store.Open(t.Context(), path)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	require.NoError(t, db.AddUser(t.Context(), model.User{Name: "ana", Role: role}, "unused", "test"))
	token, hash := account.NewToken()
	require.NoError(t, db.AddToken(t.Context(), "ana", hash, "test"))
	s, err := web.New(db, fixtures.Reference())
	require.NoError(t, err)
	s.Year = year
	return s, token
}

// runWith runs the program with stdin, as main does but into buffers.
func runWith(tb testing.TB, stdin string, args ...string) result {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr, Ref: fixtures.Reference(), Width: render.DefaultWidth}
	err := m.App().RunContext(tb.Context(), append([]string{"c2c"}, args...))
	if err != nil {
		stderr.WriteString(model.ErrorMessage(err) + "\n")
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), err: err, code: cmdline.ExitCode(err)}
}

func TestUserCommands(t *testing.T) {
	path := sampleDB(t)
	db := []string{"--db", path}
	check := func(t *testing.T, name, password string) {
		t.Helper()
		s, err := store.Open(t.Context(), path)
		require.NoError(t, err)
		defer s.Close()
		_, err = account.Authenticate(t.Context(), s, name, password)
		assert.NoError(t, err, "%s signs in with %q", name, password)
	}

	r := runWith(t, "correct horse battery\n", append(db, "user", "add", "ana", "--role", "editor")...)
	require.NoError(t, r.err, r.stderr)
	assert.Empty(t, r.stdout, "a password from standard input is not printed")
	check(t, "ana", "correct horse battery")

	r = runWith(t, "", append(db, "user", "add", "bot", "--role", "viewer")...)
	require.NoError(t, r.err, r.stderr)
	generated := strings.TrimSpace(r.stdout)
	assert.Len(t, generated, 20, "an empty standard input gets a generated password, printed")
	assert.Contains(t, r.stderr, "generated")
	check(t, "bot", generated)

	r = runWith(t, "another horse battery\n", append(db, "user", "passwd", "ana")...)
	require.NoError(t, r.err, r.stderr)
	check(t, "ana", "another horse battery")

	r = runWith(t, "", append(db, "user", "token", "bot")...)
	require.NoError(t, r.err, r.stderr)
	assert.Regexp(t, `^[A-Za-z0-9_-]{43}\n$`, r.stdout)

	for _, bad := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"ErrRole", "correct horse battery\n", []string{"user", "add", "cy", "--role", "owner"}},
		{"ErrName", "correct horse battery\n", []string{"user", "add", "Cy Young"}},
		{"ErrTaken", "correct horse battery\n", []string{"user", "add", "ana"}},
		{"ErrShort", "short\n", []string{"user", "add", "cy"}},
		{"ErrUnknown", "correct horse battery\n", []string{"user", "passwd", "nobody"}},
		{"ErrUnknownRm", "", []string{"user", "rm", "nobody"}},
		{"ErrUnknownToken", "", []string{"user", "token", "nobody"}},
		{"ErrNoName", "", []string{"user", "rm"}},
	} {
		t.Run(bad.name, func(t *testing.T) {
			r := runWith(t, bad.stdin, append(db, bad.args...)...)
			assert.Equal(t, 1, r.code, r.stderr)
		})
	}
	r = runWith(t, "", append(db, "user", "rm", "bot")...)
	require.NoError(t, r.err, r.stderr)

	r = mustRun(t, append(db, "audit")...)
	for _, want := range []string{"user.add", "user.passwd", "user.token", "user.rm", "ana", "bot", "cli:"} {
		assert.Contains(t, r.stdout, want)
	}
	assert.NotContains(t, r.stdout, "horse", "no password in the log")
	r = mustRun(t, append(db, "audit", "--limit", "1", "--format", "json")...)
	assert.Contains(t, r.stdout, `"action": "user.rm"`)
	assert.Equal(t, 1, strings.Count(r.stdout, `"seq"`))
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServe(t *testing.T) {
	path := sampleDB(t)
	var stdout, stderr syncBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Ref: fixtures.Reference(), Width: render.DefaultWidth}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- m.App().RunContext(ctx, []string{"c2c", "--db", path, "serve", "--addr", "127.0.0.1:0"})
	}()

	addr := regexp.MustCompile(`serving .* on (http://127\.0\.0\.1:\d+)`)
	var base string
	require.Eventually(t, func() bool {
		if m := addr.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
			return true
		}
		return false
	}, 20*time.Second, 20*time.Millisecond, "the address is printed; stderr: %s", stderr.String())

	pw := regexp.MustCompile(`account admin with the one-time password (\S+)`).FindStringSubmatch(stderr.String())
	require.NotNil(t, pw, "the first start creates admin and prints its password: %s", stderr.String())
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(base+"/login", url.Values{"name": {"admin"}, "password": {pw[1]}})
	require.NoError(t, err)
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "admin signs in with the printed password")

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err, "Ctrl-C shuts down cleanly")
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after Ctrl-C")
	}

	r := runC2C(t, "--db", path, "serve", "--tls-cert", "cert.pem")
	assert.Equal(t, 1, r.code, "--tls-cert without --tls-key: %s", r.stderr)
	r = runC2C(t, "--db", path, "serve", "--tls-cert", "missing.pem", "--tls-key", "missing.pem")
	assert.Equal(t, 1, r.code, "unreadable certificate: %s", r.stderr)
	assert.Contains(t, r.stderr, "TLS certificate")
}

// TestRunsAPIEqualsCommandLine checks that the runs API carries, byte for
// byte, what c2c runs, runs show, runs diff and runs verify print with
// --format json, on the same database.
func TestRunsAPIEqualsCommandLine(t *testing.T) {
	path := sampleDB(t)
	mustRun(t, "--db", path, "batch", "--year", "2026", "--quiet")
	mustRun(t, "--db", path, "batch", "--year", "2026", "--top", "3", "--quiet")
	tests := []struct {
		name   string
		args   []string
		method string
		api    string
	}{
		{"List", []string{"runs"}, "GET", "/api/v1/runs"},
		{"Show", []string{"runs", "show", "2"}, "GET", "/api/v1/runs/2"},
		{"Diff", []string{"runs", "diff", "1", "2"}, "GET", "/api/v1/runs/1/diff/2"},
		{"Verify", []string{"runs", "verify", "1", "--quiet"}, "POST", "/api/v1/runs/1/verify"},
	}
	want := map[string]string{}
	for _, tt := range tests {
		want[tt.name] = mustRun(t, append(append([]string{"--db", path}, tt.args...), "--format", "json")...).stdout
	}
	s, token := apiAs(t, path, 0, model.Editor)
	s.Version = Version
	h := s.Handler()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.api, nil)
			r.Header.Set("Authorization", "Bearer "+token)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			assert.Equal(t, want[tt.name], w.Body.String())
		})
	}
}
