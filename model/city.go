package model

import (
	"regexp"
	"strings"
)

// Kind says what a member of the network is.
type Kind string

// The kinds of member. Associate members (NGOs, universities, municipal
// associations) take part in exchanges like cities do.
const (
	KindCity        Kind = "city"
	KindAssociation Kind = "association"
	KindNGO         Kind = "ngo"
	KindAcademia    Kind = "academia"
	KindAgency      Kind = "agency"
	KindOther       Kind = "other"
)

// Kinds lists every valid Kind in documentation order.
var Kinds = []Kind{KindCity, KindAssociation, KindNGO, KindAcademia, KindAgency, KindOther}

// Development is a member's development level, the group the
// developing-city principle protects.
type Development string

// The development levels.
const (
	Developed      Development = "developed"
	Developing     Development = "developing"
	LeastDeveloped Development = "least-developed"
)

// Developments lists every valid Development from richest to poorest.
var Developments = []Development{Developed, Developing, LeastDeveloped}

// Protected reports whether d belongs to the group the developing-city quota
// protects (developing or least developed).
func (d Development) Protected() bool { return d == Developing || d == LeastDeveloped }

// Rank orders development levels: 0 developed, 1 developing, 2 least
// developed, -1 unknown.
func (d Development) Rank() int {
	switch d {
	case Developed:
		return 0
	case Developing:
		return 1
	case LeastDeveloped:
		return 2
	}
	return -1
}

// DefaultHosting is how many beneficiaries a resource takes in one pairing
// cycle when its profile does not say.
const DefaultHosting = 3

// DefaultStrength is the severity of a challenge and the level of a capacity
// when the profile does not say.
const DefaultStrength = 3

// City is one member profile: a city or an associate member.
type City struct {
	ID          string      `json:"id"`                    // stable identifier, [a-z0-9][a-z0-9-]*
	Name        string      `json:"name"`                  // display name, any script
	Country     string      `json:"country"`               // ISO 3166-1 alpha-2, upper case
	Kind        Kind        `json:"kind,omitempty"`        // what the member is; "" means city
	Development Development `json:"development,omitempty"` // "" means derive from Country
	Population  int64       `json:"population,omitempty"`  // inhabitants, > 0; 0 means unknown
	Location    *Location   `json:"location,omitempty"`    // nil when unknown
	Languages   []string    `json:"languages,omitempty"`   // ISO 639-1 working languages
	Hosting     *int        `json:"hosting,omitempty"`     // beneficiaries per cycle, >= 0; nil means DefaultHosting
	Commitment  *Commitment `json:"commitment,omitempty"`  // success factors, nil when not recorded
	Challenges  []Challenge `json:"challenges,omitempty"`  // what it needs
	Capacities  []Capacity  `json:"capacities,omitempty"`  // what it can offer
	Practices   []Practice  `json:"practices,omitempty"`   // tested practices it can share
}

// Location is a point on the globe in decimal degrees (WGS 84).
type Location struct {
	Lat float64 `json:"lat"` // latitude, -90..90
	Lon float64 `json:"lon"` // longitude, -180..180
}

// Commitment records the success factors the network names, where known.
type Commitment struct {
	Political   int  `json:"political,omitempty"`    // political commitment, 1..5; 0 unknown
	Community   int  `json:"community,omitempty"`    // community participation, 1..5; 0 unknown
	CostSharing bool `json:"cost_sharing,omitempty"` // willing to share the costs of an exchange
}

// Challenge is one need of a city.
type Challenge struct {
	Topic    string `json:"topic,omitempty"`    // taxonomy topic id; "" means infer from Text
	Text     string `json:"text,omitempty"`     // the need in the city's own words
	Severity int    `json:"severity,omitempty"` // how pressing, 1..5; 0 means DefaultStrength
}

// Capacity is one thing a city can offer.
type Capacity struct {
	Topic string `json:"topic,omitempty"` // taxonomy topic id; "" means infer from Text
	Text  string `json:"text,omitempty"`  // what it can offer
	Level int    `json:"level,omitempty"` // depth of expertise, 1..5; 0 means DefaultStrength
}

// Cost is what it takes to replicate a practice.
type Cost string

// The cost classes of a practice.
const (
	CostLow    Cost = "low"
	CostMedium Cost = "medium"
	CostHigh   Cost = "high"
)

