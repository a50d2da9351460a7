package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// PartID numbers the named parts of a score in display order: Weights
// and the engine's per-part arrays are indexed by it, and PartNames[id] is
// its name.
type PartID int

// The named parts of a score, in the order they are shown.
const (
	PartNeed        PartID = iota // how much of the beneficiary's needs the resource covers
	PartReciprocity               // what the beneficiary can offer back
	PartContext                   // how transferable the solution is
	PartEvidence                  // how tested the resource's relevant practices are
	PartFeasibility               // language, distance, commitment, hosting
	PartHistory                   // past exchanges between the two
	PartText                      // how closely the words of the offers meet the words of the needs

	NParts = 7 // the number of named parts
)

// PartNames lists the names of the parts of a score in display order,
// indexed by PartID.
var PartNames = []string{"need", "reciprocity", "context", "evidence", "feasibility", "history", "text"}

// String returns the part's name, as PartNames spells it.
func (p PartID) String() string {
	if p < 0 || p >= NParts {
		return fmt.Sprintf("PartID(%d)", int(p))
	}
	return PartNames[p]
}

// partByName returns the part named name (as PartNames spells it, in any
// case).
func partByName(name string) (PartID, bool) {
	for i, n := range PartNames {
		if strings.EqualFold(n, name) {
			return PartID(i), true
		}
	}
	return 0, false
}

// Weights are the relative weights of the named parts of a score, indexed
// by PartID. They are normalised to sum to 1 before use, so
// "need=2,reciprocity=1" means two thirds and one third. A score is
//
//	Σ_i w[i] · v[i]   over the parts i in PartNames order,
//
// with w the normalised weights and v the parts' values in 0..1.
//
// In JSON the weights are an object keyed by part name, in PartNames
// order: {"need":0.15,"reciprocity":0.1,…,"text":0.4}.
type Weights [NParts]float64

// Normalized returns w scaled so that the weights sum to 1, leaving w as
// it is. It returns an EINVALID error keyed "weights.<part>" when a weight
// is negative or not finite, or keyed "weights" when all are zero.
func (w Weights) Normalized() (Weights, error) {
	var sum float64
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return w, &Error{Code: EINVALID, Key: "weights." + PartNames[i],
				Message: fmt.Sprintf("weight %v: expected a finite number >= 0", v)}
		}
		sum += v
	}
	if sum == 0 {
		return w, &Error{Code: EINVALID, Key: "weights", Message: "all weights are zero: expected at least one positive weight"}
	}
	for i := range w {
		w[i] /= sum
	}
	return w, nil
}

// String formats w as "need=0.45,reciprocity=0.1,...", in PartNames
// order, the form ParseWeights reads.
func (w Weights) String() string {
	parts := make([]string, 0, NParts)
	for i, v := range w {
		parts = append(parts, PartNames[i]+"="+strconv.FormatFloat(v, 'f', -1, 64))
	}
	return strings.Join(parts, ",")
}

// MarshalJSON writes w as an object keyed by part name, in PartNames
// order, each weight as encoding/json writes a float64.
func (w Weights) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, v := range w {
		num, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, PartNames[i])
		b = append(b, ':')
		b = append(b, num...)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads an object keyed by part name, as MarshalJSON writes
// it: parts left out keep their weight, null leaves w as it is. A key that
// names no part, or a weight that is not a number, is refused with an
// EINVALID error keyed "weights.<key>"; every such key is reported.
func (w *Weights) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return &Error{Code: EINVALID, Key: "weights", Message: "expected an object of part weights, such as {\"need\": 0.5}", Err: err}
	}
	// Keys are checked in the order they are written, for stable errors.
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.Token() // the '{' the map above was read from
	out := *w
	var errs Errors
	for dec.More() {
		tok, _ := dec.Token()
		key, _ := tok.(string)
		var raw json.RawMessage
		_ = dec.Decode(&raw)
		p, ok := partByName(key)
		if !ok {
			errs.Add("", "weights."+key, "unknown part %q: expected one of %s", key, strings.Join(PartNames, ", "))
			continue
		}
		if string(raw) == "null" {
			continue
		}
		if err := json.Unmarshal(raw, &out[p]); err != nil {
			errs.Add("", "weights."+key, "%s: expected a number such as 0.25", raw)
		}
	}
	if err := errs.Err(); err != nil {
		return err
	}
	*w = out
	return nil
}

