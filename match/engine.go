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

	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
)

// Engine holds every profile of a document vectorised in the shared topic
// space, ready to score any beneficiary against all resources. It is safe
// for concurrent use once built.
type Engine struct {
	tax       *model.Taxonomy
	countries *model.Countries
	year      int
	cities    []model.City // sorted by id; the index of a city is its column
	index     map[string]int
	profiles  []profile

	// ñ, the cities' needs normalised to sum 1 (for reciprocity), as an N×T
	// sparse matrix in compressed rows: row j of ñ holds the entries
	// needPtr[j] to needPtr[j+1] of needTopic and needVal.
	needPtr   []int32   // row starts, N+1 of them
	needTopic []int32   // topic index of each entry
	needVal   []float64 // weight of each entry

	// Three T×N matrices, row t = every city's weight on topic t: õ the
	// smoothed offer strength, E the maturity of relevant practices and
	// past exchanges, L the tested low-cost practices. They are kept in
	// compressed rows, only the cities with a nonzero entry in one of them:
	// row t holds the entries topicPtr[t] to topicPtr[t+1] of topicCity,
	// topicOffer, topicEvid and topicLow.
	topicPtr   []int32
	topicCity  []int32
	topicOffer []float64
	topicEvid  []float64
	topicLow   []float64

	// ñ in compressed columns: the cities with a need on topic t are the
	// entries needColPtr[t] to needColPtr[t+1] of needColCity and needColVal.
	needColPtr  []int32
	needColCity []int32
	needColVal  []float64

	evid [][]topicWeight // E per city, sparse (explanations)
	low  [][]topicWeight // L per city, sparse

	// Per-city scalars for context and feasibility.
	country   []int32   // index of the country code, -1 unknown
	region    []int32   // UN region, -1 unknown
	subregion []int32   // UN sub-region, -1 unknown
	devRank   []int8    // model.Development.Rank
	logPop    []float64 // log10 population, NaN unknown
	xyz       [3][]float64
	hasLoc    []bool
	langs     []uint64  // bit set of working languages, 0 unknown
	commit    []float64 // mean of recorded success factors, -1 unknown
	host      []float64 // hosting component, min(1, hosting/DefaultHosting)
	protected []bool

	exchanges         []model.Exchange   // as recorded
	resourceExchanges [][]model.Exchange // per city, the exchanges it was the resource of

	rules   map[[2]int]model.Rule      // (beneficiary, resource) -> rule
	rulesOf map[int]map[int]model.Rule // beneficiary -> resource -> rule
	pins    map[int][]int              // beneficiary -> pinned resources, by index
	history map[[2]int]pairHistory
	// historyPartners lists, per city, the cities it has a recorded
	// exchange with (either direction), sorted.
	historyPartners [][]int

	text *textIndex // the words of every need and offer (see textIndex)

	// leaders holds, per topic, the two cities with the strongest õ on it
	// (see buildLeaders), j = -1 for none.
	leaders [][2]leader

	// Timing of construction.
	VectoriseTime time.Duration
}

// parallel calls do(i) for every i in [0, n) on GOMAXPROCS goroutines,
// worker w taking i = w, w+workers, ..., and returns when all are done.
func parallel(n int, do func(i int)) { _ = parallelCtx(context.Background(), n, do) }

// parallelCtx is parallel that stops early when ctx ends (each worker
// looks every 64 items) and then returns ctx.Err().
func parallelCtx(ctx context.Context, n int, do func(i int)) error {
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k, i := 0, w; i < n; k, i = k+1, i+workers {
				if k%64 == 63 && ctx.Err() != nil {
					return
				}
				do(i)
			}
		}(w)
	}
	wg.Wait()
	return ctx.Err()
}

// pairHistory summarises the recorded exchanges of one pair.
type pairHistory struct {
	value     float64 // continuity value, 0..1 (see historyValue)
	exchanges []int   // indices into the document's exchanges
	reverse   bool    // the only exchanges ran the other way round
}

