package match

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/c2cnet/c2c/match/assign"
	"github.com/c2cnet/c2c/model"
)

// DefaultPairingParameters returns the defaults: the scoring of
// DefaultParameters, one partner each, hosting from the profiles, no
// minimum score, serve as many as possible first, each beneficiary's 100
// best candidates.
func DefaultPairingParameters() model.PairingParameters {
	return model.PairingParameters{Parameters: DefaultParameters(), Partners: 1, Hosting: -1, Objective: model.MaxServed, Candidates: 100}
}

// candidateArcs is one beneficiary's side of the pairing problem.
type candidateArcs struct {
	arcs      []assign.Arc // Beneficiary is filled by the caller
	qualified int          // candidates passing the hard rules among the participants
	belowMin  int          // of the best ones, how many score below MinScore
	bestBelow float64      // the best score below MinScore
	err       error
}

// pairPlan is a pairing problem being built: who takes part in which role,
// and each beneficiary's candidate arcs once scored.
type pairPlan struct {
	o        model.PairingParameters
	bens     []int  // beneficiaries, by city index
	benPos   []int  // city index -> position in bens, -1 for none
	ress     []int  // resources, by city index
	resIndex []int  // city index -> position in ress, -1 for none
	in       []bool // city index -> among the participants
	cands    []candidateArcs
}

// planPairing checks the options and lays out the roles: the scoring
// parameters first (refused alone), then the pairing's own and the
// participants, every problem at once.
func (e *Engine) planPairing(o model.PairingParameters) (*pairPlan, error) {
	p, err := normalized(o.Parameters, e.year)
	if err != nil {
		return nil, err
	}
	var errs model.Errors
	if err := o.Validate(); err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	o.Parameters = p
	in := make([]bool, len(e.cities))
	if len(o.Participants) == 0 {
		for i := range in {
			in[i] = true
		}
	}
	for _, id := range o.Participants {
		i, err := e.lookup(id, "participant")
		if err != nil {
			errs = append(errs, err.(*model.Error))
			continue
		}
		in[i] = true
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	pl := &pairPlan{o: o, in: in, benPos: make([]int, len(e.cities)), resIndex: make([]int, len(e.cities))}
	for i := range e.cities {
		pl.benPos[i], pl.resIndex[i] = -1, -1
		if !in[i] {
			continue
		}
		// A resource offers something on a topic or in words; a beneficiary
		// has a need on a topic or in words: members whose entries no topic
		// places are paired on their words alone.
		if len(e.profiles[i].offer) > 0 || len(e.text.byCity[i]) > 0 {
			pl.resIndex[i] = len(pl.ress)
			pl.ress = append(pl.ress, i)
		}
		if _, err := e.newQuery(i, &p); err == nil {
			pl.benPos[i] = len(pl.bens)
			pl.bens = append(pl.bens, i)
		}
	}
	pl.cands = make([]candidateArcs, len(pl.bens))
	return pl, nil
}

// Pair assigns beneficiaries to resources under hosting capacities: an
// exact optimum of the objective (package match/assign), with every
// beneficiary left unserved explained.
func (e *Engine) Pair(ctx context.Context, o model.PairingParameters) (*model.Pairing, error) {
	pl, err := e.planPairing(o)
	if err != nil {
		return nil, err
	}
	// Candidate arcs, in parallel, one score row per goroutine.
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newScratch(len(e.cities))
			for k := range next {
				pl.cands[k] = e.candidateArcs(pl.bens[k], pl, s)
			}
		}()
	}
	for k := range pl.bens {
		if ctx.Err() != nil {
			break
		}
		next <- k
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return e.solvePairing(pl)
}

// solvePairing solves a plan whose candidate arcs are all scored.
func (e *Engine) solvePairing(pl *pairPlan) (*model.Pairing, error) {
	o := &pl.o
	prob := &assign.Problem{MinDeveloping: o.MinDeveloping, Objective: o.Objective}
	for _, b := range pl.bens {
		prob.Beneficiaries = append(prob.Beneficiaries, assign.Beneficiary{ID: e.cities[b].ID, Demand: o.Partners})
	}
	for _, r := range pl.ress {
		capacity := e.cities[r].EffectiveHosting()
		if o.Hosting >= 0 {
			capacity = o.Hosting
		}
		prob.Resources = append(prob.Resources, assign.Resource{ID: e.cities[r].ID, Capacity: capacity, Developing: e.protected[r]})
	}
	arcs := 0
	for k := range pl.cands {
		if pl.cands[k].err != nil {
			return nil, pl.cands[k].err
		}
		arcs += len(pl.cands[k].arcs)
	}
	prob.Arcs = make([]assign.Arc, 0, arcs)
	for k := range pl.cands {
		for _, a := range pl.cands[k].arcs {
			a.Beneficiary = k
			prob.Arcs = append(prob.Arcs, a)
		}
	}
	conflicts := setAsideExcessPins(prob)
	sol, err := assign.Solve(prob)
	if err != nil {
		return nil, fmt.Errorf("pair: %w", err)
	}
	out := e.pairing(o, prob, sol, pl)
	out.PinConflicts = conflicts
	return out, nil
}

