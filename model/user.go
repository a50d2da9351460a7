package model

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Role is what an account of the web application may do. Roles are
// ordered: each includes the ones before it.
type Role string

// The roles, from least to most allowed.
const (
	Viewer Role = "viewer" // reads profiles, shortlists, explanations and rules
	Editor Role = "editor" // also writes: pins and blocks pairs
	Admin  Role = "admin"  // also manages accounts
)

// Roles lists the roles from least to most allowed.
var Roles = []Role{Viewer, Editor, Admin}

// RoleNames joins the names of Roles, least allowed first, with sep:
// "viewer|editor|admin" for help texts.
func RoleNames(sep string) string {
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return strings.Join(names, sep)
}

// Validate returns an EINVALID error keyed "role" unless r is one of Roles.
func (r Role) Validate() error {
	if !oneOf(r, Roles) {
		return &Error{Code: EINVALID, Key: "role", Message: fmt.Sprintf("unknown role %q: expected one of %s", r, join(Roles))}
	}
	return nil
}

// Allows reports whether an account with role r may do what needs role
// need: an editor may do what a viewer may, an admin what an editor may.
func (r Role) Allows(need Role) bool {
	have, want := slices.Index(Roles, r), slices.Index(Roles, need)
	return have >= 0 && want >= 0 && have >= want
}

// User is an account of the web application.
type User struct {
	Name    string    `json:"name"`    // sign-in name, see ValidateUserName
	Role    Role      `json:"role"`    // what the account may do
	Created time.Time `json:"created"` // when the account was added
}

// userName is the shape of an account name: lower-case letters, digits and
// . _ -, starting with a letter, at most 32 characters.
var userName = regexp.MustCompile(`^[a-z][a-z0-9._-]{0,31}$`)

// ValidateUserName returns an EINVALID error keyed "name" unless name is a
// lower-case letter followed by at most 31 lower-case letters, digits,
// dots, underscores or hyphens.
func ValidateUserName(name string) error {
	if !userName.MatchString(name) {
		return &Error{Code: EINVALID, Key: "name",
			Message: fmt.Sprintf("invalid account name %q: expected a lower-case letter followed by up to 31 lower-case letters, digits, '.', '_' or '-'", name)}
	}
	return nil
}

// AuditEntry is one write recorded in the audit log: who did what to
// which target, and when.
type AuditEntry struct {
	Seq    int64     `json:"seq"`    // position in the log, from 1
	User   string    `json:"user"`   // account name, or "cli:LOGIN" for the command line
	Time   time.Time `json:"time"`   // when, in UTC
	Action string    `json:"action"` // such as "rule.pin", "user.add", "session.login"
	Target string    `json:"target"` // what it acted on, such as "palembang→seoul" or an account name
	Detail string    `json:"detail"` // free text, such as a rule's reason; "" when none
}
