package batch

import (
	"fmt"
	"time"
)

// Timing is the time of each stage of a batch, wall clock; Score, Select
// and Explain are summed over the worker goroutines (CPU time).
type Timing struct {
	Load      time.Duration `json:"load"`      // reading the store
	Digest    time.Duration `json:"digest"`    // input digests
	Vectorise time.Duration `json:"vectorise"` // building the engine
	Score     time.Duration `json:"score"`     // shortlists: scoring (all workers)
	Select    time.Duration `json:"select"`    // shortlists: rules, top-k, quota (all workers)
	Explain   time.Duration `json:"explain"`   // shortlists: explanations (all workers)
	Shortlist time.Duration `json:"shortlist"` // shortlists, wall clock
	Pair      time.Duration `json:"pair"`      // the pairing
	Write     time.Duration `json:"write"`     // the files
	Store     time.Duration `json:"store"`     // storing the results
	Total     time.Duration `json:"total"`     // the whole run
}

// String formats the timing on one line, each stage to the millisecond.
func (t Timing) String() string {
	r := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	return fmt.Sprintf("load %s, digest %s, vectorise %s, shortlists %s (score %s, select %s, explain %s on all cores), pair %s, write %s, store %s; total %s",
		r(t.Load), r(t.Digest), r(t.Vectorise), r(t.Shortlist), r(t.Score), r(t.Select), r(t.Explain), r(t.Pair), r(t.Write), r(t.Store), r(t.Total))
}
