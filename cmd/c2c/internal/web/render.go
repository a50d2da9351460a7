package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/jsonout"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// page is what every page template gets: the page's own data in Data,
// and what the layout needs.
type page struct {
	Title   string
	User    model.User // the signed-in account; zero on the sign-in and error pages
	CanEdit bool       // the account may write
	IsAdmin bool       // the account may manage accounts
	Data    any
}

// namedPart is one part of a score, with its name, for the templates.
type namedPart struct {
	Name string
	model.Part
}

// templateFuncs are the helpers the templates call. None builds markup:
// html/template escapes all they return.
var templateFuncs = template.FuncMap{
	"f4":  func(v float64) string { return fmt.Sprintf("%.4f", v) },
	"f3":  func(v float64) string { return fmt.Sprintf("%.3f", v) },
	"pct": func(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) },
	"parts": func(b model.Breakdown) []namedPart {
		out := make([]namedPart, len(model.PartNames))
		for i, p := range b.Parts() {
			out[i] = namedPart{model.PartNames[i], *p}
		}
		return out
	},
	"needTopics":  needTopics,
	"offerTopics": offerTopics,
	"wordsNote":   match.WordsNote,
	"join":        strings.Join,
	"reasons":     render.JoinReasons,
	"pairOf": func(beneficiary, resource string) model.Rule {
		return model.Rule{Beneficiary: beneficiary, Resource: resource}
	},
	"entry": func(list string, i int) string { return fmt.Sprintf("%s[%d]", list, i) },
	"time": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	},
	"year": func(y int) string {
		if y == 0 {
			return ""
		}
		return fmt.Sprint(y)
	},
}

// parsePages parses every page of templates/ with the layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(templateFuncs).ParseFS(files, "templates/layout.html", name)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// render writes the page name with data for the account u, with status.
// The page is rendered into memory first, so that a template error gives
// an error page and not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, u model.User, title string, data any) {
	t, ok := s.pages[name]
	if !ok {
		panic("web: no page " + name) // a missing embedded template is a build defect
	}
	var buf bytes.Buffer
	p := page{Title: title, User: u, CanEdit: u.Role.Allows(model.Editor), IsAdmin: u.Role.Allows(model.Admin), Data: data}
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		fmt.Fprintf(s.Log, "c2c serve: render %s for %s: %v\n", name, r.URL.Path, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// writeJSON writes v as the API's response with status, in the bytes
// c2c's --format json prints.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	if err := jsonout.Write(&buf, v); err != nil {
		fmt.Fprintf(s.Log, "c2c serve: %s: %v\n", r.URL.Path, err)
		http.Error(w, `{"errors":[{"code":"internal","message":"internal error"}]}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// needTopics lists the distinct topics of c's challenges, in profile order.
func needTopics(c model.City) string {
	var ts []string
	for _, ch := range c.Challenges {
		ts = append(ts, ch.Topic)
	}
	return distinct(ts)
}

// offerTopics lists the distinct topics of c's capacities and practices,
// in profile order.
func offerTopics(c model.City) string {
	var ts []string
	for _, ca := range c.Capacities {
		ts = append(ts, ca.Topic)
	}
	for _, p := range c.Practices {
		ts = append(ts, p.Topics...)
	}
	return distinct(ts)
}

// distinct joins the non-empty strings of ts, each once, in first-seen order.
func distinct(ts []string) string {
	var out []string
	for _, t := range ts {
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return strings.Join(out, ", ")
}
