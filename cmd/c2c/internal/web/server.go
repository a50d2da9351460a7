// Package web is c2c's web application for the secretariat (c2c serve):
// server-rendered pages over the same store and engine as the command line,
// and a JSON API under /api/v1 that carries exactly the values the
// commands print with --format json.
//
// # Security
//
// Every page but the sign-in page needs a signed-in account; reading needs
// the viewer role (running a workshop pairing too: it writes nothing),
// writing (pins, blocks, profile edits, imports; starting, cancelling,
// verifying, approving and publishing a batch run) the editor role, the accounts
// page the admin role. Browsers sign in with a password and get a session
// cookie (HttpOnly, SameSite=Lax, Secure behind TLS) whose SHA-256 hash is
// stored; API clients send a bearer token made by c2c user token, also
// stored hashed. Cross-origin writes are refused by
// http.CrossOriginProtection, failed sign-ins are limited per address, every
// response carries a Content-Security-Policy that allows no script at all,
// html/template escapes every profile text, and request bodies are limited
// in size (an import's upload to Server.MaxImport, the rest to 64 KiB).
package web

import (
	"context"
	"crypto/tls"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

//go:embed templates/*.html static/* openapi.json
var files embed.FS

// Limits on what a request may send.
const (
	maxFormBody = 64 << 10 // bytes of a form or JSON body
	shutdownMax = 10 * time.Second
)

// Server is the web application over one store.
type Server struct {
	DB  *store.DB       // the store the commands use
	Ref model.Reference // the taxonomy and the country table
	// Secure marks session cookies Secure; ListenAndServe sets it when it
	// serves TLS.
	Secure bool
	// Log receives what went wrong inside the server (internal errors,
	// refused requests); users see only "internal error".
	Log io.Writer
	// Year is the reference year of the engine when a request does not
	// give one; 0 means this year.
	Year int
	// SessionTTL is how long a sign-in lasts.
	SessionTTL time.Duration
	// Logins limits failed sign-ins per client address.
	Logins *Limiter
	// Version is the engine version batches started here are stamped
	// with and runs are verified against (c2c version).
	Version string
	// Publish is where a batch started here publishes its report, and
	// where publishing an approved run writes its files; Out "" publishes
	// nothing (publishing a run then only records it).
	Publish publish.Options
	// MaxImport is the most bytes an import by upload may send (POST
	// /import, POST /api/v1/import); 0 means 32 MiB. Every other request
	// body is limited to 64 KiB.
	MaxImport int64
	// Network is the network's name as letters to mayors are signed.
	Network string

	base  context.Context // what batches started here run under: ListenAndServe's ctx
	batch batches         // the batch started here, running or last

	pages   map[string]*template.Template
	net     network        // the document and engines of the store's current generation
	imports pendingImports // the dry runs of imports by upload, awaiting their confirmation
}

// DefaultNetwork is the network's name on letters unless Server.Network
// says otherwise.
const DefaultNetwork = "the C2C network"

// New returns the web application over db, with sessions of 12 hours, at
// most 5 failed sign-ins per address every 5 minutes, and letters signed
// by DefaultNetwork.
func New(db *store.DB, ref model.Reference) (*Server, error) {
	s := &Server{DB: db, Ref: ref, Log: io.Discard, SessionTTL: 12 * time.Hour, Logins: NewLimiter(5, 5*time.Minute), Network: DefaultNetwork}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return s, nil
}

// Handler returns the application: every route behind the security
// headers, the body limit and the cross-origin check.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(files, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/members", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)
	s.pageRoutes(mux)
	s.apiRoutes(mux)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(s.Log, "c2c serve: refused a cross-origin %s %s (Origin %q, Sec-Fetch-Site %q)\n",
			r.Method, r.URL.Path, r.Header.Get("Origin"), r.Header.Get("Sec-Fetch-Site"))
		s.fail(w, r, &model.Error{Code: EFORBIDDEN, Message: "cross-origin request refused: expected a form of this site"})
	}))
	return headers(s.limitBody(cop.Handler(mux)))
}

// headers sets the security headers of every response: a policy that
// allows no inline script (only the site's own script files), no frame and
// no foreign resource, no MIME sniffing, no
// referrer outside the site, and no caching of pages that hold profiles.
func headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			hd.Set("Cache-Control", "no-store")
		}
		h.ServeHTTP(w, r)
	})
}

// limitBody caps every request body at maxFormBody bytes, the upload of
// an import at s.MaxImport.
func (s *Server) limitBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.importBodyLimit(r))
		}
		h.ServeHTTP(w, r)
	})
}

// ListenAndServe serves the application on addr (TLS when certFile and
// keyFile are given), calls ready with the address it listens on, and
// serves until ctx is done; then it stops taking requests and lets the
// running ones finish, for at most 10 seconds, and waits for a batch
// started from the web, which ctx's end interrupts, to be marked
// interrupted.
func (s *Server) ListenAndServe(ctx context.Context, addr, certFile, keyFile string, ready func(url string)) error {
	s.base = ctx
	var tlsConfig *tls.Config
	if certFile != "" || keyFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return &model.Error{Code: model.EINVALID, File: certFile, Message: "cannot load the TLS certificate and key: expected PEM files", Err: err}
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		s.Secure = true
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return &model.Error{Code: model.EINVALID, Key: "addr", Message: fmt.Sprintf("cannot listen on %s: %v", addr, err), Err: err}
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(s.Log, "c2c serve: ", 0),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	scheme := "http"
	if tlsConfig != nil {
		srv.TLSConfig = tlsConfig
		ln = tls.NewListener(ln, tlsConfig)
		scheme = "https"
	}
	ready(scheme + "://" + ln.Addr().String())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), shutdownMax)
	defer cancel()
	err = srv.Shutdown(stop)
	s.batch.wg.Wait() // a batch started here ends interrupted with ctx
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}