// setAsideExcessPins keeps, at every resource with more pinned arcs than
// its capacity (a hosting lowered after the pins were made), the pins it
// can host, the best scoring first (ties by beneficiary), and turns the
// others into ordinary arcs, so that the rest of the network is still
// planned. It says, per such resource, what it set aside.
func setAsideExcessPins(prob *assign.Problem) []string {
	pins := make(map[int][]int) // resource -> indexes of its pinned arcs
	for i, a := range prob.Arcs {
		if a.Pinned {
			pins[a.Resource] = append(pins[a.Resource], i)
		}
	}
	var out []string
	for r := range prob.Resources {
		res, arcs := prob.Resources[r], pins[r]
		if len(arcs) <= res.Capacity {
			continue
		}
		slices.SortStableFunc(arcs, func(x, y int) int {
			ax, ay := prob.Arcs[x], prob.Arcs[y]
			return cmp.Or(cmp.Compare(ay.Score, ax.Score),
				cmp.Compare(prob.Beneficiaries[ax.Beneficiary].ID, prob.Beneficiaries[ay.Beneficiary].ID))
		})
		var aside []string
		for _, i := range arcs[res.Capacity:] {
			prob.Arcs[i].Pinned = false
			aside = append(aside, prob.Beneficiaries[prob.Arcs[i].Beneficiary].ID)
		}
		slices.Sort(aside)
		pinned, pinsOf := "pinned beneficiaries", "the pins of "
		if len(arcs) == 1 {
			pinned = "pinned beneficiary"
		}
		if len(aside) == 1 {
			pinsOf = "the pin of "
		}
		out = append(out, fmt.Sprintf("%s can host %d and has %d %s: %s%s set aside in this pairing (raise %s's hosting, or remove pins with c2c rule rm)",
			res.ID, res.Capacity, len(arcs), pinned, pinsOf, strings.Join(aside, ", "), res.ID))
	}
	return out
}

// candidateArcs scores beneficiary b against every participating resource
// and keeps the arcs the solver may use.
func (e *Engine) candidateArcs(b int, pl *pairPlan, s *scratch) candidateArcs {
	p := pl.o.Parameters
	q, err := e.newQuery(b, &p)
	if err != nil {
		return candidateArcs{err: err}
	}
	e.topicParts(q, s)
	for j := range s.need {
		if pl.resIndex[j] < 0 {
			s.need[j], s.text[j], s.cover[j] = 0, 0, 0 // not a resource at this event: covers nothing here
		}
	}
	k := pl.o.Candidates
	if k == 0 {
		k = len(e.cities)
	}
	return e.arcsFrom(q, s, e.scan(q, s, k, 0), pl)
}

// arcsFrom keeps, from a scan, the arcs the solver may use: the best
// o.Candidates qualified pairs (all when 0) at or above the minimum score,
// and every pin. Scores are rounded as shortlists print them.
func (e *Engine) arcsFrom(q *query, s *scratch, sc scanned, pl *pairPlan) candidateArcs {
	out := candidateArcs{qualified: sc.qualified}
	n := len(sc.overall.items)
	if c := pl.o.Candidates; c > 0 && n > c {
		n = c
	}
	list := append([]ranked(nil), sc.overall.items[:n]...) // a copy: the scan's lists are read again

	for _, pin := range sc.pins {
		if !containsJ(list, pin.j) {
			list = append(list, pin)
		}
	}
	out.arcs = make([]assign.Arc, 0, len(list))
	for _, c := range list {
		if pl.resIndex[c.j] < 0 {
			continue
		}
		_, score := breakdown(q.weights, s.parts(c.j))
		if !c.pinned && (score < pl.o.MinScore || score <= 0) {
			out.belowMin++
			out.bestBelow = max(out.bestBelow, score)
			continue
		}
		if score <= 0 {
			score = 1e-4 // a pin with no score still needs a positive arc
		}
		out.arcs = append(out.arcs, assign.Arc{Resource: pl.resIndex[c.j], Score: score, Pinned: c.pinned})
	}
	return out
}

