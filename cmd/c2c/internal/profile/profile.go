// Package profile gathers what the command line and the web application
// show of the members: one member's whole story (profile, history, rules,
// and the topics the engine reads in the words of every entry), and the
// members that pass a filter, inferred topics included. It also holds the
// one topic inferrer of the program, which both build the engine with.
package profile

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/c2cnet/c2c/fixtures/vectors"
	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
)

var (
	inferrersMu sync.Mutex
	inferrers   = map[*model.Taxonomy]*text.Inferrer{}
)

// Inferrer returns the topic inferrer of tax, built once: it memoises what
// it has inferred, which later runs in the same process reuse.
func Inferrer(tax *model.Taxonomy) *text.Inferrer {
	inferrersMu.Lock()
	defer inferrersMu.Unlock()
	in, ok := inferrers[tax]
	if !ok {
		in = text.NewInferrer(tax)
		vec, err := vectors.Default()
		if err != nil {
			// The table is embedded and tested: a corrupt one is a build defect.
			panic(fmt.Sprintf("c2c: the embedded word vectors: %v", err))
		}
		in.SetVectors(vec)
		inferrers[tax] = in
	}
	return in
}

// Profile is the whole story of one member: its profile, the exchanges it
// took part in and the secretariat's rules on it.
type Profile struct {
	City      model.City       `json:"city"`
	Exchanges []model.Exchange `json:"exchanges"` // in year order, unknown years last
	Rules     []model.Rule     `json:"rules"`
	// Inferred lists, for every entry without a given topic, the topics the
	// engine read in its words, keyed "challenges[0]", "capacities[1]",
	// "practices[2]".
	Inferred map[string][]InferredTopic `json:"inferred"`
}

// InferredTopic is one topic the engine read in an entry's words.
type InferredTopic struct {
	Topic    string   `json:"topic"`
	Label    string   `json:"label"`
	Strength float64  `json:"strength"` // 0..1
	Evidence []string `json:"evidence"` // the phrases or words that placed it
}

// Of gathers the profile of city id from doc, with the topics inferred for
// its entries, or returns ENOTFOUND naming the closest ids.
func Of(doc *model.Document, ref model.Reference, id string) (*Profile, error) {
	i, ok := doc.CityIndex()[id]
	if !ok {
		ids := make([]string, len(doc.Cities))
		for i, c := range doc.Cities {
			ids[i] = c.ID
		}
		return nil, model.UnknownCity("city", id, ids, ": c2c cities lists the members")
	}
	p := &Profile{City: doc.Cities[i], Exchanges: []model.Exchange{}, Rules: []model.Rule{}}
	for _, e := range doc.Exchanges {
		if e.Resource == id || slices.Contains(e.Beneficiaries, id) {
			p.Exchanges = append(p.Exchanges, e)
		}
	}
	slices.SortStableFunc(p.Exchanges, func(a, b model.Exchange) int {
		return cmp.Compare(yearKey(a.Year), yearKey(b.Year))
	})
	for _, r := range doc.Rules {
		if r.Beneficiary == id || r.Resource == id {
			p.Rules = append(p.Rules, r)
		}
	}
	p.infer(ref)
	return p, nil
}

// yearKey sorts unknown years (0) after known ones.
func yearKey(year int) int {
	if year == 0 {
		return 1 << 30
	}
	return year
}

// infer fills p.Inferred from the entries' words.
func (p *Profile) infer(ref model.Reference) { p.Inferred = InferredOf(ref, &p.City) }

// InferredOf returns, for every entry of c without a given topic, the
// topics the engine reads in its words with their strength, keyed
// "challenges[0]", "capacities[1]", "practices[2]".
func InferredOf(ref model.Reference, c *model.City) map[string][]InferredTopic {
	in := Inferrer(ref.Topics)
	inf := map[string][]InferredTopic{}
	add := func(key, txt string) {
		out := []InferredTopic{}
		for _, h := range in.Infer(txt) {
			tp := ref.Topics.Topics[h.Topic]
			out = append(out, InferredTopic{Topic: tp.ID, Label: tp.Label, Strength: math.Round(h.Weight*1e4) / 1e4, Evidence: h.Evidence})
		}
		inf[key] = out
	}
	for i, ch := range c.Challenges {
		if ch.Topic == "" {
			add(fmt.Sprintf("challenges[%d]", i), ch.Text)
		}
	}
	for i, ca := range c.Capacities {
		if ca.Topic == "" {
			add(fmt.Sprintf("capacities[%d]", i), ca.Text)
		}
	}
	for i, pr := range c.Practices {
		if len(pr.Topics) == 0 {
			add(fmt.Sprintf("practices[%d]", i), pr.Title+". "+pr.Text)
		}
	}
	return inf
}