// Practice is a tested practice a city can share.
type Practice struct {
	Title    string   `json:"title"`              // short name
	Text     string   `json:"text,omitempty"`     // what was done, how, for whom
	Topics   []string `json:"topics,omitempty"`   // taxonomy topic ids; empty means infer
	Since    int      `json:"since,omitempty"`    // first year in operation; 0 unknown
	Cost     Cost     `json:"cost,omitempty"`     // replication cost; "" unknown
	Outcomes string   `json:"outcomes,omitempty"` // measured results
}

// EffectiveHosting returns the hosting capacity, DefaultHosting when unset.
func (c *City) EffectiveHosting() int {
	if c.Hosting == nil {
		return DefaultHosting
	}
	return *c.Hosting
}

// EffectiveKind returns the kind, KindCity when unset.
func (c *City) EffectiveKind() Kind {
	if c.Kind == "" {
		return KindCity
	}
	return c.Kind
}

// Strength returns the severity, DefaultStrength when unset.
func (c Challenge) Strength() int { return orDefault(c.Severity) }

// Strength returns the level, DefaultStrength when unset.
func (c Capacity) Strength() int { return orDefault(c.Level) }

func orDefault(v int) int {
	if v == 0 {
		return DefaultStrength
	}
	return v
}

var cityIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ValidCityID reports whether id has the form [a-z0-9][a-z0-9-]*.
func ValidCityID(id string) bool { return cityIDPattern.MatchString(id) }

var languagePattern = regexp.MustCompile(`^[a-z]{2,3}$`)

// Validate checks c against the format and the reference tables, appending
// every problem to errs. key is the path of c in its document, such as
// "cities[3]". Country codes are upper-cased and defaults are not filled;
// see Normalize.
func (c *City) Validate(ref Reference, key string, errs *Errors) {
	id := c.ID
	switch {
	case c.ID == "":
		errs.Add("", key+".id", "required key missing: expected a city id such as \"palembang\"")
	case len(c.ID) > MaxIDLength:
		errs.Add("", key+".id", "id of %d characters: expected at most %d", len(c.ID), MaxIDLength)
		id = ""
	case !ValidCityID(c.ID):
		errs.Add(id, key+".id", "bad id %q: expected lower-case letters, digits and '-', starting with a letter or digit", c.ID)
	}
	if strings.TrimSpace(c.Name) == "" {
		errs.Add(id, key+".name", "required key missing or empty: expected the city's display name")
	} else {
		checkText(id, key+".name", "name", c.Name, MaxNameLength, required, errs)
	}
	if c.Country == "" {
		errs.Add(id, key+".country", "required key missing: expected an ISO 3166-1 alpha-2 code such as \"ID\"")
	} else if ref.Countries != nil {
		if _, ok := ref.Countries.Lookup(c.Country); !ok {
			msg := "unknown country code %q: expected an ISO 3166-1 alpha-2 code"
			if s := ref.Countries.Closest(c.Country); len(s) > 0 {
				errs.Add(id, key+".country", msg+" (did you mean %s?)", c.Country, strings.Join(s, ", "))
			} else {
				errs.Add(id, key+".country", msg, c.Country)
			}
		}
	}
	if c.Kind != "" && !oneOf(c.Kind, Kinds) {
		errs.Add(id, key+".kind", "unknown kind %q: expected one of %s", c.Kind, join(Kinds))
	}
	if c.Development != "" && !oneOf(c.Development, Developments) {
		errs.Add(id, key+".development", "unknown development %q: expected one of %s", c.Development, join(Developments))
	}
	if c.Population < 0 {
		errs.Add(id, key+".population", "population %d: expected an integer > 0", c.Population)
	}
	if l := c.Location; l != nil {
		if !(l.Lat >= -90 && l.Lat <= 90) {
			errs.Add(id, key+".location.lat", "latitude %v out of range: expected -90..90", l.Lat)
		}
		if !(l.Lon >= -180 && l.Lon <= 180) {
			errs.Add(id, key+".location.lon", "longitude %v out of range: expected -180..180", l.Lon)
		}
	}
	checkCount(id, key+".languages", "languages", len(c.Languages), MaxShortList, errs)
	seen := make(map[string]int, len(c.Languages))
	for i, lang := range c.Languages {
		k := indexKey(key+".languages", i)
		lower := strings.ToLower(lang)
		if !languagePattern.MatchString(lower) {
			errs.Add(id, k, "bad language %q: expected an ISO 639-1 code such as \"en\" or an ISO 639-3 code such as \"bem\"", lang)
		} else if j, dup := seen[lower]; dup {
			errs.Add(id, k, "language %q twice: already languages[%d]; expected each language once", lang, j)
		} else {
			seen[lower] = i
		}
	}
	if c.Hosting != nil && *c.Hosting < 0 {
		errs.Add(id, key+".hosting", "hosting %d: expected an integer >= 0", *c.Hosting)
	}
	if cm := c.Commitment; cm != nil {
		if cm.Political != 0 && !in1to5(cm.Political) {
			errs.Add(id, key+".commitment.political", "%d out of range: expected 1..5", cm.Political)
		}
		if cm.Community != 0 && !in1to5(cm.Community) {
			errs.Add(id, key+".commitment.community", "%d out of range: expected 1..5", cm.Community)
		}
	}
	checkCount(id, key+".challenges", "challenges", len(c.Challenges), MaxEntries, errs)
	checkCount(id, key+".capacities", "capacities", len(c.Capacities), MaxEntries, errs)
	checkCount(id, key+".practices", "practices", len(c.Practices), MaxEntries, errs)
	for i, ch := range c.Challenges {
		k := indexKey(key+".challenges", i)
		checkTopicText(ref, id, k, ch.Topic, ch.Text, errs)
		if ch.Severity != 0 && !in1to5(ch.Severity) {
			errs.Add(id, k+".severity", "severity %d out of range: expected 1..5", ch.Severity)
		}
	}
	for i, ca := range c.Capacities {
		k := indexKey(key+".capacities", i)
		checkTopicText(ref, id, k, ca.Topic, ca.Text, errs)
		if ca.Level != 0 && !in1to5(ca.Level) {
			errs.Add(id, k+".level", "level %d out of range: expected 1..5", ca.Level)
		}
	}
	for i, p := range c.Practices {
		k := indexKey(key+".practices", i)
		if strings.TrimSpace(p.Title) == "" {
			errs.Add(id, k+".title", "required key missing or empty: expected the practice's title")
		} else {
			checkText(id, k+".title", "title", p.Title, MaxNameLength, required, errs)
		}
		checkText(id, k+".text", "text", p.Text, MaxTextLength, optional, errs)
		checkText(id, k+".outcomes", "outcomes", p.Outcomes, MaxTextLength, optional, errs)
		checkCount(id, k+".topics", "topics", len(p.Topics), MaxShortList, errs)
		for j, t := range p.Topics {
			checkTopic(ref, id, indexKey(k+".topics", j), t, errs)
		}
		if p.Since != 0 && (p.Since < 1800 || p.Since > 2100) {
			errs.Add(id, k+".since", "year %d: expected a year between 1800 and 2100", p.Since)
		}
		if p.Cost != "" && !oneOf(p.Cost, []Cost{CostLow, CostMedium, CostHigh}) {
			errs.Add(id, k+".cost", "unknown cost %q: expected low, medium or high", p.Cost)
		}
	}
}

