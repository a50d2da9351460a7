package render

import (
	"strconv"

	"github.com/c2cnet/c2c/model"
)

// ShortColumns are the CSV columns that say, on each pair, how many
// partners its beneficiary got and wanted and, when fewer, why.
var ShortColumns = []Column{{Name: "partners", Right: true}, {Name: "wanted", Right: true}, {Name: "short_reason"}}

// Shortfalls holds, per beneficiary of a pairing, its partners and its
// shortfall when it is partly served.
type Shortfalls struct {
	got     map[string]int           // partners per beneficiary
	partial map[string]model.Partial // the partly served, by beneficiary
	wanted  int                      // partners wanted per beneficiary
}

// NewShortfalls indexes the partners and the partly served of pl, a
// pairing that wanted so many partners per beneficiary.
func NewShortfalls(pl *model.Pairing, wanted int) Shortfalls {
	s := Shortfalls{got: map[string]int{}, partial: map[string]model.Partial{}, wanted: wanted}
	for _, p := range pl.Pairs {
		s.got[p.Beneficiary]++
	}
	for _, p := range pl.Partial {
		s.partial[p.Beneficiary] = p
	}
	return s
}

// Cells are the ShortColumns of pair p.
func (s Shortfalls) Cells(p model.PairingPair) []string {
	got := s.got[p.Beneficiary]
	wanted := max(s.wanted, got)
	pt, partial := s.partial[p.Beneficiary]
	if partial {
		wanted = pt.Wanted
	}
	return []string{strconv.Itoa(got), strconv.Itoa(wanted), pt.Reason}
}
