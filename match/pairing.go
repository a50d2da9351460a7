package match

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/c2cnet/c2c/match/assign"
	"github.com/c2cnet/c2c/model"
)

// PairingOptions are the choices for one pairing run.
type PairingOptions struct {
	Parameters                     // scoring and hard rules; Top and Quota are not used
	Participants  []string         `json:"participants,omitempty"` // city ids taking part; empty means every city
	Partners      int              `json:"partners"`               // resources wanted per beneficiary, >= 1
	Hosting       int              `json:"hosting"`                // capacity of every resource; -1 means each profile's own
	MinScore      float64          `json:"min_score"`              // pairs scoring below it are not used
	MinDeveloping int              `json:"min_developing"`         // developing-city partners each served beneficiary should get
	Objective     assign.Objective `json:"-"`                      // MaxServed (default) or MaxScore
	ObjectiveName string           `json:"objective"`              // "served" or "score", as given
	Candidates    int              `json:"candidates"`             // best candidates per beneficiary offered to the solver; 0 means all qualified
	Clusters      bool             `json:"clusters"`               // group each resource's beneficiaries into tables by shared topic
}

// DefaultPairingOptions returns the defaults: one partner each, hosting from
// the profiles, no minimum score, serve as many as possible first, each
// beneficiary's 100 best candidates.
func DefaultPairingOptions() PairingOptions {
	return PairingOptions{Parameters: DefaultParameters(), Partners: 1, Hosting: -1, Objective: assign.MaxServed, ObjectiveName: "served", Candidates: 100}
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
	o        PairingOptions
	bens     []int // beneficiaries, by city index
	benPos   []int // city index -> position in bens, -1 for none
	ress     []int // resources, by city index
	resIndex []int // city index -> position in ress, -1 for none
	cands    []candidateArcs
}

