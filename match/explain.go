package match

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/c2cnet/c2c/model"
)

// earthRadiusKm is the mean radius of the Earth.
const earthRadiusKm = 6371.0

// maxMatches is how many traced links an explanation lists per direction.
const maxMatches = 5

// candidate builds the explained candidate j for q's beneficiary from the
// part values the scoring pass computed.
func (e *Engine) candidate(q *query, j int, v [nParts]float64, low float64, pinned bool) model.Candidate {
	c := &e.cities[j]
	bd, total := breakdown(q.weights, v)
	cand := model.Candidate{
		Resource:    c.ID,
		Name:        c.Name,
		Country:     c.Country,
		Development: e.development(j),
		Score:       total,
		Parts:       bd,
		Pinned:      pinned,
	}
	cand.Matches = e.needMatches(q, j)
	cand.Text = e.textMatches(q, j)
	cand.FlowsBack = e.flowsBack(q, j)
	cand.Reasons, cand.Against = e.reasons(q, j, v, cand.Matches, cand.FlowsBack)
	if len(cand.Text) > 0 {
		m := cand.Text[0]
		r := fmt.Sprintf("in words: %q met by %s (similarity %.2f", m.Need, m.Offer, m.Similarity)
		if w := WordsNote(m); w != "" {
			r += "; " + w
		}
		cand.Reasons = append(cand.Reasons, r+")")
	}
	cand.Components = e.components(q, j, low)
	if pinned {
		r := e.rules[[2]int{q.b, j}]
		cand.Reasons = append([]string{"pinned by the secretariat" + why(r.Why)}, cand.Reasons...)
	}
	return cand
}

// bestEntry returns the entry of es giving the largest strength·weight on
// topic t, and that value.
func bestEntry(es []entry, t int, value func(*entry) float64) (*entry, float64) {
	var best *entry
	var bv float64
	for i := range es {
		for _, tw := range es[i].topics {
			if tw.topic == t {
				if v := value(&es[i]) * tw.weight; v > bv {
					best, bv = &es[i], v
				}
			}
		}
	}
	return best, bv
}

func strengthOf(x *entry) float64 { return x.strength }

// offerFor finds the entry behind õ_j[t]: an offer on t itself, or the best
// offer in t's sector at SectorCredit.
func (e *Engine) offerFor(j, t int) (x *entry, value float64, via string) {
	offers := e.profiles[j].offers
	x, value = bestEntry(offers, t, strengthOf)
	via = "same topic"
	sector := e.tax.Topics[t].Sector
	for i := range offers {
		for _, tw := range offers[i].topics {
			if tw.topic != t && e.tax.Topics[tw.topic].Sector == sector {
				if v := SectorCredit * offers[i].strength * tw.weight; v > value {
					x, value = &offers[i], v
					via = "same sector: " + strings.ToLower(e.tax.SectorLabel(sector))
				}
			}
		}
	}
	return x, value, via
}

func describe(x *entry, owner string) string {
	switch x.kind {
	case kindChallenge:
		return fmt.Sprintf("%s: %q", owner, x.label)
	case kindCapacity:
		return fmt.Sprintf("%s capacity %q", owner, x.label)
	default:
		return fmt.Sprintf("%s practice %q", owner, x.label)
	}
}

// needMatches traces the need part: for each of the beneficiary's need
// topics, the challenge behind it and the resource's entry that meets it,
// with its contribution w_need·a_t·õ_j[t].
func (e *Engine) needMatches(q *query, j int) []model.Match {
	var out []model.Match
	bp := &e.profiles[q.b]
	for _, tw := range q.need {
		x, v, via := e.offerFor(j, tw.topic)
		if x == nil || v == 0 {
			continue
		}
		need, _ := bestEntry(bp.needs, tw.topic, strengthOf)
		out = append(out, model.Match{
			Need:         needLabel(need, e.tax.Topics[tw.topic].Label),
			Offer:        describe(x, e.cities[j].Name),
			Topic:        e.tax.Topics[tw.topic].ID,
			Via:          via,
			Contribution: round4(q.weights[0] * tw.weight * v),
		})
	}
	return topMatches(out)
}

func needLabel(x *entry, fallback string) string {
	if x == nil {
		return fallback
	}
	return x.label
}