// exchangeLabel describes a recorded exchange for explanations, such as
// "study-visit on public transport (2009)".
func (e *Engine) exchangeLabel(x model.Exchange) string {
	s := string(x.Stage)
	if s == "" {
		s = "exchange"
	}
	if x.Topic != "" {
		if t, ok := e.tax.Lookup(x.Topic); ok {
			s += " on " + strings.ToLower(t.Label)
		}
	}
	if x.Year > 0 {
		s += fmt.Sprintf(" (%d)", x.Year)
	}
	return s
}

// NewEngine vectorises every profile of doc. year is the current year, the
// reference for how long practices have been in operation. doc should be
// normalised (as the store returns it); rules and exchanges naming unknown
// cities are an error.
func NewEngine(doc *model.Document, ref model.Reference, inf *text.Inferrer, year int) (*Engine, error) {
	return NewEngineContext(context.Background(), doc, ref, inf, year)
}

// NewEngineContext is NewEngine that stops, within a fraction of a second,
// when ctx ends (the user pressed Ctrl-C while a large network is
// vectorised), and then returns an error wrapping ctx.Err().
func NewEngineContext(ctx context.Context, doc *model.Document, ref model.Reference, inf *text.Inferrer, year int) (*Engine, error) {
	start := time.Now()
	if ref.Topics == nil || ref.Countries == nil {
		panic("match: NewEngine needs the taxonomy and the country table")
	}
	e := &Engine{tax: ref.Topics, countries: ref.Countries, year: year}
	e.cities = append([]model.City(nil), doc.Cities...)
	slices.SortStableFunc(e.cities, func(a, b model.City) int { return strings.Compare(a.ID, b.ID) })
	n := len(e.cities)
	e.index = make(map[string]int, n)
	for i, c := range e.cities {
		if _, dup := e.index[c.ID]; dup {
			return nil, &model.Error{Code: model.EINVALID, City: c.ID, Message: "duplicate city id"}
		}
		e.index[c.ID] = i
	}

	// Vectorise in parallel: topic inference is the costly step.
	e.profiles = make([]profile, n)
	if err := parallelCtx(ctx, n, func(i int) { e.profiles[i] = vectorise(&e.cities[i], e.tax, inf, year) }); err != nil {
		return nil, fmt.Errorf("vectorise the profiles: %w", err)
	}

	if err := e.loadHistory(doc.Exchanges); err != nil {
		return nil, err
	}
	if err := e.loadRules(doc.Rules); err != nil {
		return nil, err
	}
	e.buildMatrices()
	e.buildLeaders()
	e.buildScalars()
	if err := e.buildText(ctx, inf.Vectors(), inf.Generic); err != nil {
		return nil, fmt.Errorf("index the texts: %w", err)
	}
	e.VectoriseTime = time.Since(start)
	return e, nil
}

func (e *Engine) buildMatrices() {
	T, n := len(e.tax.Topics), len(e.cities)
	offers := make([][]topicWeight, n)
	needs := make([][]topicWeight, n)
	scale := make([]float64, n)
	e.evid = make([][]topicWeight, n)
	e.low = make([][]topicWeight, n)
	for i := range e.profiles {
		p := &e.profiles[i]
		offers[i] = p.offer
		needs[i] = p.need
		if p.needSum > 0 {
			scale[i] = 1 / p.needSum
		}
		practices := p.offers
		ev := mergeMax(practices, func(x *entry) float64 { return x.maturity })
		ev = mergeMaxVectors(ev, e.exchangeEvidence(i))
		e.evid[i] = smooth(ev, e.tax)
		e.low[i] = smooth(mergeMax(practices, func(x *entry) float64 { return x.lowCost }), e.tax)
	}
	e.needPtr = make([]int32, n+1)
	for j, v := range needs {
		for _, tw := range v {
			e.needTopic = append(e.needTopic, int32(tw.topic))
			e.needVal = append(e.needVal, tw.weight*scale[j])
		}
		e.needPtr[j+1] = int32(len(e.needTopic))
	}
	e.buildSparse(T, n, offers)
}

