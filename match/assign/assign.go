package assign

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/c2cnet/c2c/match/flow"
	"github.com/c2cnet/c2c/model"
)

// ScoreScale is K, the factor that turns a score in (0,1] into the integer
// gain of a pair: round(score·K), at least 1.
const ScoreScale = 1_000_000

// Beneficiary is a city that wants partners.
type Beneficiary struct {
	ID     string // unique id; orders the output and breaks ties
	Demand int    // partners wanted, ≥ 0
}

// Resource is a city that can host beneficiaries.
type Resource struct {
	ID         string // unique id; orders the output and breaks ties
	Capacity   int    // beneficiaries it can host, ≥ 0; 0 hosts nobody
	Developing bool   // a city of a developing country (counts toward MinDeveloping)
}

// Arc is an allowed beneficiary–resource pair. A pair with no arc is
// blocked.
type Arc struct {
	Beneficiary int     // index into Problem.Beneficiaries
	Resource    int     // index into Problem.Resources
	Score       float64 // in (0,1]
	Pinned      bool    // the pair must be in the solution
}

// Problem is one capacity-limited assignment.
type Problem struct {
	Beneficiaries []Beneficiary
	Resources     []Resource
	Arcs          []Arc           // allowed pairs; at most one is used per pair
	MinDeveloping int             // developing-city partners each served beneficiary should get, ≥ 0
	Objective     model.Objective // model.MaxServed (default) or model.MaxScore
}

// Pair is one beneficiary–resource pair of a solution.
type Pair struct {
	Beneficiary int     // index into Problem.Beneficiaries
	Resource    int     // index into Problem.Resources
	Score       float64 // the arc's score
	Pinned      bool    // the pair was pinned
}

// Reason says why a beneficiary got no partner.
type Reason int

const (
	// NoCandidates means the beneficiary has no allowed pair at all.
	NoCandidates Reason = iota + 1
	// CandidatesFull means every resource it could pair with is full.
	CandidatesFull
)

// String returns the reason's name.
func (r Reason) String() string {
	switch r {
	case NoCandidates:
		return "no-candidates"
	case CandidatesFull:
		return "candidates-full"
	}
	return fmt.Sprintf("Reason(%d)", int(r))
}

// Unserved is a beneficiary with positive demand and no partner.
type Unserved struct {
	Beneficiary int    // index into Problem.Beneficiaries
	Reason      Reason // NoCandidates or CandidatesFull
	Full        []int  // CandidatesFull: its candidate resources, all full, sorted by id
}

// Partial is a served beneficiary that got fewer partners than its demand.
type Partial struct {
	Beneficiary int   // index into Problem.Beneficiaries
	Partners    int   // partners it got, 1 ≤ Partners < Demand
	Demand      int   // partners it wanted
	Full        []int // its unused candidate resources that are full, sorted by id
	Spare       int   // its unused candidate resources with room left (0 in an optimum)
}

// Solution is an optimal assignment.
type Solution struct {
	Pairs      []Pair     // sorted by beneficiary id, then resource id
	TotalScore float64    // sum of the pairs' scores
	Served     int        // beneficiaries with at least one partner
	Unserved   []Unserved // beneficiaries with positive demand and no partner, by id
	Partial    []Partial  // served beneficiaries with fewer partners than their demand, by id
	Load       []int      // beneficiaries hosted, per resource index
	// DevelopingShort lists, by id, the served beneficiaries that got fewer
	// than min(MinDeveloping, demand) developing-city partners. The solution
	// is optimal, so no feasible developing partner was left for them
	// without unserving someone.
	DevelopingShort []int
}

