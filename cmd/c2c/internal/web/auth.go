package web

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// sessionCookie is the name of the sign-in cookie.
const sessionCookie = "c2c_session"

// Audit actions of the web application.
const (
	ActionSignIn  = "session.signin"  // an account signed in
	ActionSignOut = "session.signout" // an account signed out
)

// handler is a route that needs a signed-in account: it gets the account
// and returns its error, which the server writes.
type handler func(w http.ResponseWriter, r *http.Request, u model.User) error

// need wraps h so that it runs only for an account whose role allows role.
// With no valid credentials a page redirects to the sign-in page (a read)
// or is refused (a write, and the API) with EUNAUTHORIZED; with a role
// too low it is refused with EFORBIDDEN.
func (s *Server) need(role model.Role, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, err := s.user(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if u.Name == "" {
			if !isAPI(r) && r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, &model.Error{Code: EUNAUTHORIZED, Message: "not signed in: expected a session cookie or an Authorization: Bearer token (c2c user token NAME)"})
			return
		}
		if !u.Role.Allows(role) {
			s.fail(w, r, &model.Error{Code: EFORBIDDEN, Message: fmt.Sprintf("%s is a %s: this needs the %s role", u.Name, u.Role, role)})
			return
		}
		if err := h(w, r, u); err != nil {
			s.fail(w, r, err)
		}
	}
}

// user returns the account r is signed in as, from its bearer token or its
// session cookie; the zero User when it has neither or they are not valid.
func (s *Server) user(r *http.Request) (model.User, error) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			return model.User{}, &model.Error{Code: EUNAUTHORIZED, Message: "unsupported Authorization header: expected Bearer TOKEN"}
		}
		return s.holder(s.DB.TokenUser(r.Context(), account.TokenHash(strings.TrimSpace(token))))
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return model.User{}, nil
	}
	return s.holder(s.DB.SessionUser(r.Context(), account.TokenHash(c.Value)))
}

// holder turns a failed credential look-up into "not signed in".
func (s *Server) holder(u model.User, err error) (model.User, error) {
	if model.ErrorCode(err) == model.ENOTFOUND {
		return model.User{}, nil
	}
	return u, err
}

// loginPage shows the sign-in form.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login.html", model.User{}, "Sign in", loginData{Next: localPath(r.URL.Query().Get("next"))})
}

// loginData is what the sign-in page shows.
type loginData struct {
	Next  string // where to go once signed in
	Name  string // the name typed, kept after a failure
	Error string // why the last attempt failed
}

// login checks a name and password, starts a session and goes to the page
// the form names. Failed attempts are limited per client address.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	name, password := strings.TrimSpace(r.PostForm.Get("name")), r.PostForm.Get("password")
	data := loginData{Next: localPath(r.PostForm.Get("next")), Name: name}
	addr := clientAddr(r)
	if wait := s.Logins.Wait(addr); wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds()+1)))
		data.Error = fmt.Sprintf("too many failed sign-ins from this address: try again in %s", wait.Round(time.Second))
		s.render(w, r, http.StatusTooManyRequests, "login.html", model.User{}, "Sign in", data)
		return
	}
	u, err := account.Authenticate(r.Context(), s.DB, name, password)
	if model.ErrorCode(err) == model.EINVALID {
		s.Logins.Fail(addr)
		data.Error = model.ErrorMessage(err)
		s.render(w, r, http.StatusUnauthorized, "login.html", model.User{}, "Sign in", data)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Logins.Clear(addr)
	token, hash := account.NewToken()
	expires := s.DB.Now().Add(s.SessionTTL)
	signIn := store.Audited(r.Context(), model.AuditEntry{User: u.Name, Action: ActionSignIn, Target: u.Name, Detail: addr})
	if err := s.DB.AddSession(signIn, u.Name, hash, expires); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, s.cookie(token, expires))
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
}

// logout ends the session of the request, if any.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		ctx := r.Context()
		if u, _ := s.user(r); u.Name != "" {
			ctx = store.Audited(ctx, model.AuditEntry{User: u.Name, Action: ActionSignOut, Target: u.Name})
		}
		if err := s.DB.RemoveSession(ctx, account.TokenHash(c.Value)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, s.cookie("", time.Unix(0, 0)))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// cookie is the session cookie holding token until expires: not readable
// by script, not sent with cross-site subrequests or posts, and only over
// TLS when the server serves TLS.
func (s *Server) cookie(token string, expires time.Time) *http.Cookie {
	c := &http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure}
	if token == "" {
		c.MaxAge = -1
	}
	return c
}

// localPath returns p when it is a path of this site, "/members" otherwise,
// so that the sign-in form cannot send anyone elsewhere.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/members"
	}
	return p
}

// clientAddr is the address a request came from, without its port. The
// server trusts no forwarding header: behind a proxy every client shares
// the proxy's address, and the limit with it.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Limiter counts failed attempts per key (a client address) in a sliding
// window and refuses further ones when a key reaches the limit.
type Limiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex
	fails map[string][]time.Time // per key, the failures in the window, oldest first
}

// NewLimiter returns a limiter allowing max failures per key in any
// window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{max: max, window: window, now: time.Now, fails: map[string][]time.Time{}}
}

// Wait returns how long key must wait before its next attempt: 0 unless it
// has failed max times within the window.
func (l *Limiter) Wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.prune(key)
	if len(f) < l.max {
		return 0
	}
	return f[0].Add(l.window).Sub(l.now())
}

// maxKeys bounds the addresses a Limiter remembers: past it, the ones
// whose failures have left the window are forgotten first.
const maxKeys = 10000

// Fail counts one failed attempt of key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.fails) >= maxKeys {
		for k := range l.fails {
			l.prune(k)
		}
	}
	l.fails[key] = append(l.prune(key), l.now())
}

// Clear forgets the failures of key, after a success.
func (l *Limiter) Clear(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}

// prune drops the failures of key older than the window, and the key when
// none is left, and returns what is left.
func (l *Limiter) prune(key string) []time.Time {
	f := l.fails[key]
	cut := l.now().Add(-l.window)
	i := 0
	for i < len(f) && !f[i].After(cut) {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = f
	return f
}