// ParseWeights reads "need=0.5,reciprocity=0.1,..." (commas or newlines
// between entries, '#' comments allowed, as in a weights file; ':' may
// stand for '=') on top of base. Parts not named keep their base weight.
// where names the source in errors ("--weights" or a file name); every
// problem is reported, keyed by the part, and base is returned unchanged.
func ParseWeights(s string, base Weights, where string) (Weights, error) {
	w := base
	var errs Errors
	lines := strings.Split(s, "\n")
	for ln, line := range lines {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, item := range strings.Split(line, ",") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			name, val, ok := strings.Cut(item, "=")
			if !ok {
				name, val, ok = strings.Cut(item, ":")
			}
			name = strings.ToLower(strings.TrimSpace(name))
			e := &Error{Code: EINVALID, File: where, Key: name}
			if len(lines) > 1 {
				e.Line = ln + 1
			}
			if !ok {
				e.Key = ""
				e.Message = fmt.Sprintf("%q: expected part=weight, such as need=0.5", item)
				errs = append(errs, e)
				continue
			}
			p, known := partByName(name)
			if !known {
				e.Message = fmt.Sprintf("unknown part %q: expected one of %s", name, strings.Join(PartNames, ", "))
				errs = append(errs, e)
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
			switch {
			case err != nil:
				e.Message = fmt.Sprintf("%q is not a number: expected a weight such as 0.25", strings.TrimSpace(val))
				errs = append(errs, e)
				continue
			case v < 0 || math.IsNaN(v) || math.IsInf(v, 0):
				e.Message = fmt.Sprintf("weight %v: expected a finite number >= 0", v)
				errs = append(errs, e)
				continue
			}
			w[p] = v
		}
	}
	if err := errs.Err(); err != nil {
		return base, err
	}
	return w, nil
}

// Prefer says how past exchanges between a pair weigh (the continuity
// principle).
type Prefer string

// The history preferences.
const (
	PreferContinue Prefer = "continue" // build on live partnerships: past exchanges score
	PreferNew      Prefer = "new"      // widen the network: pairs that never met score
)

// Parameters are the user's choices for one shortlist, explanation or
// batch. The engine scores with their Normalized copy and records that
// copy in what it produces, with a shortlist's Top capped at the
// candidates there can be and the year as given.
type Parameters struct {
	Top              int     `json:"top"`                // shortlist length k, >= 1
	Topic            string  `json:"topic,omitempty"`    // restrict the needs to one topic id
	Quota            float64 `json:"quota"`              // minimum share of developing-city candidates, 0..1
	Alpha            float64 `json:"alpha"`              // FA*IR significance of the ranked fairness test, 0..1
	Weights          Weights `json:"weights"`            // part weights; normalised where the engine records them
	Prefer           Prefer  `json:"prefer"`             // continue or new
	AllowSameCountry bool    `json:"allow_same_country"` // allow pairs within one country
	// Year is the reference year the scores are for, given by the caller
	// that built the engine for it; the engine refuses any other and never
	// sets it. 0 leaves it unrecorded.
	Year int `json:"year,omitempty"`
}

// Validate checks the parameters, the weights included, without changing
// them; every problem is reported, keyed by its parameter (top, quota,
// alpha, prefer, weights.<part>).
func (p Parameters) Validate() error {
	_, err := p.Normalized()
	return err
}

// Normalized returns a copy of p with its weights scaled to sum to 1,
// after checking it as Validate does; p itself is left as it is.
func (p Parameters) Normalized() (Parameters, error) {
	var errs Errors
	if p.Top < 1 {
		errs.Add("", "top", "expected a shortlist length of at least 1, not %d", p.Top)
	}
	if !(p.Quota >= 0 && p.Quota <= 1) {
		errs.Add("", "quota", "expected a share between 0 and 1, such as 0.4, not %v", p.Quota)
	}
	if !(p.Alpha > 0 && p.Alpha < 1) {
		errs.Add("", "alpha", "alpha %v: expected a significance between 0 and 1, such as 0.1", p.Alpha)
	}
	if p.Prefer != PreferContinue && p.Prefer != PreferNew {
		errs.Add("", "prefer", "expected continue or new, not %q", p.Prefer)
	}
	w, err := p.Weights.Normalized()
	if err != nil {
		var me *Error
		if errors.As(err, &me) {
			errs = append(errs, me)
		}
	} else {
		p.Weights = w
	}
	return p, errs.Err()
}

// Objective is what a pairing maximises first.
type Objective int