// planPairing checks the options and lays out the roles.
func (e *Engine) planPairing(o PairingOptions) (*pairPlan, error) {
	p := o.Parameters
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p.Year = e.year
	o.Parameters = p
	var errs model.Errors
	if o.Partners < 1 {
		errs.Add("", "partners", "--partners %d: expected at least 1", o.Partners)
	}
	if o.MinScore < 0 || o.MinScore > 1 {
		errs.Add("", "min-score", "--min-score %v: expected a score between 0 and 1", o.MinScore)
	}
	if o.MinDeveloping < 0 {
		errs.Add("", "min-developing", "--min-developing %d: expected 0 or more", o.MinDeveloping)
	}
	if o.Candidates < 0 {
		errs.Add("", "candidates", "--candidates %d: expected 0 (all) or more", o.Candidates)
	}
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
	pl := &pairPlan{o: o, benPos: make([]int, len(e.cities)), resIndex: make([]int, len(e.cities))}
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
func (e *Engine) Pair(ctx context.Context, o PairingOptions) (*model.Pairing, error) {
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
	for k := range pl.cands {
		if pl.cands[k].err != nil {
			return nil, pl.cands[k].err
		}
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

// sameCountryCandidates counts the participating resources that would
// qualify for b under --allow-same-country.
func (e *Engine) sameCountryCandidates(b int, p Parameters, resIndex []int) int {
	p.AllowSameCountry = true
	q, err := e.newQuery(b, &p)
	if err != nil {
		return 0
	}
	s := newScratch(len(e.cities))
	e.topicParts(q, s)
	n := 0
	for j, need := range s.need {
		if resIndex[j] >= 0 && j != b && covers(need, s.cover[j]) && e.country[j] == e.country[b] {
			if r, has := e.rulesOf[b][j]; !has || r.Rule != model.Block {
				n++
			}
		}
	}
	return n
}

// pairing turns a solution into the explained model.Pairing.
func (e *Engine) pairing(o *PairingOptions, prob *assign.Problem, sol *assign.Solution, pl *pairPlan) *model.Pairing {
	bens, ress, cands, resIndex := pl.bens, pl.ress, pl.cands, pl.resIndex
	out := &model.Pairing{
		Parameters:    *o,
		Objective:     objectiveText(o),
		TotalScore:    round4(sol.TotalScore),
		Served:        sol.Served,
		Beneficiaries: len(bens),
		Pairs:         []model.PairingPair{},
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
	for _, u := range sol.Unserved {
		c := &cands[u.Beneficiary]
		us := model.Unserved{Beneficiary: e.cities[bens[u.Beneficiary]].ID}
		switch {
		case u.Reason == assign.CandidatesFull:
			var full []string
			for _, r := range u.Full {
				res := prob.Resources[r]
				full = append(full, fmt.Sprintf("%s (%d/%d)", res.ID, sol.Load[r], res.Capacity))
			}
			us.Reason = "all its candidates are full: " + strings.Join(full, ", ")
			if len(u.Full) > 0 {
				us.Relax = fmt.Sprintf("one more hosting place at %s, or --hosting, would serve it", prob.Resources[u.Full[0]].ID)
			}
		case c.qualified == 0:
			us.Reason = "no allowed candidate among the participants: none covers its needs from another country"
			if n := e.sameCountryCandidates(bens[u.Beneficiary], o.Parameters, resIndex); n > 0 && !o.AllowSameCountry {
				us.Relax = fmt.Sprintf("--allow-same-country would add %d candidate(s)", n)
			} else {
				us.Relax = "invite a member that offers what it needs (see c2c shortlist)"
			}
		case len(c.arcs) == 0 && c.belowMin > 0:
			us.Reason = fmt.Sprintf("all %d qualified candidates score below --min-score %.4g (best %.4f)", c.qualified, o.MinScore, c.bestBelow)
			us.Relax = fmt.Sprintf("--min-score %.4f would admit its best candidate", c.bestBelow)
		default:
			us.Reason = "no usable candidate"
		}
		out.Unserved = append(out.Unserved, us)
	}
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

func objectiveText(o *PairingOptions) string {
	s := "serve as many beneficiaries as possible, then maximise the total score"
	if o.Objective == assign.MaxScore {
		s = "maximise the total score"
	}
	if o.MinDeveloping > 0 {
		s += fmt.Sprintf("; each served beneficiary gets %d developing-city partner(s) where feasible, before score", o.MinDeveloping)
	}
	return s
}

// cluster groups the beneficiaries of each resource into tables by shared
// sector, as the network's multilateral exchanges do (Seoul with Jakarta,
// Mumbai and Palembang on transport): repeatedly, the sector met for the most
// of the resource's remaining beneficiaries (ties by total contribution,
// then id) forms a table, named after that sector and its most contributing
// topic, listing each member's needs met in it.
func (e *Engine) cluster(out *model.Pairing, p *Parameters) {
	byRes := map[string][]int{}
	var order []string
	for i, pr := range out.Pairs {
		if _, ok := byRes[pr.Resource]; !ok {
			order = append(order, pr.Resource)
		}
		byRes[pr.Resource] = append(byRes[pr.Resource], i)
	}
	sort.Strings(order)
	for _, rid := range order {
		r := e.index[rid]
		type link struct {
			pair    int
			matches []model.Match
		}
		var links []link
		for _, pi := range byRes[rid] {
			q, _ := e.newQuery(e.index[out.Pairs[pi].Beneficiary], p)
			links = append(links, link{pair: pi, matches: e.needMatches(q, r)})
		}
		sectorOf := func(topic string) string {
			t, _ := e.tax.Lookup(topic)
			return t.Sector
		}
		done := make([]bool, len(links))
		for {
			count := map[string]int{}
			weight := map[string]float64{}
			for i, l := range links {
				if done[i] {
					continue
				}
				seen := map[string]bool{}
				for _, m := range l.matches {
					sec := sectorOf(m.Topic)
					weight[sec] += m.Contribution
					if !seen[sec] {
						seen[sec] = true
						count[sec]++
					}
				}
			}
			if len(count) == 0 {
				break
			}
			best := ""
			for sec := range count {
				if best == "" || count[sec] > count[best] || (count[sec] == count[best] && (weight[sec] > weight[best] || (weight[sec] == weight[best] && sec < best))) {
					best = sec
				}
			}
			topicWeight := map[string]float64{}
			var members []model.ClusterMember
			var pairs []int
			for i, l := range links {
				if done[i] {
					continue
				}
				var needs []string
				for _, m := range l.matches {
					if sectorOf(m.Topic) == best {
						needs = append(needs, m.Need)
						topicWeight[m.Topic] += m.Contribution
					}
				}
				if needs == nil {
					continue
				}
				done[i] = true
				pairs = append(pairs, l.pair)
				members = append(members, model.ClusterMember{Beneficiary: out.Pairs[l.pair].Beneficiary, Needs: needs})
			}
			topic := ""
			for t, w := range topicWeight {
				if topic == "" || w > topicWeight[topic] || (w == topicWeight[topic] && t < topic) {
					topic = t
				}
			}
			cl := model.Cluster{ID: rid + "/" + best, Resource: rid, Sector: best, Label: e.tax.SectorLabel(best), Topic: topic, Members: members}
			sort.Slice(cl.Members, func(a, b int) bool { return cl.Members[a].Beneficiary < cl.Members[b].Beneficiary })
			for _, pi := range pairs {
				out.Pairs[pi].Cluster = cl.ID
			}
			out.Clusters = append(out.Clusters, cl)
		}
	}
}