// Listed is one member as a listing prints it in JSON (c2c cities
// --format json, the API's members): the profile's own fields, and under
// "inferred" the topics read in the words of every entry that gives none,
// with their strength.
type Listed struct {
	model.City
	Inferred map[string][]InferredTopic `json:"inferred"`
}

// List returns cities as listings, each with its inferred topics.
func List(ref model.Reference, cities []model.City) []Listed {
	out := make([]Listed, len(cities))
	for i := range cities {
		out[i] = Listed{cities[i], InferredOf(ref, &cities[i])}
	}
	return out
}

// InferredMark follows a topic id the engine read in an entry's words
// rather than one the profile gives.
const InferredMark = "~"

// WithInferred returns a copy of c in which every entry without a topic
// carries the strongest topic inferred from its words, followed by mark,
// so that the filters find inferred needs and offers too and a listing
// tells them apart.
func WithInferred(ref model.Reference, c model.City, mark string) model.City {
	in := Inferrer(ref.Topics)
	top := func(txt string) string {
		if hits := in.Infer(txt); len(hits) > 0 {
			return ref.Topics.Topics[hits[0].Topic].ID + mark
		}
		return ""
	}
	c.Challenges = slices.Clone(c.Challenges)
	for i := range c.Challenges {
		if c.Challenges[i].Topic == "" {
			c.Challenges[i].Topic = top(c.Challenges[i].Text)
		}
	}
	c.Capacities = slices.Clone(c.Capacities)
	for i := range c.Capacities {
		if c.Capacities[i].Topic == "" {
			c.Capacities[i].Topic = top(c.Capacities[i].Text)
		}
	}
	c.Practices = slices.Clone(c.Practices)
	for i := range c.Practices {
		if len(c.Practices[i].Topics) == 0 {
			if t := top(c.Practices[i].Title + ". " + c.Practices[i].Text); t != "" {
				c.Practices[i].Topics = []string{t}
			}
		}
	}
	return c
}

// Members returns, in id order, the cities that pass f, their inferred
// topics counted as their own: each as stored (Cities) and with its
// inferred topics filled in and marked InferredMark (Shown). It changes
// neither cities nor their order.
func Members(cities []model.City, ref model.Reference, f model.CityFilter) (kept, shown []model.City) {
	byID := func(a, b model.City) int { return cmp.Compare(a.ID, b.ID) }
	if !slices.IsSortedFunc(cities, byID) {
		cities = slices.Clone(cities)
		slices.SortStableFunc(cities, byID)
	}
	kept, shown = []model.City{}, []model.City{}
	for i := range cities {
		read := WithInferred(ref, cities[i], "")
		if f.Match(&read) {
			kept = append(kept, cities[i])
			shown = append(shown, WithInferred(ref, cities[i], InferredMark))
		}
	}
	return kept, shown
}

// Stored is the part of f that the stored profiles answer alone, to ask
// the store (store.DB.Cities) for the cities Members may keep: the topic
// fields are left out, since a topic inferred from an entry's words can
// meet them where the profile gives none.
func Stored(f model.CityFilter) model.CityFilter {
	f.Topic, f.Needs, f.Offers = nil, nil, nil
	return f
}

// Filter builds the member filter of a search, as c2c cities and the
// members page take it, and checks it against ref: value returns what was
// given for each of country, development, kind, topic, needs and offers,
// or nil when it was not. Development and kind are read in any case.
func Filter(ref model.Reference, value func(name string) *string) (model.CityFilter, error) {
	f := model.CityFilter{Country: value("country"), Topic: value("topic"), Needs: value("needs"), Offers: value("offers")}
	if v := value("development"); v != nil {
		d := model.Development(strings.ToLower(*v))
		f.Development = &d
	}
	if v := value("kind"); v != nil {
		k := model.Kind(strings.ToLower(*v))
		f.Kind = &k
	}
	return f, f.Validate(ref)
}
