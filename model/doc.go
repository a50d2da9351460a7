// Package model holds the domain of c2c: the member profiles of a city
// network (City, Challenge, Capacity, Practice), its exchange history
// (Exchange), the secretariat's overrides (Rule), the reference tables the
// profiles point into (Topic, Country), the parameters a shortlist or a
// pairing is made with and records (Parameters, Weights,
// PairingParameters), its results (Shortlist, Pairing) and the one error
// type every layer reports user-actionable failures with.
//
// Beneficiary and resource are roles in a match, not kinds of city: the same
// profile can need help on one topic and offer it on another.
//
// The package does no I/O. Parsing lives in package store, scoring in
// package match.
package model