func containsJ(list []ranked, j int) bool {
	for _, c := range list {
		if c.j == j {
			return true
		}
	}
	return false
}

// ruledOut is what keeps beneficiary b's would-be candidates out of an
// event: same-country pairs, the secretariat's blocks, and pins to cities
// that do not take part as resources.
type ruledOut struct {
	sameCountry int      // participating resources that would qualify were same-country pairs allowed
	blocked     []string // participating resources that would qualify but for a block, by id
	absent      []string // pinned partners not among the participants, by id
	noOffer     []string // pinned partners among the participants with nothing to offer, by id
}

// ruledOut finds, for beneficiary b, the candidates that the hard rules or
// the list of participants keep out (see ruledOut).
func (e *Engine) ruledOut(b int, pl *pairPlan) ruledOut {
	var out ruledOut
	p := pl.o.Parameters
	sameOK := p.AllowSameCountry
	if sameOK && len(e.rulesOf[b]) == 0 {
		return out // nothing ruled out: no scan
	}
	p.AllowSameCountry = true
	q, err := e.newQuery(b, &p)
	if err != nil {
		return out
	}
	s := newScratch(len(e.cities))
	e.topicParts(q, s)
	for j, need := range s.need {
		r, has := e.rulesOf[b][j]
		if has && r.Rule == model.Pin && pl.resIndex[j] < 0 {
			if pl.in[j] {
				out.noOffer = append(out.noOffer, e.cities[j].ID)
			} else {
				out.absent = append(out.absent, e.cities[j].ID)
			}
			continue
		}
		if pl.resIndex[j] < 0 || j == b || !covers(need, s.cover[j]) {
			continue
		}
		same := e.country[j] == e.country[b]
		switch {
		case has && r.Rule == model.Block && (sameOK || !same):
			out.blocked = append(out.blocked, e.cities[j].ID)
		case !has && same && !sameOK:
			out.sameCountry++
		}
	}
	slices.Sort(out.blocked)
	slices.Sort(out.absent)
	slices.Sort(out.noOffer)
	return out
}

// fullList is "seoul (3/3), yokohama (2/2)": resources rs with their load.
func fullList(prob *assign.Problem, sol *assign.Solution, rs []int) string {
	var full []string
	for _, r := range rs {
		res := prob.Resources[r]
		full = append(full, fmt.Sprintf("%s (%d/%d)", res.ID, sol.Load[r], res.Capacity))
	}
	return strings.Join(full, ", ")
}

// shortfall says, in words, why beneficiary k (position in pl.bens) got
// fewer partners than it wanted, and what would change it: got is how many
// it has, full its unused candidate resources that are full.
func (e *Engine) shortfall(k, got int, full []int, prob *assign.Problem, sol *assign.Solution, pl *pairPlan) (reason, relax string) {
	c := &pl.cands[k]
	o := &pl.o
	b := pl.bens[k]
	id := e.cities[b].ID
	var why, what []string
	if len(full) > 0 {
		if got == 0 {
			// The full candidates are the reason; a pin to a city not
			// at the event is said too, since it would have seated it.
			pw, px := e.ruledOut(b, pl).pinNotes(id)
			return strings.Join(append([]string{"all its candidates are full: " + fullList(prob, sol, full)}, pw...), "; "),
				strings.Join(append([]string{fmt.Sprintf("one more hosting place at %s, or a larger default hosting, would serve it", prob.Resources[full[0]].ID)}, px...), "; ")
		}
		why = append(why, "its other candidates are full: "+fullList(prob, sol, full))
		what = append(what, fmt.Sprintf("one more hosting place at %s, or a larger default hosting, would seat another partner", prob.Resources[full[0]].ID))
	}
	if got > 0 && len(c.arcs) < o.Partners {
		why = append(why, fmt.Sprintf("it has only %s at this event", countOf(len(c.arcs), "usable candidate")))
	}
	if c.belowMin > 0 {
		if len(c.arcs) == 0 {
			why = append(why, fmt.Sprintf("all %d allowed candidates score below the minimum score %.4g (best %.4f)", c.belowMin, o.MinScore, c.bestBelow))
		} else {
			why = append(why, fmt.Sprintf("%s more score below the minimum score %.4g (best %.4f)", countOf(c.belowMin, "allowed candidate"), o.MinScore, c.bestBelow))
		}
		what = append(what, fmt.Sprintf("a minimum score of %.4f would admit its best one", c.bestBelow))
	}
	ro := e.ruledOut(b, pl)
	if len(ro.blocked) > 0 {
		if len(c.arcs) == 0 && c.belowMin == 0 {
			why = append(why, "every candidate among the participants is blocked by the secretariat's rules: "+strings.Join(ro.blocked, ", "))
		} else {
			why = append(why, "the secretariat's rules block "+strings.Join(ro.blocked, ", "))
		}
		what = append(what, fmt.Sprintf("lifting a block (c2c rule rm %s %s) would add a candidate", id, ro.blocked[0]))
	}
	pw, px := ro.pinNotes(id)
	why, what = append(why, pw...), append(what, px...)
	if len(why) == 0 {
		if got == 0 {
			why = append(why, "no allowed candidate among the participants: none covers its needs from another country")
		} else {
			why = append(why, "no further candidate fits the plan")
		}
	}
	if ro.sameCountry > 0 {
		if got > 0 && len(c.arcs) < o.Partners {
			why = append(why, fmt.Sprintf("%s from its own country may not be paired with it", countOf(ro.sameCountry, "more candidate")))
		}
		what = append(what, fmt.Sprintf("allowing same-country pairs would add %d candidate(s)", ro.sameCountry))
	}
	if len(what) == 0 {
		what = append(what, "invite a member that offers what it needs (see c2c shortlist)")
	}
	return strings.Join(why, "; "), strings.Join(what, "; ")
}

