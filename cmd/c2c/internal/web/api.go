package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// apiRoutes registers the JSON API. Each route carries the value the
// matching command prints with --format json:
//
//	GET    /api/v1/members                               c2c cities --format json
//	GET    /api/v1/members/{id}                          c2c city ID --format json
//	PUT    /api/v1/members/{id}                          replace a profile, If-Match its version (editor)
//	POST   /api/v1/exchanges                             record an exchange (editor)
//	GET    /api/v1/members/{id}/shortlist                c2c shortlist ID --format json
//	GET    /api/v1/explain/{beneficiary}/{resource}      c2c explain B R --format json
//	GET    /api/v1/rules                                 the rules, created in RFC 3339
//	POST   /api/v1/rules                                 pin or block a pair (editor)
//	DELETE /api/v1/rules/{beneficiary}/{resource}        remove a rule (editor)
//	POST   /api/v1/workshop                              c2c pair --format json, the options in the body
//	GET    /api/v1/runs                                  c2c runs --format json
//	POST   /api/v1/runs                                  start a batch, its options in the body: 202 and its location (editor)
//	GET    /api/v1/runs/current                          the batch started from the web: running, stage, done/total
//	POST   /api/v1/runs/current/cancel                   cancel that batch (editor)
//	GET    /api/v1/runs/{id}                             c2c runs show ID --format json
//	GET    /api/v1/runs/{a}/diff/{b}                     c2c runs diff A B --format json
//	POST   /api/v1/runs/{id}/verify                      c2c runs verify ID --format json (editor)
//	POST   /api/v1/import                                c2c import, ?dry_run=1 c2c import --dry-run (editor)
//	POST   /api/v1/runs/{id}/approve                     c2c runs approve ID: the run's review (editor)
//	POST   /api/v1/runs/{id}/publish                     c2c runs publish ID: the run's review (editor)
//	GET    /api/v1/audit                                 the audit log (editor)
//	GET    /api/v1/openapi.json                          the OpenAPI 3 description
func (s *Server) apiRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		http.ServeFileFS(w, r, files, "openapi.json")
	})
	mux.HandleFunc("GET /api/v1/members", s.need(model.Viewer, s.apiMembers))
	mux.HandleFunc("GET /api/v1/members/{id}", s.need(model.Viewer, s.apiMember))
	mux.HandleFunc("PUT /api/v1/members/{id}", s.need(model.Editor, s.apiPutMember))
	mux.HandleFunc("POST /api/v1/exchanges", s.need(model.Editor, s.apiAddExchange))
	mux.HandleFunc("GET /api/v1/members/{id}/shortlist", s.need(model.Viewer, s.apiShortlist))
	mux.HandleFunc("GET /api/v1/explain/{beneficiary}/{resource}", s.need(model.Viewer, s.apiExplain))
	mux.HandleFunc("GET /api/v1/rules", s.need(model.Viewer, s.apiRules))
	mux.HandleFunc("POST /api/v1/rules", s.need(model.Editor, s.apiPutRule))
	mux.HandleFunc("DELETE /api/v1/rules/{beneficiary}/{resource}", s.need(model.Editor, s.apiRemoveRule))
	mux.HandleFunc("POST /api/v1/workshop", s.need(model.Viewer, s.apiWorkshop))
	mux.HandleFunc("GET /api/v1/runs", s.need(model.Viewer, s.apiRuns))
	mux.HandleFunc("POST /api/v1/runs", s.need(model.Editor, s.apiStartBatch))
	mux.HandleFunc("GET /api/v1/runs/current", s.need(model.Viewer, s.apiCurrent))
	mux.HandleFunc("POST /api/v1/runs/current/cancel", s.need(model.Editor, s.apiCancel))
	mux.HandleFunc("GET /api/v1/runs/{id}", s.need(model.Viewer, s.apiRun))
	mux.HandleFunc("GET /api/v1/runs/{a}/diff/{b}", s.need(model.Viewer, s.apiDiff))
	mux.HandleFunc("POST /api/v1/runs/{id}/verify", s.need(model.Editor, s.apiVerify))
	mux.HandleFunc("POST /api/v1/import", s.need(model.Editor, s.apiImport))
	mux.HandleFunc("POST /api/v1/runs/{id}/approve", s.need(model.Editor, s.apiReview(s.approveRun)))
	mux.HandleFunc("POST /api/v1/runs/{id}/publish", s.need(model.Editor, s.apiReview(s.publishRun)))
	mux.HandleFunc("GET /api/v1/audit", s.need(model.Editor, s.apiAudit))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &model.Error{Code: model.ENOTFOUND, Message: fmt.Sprintf("no API route %s %s: /api/v1/openapi.json lists them", r.Method, r.URL.Path)})
	})
}

