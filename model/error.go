package model

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. Callers branch on the code, never on the message.
const (
	EINVALID  = "invalid"  // the input breaks the format or a rule of the domain
	ENOTFOUND = "notfound" // a named city, topic, rule or run does not exist
	ECONFLICT = "conflict" // the operation clashes with what is stored
	EINTERNAL = "internal" // a bug or an environment failure; not the user's fault
)

// Error is a failure the user can act on: what went wrong and where.
type Error struct {
	Code    string // one of EINVALID, ENOTFOUND, ECONFLICT, EINTERNAL
	File    string // input file, "" when not from a file
	Line    int    // 1-based line in File (CSV: the row), 0 when unknown
	Column  int    // 1-based column in File, 0 when unknown
	City    string // city id the error concerns, "" when none
	Key     string // path of the offending key, such as "cities[3].hosting"
	Message string // what is wrong and what was expected
	Err     error  // underlying cause, may be nil
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error formats the error as "file:line:col: city ID: key: message".
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Column > 0 {
				fmt.Fprintf(&b, ":%d", e.Column)
			}
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
		b.WriteString(": ")
	}
	if e.City != "" {
		fmt.Fprintf(&b, "city %s: ", e.City)
	}
	if e.Key != "" {
		fmt.Fprintf(&b, "%s: ", e.Key)
	}
	b.WriteString(e.Message)
	if e.Err != nil && e.Message == "" {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errors is every error found in one input, in input order. A document is
// validated whole so that the user sees all of its problems at once.
type Errors []*Error

// Error joins the errors one per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Err returns nil when es is empty and es otherwise, so that an empty list
// never becomes a non-nil error interface.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Add appends an EINVALID error at key for city.
func (es *Errors) Add(city, key, format string, args ...any) {
	*es = append(*es, &Error{Code: EINVALID, City: city, Key: key, Message: fmt.Sprintf(format, args...)})
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing text of err: the full text of an
// *Error or Errors, and "internal error: ..." for anything else.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var es Errors
	if errors.As(err, &es) {
		return es.Error()
	}
	var e *Error
	if errors.As(err, &e) {
		return err.Error()
	}
	return "internal error: " + err.Error()
}