// flowsBack traces the reciprocity part: the resource's needs the
// beneficiary's offers meet, each with w_rec·õ_b[t]·ñ_j[t].
func (e *Engine) flowsBack(q *query, j int) []model.Match {
	var out []model.Match
	rp := &e.profiles[j]
	if rp.needSum == 0 {
		return nil
	}
	for _, tw := range rp.need {
		x, v, via := e.offerFor(q.b, tw.topic)
		if x == nil || v == 0 {
			continue
		}
		need, _ := bestEntry(rp.needs, tw.topic, strengthOf)
		out = append(out, model.Match{
			Need:         e.cities[j].Name + ": " + needLabel(need, e.tax.Topics[tw.topic].Label),
			Offer:        describe(x, e.cities[q.b].Name),
			Topic:        e.tax.Topics[tw.topic].ID,
			Via:          via,
			Contribution: round4(q.weights[1] * v * tw.weight / rp.needSum),
		})
	}
	return topMatches(out)
}

func topMatches(ms []model.Match) []model.Match {
	slices.SortStableFunc(ms, func(a, b model.Match) int {
		if c := cmp.Compare(b.Contribution, a.Contribution); c != 0 {
			return c
		}
		return strings.Compare(a.Topic, b.Topic)
	})
	if len(ms) > maxMatches {
		ms = ms[:maxMatches]
	}
	return ms
}

// DistanceKm returns the great-circle distance between two cities, and
// false when either location is unknown.
func (e *Engine) distanceKm(b, j int) (float64, bool) {
	if !e.hasLoc[b] || !e.hasLoc[j] {
		return 0, false
	}
	dot := e.xyz[0][b]*e.xyz[0][j] + e.xyz[1][b]*e.xyz[1][j] + e.xyz[2][b]*e.xyz[2][j]
	return earthRadiusKm * math.Acos(math.Max(-1, math.Min(1, dot))), true
}

// reasons writes the plain-language explanation of a pair: what speaks for
// it, most important first, and what counts against it.
func (e *Engine) reasons(q *query, j int, v [nParts]float64, needs, back []model.Match) (pro, con []string) {
	b := q.b
	bc, rc := &e.cities[b], &e.cities[j]
	if len(needs) > 0 {
		m := needs[0]
		pro = append(pro, fmt.Sprintf("covers %.0f%% of %s's needs; strongest link: %q met by %s (%s)",
			100*v[0], bc.Name, m.Need, m.Offer, m.Via))
	}
	if v[3] > 0 {
		if x := e.bestPractice(q, j); x != "" {
			pro = append(pro, x)
		}
	}
	if v[1] > 0 && len(back) > 0 {
		pro = append(pro, fmt.Sprintf("reciprocity: %s can offer back, e.g. %s for %q", bc.Name, back[0].Offer, back[0].Need))
	} else if e.profiles[j].needSum > 0 {
		con = append(con, fmt.Sprintf("%s has little to offer back for %s's own needs (a reward missed, not a veto)", bc.Name, rc.Name))
	}
	dev, size, region := e.contextComponents(b, j)
	db, dj := e.development(b), e.development(j)
	switch {
	case dev == 1 && db != "":
		pro = append(pro, fmt.Sprintf("same development level (%s): solutions transfer well", db))
	case dev == 0:
		con = append(con, fmt.Sprintf("development levels far apart (%s vs %s)", db, dj))
	}
	if db.Protected() && e.profiles[j].offers != nil {
		for _, tw := range q.need {
			if x, _ := bestEntry(e.profiles[j].offers, tw.topic, func(x *entry) float64 { return x.lowCost }); x != nil && x.lowCost >= 0.5 {
				pro = append(pro, fmt.Sprintf("low-cost tested practice %q suits a resource-poor city", x.label))
				break
			}
		}
	}
	if size >= 0.75 && bc.Population > 0 && rc.Population > 0 {
		pro = append(pro, "similar city size")
	} else if size <= 0.25 && bc.Population > 0 && rc.Population > 0 {
		con = append(con, fmt.Sprintf("very different size (%s vs %s inhabitants)", humanInt(bc.Population), humanInt(rc.Population)))
	}
	if co, ok := e.countries.Lookup(rc.Country); ok && region == 1 {
		pro = append(pro, "same region ("+co.SubRegion+")")
	}
	lang, _, commit, host := e.feasibilityComponents(b, j)
	switch lang {
	case 1:
		pro = append(pro, "shared working language ("+strings.Join(shared(bc.Languages, rc.Languages), ", ")+")")
	case 0:
		con = append(con, fmt.Sprintf("no shared working language (%s: %s; %s: %s)", bc.Name, strings.Join(bc.Languages, ", "), rc.Name, strings.Join(rc.Languages, ", ")))
	}
	if d, ok := e.distanceKm(b, j); ok {
		if d > 5000 {
			con = append(con, fmt.Sprintf("far away: %s km", humanInt(int64(math.Round(d/100)*100))))
		} else if d < 2000 {
			pro = append(pro, fmt.Sprintf("close: %s km", humanInt(int64(math.Round(d/100)*100))))
		}
	}
	if e.commit[b] >= 0 || e.commit[j] >= 0 {
		if commit >= 0.7 {
			pro = append(pro, "strong recorded commitment (political, community or cost sharing)")
		} else if commit < 0.5 {
			con = append(con, "weak recorded commitment")
		}
	}
	switch {
	case host == 0:
		con = append(con, rc.Name+" records no hosting capacity (hosting 0)")
	case host < 1:
		con = append(con, fmt.Sprintf("%s can host only %d beneficiary per cycle", rc.Name, rc.EffectiveHosting()))
	}
	if h, ok := e.history[[2]int{b, j}]; ok {
		x := e.exchanges[h.exchanges[0]]
		dir := "continues"
		if h.reverse {
			dir = "continues (the other way round)"
		}
		if q.prefer == model.PreferNew {
			con = append(con, fmt.Sprintf("already partners (%s); preferring new partners favours new pairs", e.exchangeLabel(x)))
		} else {
			pro = append(pro, fmt.Sprintf("%s a past %s", dir, e.exchangeLabel(x)))
		}
	} else if q.prefer == model.PreferNew {
		pro = append(pro, "a new partnership (new partners preferred)")
	}
	if !q.sameOK && e.country[b] == e.country[j] && j != b {
		if r, ok := e.rulesOf[b][j]; ok && r.Rule == model.Pin {
			con = append(con, "same country, kept only by the pin")
		}
	}
	if q.sameOK && e.country[b] == e.country[j] && j != b {
		pro = append(pro, "same country, allowed for this run")
	}
	return pro, con
}