// apiMembers lists the members that pass the filters of the query string.
func (s *Server) apiMembers(w http.ResponseWriter, r *http.Request, _ model.User) error {
	cities, _, err := s.members(r.Context(), parseMemberQuery(r.URL.Query()))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, profile.List(s.Ref, cities))
	return nil
}

// apiMember returns one member's profile, with its version as the ETag
// (what PUT /api/v1/members/{id} expects in If-Match).
func (s *Server) apiMember(w http.ResponseWriter, r *http.Request, _ model.User) error {
	p, err := s.member(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", strconv.Quote(store.Version(&p.City)))
	s.writeJSON(w, r, http.StatusOK, p)
	return nil
}

// apiShortlist returns the shortlist of one beneficiary.
func (s *Server) apiShortlist(w http.ResponseWriter, r *http.Request, _ model.User) error {
	sl, _, err := s.shortlist(r.Context(), r.PathValue("id"), r.URL.Query())
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, sl)
	return nil
}

// apiExplain returns the account of one pair.
func (s *Server) apiExplain(w http.ResponseWriter, r *http.Request, _ model.User) error {
	ex, _, err := s.explanation(r.Context(), r.PathValue("beneficiary"), r.PathValue("resource"), r.URL.Query())
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, ex)
	return nil
}

// apiRules lists every rule, those on one member with ?member=ID.
func (s *Server) apiRules(w http.ResponseWriter, r *http.Request, _ model.User) error {
	rules, err := s.rules(r.Context(), r.URL.Query().Get("member"))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, rules)
	return nil
}

// apiPutRule pins or blocks a pair: the body is a rule as in a c2c/v1
// document, {"beneficiary", "resource", "rule", "why"}, and why is
// required.
func (s *Server) apiPutRule(w http.ResponseWriter, r *http.Request, u model.User) error {
	var rule model.Rule
	if err := decodeJSON(r.Body, &rule); err != nil {
		return err
	}
	if err := s.putRule(r.Context(), u, rule); err != nil {
		return err
	}
	rules, err := s.rules(r.Context(), rule.Beneficiary)
	if err != nil {
		return err
	}
	for _, rv := range rules {
		if rv.Beneficiary == rule.Beneficiary && rv.Resource == rule.Resource {
			s.writeJSON(w, r, http.StatusCreated, rv)
			return nil
		}
	}
	return fmt.Errorf("rule %s→%s not found after storing it", rule.Beneficiary, rule.Resource)
}

// apiRemoveRule removes the rule on a pair.
func (s *Server) apiRemoveRule(w http.ResponseWriter, r *http.Request, u model.User) error {
	if err := s.removeRule(r.Context(), u, r.PathValue("beneficiary"), r.PathValue("resource")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiAudit returns the audit log, oldest first; ?limit=N keeps the last N.
func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, _ model.User) error {
	limit := 0
	if v := r.URL.Query().Get("limit"); v != "" {
		if _, err := fmt.Sscan(v, &limit); err != nil || limit < 0 {
			return &model.Error{Code: model.EINVALID, Key: "limit", Message: fmt.Sprintf("limit %q: expected a whole number of entries", v)}
		}
	}
	entries, err := s.DB.AuditLog(r.Context(), limit)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, entries)
	return nil
}

// decodeJSON reads one JSON value from body into v, refusing unknown keys
// and trailing data as import does.
func decodeJSON(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	var tooLarge *http.MaxBytesError
	var located *model.Error
	if errors.As(err, &tooLarge) || errors.As(err, &located) {
		return err // too large, or a value that says what is wrong with it (an objective by name)
	}
	if err != nil {
		return &model.Error{Code: model.EINVALID, Message: "cannot read the request body: " + err.Error() + ": expected one JSON object", Err: err}
	}
	return nil
}
