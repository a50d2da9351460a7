package model

import (
	"sort"
	"strings"
)

// Country is one row of the country table (ISO 3166-1 with UN regions and the
// World Bank income group).
type Country struct {
	Alpha2         string      `json:"alpha2"`          // ISO 3166-1 alpha-2, upper case
	Alpha3         string      `json:"alpha3"`          // ISO 3166-1 alpha-3, upper case
	Name           string      `json:"name"`            // English short name
	Region         string      `json:"region"`          // UN M49 region, such as "Asia"; "" for Antarctica
	SubRegion      string      `json:"subregion"`       // UN M49 sub-region, such as "South-eastern Asia"
	IncomeGroup    string      `json:"income_group"`    // World Bank group: "high", "upper-middle", "lower-middle", "low" or "" when unclassified
	LeastDeveloped bool        `json:"least_developed"` // on the UN list of least developed countries
	Development    Development `json:"development"`     // derived: least-developed, else developed when high income, else developing
}

// DeriveDevelopment applies the format's rule: on the UN list of least
// developed countries means least-developed; World Bank high income means
// developed; anything else is developing.
func DeriveDevelopment(incomeGroup string, leastDeveloped bool) Development {
	switch {
	case leastDeveloped:
		return LeastDeveloped
	case incomeGroup == "high":
		return Developed
	default:
		return Developing
	}
}

// Countries is the country table, indexed by alpha-2 code.
type Countries struct {
	List  []Country // sorted by Alpha2
	index map[string]int
}

// NewCountries indexes a country table; codes are upper-cased.
func NewCountries(list []Country) *Countries {
	cs := &Countries{List: append([]Country(nil), list...), index: make(map[string]int, len(list))}
	sort.Slice(cs.List, func(i, j int) bool { return cs.List[i].Alpha2 < cs.List[j].Alpha2 })
	for i := range cs.List {
		cs.List[i].Alpha2 = strings.ToUpper(cs.List[i].Alpha2)
		cs.index[cs.List[i].Alpha2] = i
	}
	return cs
}

// Lookup returns the country with alpha-2 code cc, in any case.
func (cs *Countries) Lookup(cc string) (Country, bool) {
	i, ok := cs.index[strings.ToUpper(cc)]
	if !ok {
		return Country{}, false
	}
	return cs.List[i], true
}

// Closest suggests known alpha-2 codes for an unknown code cc: the code whose
// alpha-3 or name starts with cc, then codes one letter away.
func (cs *Countries) Closest(cc string) []string {
	u := strings.ToUpper(cc)
	var out []string
	for _, c := range cs.List {
		if c.Alpha3 == u || strings.EqualFold(c.Name, cc) {
			return []string{c.Alpha2}
		}
	}
	if len(u) == 2 {
		for _, c := range cs.List {
			if Levenshtein(c.Alpha2, u) == 1 && (c.Alpha2[0] == u[0]) {
				out = append(out, c.Alpha2)
			}
		}
	}
	if len(out) > 5 {
		out = out[:5]
	}
	return out
}

// Reference is the set of tables a document is validated against.
type Reference struct {
	Topics    *Taxonomy  // nil skips topic checks
	Countries *Countries // nil skips country checks
}