const (
	// MaxServed serves as many beneficiaries as possible (one partner
	// each at least), then meets the developing-city guarantee, then
	// maximises the total score.
	MaxServed Objective = iota
	// MaxScore meets the developing-city guarantee, then maximises the
	// total score, whoever is served.
	MaxScore
)

// String returns the objective's name: served or score.
func (o Objective) String() string {
	switch o {
	case MaxServed:
		return "served"
	case MaxScore:
		return "score"
	}
	return fmt.Sprintf("Objective(%d)", int(o))
}

// MarshalText writes the objective by name (served or score), as
// parameters and stored runs carry it.
func (o Objective) MarshalText() ([]byte, error) {
	if o != MaxServed && o != MaxScore {
		return nil, fmt.Errorf("objective %d: expected served or score", int(o))
	}
	return []byte(o.String()), nil
}

// UnmarshalText reads an objective by name; it returns an EINVALID *Error
// keyed "objective" for any other text.
func (o *Objective) UnmarshalText(b []byte) error {
	switch string(b) {
	case "served":
		*o = MaxServed
	case "score":
		*o = MaxScore
	default:
		return &Error{Code: EINVALID, Key: "objective", Message: fmt.Sprintf("unknown objective %q: expected served or score (served: serve the most beneficiaries, then the best total; score: the best total alone)", b)}
	}
	return nil
}

// PairingParameters are the choices for one pairing run: the scoring and
// hard rules of Parameters (Top, Quota and Alpha are not used) and how the
// beneficiaries are seated.
type PairingParameters struct {
	Parameters              // scoring and hard rules; Top, Quota and Alpha are not used
	Participants  []string  `json:"participants,omitempty"` // city ids taking part; empty means every city
	Partners      int       `json:"partners"`               // resources wanted per beneficiary, >= 1
	Hosting       int       `json:"hosting"`                // capacity of every resource; -1 means each profile's own
	MinScore      float64   `json:"min_score"`              // pairs scoring below it are not used
	MinDeveloping int       `json:"min_developing"`         // developing-city partners each served beneficiary should get
	Objective     Objective `json:"objective"`              // MaxServed (served, the default) or MaxScore (score)
	Candidates    int       `json:"candidates"`             // best candidates per beneficiary offered to the solver; 0 means all qualified
	Clusters      bool      `json:"clusters"`               // seat each resource's beneficiaries at tables by the sector of their pairs' topics
}

// Validate checks the parameters without changing them, as Normalized
// does.
func (o PairingParameters) Validate() error {
	_, err := o.Normalized()
	return err
}

// Normalized returns a copy of o with its weights scaled to sum to 1. It
// reports the problems of the scoring parameters first (as
// Parameters.Normalized does) and, when there are none, every problem of
// the pairing's own, keyed partners, min-score, min-developing, objective
// and candidates. Whether the participants exist is for the engine to say.
func (o PairingParameters) Normalized() (PairingParameters, error) {
	p, err := o.Parameters.Normalized()
	if err != nil {
		return o, err
	}
	o.Parameters = p
	return o, o.ValidateOptions()
}

// ValidateOptions checks the options of the pairing itself (partners,
// hosting, minimum score, developing-city partners, objective,
// candidates), without its scoring Parameters, which Parameters.Validate
// checks, nor its participants, which only an engine knows; every problem
// is reported, keyed by its option.
func (o PairingParameters) ValidateOptions() error {
	var errs Errors
	if o.Partners < 1 {
		errs.Add("", "partners", "expected at least 1 partner per beneficiary, not %d", o.Partners)
	}
	if o.Hosting < -1 {
		errs.Add("", "hosting", "expected a hosting capacity of 0 or more for every resource (or none, for each profile's own), not %d", o.Hosting)
	}
	if !(o.MinScore >= 0 && o.MinScore <= 1) {
		errs.Add("", "min-score", "expected a minimum score between 0 and 1, not %v", o.MinScore)
	}
	if o.MinDeveloping < 0 {
		errs.Add("", "min-developing", "expected 0 or more developing-city partners, not %d", o.MinDeveloping)
	}
	if o.Objective != MaxServed && o.Objective != MaxScore {
		errs.Add("", "objective", "objective %d: expected served or score", int(o.Objective))
	}
	if o.Candidates < 0 {
		errs.Add("", "candidates", "expected 0 (all) or more candidates per beneficiary, not %d", o.Candidates)
	}
	return errs.Err()
}
