package match

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/c2cnet/c2c/model"
)

// topList keeps the best candidates seen so far, best first, ties by
// lower city index (the city ids are sorted, so by id).
type topList struct {
	cap   int
	items []ranked
}

func better(a, b ranked) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.j < b.j
}

func (t *topList) offer(c ranked) {
	n := len(t.items)
	if t.cap == 0 {
		return
	}
	if n == t.cap && !better(c, t.items[n-1]) {
		return
	}
	if n < t.cap {
		t.items = append(t.items, c)
	} else {
		t.items[n-1] = c
	}
	for i := len(t.items) - 1; i > 0 && better(t.items[i], t.items[i-1]); i-- {
		t.items[i], t.items[i-1] = t.items[i-1], t.items[i]
	}
}

// selection is the outcome of one scan: the candidates worth re-ranking and
// the counts the quota note needs.
type selection struct {
	pool      []ranked // best overall, best protected and every pin, sorted by score
	qualified int      // pairs passing every hard rule (pins included)
	available int      // qualified protected candidates
}

// extraRanked is how many more than k candidates the overall list keeps, so
// that most promoted candidates' score ranks are known without a rescan.
const extraRanked = 16

// pruned marks, in scratch.total, a qualified pair whose exact total was
// not computed because its upper bound (kept in scratch.ctx) could not
// reach the lists; notQualified marks a pair the hard rules exclude.
var pruned = math.NaN()

const notQualified = -1.0

// scanned is what one pass over the candidates keeps.
type scanned struct {
	overall, prot topList
	pins          []ranked
	qualified     int
	available     int
}

// scan applies the hard rules to every pair of q's beneficiary, after
// topicParts, and keeps the best k candidates overall and the best kProt
// protected ones, with every pin. A pair's context and feasibility are
// computed only when its upper bound can still enter a list (top-k
// pruning), so most pairs cost a few multiplications. s.total ends holding
// the exact total, notQualified, or pruned.
func (e *Engine) scan(q *query, s *scratch, k, kProt int) scanned {
	sc := scanned{overall: topList{cap: k}, prot: topList{cap: kProt}}
	sd := e.sideOf(q)
	b := q.b
	rules := e.rulesOf[b]
	country := e.country[b]
	for j, need := range s.need {
		pinned := false
		if rules != nil {
			if r, ok := rules[j]; ok {
				if r.Rule == model.Block {
					s.total[j] = notQualified
					continue
				}
				pinned = true
			}
		}
		if !pinned && (!covers(need, s.cover[j]) || j == b || (!q.sameOK && e.country[j] == country)) {
			s.total[j] = notQualified
			continue
		}
		sc.qualified++
		protected := e.protected[j]
		if protected {
			sc.available++
		}
		if !pinned {
			thr := sc.overall.threshold()
			if protected {
				thr = min(thr, sc.prot.threshold())
			}
			if ub := sd.upperBound(s, e.host[j], j); ub < thr {
				s.total[j] = pruned
				s.ctx[j] = ub
				continue
			}
		}
		e.pairParts(&sd, s, j)
		c := ranked{j: j, score: s.total[j], protected: protected, pinned: pinned}
		if pinned {
			sc.pins = append(sc.pins, c)
		}
		sc.overall.offer(c)
		if protected {
			sc.prot.offer(c)
		}
	}
	return sc
}

// threshold is the score a candidate must beat to enter t: the last item's
// when t is full, -1 otherwise.
func (t *topList) threshold() float64 {
	if t.cap == 0 {
		return math.Inf(1)
	}
	if len(t.items) < t.cap {
		return -1
	}
	return t.items[len(t.items)-1].score
}

// selectCandidates scans one beneficiary's pairs for a top-k shortlist.
func (e *Engine) selectCandidates(q *query, s *scratch, k int) selection {
	return e.selectFrom(q, s, e.scan(q, s, k+extraRanked, k))
}

