package model

import "strings"

// CityFilter selects cities. A nil field matches every city; set fields
// must all match. Topic fields look at the topics a profile gives, not at
// topics that could be inferred from its text.
type CityFilter struct {
	Country     *string      // ISO 3166-1 alpha-2 code, any case
	Development *Development // development level; cities are expected to be normalized (see City.Normalize)
	Kind        *Kind        // kind of member; "" in a profile counts as KindCity
	Topic       *string      // topic id the city needs or offers (a challenge, capacity or practice)
	Needs       *string      // topic id of one of the city's challenges
	Offers      *string      // topic id of one of the city's capacities or practices
}

// Match reports whether c passes every set field of f.
func (f CityFilter) Match(c *City) bool {
	switch {
	case f.Country != nil && !strings.EqualFold(c.Country, *f.Country):
		return false
	case f.Development != nil && c.Development != *f.Development:
		return false
	case f.Kind != nil && c.EffectiveKind() != *f.Kind:
		return false
	case f.Needs != nil && !needs(c, *f.Needs):
		return false
	case f.Offers != nil && !offers(c, *f.Offers):
		return false
	case f.Topic != nil && !needs(c, *f.Topic) && !offers(c, *f.Topic):
		return false
	}
	return true
}

// Validate checks the set fields against the reference tables and the
// enumerations, returning every problem as Errors keyed by the field's
// lower-case name ("country", "needs"), or nil. Unknown codes and topics
// name the closest known ones.
func (f CityFilter) Validate(ref Reference) error {
	var errs Errors
	if f.Country != nil && ref.Countries != nil {
		if _, ok := ref.Countries.Lookup(*f.Country); !ok {
			msg := "unknown country code %q: expected an ISO 3166-1 alpha-2 code"
			if s := ref.Countries.Closest(*f.Country); len(s) > 0 {
				errs.Add("", "country", msg+" (did you mean %s?)", *f.Country, strings.Join(s, ", "))
			} else {
				errs.Add("", "country", msg, *f.Country)
			}
		}
	}
	if f.Development != nil && !oneOf(*f.Development, Developments) {
		errs.Add("", "development", "unknown development %q: expected one of %s", *f.Development, join(Developments))
	}
	if f.Kind != nil && !oneOf(*f.Kind, Kinds) {
		errs.Add("", "kind", "unknown kind %q: expected one of %s", *f.Kind, join(Kinds))
	}
	for _, t := range []struct {
		key   string
		topic *string
	}{{"topic", f.Topic}, {"needs", f.Needs}, {"offers", f.Offers}} {
		if t.topic != nil {
			checkTopic(ref, "", t.key, *t.topic, &errs)
		}
	}
	return errs.Err()
}

// needs reports whether one of c's challenges is on topic.
func needs(c *City, topic string) bool {
	for _, ch := range c.Challenges {
		if ch.Topic == topic {
			return true
		}
	}
	return false
}

// offers reports whether one of c's capacities or practices is on topic.
func offers(c *City, topic string) bool {
	for _, ca := range c.Capacities {
		if ca.Topic == topic {
			return true
		}
	}
	for _, p := range c.Practices {
		for _, t := range p.Topics {
			if t == topic {
				return true
			}
		}
	}
	return false
}
