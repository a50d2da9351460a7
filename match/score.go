package match

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/c2cnet/c2c/model"
)

// DefaultParameters returns the defaults: top 5, quota 0.4 (2 of 5),
// α = 0.1, DefaultWeights, prefer continue, different countries only, no
// year recorded.
func DefaultParameters() model.Parameters {
	return model.Parameters{Top: 5, Quota: 0.4, Alpha: 0.1, Weights: DefaultWeights, Prefer: model.PreferContinue}
}

// normalized is p.Normalized for scores of the reference year: it also
// refuses, keyed "year", parameters that name another year. The year is
// the caller's to give, once, to the engine and (to record it) in p; the
// engine never sets it.
func normalized(p model.Parameters, year int) (model.Parameters, error) {
	n, err := p.Normalized()
	if p.Year == 0 || p.Year == year {
		return n, err
	}
	var errs model.Errors
	if err != nil && !errors.As(err, &errs) {
		return n, err
	}
	errs = append(slices.Clip(errs), &model.Error{Code: model.EINVALID, Key: "year",
		Message: fmt.Sprintf("the parameters are for %d but the scores are for %d: expected %d, or no year", p.Year, year, year)})
	return n, errs
}

// nParts is the number of named parts, the length of the engine's
// per-part arrays, indexed by model.PartID.
const nParts = model.NParts

