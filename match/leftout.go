package match

import (
	"errors"
	"fmt"
	"strings"

	"github.com/c2cnet/c2c/model"
)

// Unpartnered lists, in id order, the members with challenges that res (a
// batch's shortlists and pairing, made with p) leaves without a partner,
// each with why:
//
//   - no shortlist: none of its needs can be matched (no words, or none on
//     p's topic);
//   - no candidate: every other member is excluded, counted by the hard
//     rule that excludes it (covers none of its needs, same country,
//     blocked), and whether nobody in the network covers any of its needs
//     (see Gaps);
//   - unserved by the pairing: its reason (every candidate full, below
//     the minimum score or blocked, a pinned partner not at the event) and
//     what would change it.
func (e *Engine) Unpartnered(res *model.RunResults, p model.Parameters) []model.Unpartnered {
	shortlists := make(map[string]*model.Shortlist, len(res.Shortlists))
	for i := range res.Shortlists {
		shortlists[res.Shortlists[i].Beneficiary] = &res.Shortlists[i]
	}
	partnered := map[string]bool{}
	unserved := map[string]model.Unserved{}
	if pl := res.Pairing; pl != nil {
		for _, pr := range pl.Pairs {
			partnered[pr.Beneficiary] = true
		}
		for _, u := range pl.Unserved {
			unserved[u.Beneficiary] = u
		}
	}
	var out []model.Unpartnered
	for b := range e.cities {
		c := &e.cities[b]
		if len(c.Challenges) == 0 || partnered[c.ID] {
			continue
		}
		u := model.Unpartnered{Beneficiary: c.ID, Name: c.Name}
		sl := shortlists[c.ID]
		pp := p
		q, err := e.newQuery(b, &pp)
		switch {
		case err != nil:
			var me *model.Error
			u.Reason = "no shortlist: " + err.Error()
			if errors.As(err, &me) {
				u.Reason = "no shortlist: " + me.Message
			}
		case sl == nil:
			u.Reason = "no shortlist in this run"
		case sl.Qualified == 0:
			u.Reason = e.noCandidate(q)
			u.Relax = unserved[c.ID].Relax
		default:
			if us, ok := unserved[c.ID]; ok {
				u.Reason, u.Relax = "unserved by the pairing: "+us.Reason, us.Relax
			} else {
				u.Reason = "not in the pairing of this run"
			}
		}
		out = append(out, u)
	}
	return out
}

// noCandidate says why no other member qualifies for q's beneficiary: the
// hard rules that exclude them, with how many each, and whether its needs
// are gaps of the whole network.
func (e *Engine) noCandidate(q *query) string {
	s := newScratch(len(e.cities))
	e.topicParts(q, s)
	var count [coversNone + 1]int
	for j := range e.cities {
		kind, _ := e.excludedBy(q, j, s.need[j], s.cover[j])
		count[kind]++
	}
	var parts []string
	add := func(k exclusionKind, what string) {
		if count[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[k], what))
		}
	}
	add(coversNone, "cover none of its needs")
	add(sameCountry, "in the same country ("+e.cities[q.b].Country+")")
	add(blockedPair, "blocked by the secretariat")
	why := "no candidate: every other member is excluded"
	if len(parts) > 0 {
		why += " (" + strings.Join(parts, ", ") + ")"
	}
	if gaps, examined := e.gapNeeds(q, s.ts, GapThreshold); examined > 0 && len(gaps) == examined {
		why += "; nobody in the network covers any of its needs well (see the gaps)"
	}
	return why
}