// Solve returns an optimal assignment for p (see the package documentation
// for the objective). It returns a *model.Error list (model.Errors, code
// EINVALID) for bad data: empty or duplicate ids, negative demands,
// capacities or MinDeveloping, scores outside (0,1], pins beyond a
// resource's capacity or pinned twice. It panics on programmer errors: a nil
// problem, an unknown objective or an arc index out of range.
func Solve(p *Problem) (*Solution, error) {
	if p == nil {
		panic("assign: nil problem")
	}
	if p.Objective != model.MaxServed && p.Objective != model.MaxScore {
		panic(fmt.Sprintf("assign: unknown objective %d", int(p.Objective)))
	}
	nb, nr := len(p.Beneficiaries), len(p.Resources)
	for i, a := range p.Arcs {
		if a.Beneficiary < 0 || a.Beneficiary >= nb {
			panic(fmt.Sprintf("assign: arc %d: beneficiary index %d out of range [0,%d)", i, a.Beneficiary, nb))
		}
		if a.Resource < 0 || a.Resource >= nr {
			panic(fmt.Sprintf("assign: arc %d: resource index %d out of range [0,%d)", i, a.Resource, nr))
		}
	}
	if err := validate(p); err != nil {
		return nil, err
	}

	// Ranks by id: every ordering below follows them.
	bRank := ranks(nb, func(i int) string { return p.Beneficiaries[i].ID })
	rRank := ranks(nr, func(i int) string { return p.Resources[i].ID })

	arcs, err := mergeArcs(p, bRank, rRank)
	if err != nil {
		return nil, err
	}

	s := &solver{p: p, arcs: arcs, bRank: bRank, rRank: rRank}
	if err := s.run(); err != nil {
		return nil, err
	}
	return s.solution(), nil
}

// validate checks the data of p, all of it, and returns model.Errors.
func validate(p *Problem) error {
	var errs model.Errors
	checkRole(&errs, "beneficiaries", "beneficiary", "demand", "partners", len(p.Beneficiaries),
		func(i int) (string, int) { return p.Beneficiaries[i].ID, p.Beneficiaries[i].Demand })
	checkRole(&errs, "resources", "resource", "capacity", "beneficiaries", len(p.Resources),
		func(i int) (string, int) { return p.Resources[i].ID, p.Resources[i].Capacity })
	if p.MinDeveloping < 0 {
		errs.Add("", "min_developing", "minimum of developing-city partners is %d; want 0 or more", p.MinDeveloping)
	}
	for i, a := range p.Arcs {
		if !(a.Score > 0 && a.Score <= 1) { // also catches NaN
			errs.Add(p.Beneficiaries[a.Beneficiary].ID, fmt.Sprintf("arcs[%d].score", i),
				"score of %s–%s is %v; want a number in (0,1]",
				p.Beneficiaries[a.Beneficiary].ID, p.Resources[a.Resource].ID, a.Score)
		}
	}
	return errs.Err()
}

// checkRole checks the n cities of one role (beneficiaries or resources):
// ids present and unique, and the count field (demand or capacity) not
// negative.
func checkRole(errs *model.Errors, list, role, field, unit string, n int, city func(int) (id string, count int)) {
	seen := make(map[string]int, n)
	for i := range n {
		id, count := city(i)
		key := fmt.Sprintf("%s[%d]", list, i)
		switch {
		case strings.TrimSpace(id) == "":
			errs.Add("", key+".id", "%s id is empty; want a city id", role)
		case seen[id] > 0:
			errs.Add(id, key+".id", "%s id repeats %s[%d]; want each %s once", role, list, seen[id]-1, role)
		default:
			seen[id] = i + 1
		}
		if count < 0 {
			errs.Add(id, key+"."+field, "%s is %d; want 0 or more %s", field, count, unit)
		}
	}
}

// ranks returns the rank of each of n items in id order.
func ranks(n int, id func(int) string) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(id(a), id(b)) })
	rank := make([]int, n)
	for r, i := range order {
		rank[i] = r
	}
	return rank
}