// pinNotes says which pins of beneficiary id cannot be seated because the
// pinned city is not a resource at the event, and what would seat them.
func (ro ruledOut) pinNotes(id string) (why, what []string) {
	if len(ro.absent) > 0 {
		why = append(why, fmt.Sprintf("its pinned %s not among the participants of this event", isAre(ro.absent)))
		what = append(what, fmt.Sprintf("inviting %s to the event would seat the pin, or remove it (c2c rule rm %s %s)", strings.Join(ro.absent, ", "), id, ro.absent[0]))
	}
	if len(ro.noOffer) > 0 {
		verb := "offer"
		if len(ro.noOffer) == 1 {
			verb = "offers"
		}
		why = append(why, fmt.Sprintf("its pinned %s at the event but %s nothing to host", isAre(ro.noOffer), verb))
		what = append(what, fmt.Sprintf("recording what %s offers would seat the pin, or remove it (c2c rule rm %s %s)", strings.Join(ro.noOffer, ", "), id, ro.noOffer[0]))
	}
	return why, what
}

// isAre is "partner ID is" for one id and "partners A, B are" for more.
func isAre(ids []string) string {
	if len(ids) == 1 {
		return "partner " + ids[0] + " is"
	}
	return "partners " + strings.Join(ids, ", ") + " are"
}

// countOf is "1 noun" or "n nouns".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// pairing turns a solution into the explained model.Pairing.
func (e *Engine) pairing(o *model.PairingParameters, prob *assign.Problem, sol *assign.Solution, pl *pairPlan) *model.Pairing {
	bens, ress := pl.bens, pl.ress
	out := &model.Pairing{
		Parameters:    new(*o),
		Objective:     objectiveText(o),
		TotalScore:    round4(sol.TotalScore),
		Served:        sol.Served,
		Beneficiaries: len(bens),
		Pairs:         []model.PairingPair{},
		Partial:       []model.Partial{},
		Unserved:      []model.Unserved{},
		Load:          []model.Load{},
	}
	p := o.Parameters
	for _, pr := range sol.Pairs {
		b, r := bens[pr.Beneficiary], ress[pr.Resource]
		q, _ := e.newQuery(b, &p)
		topic := ""
		if ms := e.needMatches(q, r); len(ms) > 0 {
			topic = ms[0].Topic
		}
		out.Pairs = append(out.Pairs, model.PairingPair{
			Beneficiary: e.cities[b].ID, Resource: e.cities[r].ID, Score: round4(pr.Score),
			Topic: topic, Pinned: pr.Pinned, Developing: e.protected[r],
		})
	}
	for _, pt := range sol.Partial {
		why, relax := e.shortfall(pt.Beneficiary, pt.Partners, pt.Full, prob, sol, pl)
		out.Partial = append(out.Partial, model.Partial{Beneficiary: e.cities[bens[pt.Beneficiary]].ID,
			Partners: pt.Partners, Wanted: pt.Demand, Reason: why, Relax: relax})
	}
	for _, u := range sol.Unserved {
		why, relax := e.shortfall(u.Beneficiary, 0, u.Full, prob, sol, pl)
		out.Unserved = append(out.Unserved, model.Unserved{Beneficiary: e.cities[bens[u.Beneficiary]].ID, Reason: why, Relax: relax})
	}
	out.FullyServed = sol.Served - len(out.Partial)
	for i, res := range prob.Resources {
		out.Load = append(out.Load, model.Load{Resource: res.ID, Hosted: sol.Load[i], Capacity: res.Capacity})
	}
	for _, b := range sol.DevelopingShort {
		out.DevelopingShort = append(out.DevelopingShort, prob.Beneficiaries[b].ID)
	}
	if o.Clusters {
		e.cluster(out, &p)
	}
	return out
}

