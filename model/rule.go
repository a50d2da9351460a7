package model

import "time"

// RuleKind is what a secretariat override does.
type RuleKind string

// The rule kinds.
const (
	Block RuleKind = "block" // never pair the two cities
	Pin   RuleKind = "pin"   // always keep the pair in shortlists and pairings
)

// Rule is a secretariat override on one beneficiary–resource pair.
type Rule struct {
	Beneficiary string    `json:"beneficiary"`      // city id
	Resource    string    `json:"resource"`         // city id
	Rule        RuleKind  `json:"rule"`             // block or pin
	Why         string    `json:"why,omitempty"`    // shown in explanations
	By          string    `json:"by,omitempty"`     // who made the rule: a login or a name; "" unknown
	Created     time.Time `json:"created,omitzero"` // when it was made (RFC 3339 with a zone); zero means when it is stored
}

// Validate checks r, appending every problem to errs.
func (r *Rule) Validate(key string, cities map[string]bool, errs *Errors) {
	for _, f := range []struct{ name, id string }{{"beneficiary", r.Beneficiary}, {"resource", r.Resource}} {
		switch {
		case f.id == "":
			errs.Add("", key+"."+f.name, "required key missing: expected a city id")
		case !cities[f.id]:
			errs.Add(f.id, key+"."+f.name, "unknown city %q%s", f.id, suggest(f.id, cities))
		}
	}
	if r.Beneficiary != "" && r.Beneficiary == r.Resource {
		errs.Add(r.Beneficiary, key, "a rule needs two different cities")
	}
	if r.Rule != Block && r.Rule != Pin {
		errs.Add(r.Beneficiary, key+".rule", "unknown rule %q: expected block or pin", r.Rule)
	}
	checkText(r.Beneficiary, key+".why", "why", r.Why, MaxTextLength, optional, errs)
	checkText(r.Beneficiary, key+".by", "by", r.By, MaxNameLength, optional, errs)
}
