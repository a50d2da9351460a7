package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/c2cnet/c2c/model"
)

// Error codes of the web application beside model's, for what only a
// server refuses.
const (
	EUNAUTHORIZED = "unauthorized" // no valid session or token: sign in first
	EFORBIDDEN    = "forbidden"    // signed in, but the role does not allow it, or a cross-origin write
	ETOOMANY      = "toomany"      // too many failed sign-ins from one address
	ETOOLARGE     = "toolarge"     // the request body is over the limit
)

// statuses maps error codes to HTTP statuses, in one table.
var statuses = map[string]int{
	model.EINVALID:  http.StatusBadRequest,
	model.ENOTFOUND: http.StatusNotFound,
	model.ECONFLICT: http.StatusConflict,
	model.EINTERNAL: http.StatusInternalServerError,
	EUNAUTHORIZED:   http.StatusUnauthorized,
	EFORBIDDEN:      http.StatusForbidden,
	ETOOMANY:        http.StatusTooManyRequests,
	ETOOLARGE:       http.StatusRequestEntityTooLarge,
}

// apiError is one error as the API writes it: the fields of model.Error
// that say what and where, the location ones left out when unknown.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	City    string `json:"city,omitempty"`
	Key     string `json:"key,omitempty"`
}

// apiErrors is the body of every API error response.
type apiErrors struct {
	Errors []apiError `json:"errors"`
}

// located returns the user-facing errors in err with their HTTP status.
// Anything that is not a *model.Error is internal: its details are
// written to s.Log and the user reads "internal error".
func (s *Server) located(r *http.Request, err error) (int, []apiError) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return http.StatusRequestEntityTooLarge, []apiError{{Code: ETOOLARGE,
			Message: fmt.Sprintf("request body too large: expected at most %s", byteSize(tooLarge.Limit))}}
	}
	list := modelErrors(err)
	if len(list) == 0 || list[0].Code == model.EINTERNAL {
		fmt.Fprintf(s.Log, "c2c serve: %s %s: %v\n", r.Method, r.URL.Path, err)
		return http.StatusInternalServerError, []apiError{{Code: model.EINTERNAL, Message: "internal error"}}
	}
	out := make([]apiError, len(list))
	for i, e := range list {
		out[i] = apiError{Code: e.Code, Message: e.Message, File: e.File, Line: e.Line, Column: e.Column, City: e.City, Key: e.Key}
		if e.Message == "" && e.Err != nil {
			out[i].Message = e.Err.Error()
		}
	}
	status, ok := statuses[list[0].Code]
	if !ok {
		status = http.StatusBadRequest
	}
	return status, out
}

// modelErrors are the *model.Error values in err: the list of a
// model.Errors, or the one *model.Error; none for any other error.
func modelErrors(err error) []*model.Error {
	var es model.Errors
	var e *model.Error
	switch {
	case errors.As(err, &es):
		return es
	case errors.As(err, &e):
		return []*model.Error{e}
	}
	return nil
}

// fail writes err as the response: JSON for the API, a page otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, errs := s.located(r, err)
	if isAPI(r) {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="c2c"`)
		}
		s.writeJSON(w, r, status, apiErrors{Errors: errs})
		return
	}
	s.render(w, r, status, "error.html", model.User{}, "Something went wrong", errs)
}

// isAPI reports whether r is a request to the JSON API.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
