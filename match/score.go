package match

import (
	"fmt"
	"math"

	"github.com/c2cnet/c2c/model"
	"gonum.org/v1/gonum/floats"
)

// Parameters are the user's choices for one shortlist or batch.
type Parameters struct {
	Top              int     `json:"top"`                // shortlist length k, >= 1
	Topic            string  `json:"topic,omitempty"`    // restrict the needs to one topic id
	Quota            float64 `json:"quota"`              // minimum share of developing-city candidates, 0..1
	Alpha            float64 `json:"alpha"`              // FA*IR significance of the ranked fairness test, 0..1
	Weights          Weights `json:"weights"`            // part weights, normalised
	Prefer           Prefer  `json:"prefer"`             // continue or new
	AllowSameCountry bool    `json:"allow_same_country"` // allow pairs within one country
	Year             int     `json:"year"`               // reference year (set by the engine)
}

// DefaultParameters returns the defaults: top 5, quota 0.4 (2 of 5),
// α = 0.1, DefaultWeights, prefer continue, different countries only.
func DefaultParameters() Parameters {
	return Parameters{Top: 5, Quota: 0.4, Alpha: 0.1, Weights: DefaultWeights, Prefer: PreferContinue}
}

// Validate checks the parameters and normalises the weights.
func (p *Parameters) Validate() error {
	var errs model.Errors
	if p.Top < 1 {
		errs.Add("", "top", "--top %d: expected a shortlist length of at least 1", p.Top)
	}
	if !(p.Quota >= 0 && p.Quota <= 1) {
		errs.Add("", "quota", "--quota %v: expected a share between 0 and 1, such as 0.4", p.Quota)
	}
	if !(p.Alpha > 0 && p.Alpha < 1) {
		errs.Add("", "alpha", "alpha %v: expected a significance between 0 and 1, such as 0.1", p.Alpha)
	}
	if p.Prefer != PreferContinue && p.Prefer != PreferNew {
		errs.Add("", "prefer", "--prefer %q: expected continue or new", p.Prefer)
	}
	w, err := p.Weights.Normalized()
	if err != nil {
		var me *model.Error
		if asModelError(err, &me) {
			errs = append(errs, me)
		}
	} else {
		p.Weights = w
	}
	return errs.Err()
}

// query is one beneficiary's side of a scoring pass, prepared once.
type query struct {
	b       int
	need    []topicWeight // a_t = n_b[t] / Σ n_b, restricted to the chosen topic
	weights [6]float64
	prefer  Prefer
	sameOK  bool
	ctxW    [4]float64 // weights of development, size, region, low cost
}

// Context weights by the beneficiary's development: low-cost tested practices
// count for more with a resource-poor beneficiary.
var contextWeights = map[int8][4]float64{
	0:  {0.35, 0.30, 0.25, 0.10}, // developed
	1:  {0.30, 0.20, 0.20, 0.30}, // developing
	2:  {0.25, 0.15, 0.20, 0.40}, // least developed
	-1: {0.30, 0.20, 0.20, 0.30}, // unknown: as developing
}

// Feasibility weights: shared language, distance, commitment, hosting.
var feasibilityWeights = [4]float64{0.35, 0.20, 0.25, 0.20}

// newQuery prepares beneficiary b. It fails when b records no need (on the
// chosen topic).
func (e *Engine) newQuery(b int, p *Parameters) (*query, error) {
	q := &query{b: b, weights: p.Weights.slice(), prefer: p.Prefer, sameOK: p.AllowSameCountry, ctxW: contextWeights[e.devRank[b]]}
	pr := &e.profiles[b]
	c := &e.cities[b]
	var topic = -1
	if p.Topic != "" {
		if topic = e.tax.Index(p.Topic); topic < 0 {
			msg := fmt.Sprintf("unknown topic %q", p.Topic)
			if s := e.tax.Closest(p.Topic, 3); len(s) > 0 {
				msg += ": closest known topics are " + fmt.Sprint(s)
			}
			return nil, &model.Error{Code: model.EINVALID, Key: "topic", Message: msg}
		}
	}
	var sum float64
	for _, tw := range pr.need {
		if topic < 0 || tw.topic == topic {
			q.need = append(q.need, tw)
			sum += tw.weight
		}
	}
	if len(q.need) == 0 {
		if len(c.Challenges) == 0 {
			return nil, &model.Error{Code: model.EINVALID, City: c.ID,
				Message: fmt.Sprintf("%s records no challenges, so there is nothing to match: add challenges to its profile (c2c import) first", c.Name)}
		}
		if topic >= 0 {
			return nil, &model.Error{Code: model.EINVALID, City: c.ID,
				Message: fmt.Sprintf("%s records no need on topic %q: see c2c city %s for its needs", c.Name, p.Topic, c.ID)}
		}
		return nil, &model.Error{Code: model.EINVALID, City: c.ID,
			Message: fmt.Sprintf("none of %s's challenges could be placed on a topic of the taxonomy: give them a topic or more specific words", c.Name)}
	}
	for i := range q.need {
		q.need[i].weight /= sum
	}
	return q, nil
}