// selectFrom builds the selection of a top-k shortlist from a scan that
// kept at least the best k+extraRanked overall and the best k protected.
func (e *Engine) selectFrom(q *query, s *scratch, sc scanned) selection {
	sel := selection{qualified: sc.qualified, available: sc.available}
	seen := map[int]bool{}
	for _, list := range [][]ranked{sc.overall.items, sc.prot.items, sc.pins} {
		for _, c := range list {
			if !seen[c.j] {
				seen[c.j] = true
				sel.pool = append(sel.pool, c)
			}
		}
	}
	sortRanked(sel.pool)
	// Score ranks: known inside the overall list, counted in one more pass
	// for the others (protected or pinned candidates further down), where
	// a pruned pair is computed exactly when its bound reaches them.
	pos := make(map[int]int, len(sc.overall.items))
	for i, c := range sc.overall.items {
		pos[c.j] = i + 1
	}
	var outside []*ranked
	lowest := math.Inf(1)
	for i := range sel.pool {
		c := &sel.pool[i]
		if r, ok := pos[c.j]; ok {
			c.rank = r
		} else {
			c.rank = 1
			outside = append(outside, c)
			lowest = min(lowest, c.score)
		}
	}
	if len(outside) > 0 {
		sd := e.sideOf(q)
		for j, total := range s.total {
			if total != total { // pruned
				if s.ctx[j] < lowest {
					continue
				}
				e.pairParts(&sd, s, j)
				total = s.total[j]
			}
			if total < 0 {
				continue
			}
			for _, c := range outside {
				if better(ranked{j: j, score: total}, *c) {
					c.rank++
				}
			}
		}
	}
	return sel
}

// sortRanked sorts r best first (see better), keeping the order of equals.
func sortRanked(r []ranked) {
	slices.SortStableFunc(r, func(a, b ranked) int {
		switch {
		case better(a, b):
			return -1
		case better(b, a):
			return 1
		}
		return 0
	})
}

// Shortlist ranks the resource candidates for one beneficiary and explains
// every one. It returns ENOTFOUND for an unknown city and EINVALID for bad
// parameters or a city with nothing to match.
func (e *Engine) Shortlist(beneficiary string, p model.Parameters) (*model.Shortlist, error) {
	p, err := normalized(p, e.year)
	if err != nil {
		return nil, err
	}
	p.Top = e.maxTop(p.Top)
	b, err := e.lookup(beneficiary, "city")
	if err != nil {
		return nil, err
	}
	q, err := e.newQuery(b, &p)
	if err != nil {
		return nil, err
	}
	s := newScratch(len(e.cities))
	e.topicParts(q, s)
	sel := e.selectCandidates(q, s, p.Top)
	return e.assemble(q, s, &p, sel), nil
}

