package model

import "sort"

// Stage is a step of C2C cooperation; exchanges build from workshops to
// long-term partnerships.
type Stage string

// The C2C stages, in order.
const (
	StageWorkshop    Stage = "workshop"
	StageStudyVisit  Stage = "study-visit"
	StageAdvisory    Stage = "advisory"
	StagePilot       Stage = "pilot"
	StagePartnership Stage = "partnership"
)

// Stages lists the stages in the order cooperation builds through them.
var Stages = []Stage{StageWorkshop, StageStudyVisit, StageAdvisory, StagePilot, StagePartnership}

// Order returns the position of s in Stages (0 workshop .. 4 partnership),
// or -1 when s is empty or unknown.
func (s Stage) Order() int {
	for i, v := range Stages {
		if v == s {
			return i
		}
	}
	return -1
}

// Exchange is one past exchange: a resource sharing know-how with one or
// more beneficiaries.
type Exchange struct {
	Resource      string   `json:"resource"`          // city id of the resource
	Beneficiaries []string `json:"beneficiaries"`     // city ids, one or more
	Topic         string   `json:"topic,omitempty"`   // taxonomy topic id
	Year          int      `json:"year,omitempty"`    // year it took place; 0 unknown
	Stage         Stage    `json:"stage,omitempty"`   // how far it went; "" unknown
	Outcome       string   `json:"outcome,omitempty"` // what came of it
}

// Validate checks e, appending every problem to errs. cities is the set of
// known city ids (the document's and the store's).
func (e *Exchange) Validate(ref Reference, key string, cities map[string]bool, errs *Errors) {
	if e.Resource == "" {
		errs.Add("", key+".resource", "required key missing: expected the resource city's id")
	} else if !cities[e.Resource] {
		errs.Add(e.Resource, key+".resource", "unknown city %q%s", e.Resource, suggest(e.Resource, cities))
	}
	if len(e.Beneficiaries) == 0 {
		errs.Add(e.Resource, key+".beneficiaries", "required key missing or empty: expected one or more city ids")
	}
	checkCount(e.Resource, key+".beneficiaries", "beneficiaries", len(e.Beneficiaries), MaxEntries, errs)
	checkText(e.Resource, key+".outcome", "outcome", e.Outcome, MaxTextLength, optional, errs)
	for i, b := range e.Beneficiaries {
		k := indexKey(key+".beneficiaries", i)
		switch {
		case !cities[b]:
			errs.Add(b, k, "unknown city %q%s", b, suggest(b, cities))
		case b == e.Resource:
			errs.Add(b, k, "a city cannot be its own beneficiary")
		}
	}
	if e.Topic != "" {
		checkTopic(ref, e.Resource, key+".topic", e.Topic, errs)
	}
	if e.Year != 0 && (e.Year < 1900 || e.Year > 2100) {
		errs.Add(e.Resource, key+".year", "year %d: expected a year between 1900 and 2100", e.Year)
	}
	if e.Stage != "" && e.Stage.Order() < 0 {
		errs.Add(e.Resource, key+".stage", "unknown stage %q: expected one of %s", e.Stage, join(Stages))
	}
}

// suggest ends an "unknown city" message of document validation.
func suggest(id string, cities map[string]bool) string {
	known := make([]string, 0, len(cities))
	for c := range cities {
		known = append(known, c)
	}
	sort.Strings(known)
	if s := DidYouMean(id, known); s != "" {
		return s
	}
	return ": expected the id of a city in the document or the store"
}
