package batch

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// Candidates is how many of each beneficiary's best candidates a batch
// offers the pairing solver by default: fewer than c2c pair's 100, because
// a congress batch pairs every member at once and a beneficiary's 51st
// candidate is practically never its optimal partner.
const Candidates = 50

// Parameters are the stored parameters of a batch run: enough to run it
// again exactly. Their JSON holds each value once (see MarshalJSON).
// Shortlists.Year and Pairing.Year are Year (DefaultParameters and
// UnmarshalJSON set them so), the year the batch's engine is built for.
type Parameters struct {
	Year       int                     // reference year
	Shortlists model.Parameters        // the shortlists' parameters
	Pairing    model.PairingParameters // the pairing's parameters
}

// storedParameters is how Parameters are stored: the year once, the
// shortlists' parameters without it, and the pairing's own options, with
// the scoring parameters of the pairing only where they differ from the
// shortlists' (never in a batch made by c2c batch).
type storedParameters struct {
	Year       int              `json:"year"`
	Shortlists model.Parameters `json:"shortlists"`
	Pairing    storedPairing    `json:"pairing"`
}

// storedPairing is the pairing's part of storedParameters.
type storedPairing struct {
	Participants  []string          `json:"participants,omitempty"`
	Partners      int               `json:"partners"`
	Hosting       int               `json:"hosting"`
	MinScore      float64           `json:"min_score"`
	MinDeveloping int               `json:"min_developing"`
	Objective     model.Objective   `json:"objective"`
	Candidates    int               `json:"candidates"`
	Clusters      bool              `json:"clusters"`
	Scoring       *model.Parameters `json:"scoring,omitempty"` // the pairing's scoring, when not the shortlists'
}

// legacyParameters is how runs stored before each value was kept once
// hold their parameters: the pairing's with every scoring
// parameter and the year repeated.
type legacyParameters struct {
	Year       int                     `json:"year"`
	Shortlists model.Parameters        `json:"shortlists"`
	Pairing    model.PairingParameters `json:"pairing"`
}

// MarshalJSON writes the parameters with each value once: the year at the
// top only, no top, quota or α under the pairing (it uses neither), and
// the pairing's weights, preference, topic and country rule only when
// they are not the shortlists'.
func (p Parameters) MarshalJSON() ([]byte, error) {
	sl := p.Shortlists
	sl.Year = 0
	po := p.Pairing
	st := storedParameters{Year: p.Year, Shortlists: sl, Pairing: storedPairing{
		Participants: po.Participants, Partners: po.Partners, Hosting: po.Hosting, MinScore: po.MinScore,
		MinDeveloping: po.MinDeveloping, Objective: po.Objective, Candidates: po.Candidates, Clusters: po.Clusters}}
	// The pairing uses neither top, quota nor α: it scores as the
	// shortlists do unless its topic, weights, preference or country rule
	// differ.
	scoring := po.Parameters
	scoring.Year, scoring.Top, scoring.Quota, scoring.Alpha = 0, sl.Top, sl.Quota, sl.Alpha
	if scoring != sl {
		st.Pairing.Scoring = &scoring
	}
	return json.Marshal(st)
}

// UnmarshalJSON reads parameters as MarshalJSON writes them, and as runs
// stored before it wrote them (each value repeated), and gives the year
// to both the shortlists and the pairing.
func (p *Parameters) UnmarshalJSON(b []byte) error {
	var probe struct {
		Pairing map[string]json.RawMessage `json:"pairing"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return err
	}
	if _, legacy := probe.Pairing["weights"]; legacy {
		var l legacyParameters
		if err := json.Unmarshal(b, &l); err != nil {
			return err
		}
		*p = Parameters(l)
	} else {
		var st storedParameters
		if err := json.Unmarshal(b, &st); err != nil {
			return err
		}
		sp := st.Pairing
		po := model.PairingParameters{Parameters: st.Shortlists, Participants: sp.Participants, Partners: sp.Partners, Hosting: sp.Hosting,
			MinScore: sp.MinScore, MinDeveloping: sp.MinDeveloping, Objective: sp.Objective, Candidates: sp.Candidates, Clusters: sp.Clusters}
		if sp.Scoring != nil {
			po.Parameters = *sp.Scoring
		}
		*p = Parameters{Year: st.Year, Shortlists: st.Shortlists, Pairing: po}
	}
	p.Shortlists.Year, p.Pairing.Year = p.Year, p.Year
	return nil
}

// Validate checks the parameters of a batch before it starts, so that
// one with impossible options is refused before it stores a run: the
// shortlists' parameters (model.Parameters.Validate) and the pairing's own
// options (model.PairingParameters.ValidateOptions), and the pairing's
// scoring when it is not the shortlists', every problem keyed by its
// parameter.
func (p Parameters) Validate() error {
	checks := []error{p.Shortlists.Validate(), p.Pairing.ValidateOptions()}
	if p.Pairing.Parameters != p.Shortlists {
		checks = append(checks, p.Pairing.Parameters.Validate())
	}
	var errs model.Errors
	for _, err := range checks {
		var list model.Errors
		if errors.As(err, &list) {
			errs = append(errs, list...)
		} else if err != nil {
			return err
		}
	}
	return errs.Err()
}

// StoredParameters decodes the parameters of run r. It returns EINVALID
// when they are not those of a batch.
func StoredParameters(r *model.Run) (Parameters, error) {
	var p Parameters
	if err := json.Unmarshal(r.Parameters, &p); err != nil {
		return p, &model.Error{Code: model.EINVALID, Message: fmt.Sprintf("run %d: stored parameters are not those of a batch: %v", r.ID, err)}
	}
	return p, nil
}

// NewParameters is the batch in year whose pairing has the options o and
// whose shortlists score as the pairing does (o.Parameters), as c2c batch
// and the web application make it from their options: the year goes to
// both.
func NewParameters(year int, o model.PairingParameters) Parameters {
	p := Parameters{Year: year, Shortlists: o.Parameters, Pairing: o}
	p.Shortlists.Year, p.Pairing.Year = year, year
	return p
}

// DefaultParameters are the parameters of a batch in year when no flag
// changes them (c2c batch --year year): the engine's default shortlists,
// and one pairing of every beneficiary with one partner among its best
// Candidates, with cluster tables.
func DefaultParameters(year int) Parameters {
	p := Parameters{Year: year, Shortlists: match.DefaultParameters(), Pairing: match.DefaultPairingParameters()}
	p.Shortlists.Year, p.Pairing.Year = year, year
	p.Pairing.Candidates, p.Pairing.Clusters = Candidates, true
	return p
}