// assemble re-ranks a selection under the quota and explains it.
func (e *Engine) assemble(q *query, s *scratch, p *model.Parameters, sel selection) *model.Shortlist {
	b := q.b
	table, _ := QuotaTable(p.Top, p.Quota, p.Alpha, sel.available)
	final := rerank(sel.pool, p.Top, table)
	sl := &model.Shortlist{
		Beneficiary: e.cities[b].ID,
		Name:        e.cities[b].Name,
		Parameters:  new(*p),
		Qualified:   sel.qualified,
		Developing:  sel.available,
		Candidates:  make([]model.Candidate, 0, len(final)),
	}
	for _, tw := range q.need {
		sl.Needs = append(sl.Needs, e.tax.Topics[tw.topic].Label)
	}
	protected := 0
	var moved []string
	for i, c := range final {
		if c.protected {
			protected++
		}
		cand := e.candidate(q, c.j, s.parts(c.j), s.low[c.j], c.pinned)
		cand.Rank = i + 1
		if c.rank > i+1 && !c.pinned {
			cand.Promoted = c.rank
			cand.Reasons = append(cand.Reasons, fmt.Sprintf("moved up by the developing-city quota from rank %d to rank %d", c.rank, i+1))
			moved = append(moved, fmt.Sprintf("%s from rank %d", cand.Name, c.rank))
		} else if c.pinned && c.rank > i+1 {
			cand.Reasons = append(cand.Reasons, fmt.Sprintf("kept by the pin although it ranks %d by score", c.rank))
		}
		sl.Candidates = append(sl.Candidates, cand)
	}
	k := min(p.Top, len(final))
	shortQ := 0
	for _, c := range final[:k] {
		if c.protected {
			shortQ++
		}
	}
	full := QuotaRequired(p.Top, p.Quota)
	qt := model.Quota{Share: p.Quota, Required: full}
	switch {
	case p.Quota == 0:
		qt.Met = true
		qt.Note = "no developing-city quota (quota 0)"
	case shortQ >= full:
		qt.Met = true
		qt.Note = fmt.Sprintf("%d of the top %d are developing or least-developed", shortQ, p.Top)
		if len(moved) > 0 {
			qt.Note += "; moved up: " + strings.Join(moved, ", ")
		}
	default:
		qt.Met = false
		qt.Note = fmt.Sprintf("%d of %d: only %d developing or least-developed candidates qualify", shortQ, full, sel.available)
		if sel.available > shortQ {
			qt.Note = fmt.Sprintf("%d of %d: pinned pairs take the places", shortQ, full)
		}
		if sel.qualified == 0 {
			qt.Note = "no candidate qualifies at all"
		}
	}
	sl.Quota = qt
	if len(final) == 0 {
		sl.Nearest = e.nearest(q, s)
	}
	sl.Gaps, _ = e.gapNeeds(q, s.ts, GapThreshold)
	return sl
}

// maxNearest is how many near offers an empty shortlist names.
const maxNearest = 3

// nearest returns the members other than the beneficiary whose offers come
// closest in words to its needs, best first, with the rule that excludes
// each.
func (e *Engine) nearest(q *query, s *scratch) []model.NearOffer {
	var top topList
	top.cap = maxNearest
	for j, v := range s.text {
		if j != q.b && v > 0 {
			top.offer(ranked{j: j, score: v})
		}
	}
	var out []model.NearOffer
	for _, c := range top.items {
		ms := e.textMatches(q, c.j)
		if len(ms) == 0 {
			continue
		}
		why, _ := e.exclusion(q, c.j, s.need[c.j], s.cover[c.j])
		out = append(out, model.NearOffer{Resource: e.cities[c.j].ID, Name: e.cities[c.j].Name, Match: ms[0], Excluded: why})
	}
	return out
}

// Timing splits the time of a batch of shortlists by stage; the stages run
// on several goroutines, so they add up to more than the wall time.
type Timing struct {
	Vectorise time.Duration `json:"vectorise"` // building the engine
	Score     time.Duration `json:"score"`     // computing every part of every pair
	Select    time.Duration `json:"select"`    // hard rules, top-k and quota re-ranking
	Explain   time.Duration `json:"explain"`   // building the explanations
	Pair      time.Duration `json:"pair"`      // solving the pairing, when one was asked for
	Wall      time.Duration `json:"wall"`      // elapsed
}

// Beneficiaries returns the ids of every city with at least one challenge,
// sorted.
func (e *Engine) Beneficiaries() []string {
	var ids []string
	for i := range e.cities {
		if e.hasNeeds(i) {
			ids = append(ids, e.cities[i].ID)
		}
	}
	return ids
}

// Shortlists computes the shortlist of every beneficiary in ids on
// GOMAXPROCS goroutines, holding one score row per goroutine (never the full
// N×N matrix), and calls emit with each in the order of ids. A beneficiary
// that cannot be matched (no need on the chosen topic) is skipped. emit's
// error, or ctx's, stops the run.
func (e *Engine) Shortlists(ctx context.Context, ids []string, p model.Parameters, emit func(*model.Shortlist) error) (Timing, error) {
	p, err := normalized(p, e.year)
	if err != nil {
		return Timing{Vectorise: e.VectoriseTime}, err
	}
	idx := make([]int, len(ids))
	for i, id := range ids {
		b, err := e.lookup(id, "city")
		if err != nil {
			return Timing{Vectorise: e.VectoriseTime}, err
		}
		idx[i] = b
	}
	return e.shortlists(ctx, idx, p, nil, emit)
}

