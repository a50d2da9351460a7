package model

import (
	"encoding/json"
	"strings"
	"time"
)

// RunStatus is where a stored batch run stands.
type RunStatus string

// The states of a run. A run is stored as running when it starts and
// becomes done, with all its results, in one final step; a process killed
// in between leaves it running for good, which listings show as stale.
const (
	RunRunning     RunStatus = "running"     // started, results not stored yet
	RunDone        RunStatus = "done"        // every shortlist and the pairing stored
	RunInterrupted RunStatus = "interrupted" // stopped by the user (Ctrl-C); no results kept
	RunFailed      RunStatus = "failed"      // stopped by an error; no results kept
)

// Run is one stored batch run: what went in, with which parameters and
// engine, and what came out.
type Run struct {
	ID            int64           `json:"id"`                      // 1, 2, ... in the order runs started
	Started       time.Time       `json:"started"`                 // UTC
	Ended         time.Time       `json:"ended,omitzero"`          // UTC; zero while running
	Status        RunStatus       `json:"status"`                  // running, done, interrupted or failed
	Message       string          `json:"message,omitempty"`       // why it failed or was interrupted
	Version       string          `json:"version"`                 // the engine version that made it
	Parameters    json.RawMessage `json:"parameters"`              // the parameters, as JSON
	InputDigest   string          `json:"input_digest"`            // SHA-256 (hex) of the canonical JSON of every profile, exchange and rule
	Inputs        []InputDigest   `json:"inputs,omitempty"`        // the digest of each input, by key
	ResultDigest  string          `json:"result_digest,omitempty"` // SHA-256 (hex) of the canonical JSON of the shortlists and the pairing; "" until done
	Cities        int             `json:"cities"`                  // members in the input
	Beneficiaries int             `json:"beneficiaries"`           // shortlists made
	Candidates    int             `json:"candidates"`              // candidates in all shortlists
	Pairs         int             `json:"pairs"`                   // pairs of the pairing
	Served        int             `json:"served"`                  // beneficiaries the pairing served
	Host          string          `json:"host,omitempty"`          // the machine the run ran on
	PID           int             `json:"pid,omitempty"`           // the process that ran it
	Timing        json.RawMessage `json:"timing,omitempty"`        // time per stage, as JSON; not part of any digest
	Review        *Review         `json:"review,omitempty"`        // where a done run stands in the secretariat's review; nil for a run not done
}

// ReviewState is where a done run stands in the secretariat's review: a
// done run starts as a draft, an editor approves it, and an approved run
// is published. The states only go forward.
type ReviewState string

// The review states of a done run.
const (
	ReviewDraft     ReviewState = "draft"     // done, not approved yet
	ReviewApproved  ReviewState = "approved"  // approved for publication
	ReviewPublished ReviewState = "published" // approved and published
)

// Review is where a done run stands in the review, who approved and who
// published it, and when.
type Review struct {
	State       ReviewState `json:"state"`                  // draft, approved or published
	ApprovedBy  string      `json:"approved_by,omitempty"`  // the account that approved it
	Approved    time.Time   `json:"approved,omitzero"`      // when, UTC; zero for a draft
	PublishedBy string      `json:"published_by,omitempty"` // the account that first published it
	Published   time.Time   `json:"published,omitzero"`     // when it was first published, UTC; zero before
}

// InputDigest is the digest of one input of a run, under its key (see
// InputKey): "city:<id>" for a profile, "rule:<beneficiary>/<resource>" for
// a secretariat rule and "exchanges" for the whole exchange history.
type InputDigest struct {
	Key    string `json:"key"`
	Digest string `json:"digest"` // SHA-256, hex
}

// InputKind is the kind of an input of a run.
type InputKind string

// The kinds of input of a run.
const (
	InputCity      InputKind = "city"      // one member's profile
	InputRule      InputKind = "rule"      // one secretariat rule
	InputExchanges InputKind = "exchanges" // the whole exchange history
)

// InputKey is the key of one input of a run: its kind and, for a city or
// a rule, its name (a city id, "beneficiary/resource").
type InputKey struct {
	Kind InputKind
	Name string
}

// CityInput is the key of a member's profile.
func CityInput(id string) InputKey { return InputKey{InputCity, id} }

// RuleInput is the key of the secretariat's rule on a pair.
func RuleInput(beneficiary, resource string) InputKey {
	return InputKey{InputRule, beneficiary + "/" + resource}
}

// ExchangesInput is the key of the exchange history.
func ExchangesInput() InputKey { return InputKey{Kind: InputExchanges} }

// String is the key as stored: "city:<id>", "rule:<b>/<r>", "exchanges".
func (k InputKey) String() string {
	if k.Kind == InputExchanges {
		return string(k.Kind)
	}
	return string(k.Kind) + ":" + k.Name
}

// ParseInputKey reads a key as String writes it; a key of another form
// gives its whole text as the kind, and no name.
func ParseInputKey(s string) InputKey {
	kind, name, _ := strings.Cut(s, ":")
	return InputKey{InputKind(kind), name}
}

// RunResults are the outputs of a done run: every shortlist in beneficiary
// order and the pairing.
type RunResults struct {
	Shortlists []Shortlist `json:"shortlists"`
	Pairing    *Pairing    `json:"pairing"`
}