// buildSparse keeps the nonzero entries of õ (offers), E and L by topic
// and of ñ by topic, so that a beneficiary's pass reads only the cities
// that offer or need something on its topics. Row t lists its cities in
// increasing order, as a scan of the dense T×N rows would.
func (e *Engine) buildSparse(T, n int, offers [][]topicWeight) {
	o, ev, lo := make([]float64, T), make([]float64, T), make([]float64, T)
	seen := make([]bool, T)
	var topics []int
	// scatter writes city j's three vectors into o, ev and lo (a later
	// entry of a topic replacing an earlier one) and returns its topics.
	scatter := func(j int) []int {
		topics = topics[:0]
		for _, v := range [...]struct {
			vec []topicWeight
			dst []float64
		}{{offers[j], o}, {e.evid[j], ev}, {e.low[j], lo}} {
			for _, tw := range v.vec {
				if !seen[tw.topic] {
					seen[tw.topic] = true
					topics = append(topics, tw.topic)
				}
				v.dst[tw.topic] = tw.weight
			}
		}
		return topics
	}
	reset := func() {
		for _, t := range topics {
			o[t], ev[t], lo[t], seen[t] = 0, 0, 0, false
		}
	}
	e.topicPtr = make([]int32, T+1)
	for j := 0; j < n; j++ {
		for _, t := range scatter(j) {
			if o[t] != 0 || ev[t] != 0 || lo[t] != 0 {
				e.topicPtr[t+1]++
			}
		}
		reset()
	}
	for t := 0; t < T; t++ {
		e.topicPtr[t+1] += e.topicPtr[t]
	}
	m := e.topicPtr[T]
	e.topicCity, e.topicOffer = make([]int32, m), make([]float64, m)
	e.topicEvid, e.topicLow = make([]float64, m), make([]float64, m)
	next := append([]int32(nil), e.topicPtr[:T]...)
	for j := 0; j < n; j++ {
		for _, t := range scatter(j) {
			if o[t] != 0 || ev[t] != 0 || lo[t] != 0 {
				k := next[t]
				e.topicCity[k], e.topicOffer[k], e.topicEvid[k], e.topicLow[k] = int32(j), o[t], ev[t], lo[t]
				next[t]++
			}
		}
		reset()
	}
	e.needColPtr = make([]int32, T+1)
	for _, t := range e.needTopic {
		e.needColPtr[t+1]++
	}
	for t := 0; t < T; t++ {
		e.needColPtr[t+1] += e.needColPtr[t]
	}
	e.needColCity = make([]int32, len(e.needTopic))
	e.needColVal = make([]float64, len(e.needTopic))
	next = append(next[:0], e.needColPtr[:T]...)
	for j := 0; j < n; j++ {
		for k := e.needPtr[j]; k < e.needPtr[j+1]; k++ {
			t := e.needTopic[k]
			e.needColCity[next[t]] = int32(j)
			e.needColVal[next[t]] = e.needVal[k]
			next[t]++
		}
	}
}

// exchangeEvidence is the evidence a city earns on a topic by having been
// the resource of a recorded exchange on it: 0.6, or 0.8 when the exchange
// reached the pilot or partnership stage.
func (e *Engine) exchangeEvidence(i int) []topicWeight {
	m := map[int]float64{}
	for _, x := range e.resourceExchanges[i] {
		t := e.tax.Index(x.Topic)
		if t < 0 {
			continue
		}
		v := 0.6
		if x.Stage.Order() >= model.StagePilot.Order() {
			v = 0.8
		}
		m[t] = math.Max(m[t], v)
	}
	return sortedVector(m)
}

func mergeMaxVectors(a, b []topicWeight) []topicWeight {
	m := map[int]float64{}
	for _, v := range [][]topicWeight{a, b} {
		for _, tw := range v {
			m[tw.topic] = math.Max(m[tw.topic], tw.weight)
		}
	}
	return sortedVector(m)
}

