package model

import "sort"

// FormatVersion is the value of a document's "format" key.
const FormatVersion = "c2c/v1"

// Document is one interchange document: profiles, history and overrides.
type Document struct {
	Format    string     `json:"format"`              // FormatVersion
	Cities    []City     `json:"cities"`              // required, may be empty
	Exchanges []Exchange `json:"exchanges,omitempty"` // history
	Rules     []Rule     `json:"rules,omitempty"`     // secretariat overrides
}

// Validate checks the whole document and returns every problem found (as
// Errors), or nil. known holds city ids that exist outside the document (in
// the store) and may be referred to by exchanges and rules; it may be nil.
func (d *Document) Validate(ref Reference, known map[string]bool) error {
	var errs Errors
	if d.Format != FormatVersion {
		errs.Add("", "format", "format %q: expected %q", d.Format, FormatVersion)
	}
	ids := make(map[string]bool, len(d.Cities)+len(known))
	for id := range known {
		ids[id] = true
	}
	first := make(map[string]int, len(d.Cities))
	for i := range d.Cities {
		c := &d.Cities[i]
		key := indexKey("cities", i)
		c.Validate(ref, key, &errs)
		if c.ID == "" {
			continue
		}
		if j, dup := first[c.ID]; dup {
			errs.Add(c.ID, key+".id", "duplicate city id %q: already used by cities[%d]", c.ID, j)
			continue
		}
		first[c.ID] = i
		ids[c.ID] = true
	}
	for i := range d.Exchanges {
		d.Exchanges[i].Validate(ref, indexKey("exchanges", i), ids, &errs)
	}
	for i := range d.Rules {
		d.Rules[i].Validate(indexKey("rules", i), ids, &errs)
	}
	return errs.Err()
}

// Normalize fills every default (see City.Normalize) and sorts nothing else:
// document order is kept.
func (d *Document) Normalize(ref Reference) {
	if d.Format == "" {
		d.Format = FormatVersion
	}
	for i := range d.Cities {
		d.Cities[i].Normalize(ref)
	}
}

// SortCities orders the cities by id, the order exports use.
func (d *Document) SortCities() {
	sort.SliceStable(d.Cities, func(i, j int) bool { return d.Cities[i].ID < d.Cities[j].ID })
}

// CityIndex maps each city id of d to its position in d.Cities.
func (d *Document) CityIndex() map[string]int {
	m := make(map[string]int, len(d.Cities))
	for i, c := range d.Cities {
		m[c.ID] = i
	}
	return m
}