func checkTopicText(ref Reference, id, key, topic, text string, errs *Errors) {
	if topic == "" && text == "" {
		errs.Add(id, key, "expected a topic, a text or both")
		return
	}
	checkText(id, key+".text", "text", text, MaxTextLength, optional, errs)
	if topic != "" {
		checkTopic(ref, id, key+".topic", topic, errs)
	}
}

func checkTopic(ref Reference, id, key, topic string, errs *Errors) {
	if ref.Topics == nil {
		return
	}
	if _, ok := ref.Topics.Lookup(topic); ok {
		return
	}
	if s := ref.Topics.Closest(topic, 3); len(s) > 0 {
		errs.Add(id, key, "unknown topic %q: closest known topics are %s", topic, strings.Join(s, ", "))
		return
	}
	errs.Add(id, key, "unknown topic %q: expected a topic id of the taxonomy (c2c topics)", topic)
}

// Normalize fills the defaults the format defines, so that two documents
// that mean the same thing compare equal: country codes and languages are
// case-folded, kind, severity and level get their defaults, and a missing
// development is derived from the country table.
func (c *City) Normalize(ref Reference) {
	c.Country = strings.ToUpper(c.Country)
	if c.Kind == "" {
		c.Kind = KindCity
	}
	if c.Development == "" && ref.Countries != nil {
		if co, ok := ref.Countries.Lookup(c.Country); ok {
			c.Development = co.Development
		}
	}
	for i := range c.Languages {
		c.Languages[i] = strings.ToLower(c.Languages[i])
	}
	for i := range c.Challenges {
		c.Challenges[i].Severity = c.Challenges[i].Strength()
	}
	for i := range c.Capacities {
		c.Capacities[i].Level = c.Capacities[i].Strength()
	}
}

func in1to5(v int) bool { return v >= 1 && v <= 5 }

func oneOf[T comparable](v T, set []T) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

func join[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