// ShortlistsAndPair computes the shortlist of every beneficiary, emitted
// in id order, and the pairing of the whole network, with one scoring pass
// per beneficiary: the scan that ranks a shortlist also keeps the pairing's
// candidate arcs. The results are the same as Shortlists over
// Beneficiaries followed by Pair. When o has participants, or scores with
// other weights, preference, topic or country rule than p, it runs the two
// separately.
func (e *Engine) ShortlistsAndPair(ctx context.Context, p model.Parameters, o model.PairingParameters, emit func(*model.Shortlist) error) (Timing, *model.Pairing, error) {
	tm := Timing{Vectorise: e.VectoriseTime}
	p, err := normalized(p, e.year)
	if err != nil {
		return tm, nil, err
	}
	pl, err := e.planPairing(o)
	if err != nil {
		return tm, nil, err
	}
	po := pl.o.Parameters
	if len(o.Participants) > 0 || po.Weights != p.Weights || po.Prefer != p.Prefer || po.Topic != p.Topic || po.AllowSameCountry != p.AllowSameCountry {
		if tm, err = e.Shortlists(ctx, e.Beneficiaries(), p, emit); err != nil {
			return tm, nil, err
		}
		start := time.Now()
		pairing, err := e.Pair(ctx, o)
		tm.Pair = time.Since(start)
		return tm, pairing, err
	}
	tm, err = e.shortlists(ctx, pl.bens, p, pl, emit)
	if err != nil {
		return tm, nil, err
	}
	start := time.Now()
	pairing, err := e.solvePairing(pl)
	tm.Pair = time.Since(start)
	return tm, pairing, err
}

// maxTop caps a shortlist length at the number of candidates there can be,
// every member but the beneficiary, so that the work a shortlist takes does
// not grow with an unreasonable --top.
func (e *Engine) maxTop(top int) int { return max(1, min(top, len(e.cities)-1)) }

// shortlists runs the shortlists of the beneficiaries idx on GOMAXPROCS
// goroutines and emits them in order; with a pairing plan, each
// beneficiary's scan also fills its candidate arcs.
func (e *Engine) shortlists(ctx context.Context, idx []int, p model.Parameters, pl *pairPlan, emit func(*model.Shortlist) error) (Timing, error) {
	start := time.Now()
	tm := Timing{Vectorise: e.VectoriseTime}
	p.Top = e.maxTop(p.Top)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		sl                    *model.Shortlist
		score, select_, expln time.Duration
	}
	workers := runtime.GOMAXPROCS(0)
	results := make([]chan result, len(idx))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newScratch(len(e.cities))
			for i := range jobs {
				pp := p
				q, err := e.newQuery(idx[i], &pp)
				if err != nil {
					results[i] <- result{}
					continue
				}
				t0 := time.Now()
				e.topicParts(q, s)
				t1 := time.Now()
				k := pp.Top + extraRanked
				if pl != nil {
					k = max(k, pl.o.Candidates)
					if pl.o.Candidates == 0 {
						k = len(e.cities)
					}
				}
				sc := e.scan(q, s, k, pp.Top)
				if pl != nil {
					pl.cands[pl.benPos[idx[i]]] = e.arcsFrom(q, s, sc, pl)
				}
				sel := e.selectFrom(q, s, sc)
				t2 := time.Now()
				sl := e.assemble(q, s, &pp, sel)
				t3 := time.Now()
				results[i] <- result{sl, t1.Sub(t0), t2.Sub(t1), t3.Sub(t2)}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range idx {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	for i := range idx {
		var r result
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err != nil {
			break
		}
		tm.Score += r.score
		tm.Select += r.select_
		tm.Explain += r.expln
		if r.sl != nil {
			if err = emit(r.sl); err != nil {
				break
			}
		}
	}
	cancel()
	wg.Wait()
	tm.Wall = time.Since(start)
	return tm, err
}