// mergedArc is one distinct pair, after duplicates are merged.
type mergedArc struct {
	b, r   int // problem indices
	bk, rk int // ranks by id
	score  float64
	gain   int64 // round(score·K), at least 1
	pinned bool
	index  int // index into Problem.Arcs
}

// mergeArcs returns the distinct pairs of p sorted by beneficiary id then
// resource id. Duplicates of a pair merge: a pinned copy wins, otherwise the
// higher score. The same pair pinned twice, and pins beyond a resource's
// capacity, are errors naming every offending pair.
func mergeArcs(p *Problem, bRank, rRank []int) ([]mergedArc, error) {
	all := make([]mergedArc, len(p.Arcs))
	for i, a := range p.Arcs {
		all[i] = mergedArc{
			b: a.Beneficiary, r: a.Resource,
			bk: bRank[a.Beneficiary], rk: rRank[a.Resource],
			score: a.Score, gain: max(1, int64(math.Round(a.Score*ScoreScale))),
			pinned: a.Pinned, index: i,
		}
	}
	// Within a pair: pinned first, then the higher score, then input order.
	slices.SortFunc(all, func(x, y mergedArc) int {
		if c := cmp.Compare(x.bk, y.bk); c != 0 {
			return c
		}
		if c := cmp.Compare(x.rk, y.rk); c != 0 {
			return c
		}
		if x.pinned != y.pinned {
			if x.pinned {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		return cmp.Compare(x.index, y.index)
	})
	type located struct {
		index int
		err   *model.Error
	}
	var bad []located
	report := func(index int, city, format string, args ...any) {
		bad = append(bad, located{index, &model.Error{Code: model.EINVALID, City: city,
			Key: fmt.Sprintf("arcs[%d].pinned", index), Message: fmt.Sprintf(format, args...)}})
	}
	arcs := all[:0]
	for i, a := range all {
		if i > 0 && a.bk == all[i-1].bk && a.rk == all[i-1].rk {
			if a.pinned {
				bid, rid := p.Beneficiaries[a.b].ID, p.Resources[a.r].ID
				report(a.index, bid, "pair %s–%s is pinned twice (also arcs[%d]); want each pair pinned once", bid, rid, all[i-1].index)
			}
			continue
		}
		arcs = append(arcs, a)
	}
	pinned := make([]int, len(p.Resources))
	for _, a := range arcs {
		if a.pinned {
			pinned[a.r]++
		}
	}
	for _, a := range arcs {
		if c := p.Resources[a.r].Capacity; a.pinned && pinned[a.r] > c {
			bid, rid := p.Beneficiaries[a.b].ID, p.Resources[a.r].ID
			report(a.index, bid, "pinned pair %s–%s exceeds the capacity of %s: %d pins, capacity %d; want at most %d pins there",
				bid, rid, rid, pinned[a.r], c, c)
		}
	}
	if len(bad) > 0 {
		// Report in input order.
		slices.SortStableFunc(bad, func(x, y located) int { return cmp.Compare(x.index, y.index) })
		errs := make(model.Errors, len(bad))
		for i, l := range bad {
			errs[i] = l.err
		}
		return nil, errs
	}
	return arcs, nil
}

// solver holds the network built for one problem.
type solver struct {
	p            *Problem
	arcs         []mergedArc
	bRank, rRank []int

	g       *flow.Graph
	arcOf   []int // flow arc of each merged arc, -1 when not in the network
	pins    []int // pins per beneficiary
	devPins []int // developing pins per beneficiary
}

// run builds the network and solves it.
func (s *solver) run() error {
	p := s.p
	nb, nr := len(p.Beneficiaries), len(p.Resources)
	s.pins = make([]int, nb)
	s.devPins = make([]int, nb)
	capLeft := make([]int64, nr)
	for r, res := range p.Resources {
		capLeft[r] = int64(res.Capacity)
	}
	for _, a := range s.arcs {
		if a.pinned {
			s.pins[a.b]++
			capLeft[a.r]--
			if p.Resources[a.r].Developing {
				s.devPins[a.b]++
			}
		}
	}
	units := make([]int64, nb)
	for b, ben := range p.Beneficiaries {
		units[b] = int64(max(0, ben.Demand-s.pins[b]))
	}
	// usable reports whether a merged arc can carry flow.
	usable := func(a mergedArc) bool { return !a.pinned && units[a.b] > 0 && capLeft[a.r] > 0 }

	// Bounds for the lexicographic constants.
	var sumUnits, sumCap, nArcs, devUnits int64
	hasArc := make([]bool, nb)
	hasDev := make([]bool, nb)
	usedRes := make([]bool, nr)
	for _, a := range s.arcs {
		if usable(a) {
			nArcs++
			hasArc[a.b] = true
			usedRes[a.r] = true
			if p.Resources[a.r].Developing {
				hasDev[a.b] = true
			}
		}
	}
	devNeed := make([]int64, nb)
	for b := range nb {
		if hasArc[b] {
			sumUnits += units[b]
			devNeed[b] = min(int64(max(0, p.MinDeveloping-s.devPins[b])), units[b])
			if hasDev[b] {
				devUnits += devNeed[b]
			}
		}
	}
	for r := range nr {
		if usedRes[r] {
			sumCap += capLeft[r]
		}
	}
	u := min(sumUnits, sumCap, nArcs)
	scoreMax, ok := mul(u, ScoreScale)
	devUnits = min(devUnits, u)
	var bonusDev, bonusServed int64
	if devUnits > 0 {
		bonusDev = scoreMax + 1
	}
	if p.Objective == model.MaxServed {
		d, ok1 := mul(devUnits, bonusDev)
		bonusServed = d + scoreMax + 1
		ok = ok && ok1 && bonusServed > 0
	}
	// Distances and potentials stay within a few path costs per node and
	// per augmentation; keep a wide margin below the int64 limit.
	step := bonusServed + bonusDev + ScoreScale
	_, ok2 := mul(step, 8*(int64(nb+nr)+sumUnits+2))
	if !ok || !ok2 || step < 0 {
		return model.Errorf(model.EINVALID,
			"assignment too large for exact integer costs: %d units over %d arcs; want fewer pairs or smaller demands", sumUnits, nArcs)
	}

	// Nodes: 0 is the sink; then per beneficiary (in id order) b, hub and
	// dev; then the resources in id order.
	g := flow.New(1)
	// At most 3 nodes and 5 arcs per beneficiary (to the sink, two to its
	// hub, two from the hub to its developing-partner node), a node and an
	// arc per resource, and an arc per candidate pair.
	g.Grow(3*nb+nr, 5*nb+nr+len(s.arcs))
	const sink = 0
	bOrder := order(s.bRank)
	rOrder := order(s.rRank)
	hub := make([]int, nb)
	dev := make([]int, nb)
	for _, b := range bOrder {
		hub[b], dev[b] = -1, -1
		if !hasArc[b] {
			continue
		}
		node := g.AddNode()
		g.SetSupply(node, units[b])
		hub[b] = g.AddNode()
		g.AddArc(node, sink, units[b], 0)
		rest := units[b]
		if p.Objective == model.MaxServed && s.pins[b] == 0 {
			g.AddArc(node, hub[b], 1, -bonusServed)
			rest--
		}
		if rest > 0 {
			g.AddArc(node, hub[b], rest, 0)
		}
		if hasDev[b] {
			dev[b] = g.AddNode()
			if devNeed[b] > 0 {
				g.AddArc(hub[b], dev[b], devNeed[b], -bonusDev)
			}
			if rest := units[b] - devNeed[b]; rest > 0 {
				g.AddArc(hub[b], dev[b], rest, 0)
			}
		}
	}
	resNode := make([]int, nr)
	for _, r := range rOrder {
		resNode[r] = -1
		if usedRes[r] {
			resNode[r] = g.AddNode()
		}
	}
	s.arcOf = make([]int, len(s.arcs))
	for i, a := range s.arcs {
		s.arcOf[i] = -1
		if !usable(a) {
			continue
		}
		from := hub[a.b]
		if p.Resources[a.r].Developing {
			from = dev[a.b]
		}
		s.arcOf[i] = g.AddArc(from, resNode[a.r], 1, -a.gain)
	}
	for _, r := range rOrder {
		if usedRes[r] {
			g.AddArc(resNode[r], sink, capLeft[r], 0)
		}
	}
	g.SetSupply(sink, -sumUnits)
	s.g = g
	if _, err := g.SolveSupplies(); err != nil {
		return fmt.Errorf("assign: solve flow: %w", err)
	}
	return nil
}

// solution reads the pairs off the flow and reports on them.
func (s *solver) solution() *Solution {
	p := s.p
	nb, nr := len(p.Beneficiaries), len(p.Resources)
	sol := &Solution{Load: make([]int, nr)}
	partners := make([]int, nb)
	devPartners := make([]int, nb)
	used := make([]bool, len(s.arcs))
	// s.arcs is sorted by beneficiary id then resource id already.
	for i, a := range s.arcs {
		if !a.pinned && (s.arcOf[i] < 0 || s.g.Flow(s.arcOf[i]) == 0) {
			continue
		}
		used[i] = true
		sol.Pairs = append(sol.Pairs, Pair{Beneficiary: a.b, Resource: a.r, Score: a.score, Pinned: a.pinned})
		sol.TotalScore += a.score
		sol.Load[a.r]++
		partners[a.b]++
		if p.Resources[a.r].Developing {
			devPartners[a.b]++
		}
	}
	// Candidates per beneficiary, in resource id order (s.arcs order).
	start := 0
	for _, b := range order(s.bRank) {
		end := start
		for end < len(s.arcs) && s.arcs[end].b == b {
			end++
		}
		cands, candUsed := s.arcs[start:end], used[start:end]
		start = end
		ben := p.Beneficiaries[b]
		if partners[b] > 0 {
			sol.Served++
			want := min(p.MinDeveloping, max(ben.Demand, s.pins[b]))
			if devPartners[b] < want {
				sol.DevelopingShort = append(sol.DevelopingShort, b)
			}
			if partners[b] < ben.Demand {
				sol.Partial = append(sol.Partial, s.partial(b, partners[b], cands, candUsed, sol.Load))
			}
			continue
		}
		if ben.Demand == 0 {
			continue
		}
		un := Unserved{Beneficiary: b, Reason: NoCandidates}
		if len(cands) > 0 {
			un.Reason = CandidatesFull
			for _, a := range cands {
				if sol.Load[a.r] >= p.Resources[a.r].Capacity {
					un.Full = append(un.Full, a.r)
				}
			}
		}
		sol.Unserved = append(sol.Unserved, un)
	}
	return sol
}

// partial describes served beneficiary b, which got n of its demand, from
// its candidate arcs cands (used[i] when cands[i] is in the solution) and
// the resources' loads.
func (s *solver) partial(b, n int, cands []mergedArc, used []bool, load []int) Partial {
	pt := Partial{Beneficiary: b, Partners: n, Demand: s.p.Beneficiaries[b].Demand}
	for i, a := range cands {
		if used[i] {
			continue
		}
		if load[a.r] >= s.p.Resources[a.r].Capacity {
			pt.Full = append(pt.Full, a.r)
		} else {
			pt.Spare++
		}
	}
	return pt
}

// order returns the items in rank order.
func order(rank []int) []int {
	o := make([]int, len(rank))
	for i, r := range rank {
		o[r] = i
	}
	return o
}

// mul returns a·b and whether it fits in int64 (for non-negative a and b).
func mul(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	return int64(lo), hi == 0 && lo <= math.MaxInt64
}