// scratch holds one worker's score arrays, one slot per city.
type scratch struct {
	need, evid, low, recip, ctx, feas, hist, total []float64
}

func newScratch(n int) *scratch {
	buf := make([]float64, 8*n)
	return &scratch{
		need: buf[0:n], evid: buf[n : 2*n], low: buf[2*n : 3*n], recip: buf[3*n : 4*n],
		ctx: buf[4*n : 5*n], feas: buf[5*n : 6*n], hist: buf[6*n : 7*n], total: buf[7*n : 8*n],
	}
}

// scoreAll computes every part of q's beneficiary against every city at
// once. The topic parts are sums of scaled rows of the T×N matrices
// (sparse beneficiary vector times dense resource matrix):
//
//	need_j     = Σ_t a_t · õ[t,j]        a = the beneficiary's needs, normalised
//	evidence_j = Σ_t a_t · E[t,j]
//	lowcost_j  = Σ_t a_t · L[t,j]
//	recip_j    = Σ_t õ_b[t] · ñ[t,j]    ñ = each resource's needs, normalised
//
// then context, feasibility and history per city, and the weighted total.
// Unless all is set, the per-city parts are computed only for cities that
// cover some need (the others cannot qualify) and pinned ones; the rest get
// a total of -1.
func (e *Engine) scoreAll(q *query, s *scratch, all bool) {
	n := len(e.cities)
	for _, v := range [][]float64{s.need, s.evid, s.low, s.recip} {
		clear(v)
	}
	for _, tw := range q.need {
		floats.AddScaled(s.need, tw.weight, e.offerT.RawRowView(tw.topic)[:n])
		floats.AddScaled(s.evid, tw.weight, e.evidT.RawRowView(tw.topic)[:n])
		floats.AddScaled(s.low, tw.weight, e.lowT.RawRowView(tw.topic)[:n])
	}
	for _, tw := range e.profiles[q.b].offer {
		floats.AddScaled(s.recip, tw.weight, e.needT.RawRowView(tw.topic)[:n])
	}
	h0 := 0.0
	if q.prefer == PreferNew {
		h0 = 1
	}
	for j := range s.hist {
		s.hist[j] = h0
	}
	for _, r := range e.historyPartners[q.b] {
		s.hist[r] = e.historyPart(q.b, r, q.prefer)
	}

	// Per-city parts, with the beneficiary's side hoisted out of the loop.
	b := q.b
	w := q.weights
	cw, fw := q.ctxW, feasibilityWeights
	devB, popB, subB, regB := e.devRank[b], e.logPop[b], e.subregion[b], e.region[b]
	langB, locB, comB := e.langs[b], e.hasLoc[b], e.commit[b]
	xb, yb, zb := e.xyz[0][b], e.xyz[1][b], e.xyz[2][b]
	devRank, logPop, subregion, region := e.devRank[:n], e.logPop[:n], e.subregion[:n], e.region[:n]
	langs, hasLoc, commit, host := e.langs[:n], e.hasLoc[:n], e.commit[:n], e.host[:n]
	xs, ys, zs := e.xyz[0][:n], e.xyz[1][:n], e.xyz[2][:n]
	need, evid, low, recip := s.need[:n], s.evid[:n], s.low[:n], s.recip[:n]
	ctx, feas, hist, total := s.ctx[:n], s.feas[:n], s.hist[:n], s.total[:n]
	for j := 0; j < n; j++ {
		if !all && need[j] <= 0 {
			total[j] = -1
			continue
		}
		// Context: development, size, region, low cost.
		dev := 0.5
		if dj := devRank[j]; devB >= 0 && dj >= 0 {
			dev = devSimilarity[absInt8(devB-dj)]
		}
		size := 0.5
		if pj := logPop[j]; popB == popB && pj == pj {
			size = 1 - math.Abs(popB-pj)/2
			if size < 0 {
				size = 0
			}
		}
		reg := 0.0
		if subB >= 0 && subB == subregion[j] {
			reg = 1
		} else if regB >= 0 && regB == region[j] {
			reg = 0.5
		}
		ctx[j] = cw[0]*dev + cw[1]*size + cw[2]*reg + cw[3]*low[j]

		// Feasibility: language, closeness, commitment, hosting.
		lang := 0.5
		if lj := langs[j]; langB != 0 && lj != 0 {
			lang = 0
			if langB&lj != 0 {
				lang = 1
			}
		}
		near := 0.5
		if locB && hasLoc[j] {
			near = xb*xs[j] + yb*ys[j] + zb*zs[j]
			if near < 0 {
				near = 0
			}
		}
		com := 0.5
		cj := commit[j]
		switch {
		case comB >= 0 && cj >= 0:
			com = (comB + cj) / 2
		case comB >= 0:
			com = comB
		case cj >= 0:
			com = cj
		}
		feas[j] = fw[0]*lang + fw[1]*near + fw[2]*com + fw[3]*host[j]
		total[j] = w[0]*need[j] + w[1]*recip[j] + w[2]*ctx[j] + w[3]*evid[j] + w[4]*feas[j] + w[5]*hist[j]
	}
	if !all {
		for _, j := range e.pins[b] {
			if need[j] <= 0 {
				ctx[j] = e.contextPart(q, j, low[j])
				feas[j] = e.feasibilityPart(b, j)
				total[j] = w[0]*need[j] + w[1]*recip[j] + w[2]*ctx[j] + w[3]*evid[j] + w[4]*feas[j] + w[5]*hist[j]
			}
		}
	}
}