// bestPractice names the most tested of j's practices on the need topics.
func (e *Engine) bestPractice(q *query, j int) string {
	var best *entry
	var bv float64
	for _, tw := range q.need {
		x, v := bestEntry(e.profiles[j].offers, tw.topic, func(x *entry) float64 { return x.maturity })
		if x != nil && v > bv {
			best, bv = x, v
		}
	}
	if best == nil {
		if len(e.resourceExchanges[j]) > 0 {
			return fmt.Sprintf("has been the resource city in %d recorded exchange(s)", len(e.resourceExchanges[j]))
		}
		return ""
	}
	p := e.cities[j].Practices[best.index]
	s := fmt.Sprintf("tested practice %q", p.Title)
	if p.Since > 0 {
		s += fmt.Sprintf(", in operation since %d", p.Since)
	}
	if p.Outcomes != "" {
		s += ", outcomes recorded: " + p.Outcomes
	}
	return s
}

func shared(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if strings.EqualFold(x, y) {
				out = append(out, x)
			}
		}
	}
	return out
}

func humanInt(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Explanation is the full account of one beneficiary–resource pair,
// recommended or not.
type Explanation struct {
	Beneficiary string           `json:"beneficiary"` // city id
	Parameters  model.Parameters `json:"parameters"`
	Allowed     bool             `json:"allowed"`          // passes every hard rule
	Reason      string           `json:"reason,omitempty"` // why not, when excluded
	Rank        int              `json:"rank"`             // rank by score among the qualified candidates; 0 when excluded
	Qualified   int              `json:"qualified"`        // how many candidates qualify
	Candidate   model.Candidate  `json:"candidate"`        // the parts, links and reasons
}

// Explain accounts for the pair (beneficiary, resource) under p, including
// a pair the hard rules exclude (with the reason).
func (e *Engine) Explain(beneficiary, resource string, p model.Parameters) (*Explanation, error) {
	p, err := normalized(p, e.year)
	if err != nil {
		return nil, err
	}
	b, err := e.lookup(beneficiary, "beneficiary")
	if err != nil {
		return nil, err
	}
	j, err := e.lookup(resource, "resource")
	if err != nil {
		return nil, err
	}
	q, err := e.newQuery(b, &p)
	if err != nil {
		return nil, err
	}
	s := newScratch(len(e.cities))
	e.scoreAll(q, s)
	reason, pinned := e.exclusion(q, j, s.need[j], s.cover[j])
	ex := &Explanation{Beneficiary: e.cities[b].ID, Parameters: p, Allowed: reason == "", Reason: reason}
	ex.Candidate = e.candidate(q, j, s.parts(j), s.low[j], pinned)
	if ex.Allowed {
		ex.Rank = 1
	}
	for r, total := range s.total {
		if why, _ := e.exclusion(q, r, s.need[r], s.cover[r]); why != "" {
			continue
		}
		ex.Qualified++
		if ex.Allowed && better(ranked{j: r, score: total}, ranked{j: j, score: s.total[j]}) {
			ex.Rank++
		}
	}
	ex.Candidate.Rank = ex.Rank
	return ex, nil
}

// PairScore is one row of the audit table: a pair's parts, whether the hard
// rules allow it, and why not.
type PairScore struct {
	Beneficiary string          `json:"beneficiary"`
	Resource    string          `json:"resource"`
	Score       float64         `json:"score"`
	Parts       model.Breakdown `json:"parts"`
	Allowed     bool            `json:"allowed"`
	Pinned      bool            `json:"pinned,omitempty"`
	Reason      string          `json:"reason,omitempty"`
}

// Scores streams the audit table: every beneficiary (every city with
// needs) against every other city, in id order, one score row at a time.
// It stops with ctx's error, between two beneficiaries, once ctx is done.
func (e *Engine) Scores(ctx context.Context, p model.Parameters, emit func(PairScore) error) error {
	p, err := normalized(p, e.year)
	if err != nil {
		return err
	}
	s := newScratch(len(e.cities))
	for b := range e.cities {
		if err := ctx.Err(); err != nil {
			return err
		}
		q, err := e.newQuery(b, &p)
		if err != nil {
			continue // no needs: not a beneficiary
		}
		e.scoreAll(q, s)
		for j := range e.cities {
			if j == b {
				continue
			}
			reason, pinned := e.exclusion(q, j, s.need[j], s.cover[j])
			bd, total := breakdown(q.weights, s.parts(j))
			row := PairScore{Beneficiary: e.cities[b].ID, Resource: e.cities[j].ID, Score: total, Parts: bd,
				Allowed: reason == "", Pinned: pinned, Reason: reason}
			if err := emit(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// components details the context and feasibility parts of pair (b, j),
// each ingredient with its weight and the profile facts behind it.
func (e *Engine) components(q *query, j int, low float64) []model.Component {
	b := q.b
	bc, rc := &e.cities[b], &e.cities[j]
	dev, size, region := e.contextComponents(b, j)
	lang, near, commit, host := e.feasibilityComponents(b, j)
	orUnknown := func(s string) string {
		if s == "" {
			return "unknown"
		}
		return s
	}
	pop := func(c *model.City) string {
		if c.Population <= 0 {
			return "unknown"
		}
		return humanInt(c.Population)
	}
	sizeNote := fmt.Sprintf("population %s vs %s", pop(bc), pop(rc))
	regionNote := "different regions"
	cb, _ := e.countries.Lookup(bc.Country)
	cr, _ := e.countries.Lookup(rc.Country)
	switch region {
	case 1:
		regionNote = "both in " + cr.SubRegion
	case 0.5:
		regionNote = "both in " + cr.Region
	}
	if cb.Region == "" || cr.Region == "" {
		regionNote = "region unknown"
	}
	langNote := "not recorded for both"
	switch lang {
	case 1:
		langNote = "shared: " + strings.Join(shared(bc.Languages, rc.Languages), ", ")
	case 0:
		langNote = fmt.Sprintf("%s vs %s", strings.Join(bc.Languages, ", "), strings.Join(rc.Languages, ", "))
	}
	nearNote := "location not recorded for both"
	if d, ok := e.distanceKm(b, j); ok {
		nearNote = fmt.Sprintf("%s km apart", humanInt(int64(math.Round(d))))
	}
	commitNote := "not recorded"
	if e.commit[b] >= 0 || e.commit[j] >= 0 {
		commitNote = "mean of the recorded political, community and cost-sharing factors"
	}
	cw, fw := q.ctxW, feasibilityWeights
	return []model.Component{
		{Part: model.PartContext.String(), Name: "development", Value: round4(dev), Weight: cw[0], Source: fmt.Sprintf("%s vs %s", orUnknown(string(e.development(b))), orUnknown(string(e.development(j))))},
		{Part: model.PartContext.String(), Name: "size", Value: round4(size), Weight: cw[1], Source: sizeNote},
		{Part: model.PartContext.String(), Name: "region", Value: round4(region), Weight: cw[2], Source: regionNote},
		{Part: model.PartContext.String(), Name: "low-cost practices", Value: round4(low), Weight: cw[3], Source: "tested low- or medium-cost practices on the needs; weighs more for poorer beneficiaries"},
		{Part: model.PartFeasibility.String(), Name: "language", Value: round4(lang), Weight: fw[0], Source: langNote},
		{Part: model.PartFeasibility.String(), Name: "closeness", Value: round4(near), Weight: fw[1], Source: nearNote},
		{Part: model.PartFeasibility.String(), Name: "commitment", Value: round4(commit), Weight: fw[2], Source: commitNote},
		{Part: model.PartFeasibility.String(), Name: "hosting", Value: round4(host), Weight: fw[3], Source: fmt.Sprintf("%s hosts %d per cycle", rc.Name, rc.EffectiveHosting())},
	}
}
