package batch

import (
	"encoding/json"
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
// again exactly.
type Parameters struct {
	Year       int                  `json:"year"`       // reference year
	Shortlists match.Parameters     `json:"shortlists"` // the shortlists' parameters
	Pairing    match.PairingOptions `json:"pairing"`    // the pairing's options
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

// DefaultParameters are the parameters of a batch in year when no flag
// changes them (c2c batch --year year): the engine's default shortlists,
// and one pairing of every beneficiary with one partner among its best
// Candidates, with cluster tables.
func DefaultParameters(year int) Parameters {
	p := Parameters{Year: year, Shortlists: match.DefaultParameters(), Pairing: match.DefaultPairingOptions()}
	p.Shortlists.Year, p.Pairing.Year = year, year
	p.Pairing.Candidates, p.Pairing.Clusters = Candidates, true
	return p
}
