package match

import (
	"fmt"
	"github.com/c2cnet/c2c/model"
	"slices"
)

// historyValue is the continuity of one recorded exchange, by how far it
// went:
//
//	0.4 + 0.15·stage   (workshop 0.4, study visit 0.55, advisory 0.7, pilot 0.85, partnership 1)
//
// halved when it is more than ten years old, and halved again when it ran
// the other way round (the beneficiary was the resource).
func historyValue(x model.Exchange, year int, reverse bool) float64 {
	v := 0.4
	if o := x.Stage.Order(); o > 0 {
		v += 0.15 * float64(o)
	}
	if x.Year > 0 && year-x.Year > 10 {
		v /= 2
	}
	if reverse {
		v /= 2
	}
	return v
}

func (e *Engine) loadHistory(xs []model.Exchange) error {
	e.history = map[[2]int]pairHistory{}
	e.exchanges = xs
	e.resourceExchanges = make([][]model.Exchange, len(e.cities))
	var errs model.Errors
	add := func(k [2]int, xi int, v float64, reverse bool) {
		h := e.history[k]
		if v > h.value {
			h.value = v
			h.reverse = reverse
		}
		h.exchanges = append(h.exchanges, xi)
		e.history[k] = h
	}
	for xi, x := range xs {
		r, ok := e.index[x.Resource]
		if !ok {
			errs.Add(x.Resource, fmt.Sprintf("exchanges[%d].resource", xi), "unknown city %q", x.Resource)
			continue
		}
		e.resourceExchanges[r] = append(e.resourceExchanges[r], x)
		for _, bid := range x.Beneficiaries {
			b, ok := e.index[bid]
			if !ok {
				errs.Add(bid, fmt.Sprintf("exchanges[%d].beneficiaries", xi), "unknown city %q", bid)
				continue
			}
			add([2]int{b, r}, xi, historyValue(x, e.year, false), false)
			add([2]int{r, b}, xi, historyValue(x, e.year, true), true)
		}
	}
	e.historyPartners = make([][]int, len(e.cities))
	for k := range e.history {
		e.historyPartners[k[0]] = append(e.historyPartners[k[0]], k[1])
	}
	for _, ps := range e.historyPartners {
		slices.Sort(ps)
	}
	return errs.Err()
}

func (e *Engine) loadRules(rules []model.Rule) error {
	e.rules = map[[2]int]model.Rule{}
	e.pins = map[int][]int{}
	var errs model.Errors
	for i, r := range rules {
		b, okb := e.index[r.Beneficiary]
		s, oks := e.index[r.Resource]
		if !okb || !oks {
			errs.Add(r.Beneficiary, fmt.Sprintf("rules[%d]", i), "rule names an unknown city (%s, %s)", r.Beneficiary, r.Resource)
			continue
		}
		e.rules[[2]int{b, s}] = r
	}
	e.rulesOf = map[int]map[int]model.Rule{}
	for k, r := range e.rules {
		if e.rulesOf[k[0]] == nil {
			e.rulesOf[k[0]] = map[int]model.Rule{}
		}
		e.rulesOf[k[0]][k[1]] = r
		if r.Rule == model.Pin {
			e.pins[k[0]] = append(e.pins[k[0]], k[1])
		}
	}
	for b := range e.pins {
		slices.Sort(e.pins[b])
	}
	return errs.Err()
}

// historyPart returns the history part of pair (b, r) under a preference.
func (e *Engine) historyPart(b, r int, prefer model.Prefer) float64 {
	v := e.history[[2]int{b, r}].value
	if prefer == model.PreferNew {
		return 1 - v
	}
	return v
}