func objectiveText(o *model.PairingParameters) string {
	s := "serve as many beneficiaries as possible, then maximise the total score"
	if o.Objective == model.MaxScore {
		s = "maximise the total score"
	}
	if o.MinDeveloping > 0 {
		s += fmt.Sprintf("; each served beneficiary gets %d developing-city partner(s) where feasible, before score", o.MinDeveloping)
	}
	return s
}

// cluster groups the beneficiaries of each resource into tables by
// sector, as the network's multilateral exchanges do (Seoul with Jakarta,
// Mumbai and Palembang on transport): each pair sits at the table of the
// sector of its topic, the strongest need the pair meets, so that no member
// is seated for a sector its pair did not meet. Pairs that meet no topic
// (paired on words alone) sit at no table. A resource's tables come by
// members, most first, then by sector id; each is named in words after the
// resource and the sector, lists each member's needs met in that sector,
// and takes as its topic the one contributing most to it (ties by id).
func (e *Engine) cluster(out *model.Pairing, p *model.Parameters) {
	type table struct {
		cl     model.Cluster
		pairs  []int
		weight map[string]float64
	}
	byRes := map[string]map[string]*table{}
	for i, pr := range out.Pairs {
		t, ok := e.tax.Lookup(pr.Topic)
		if pr.Topic == "" || !ok {
			continue
		}
		if byRes[pr.Resource] == nil {
			byRes[pr.Resource] = map[string]*table{}
		}
		tb := byRes[pr.Resource][t.Sector]
		if tb == nil {
			r := e.index[pr.Resource]
			tb = &table{weight: map[string]float64{}, cl: model.Cluster{ID: pr.Resource + "/" + t.Sector,
				Name: e.cities[r].Name + ": " + e.tax.SectorLabel(t.Sector), Resource: pr.Resource,
				Sector: t.Sector, Label: e.tax.SectorLabel(t.Sector)}}
			byRes[pr.Resource][t.Sector] = tb
		}
		q, _ := e.newQuery(e.index[pr.Beneficiary], p)
		var needs []string
		for _, m := range e.needMatches(q, e.index[pr.Resource]) {
			if mt, ok := e.tax.Lookup(m.Topic); ok && mt.Sector == t.Sector {
				if !slices.Contains(needs, m.Need) { // a need met by two offers is listed once
					needs = append(needs, m.Need)
				}
				tb.weight[m.Topic] += m.Contribution
			}
		}
		tb.pairs = append(tb.pairs, i)
		tb.cl.Members = append(tb.cl.Members, model.ClusterMember{Beneficiary: pr.Beneficiary, Needs: needs})
	}
	resources := make([]string, 0, len(byRes))
	for rid := range byRes {
		resources = append(resources, rid)
	}
	slices.Sort(resources)
	for _, rid := range resources {
		var tables []*table
		for _, tb := range byRes[rid] {
			tables = append(tables, tb)
		}
		slices.SortFunc(tables, func(a, b *table) int {
			return cmp.Or(cmp.Compare(len(b.cl.Members), len(a.cl.Members)), cmp.Compare(a.cl.Sector, b.cl.Sector))
		})
		for _, tb := range tables {
			for t, w := range tb.weight {
				if tb.cl.Topic == "" || w > tb.weight[tb.cl.Topic] || (w == tb.weight[tb.cl.Topic] && t < tb.cl.Topic) {
					tb.cl.Topic = t
				}
			}
			// out.Pairs are by beneficiary, so the members are too.
			for _, pi := range tb.pairs {
				out.Pairs[pi].Cluster, out.Pairs[pi].Table = tb.cl.ID, tb.cl.Name
			}
			out.Clusters = append(out.Clusters, tb.cl)
		}
	}
}