func (e *Engine) buildScalars() {
	n := len(e.cities)
	e.country = make([]int32, n)
	e.region = make([]int32, n)
	e.subregion = make([]int32, n)
	e.devRank = make([]int8, n)
	e.logPop = make([]float64, n)
	for k := range e.xyz {
		e.xyz[k] = make([]float64, n)
	}
	e.hasLoc = make([]bool, n)
	e.langs = make([]uint64, n)
	e.commit = make([]float64, n)
	e.host = make([]float64, n)
	e.protected = make([]bool, n)
	ids := map[string]int32{}
	intern := func(s string) int32 {
		if s == "" {
			return -1
		}
		if v, ok := ids[s]; ok {
			return v
		}
		v := int32(len(ids))
		ids[s] = v
		return v
	}
	langBits := map[string]uint{}
	for i := range e.cities {
		c := &e.cities[i]
		co, _ := e.countries.Lookup(c.Country)
		e.country[i] = intern("c:" + strings.ToUpper(c.Country))
		if co.Region != "" {
			e.region[i] = intern("r:" + co.Region)
		} else {
			e.region[i] = -1
		}
		if co.SubRegion != "" {
			e.subregion[i] = intern("s:" + co.SubRegion)
		} else {
			e.subregion[i] = -1
		}
		d := e.development(i)
		e.devRank[i] = int8(d.Rank())
		e.protected[i] = d.Protected()
		e.logPop[i] = math.NaN()
		if c.Population > 0 {
			e.logPop[i] = math.Log10(float64(c.Population))
		}
		if c.Location != nil {
			lat, lon := c.Location.Lat*math.Pi/180, c.Location.Lon*math.Pi/180
			e.xyz[0][i] = math.Cos(lat) * math.Cos(lon)
			e.xyz[1][i] = math.Cos(lat) * math.Sin(lon)
			e.xyz[2][i] = math.Sin(lat)
			e.hasLoc[i] = true
		}
		for _, l := range c.Languages {
			l = strings.ToLower(l)
			b, ok := langBits[l]
			if !ok && len(langBits) < 64 {
				b = uint(len(langBits))
				langBits[l] = b
				ok = true
			}
			if ok {
				e.langs[i] |= 1 << b
			}
		}
		e.commit[i] = commitmentValue(c.Commitment)
		e.host[i] = math.Min(1, float64(c.EffectiveHosting())/model.DefaultHosting)
	}
}

// development returns the city's development level: as recorded, else
// derived from its country.
func (e *Engine) development(i int) model.Development {
	c := &e.cities[i]
	if c.Development != "" {
		return c.Development
	}
	if co, ok := e.countries.Lookup(c.Country); ok {
		return co.Development
	}
	return ""
}

// commitmentValue is the mean of the recorded success factors on a 0..1
// scale (political and community commitment /5, cost sharing 1 when
// agreed), or -1 when none is recorded.
func commitmentValue(c *model.Commitment) float64 {
	if c == nil {
		return -1
	}
	var sum, n float64
	if c.Political > 0 {
		sum += float64(c.Political) / 5
		n++
	}
	if c.Community > 0 {
		sum += float64(c.Community) / 5
		n++
	}
	if c.CostSharing {
		sum++
		n++
	}
	if n == 0 {
		return -1
	}
	return sum / n
}

// City returns the profile with the given id.
func (e *Engine) City(id string) (*model.City, bool) {
	i, ok := e.index[id]
	if !ok {
		return nil, false
	}
	return &e.cities[i], true
}

// hasNeeds says whether city i records a challenge the engine can match:
// one placed on a topic, or one with words.
func (e *Engine) hasNeeds(i int) bool {
	if len(e.profiles[i].need) > 0 {
		return true
	}
	for _, d := range e.text.needs[i] {
		if len(d.terms) > 0 {
			return true
		}
	}
	return false
}

// Cities returns every profile, sorted by id. The slice must not be changed.
func (e *Engine) Cities() []model.City { return e.cities }

// Len returns the number of cities.
func (e *Engine) Len() int { return len(e.cities) }

// Year returns the reference year the engine was built for.
func (e *Engine) Year() int { return e.year }

// Taxonomy returns the taxonomy the engine was built with.
func (e *Engine) Taxonomy() *model.Taxonomy { return e.tax }

// lookup resolves a city id, or returns ENOTFOUND naming close ids.
func (e *Engine) lookup(id, role string) (int, error) {
	if i, ok := e.index[id]; ok {
		return i, nil
	}
	ids := make([]string, len(e.cities))
	for i, c := range e.cities {
		ids[i] = c.ID
	}
	return -1, model.UnknownCity(role, id, ids, ": see c2c cities for the known ids")
}