// devSimilarity maps the distance between two development ranks to the
// development component of context.
var devSimilarity = [3]float64{1, 0.5, 0}

func absInt8(v int8) int8 {
	if v < 0 {
		return -v
	}
	return v
}

// contextComponents returns how transferable a solution from j is to b:
// development similarity (1 same level, 0.5 one apart, 0 two apart),
// size similarity (1 − |Δ log10 population| / 2, floored at 0), region (1
// same UN sub-region, 0.5 same region, 0 else); unknowns count 0.5.
func (e *Engine) contextComponents(b, j int) (dev, size, region float64) {
	dev, size = 0.5, 0.5
	if rb, rj := e.devRank[b], e.devRank[j]; rb >= 0 && rj >= 0 {
		dev = 1 - math.Abs(float64(rb-rj))/2
	}
	if pb, pj := e.logPop[b], e.logPop[j]; pb == pb && pj == pj {
		size = math.Max(0, 1-math.Abs(pb-pj)/2)
	}
	switch {
	case e.subregion[b] >= 0 && e.subregion[b] == e.subregion[j]:
		region = 1
	case e.region[b] >= 0 && e.region[b] == e.region[j]:
		region = 0.5
	}
	return dev, size, region
}

// contextPart combines the context components with the tested low-cost
// practices relevant to the need, weighted by the beneficiary's development
// (contextWeights).
func (e *Engine) contextPart(q *query, j int, low float64) float64 {
	dev, size, region := e.contextComponents(q.b, j)
	w := q.ctxW
	return w[0]*dev + w[1]*size + w[2]*region + w[3]*low
}

// feasibilityComponents returns: shared working language (1 yes, 0 no, 0.5
// unknown); closeness (cosine of the angle between the two cities seen from
// the Earth's centre, floored at 0: 1 next door, 0.7 at 5,000 km, 0 at a
// quarter of the globe; 0.5 unknown); commitment (mean of both sides'
// recorded success factors, 0.5 unknown); hosting (min(1, hosting / 3) of
// the resource).
func (e *Engine) feasibilityComponents(b, j int) (lang, near, commit, host float64) {
	lang, near, commit = 0.5, 0.5, 0.5
	if lb, lj := e.langs[b], e.langs[j]; lb != 0 && lj != 0 {
		if lb&lj != 0 {
			lang = 1
		} else {
			lang = 0
		}
	}
	if e.hasLoc[b] && e.hasLoc[j] {
		near = math.Max(0, e.xyz[0][b]*e.xyz[0][j]+e.xyz[1][b]*e.xyz[1][j]+e.xyz[2][b]*e.xyz[2][j])
	}
	cb, cj := e.commit[b], e.commit[j]
	switch {
	case cb >= 0 && cj >= 0:
		commit = (cb + cj) / 2
	case cb >= 0:
		commit = cb
	case cj >= 0:
		commit = cj
	}
	return lang, near, commit, e.host[j]
}

// feasibilityPart combines the feasibility components (feasibilityWeights).
func (e *Engine) feasibilityPart(b, j int) float64 {
	lang, near, commit, host := e.feasibilityComponents(b, j)
	w := feasibilityWeights
	return w[0]*lang + w[1]*near + w[2]*commit + w[3]*host
}

// exclusion says why a pair may not be recommended, or "" when it may.
// Pins override every rule but the city itself and a block.
func (e *Engine) exclusion(q *query, j int, need float64) (reason string, pinned bool) {
	b := q.b
	if j == b {
		return "the city itself", false
	}
	var rule model.Rule
	var has bool
	if rs := e.rulesOf[b]; rs != nil {
		rule, has = rs[j]
	}
	if has && rule.Rule == model.Block {
		return "blocked by the secretariat" + why(rule.Why), false
	}
	pinned = has && rule.Rule == model.Pin
	if pinned {
		return "", true
	}
	if !q.sameOK && e.country[b] == e.country[j] {
		return "same country (" + e.cities[j].Country + "); use --allow-same-country to include", false
	}
	if need <= 0 {
		return "covers none of the needs", false
	}
	return "", false
}

func why(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

// breakdown rounds the parts of one pair into a model.Breakdown whose
// contributions sum exactly to the score.
func breakdown(w [6]float64, v [6]float64) (model.Breakdown, float64) {
	var bd model.Breakdown
	var total float64
	for i, p := range bd.Parts() {
		p.Value = round4(v[i])
		p.Weight = round4(w[i])
		p.Contribution = round4(w[i] * v[i])
		total += p.Contribution
	}
	return bd, round4(total)
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func (s *scratch) parts(j int) [6]float64 {
	return [6]float64{s.need[j], s.recip[j], s.ctx[j], s.evid[j], s.feas[j], s.hist[j]}
}