// query is one beneficiary's side of a scoring pass, prepared once.
type query struct {
	b     int
	topic int           // the chosen topic's index, -1 for all
	need  []topicWeight // a_t = n_b[t] / Σ n_b, restricted to the chosen topic
	textA []float64     // a_i per challenge for the text part (see needWeights)
	// textNear[i] is challenge i's near words for explanations (see
	// needNear), built by textMatches when first needed; a query is used by
	// one goroutine, so its scratch may be.
	textNear []*needNear
	weights  model.Weights // normalised
	prefer   model.Prefer
	sameOK   bool
	ctxW     [4]float64 // weights of development, size, region, low cost
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
func (e *Engine) newQuery(b int, p *model.Parameters) (*query, error) {
	q := &query{b: b, weights: p.Weights, prefer: p.Prefer, sameOK: p.AllowSameCountry, ctxW: contextWeights[e.devRank[b]]}
	pr := &e.profiles[b]
	c := &e.cities[b]
	topic, err := e.topicIndex(p.Topic)
	if err != nil {
		return nil, err
	}
	q.topic = topic
	var sum float64
	for _, tw := range pr.need {
		if topic < 0 || tw.topic == topic {
			q.need = append(q.need, tw)
			sum += tw.weight
		}
	}
	q.textA = e.needWeights(b, topic)
	if len(q.need) == 0 && q.textA == nil {
		if len(c.Challenges) == 0 {
			return nil, &model.Error{Code: model.EINVALID, City: c.ID,
				Message: fmt.Sprintf("%s records no challenges, so there is nothing to match: add challenges to its profile (c2c import) first", c.Name)}
		}
		if topic >= 0 {
			return nil, &model.Error{Code: model.EINVALID, City: c.ID,
				Message: fmt.Sprintf("%s records no need on topic %q: see c2c city %s for its needs", c.Name, p.Topic, c.ID)}
		}
		return nil, &model.Error{Code: model.EINVALID, City: c.ID,
			Message: fmt.Sprintf("none of %s's challenges has any words to match: describe them in words", c.Name)}
	}
	for i := range q.need {
		q.need[i].weight /= sum
	}
	return q, nil
}

// topicIndex resolves the topic a query is restricted to: -1 for "" (all
// topics), or EINVALID naming the closest known topics.
func (e *Engine) topicIndex(id string) (int, error) {
	if id == "" {
		return -1, nil
	}
	topic := e.tax.Index(id)
	if topic < 0 {
		msg := fmt.Sprintf("unknown topic %q", id)
		if s := e.tax.Closest(id, 3); len(s) > 0 {
			msg += ": closest known topics are " + fmt.Sprint(s)
		}
		return -1, &model.Error{Code: model.EINVALID, Key: "topic", Message: msg}
	}
	return topic, nil
}

// scratch holds one worker's score arrays, one slot per city.
type scratch struct {
	need, evid, low, recip, ctx, feas, hist, total, text []float64
	cover                                                []float64 // the text cover, on strong evidence only (see textPart)
	ts                                                   *textScratch
}

func newScratch(n int) *scratch {
	buf := make([]float64, 10*n)
	return &scratch{
		need: buf[0:n], evid: buf[n : 2*n], low: buf[2*n : 3*n], recip: buf[3*n : 4*n],
		ctx: buf[4*n : 5*n], feas: buf[5*n : 6*n], hist: buf[6*n : 7*n], total: buf[7*n : 8*n],
		text: buf[8*n : 9*n], cover: buf[9*n : 10*n],
	}
}

// topicParts computes the topic parts of q's beneficiary against every city
// at once, as sums of scaled rows of the T×N matrices (a sparse beneficiary
// vector times a sparse resource matrix):
//
//	need_j     = Σ_t a_t · õ[t,j]        a = the beneficiary's needs, normalised
//	evidence_j = Σ_t a_t · E[t,j]
//	lowcost_j  = Σ_t a_t · L[t,j]
//	recip_j    = Σ_t õ_b[t] · ñ[t,j]    ñ = each resource's needs, normalised
//
// and the history part of every pair. The sums run over the nonzero
// entries only, in increasing topic order, so they equal the dense row
// sums (floats.AddScaled) to the last bit: the entries left out would add
// exact zeros.
func (e *Engine) topicParts(q *query, s *scratch) {
	for _, v := range [][]float64{s.need, s.evid, s.low, s.recip} {
		clear(v)
	}
	for _, tw := range q.need {
		w := tw.weight
		for k := e.topicPtr[tw.topic]; k < e.topicPtr[tw.topic+1]; k++ {
			j := e.topicCity[k]
			// The conversions keep each product rounded, as AddScaled's.
			s.need[j] += float64(w * e.topicOffer[k])
			s.evid[j] += float64(w * e.topicEvid[k])
			s.low[j] += float64(w * e.topicLow[k])
		}
	}
	// recip = ñ · õ_b: the columns of ñ (compressed) for the topics the
	// beneficiary offers, in increasing topic order.
	for _, tw := range e.profiles[q.b].offer {
		o := tw.weight
		for k := e.needColPtr[tw.topic]; k < e.needColPtr[tw.topic+1]; k++ {
			s.recip[e.needColCity[k]] += e.needColVal[k] * o
		}
	}
	h0 := 0.0
	if q.prefer == model.PreferNew {
		h0 = 1
	}
	for j := range s.hist {
		s.hist[j] = h0
	}
	for _, r := range e.historyPartners[q.b] {
		s.hist[r] = e.historyPart(q.b, r, q.prefer)
	}
	if s.ts == nil {
		s.ts = e.text.newScratch()
	}
	e.textPart(q.b, q.textA, s.ts, s.text, s.cover)
}

// scoreAll computes every part of every pair of q's beneficiary exactly
// (for explanations and the audit table).
func (e *Engine) scoreAll(q *query, s *scratch) {
	e.topicParts(q, s)
	side := e.sideOf(q)
	for j := range e.cities {
		e.pairParts(&side, s, j)
	}
}

// side is the beneficiary's half of the per-pair parts, hoisted out of
// the loop over resources.
type side struct {
	b                  int
	w                  [nParts]float64
	cw                 [4]float64
	devB               int8
	popB               float64
	subB, regB         int32
	langB              uint64
	locB               bool
	comB               float64
	xb, yb, zb         float64
	boundCtx, boundFea float64 // the most context and feasibility can add without low cost and hosting
}

func (e *Engine) sideOf(q *query) side {
	b := q.b
	fw := feasibilityWeights
	return side{
		b: b, w: q.weights, cw: q.ctxW,
		devB: e.devRank[b], popB: e.logPop[b], subB: e.subregion[b], regB: e.region[b],
		langB: e.langs[b], locB: e.hasLoc[b], comB: e.commit[b],
		xb: e.xyz[0][b], yb: e.xyz[1][b], zb: e.xyz[2][b],
		boundCtx: q.ctxW[0] + q.ctxW[1] + q.ctxW[2],
		boundFea: fw[0] + fw[1] + fw[2],
	}
}

// upperBound is a cheap bound on pair j's total, from the topic parts alone:
// context and feasibility counted at their most.
func (sd *side) upperBound(s *scratch, host float64, j int) float64 {
	w := &sd.w
	ctx := sd.boundCtx + sd.cw[3]*s.low[j]
	fea := sd.boundFea + feasibilityWeights[3]*host
	return w[0]*s.need[j] + w[1]*s.recip[j] + w[2]*ctx + w[3]*s.evid[j] + w[4]*fea + w[5]*s.hist[j] + w[6]*s.text[j]
}

// pairParts computes the context, feasibility and total of pair j (see
// contextComponents and feasibilityComponents for the formulas).
func (e *Engine) pairParts(sd *side, s *scratch, j int) {
	// Context: development, size, region, low cost.
	dev := 0.5
	if dj := e.devRank[j]; sd.devB >= 0 && dj >= 0 {
		dev = devSimilarity[absInt8(sd.devB-dj)]
	}
	size := 0.5
	if pj := e.logPop[j]; sd.popB == sd.popB && pj == pj {
		size = 1 - math.Abs(sd.popB-pj)/2
		if size < 0 {
			size = 0
		}
	}
	reg := 0.0
	if sd.subB >= 0 && sd.subB == e.subregion[j] {
		reg = 1
	} else if sd.regB >= 0 && sd.regB == e.region[j] {
		reg = 0.5
	}
	cw := &sd.cw
	s.ctx[j] = cw[0]*dev + cw[1]*size + cw[2]*reg + cw[3]*s.low[j]

	// Feasibility: language, closeness, commitment, hosting.
	lang := 0.5
	if lj := e.langs[j]; sd.langB != 0 && lj != 0 {
		lang = 0
		if sd.langB&lj != 0 {
			lang = 1
		}
	}
	near := 0.5
	if sd.locB && e.hasLoc[j] {
		near = sd.xb*e.xyz[0][j] + sd.yb*e.xyz[1][j] + sd.zb*e.xyz[2][j]
		if near < 0 {
			near = 0
		}
	}
	com := 0.5
	switch cj := e.commit[j]; {
	case sd.comB >= 0 && cj >= 0:
		com = (sd.comB + cj) / 2
	case sd.comB >= 0:
		com = sd.comB
	case cj >= 0:
		com = cj
	}
	fw := &feasibilityWeights
	s.feas[j] = fw[0]*lang + fw[1]*near + fw[2]*com + fw[3]*e.host[j]
	w := &sd.w
	s.total[j] = w[0]*s.need[j] + w[1]*s.recip[j] + w[2]*s.ctx[j] + w[3]*s.evid[j] + w[4]*s.feas[j] + w[5]*s.hist[j] + w[6]*s.text[j]
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

// exclusionKind names the hard rule that keeps a pair out of shortlists.
type exclusionKind uint8

const (
	allowedPair exclusionKind = iota // no rule keeps it out
	pinnedPair                       // pinned: in whatever the other rules say
	selfPair                         // the city itself
	blockedPair                      // blocked by the secretariat
	sameCountry                      // two cities of one country, not allowed
	coversNone                       // no shared topic and too few shared words
)

// excludedBy says which hard rule keeps pair (q.b, j) out, with the rule
// behind a block or a pin. Pins override every rule but the city itself
// and a block.
func (e *Engine) excludedBy(q *query, j int, need, txt float64) (exclusionKind, model.Rule) {
	b := q.b
	if j == b {
		return selfPair, model.Rule{}
	}
	var rule model.Rule
	var has bool
	if rs := e.rulesOf[b]; rs != nil {
		rule, has = rs[j]
	}
	switch {
	case has && rule.Rule == model.Block:
		return blockedPair, rule
	case has && rule.Rule == model.Pin:
		return pinnedPair, rule
	case !q.sameOK && e.country[b] == e.country[j]:
		return sameCountry, rule
	case !covers(need, txt):
		return coversNone, rule
	}
	return allowedPair, rule
}

// exclusion says why a pair may not be recommended, or "" when it may.
// Pins override every rule but the city itself and a block.
func (e *Engine) exclusion(q *query, j int, need, txt float64) (reason string, pinned bool) {
	kind, rule := e.excludedBy(q, j, need, txt)
	switch kind {
	case selfPair:
		return "the city itself", false
	case blockedPair:
		return "blocked by the secretariat" + why(rule.Why), false
	case pinnedPair:
		return "", true
	case sameCountry:
		return "same country (" + e.cities[j].Country + "); allowing same-country pairs would include it", false
	case coversNone:
		return "covers none of the needs, by topic or in words", false
	}
	return "", false
}

// covers says whether a pair meets any need: a shared topic, or a text
// cover (textPart's, on words met exactly or at a cosine ≥ StrongNear) of
// at least TextMin.
func covers(need, txt float64) bool { return need > 0 || txt >= TextMin }

func why(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

// breakdown rounds the parts of one pair into a model.Breakdown whose
// contributions sum exactly to the score.
func breakdown(w [nParts]float64, v [nParts]float64) (model.Breakdown, float64) {
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

// Round4 rounds x to four decimals, as every score and part is stored
// and shown.
func Round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// round4 is Round4, under the name the engine's files use.
func round4(x float64) float64 { return Round4(x) }

func (s *scratch) parts(j int) [nParts]float64 {
	return [nParts]float64{s.need[j], s.recip[j], s.ctx[j], s.evid[j], s.feas[j], s.hist[j], s.text[j]}
}
