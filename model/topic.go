package model

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Topic is one entry of the taxonomy of urban challenges.
type Topic struct {
	ID      string   `json:"id"`      // stable identifier, such as "brt"
	Label   string   `json:"label"`   // display label, such as "Bus rapid transit"
	Sector  string   `json:"sector"`  // sector id, such as "transport"
	Phrases []string `json:"phrases"` // words and phrases that signal the topic in free text, lower case
}

// Sector is a group of related topics.
type Sector struct {
	ID    string `json:"id"`    // stable identifier, such as "transport"
	Label string `json:"label"` // display label, such as "Transport and mobility"
}

// Taxonomy is the ordered set of topics documents may refer to.
type Taxonomy struct {
	Sectors []Sector // in display order
	Topics  []Topic  // in display order
	index   map[string]int
}

var topicIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// NewTaxonomy checks the sectors and topics and indexes them: ids unique and
// well formed, every topic in a known sector with a label and at least one
// phrase.
func NewTaxonomy(sectors []Sector, topics []Topic) (*Taxonomy, error) {
	var errs Errors
	sec := map[string]bool{}
	for i, s := range sectors {
		if !topicIDPattern.MatchString(s.ID) || sec[s.ID] {
			errs.Add("", indexKey("sectors", i), "bad or duplicate sector id %q", s.ID)
		}
		sec[s.ID] = true
	}
	t := &Taxonomy{Sectors: sectors, Topics: topics, index: make(map[string]int, len(topics))}
	for i, tp := range topics {
		k := indexKey("topics", i)
		if !topicIDPattern.MatchString(tp.ID) {
			errs.Add("", k+".id", "bad topic id %q", tp.ID)
		}
		if _, dup := t.index[tp.ID]; dup {
			errs.Add("", k+".id", "duplicate topic id %q", tp.ID)
		}
		t.index[tp.ID] = i
		if !sec[tp.Sector] {
			errs.Add("", k+".sector", "topic %q: unknown sector %q", tp.ID, tp.Sector)
		}
		if tp.Label == "" || len(tp.Phrases) == 0 {
			errs.Add("", k, "topic %q needs a label and at least one phrase", tp.ID)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, fmt.Errorf("taxonomy: %w", err)
	}
	return t, nil
}

// Lookup returns the topic with the given id.
func (t *Taxonomy) Lookup(id string) (Topic, bool) {
	i, ok := t.index[id]
	if !ok {
		return Topic{}, false
	}
	return t.Topics[i], true
}

// Index returns the position of topic id in Topics, or -1.
func (t *Taxonomy) Index(id string) int {
	i, ok := t.index[id]
	if !ok {
		return -1
	}
	return i
}

// SectorLabel returns the label of sector id, or id itself when unknown.
func (t *Taxonomy) SectorLabel(id string) string {
	for _, s := range t.Sectors {
		if s.ID == id {
			return s.Label
		}
	}
	return id
}

// CheckSector returns an EINVALID error keyed "sector" when sector is not
// the id of one of t's sectors: it names the closest sector ids, or every
// one when none is close.
func (t *Taxonomy) CheckSector(sector string) error {
	ids := make([]string, len(t.Sectors))
	for i, s := range t.Sectors {
		if s.ID == sector {
			return nil
		}
		ids[i] = s.ID
	}
	if s := closest(sector, ids, 3); len(s) > 0 {
		return &Error{Code: EINVALID, Key: "sector", Message: fmt.Sprintf("unknown sector %q: did you mean %s?", sector, strings.Join(s, ", "))}
	}
	return &Error{Code: EINVALID, Key: "sector", Message: fmt.Sprintf("unknown sector %q: expected one of %s", sector, strings.Join(ids, ", "))}
}

// Closest returns up to n known topic ids nearest to id by edit distance,
// nearest first, ties by id; ids sharing a word with id are preferred.
func (t *Taxonomy) Closest(id string, n int) []string {
	ids := make([]string, len(t.Topics))
	for i, tp := range t.Topics {
		ids[i] = tp.ID
	}
	return closest(id, ids, n)
}

// closest ranks candidates by edit distance to s, keeping only plausible
// ones (distance at most half the longer length, or a shared word).
func closest(s string, candidates []string, n int) []string {
	type scored struct {
		id string
		d  int
	}
	s = strings.ToLower(s)
	var out []scored
	for _, c := range candidates {
		d := Levenshtein(s, c)
		if strings.Contains(c, s) || strings.Contains(s, c) || sharesWord(s, c) {
			d -= len(s) / 2
		}
		if d <= max(len(s), len(c))/2 {
			out = append(out, scored{c, d})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].d != out[j].d {
			return out[i].d < out[j].d
		}
		return out[i].id < out[j].id
	})
	ids := []string{}
	for i := 0; i < len(out) && i < n; i++ {
		ids = append(ids, out[i].id)
	}
	return ids
}

func sharesWord(a, b string) bool {
	for _, w := range strings.FieldsFunc(a, isSep) {
		if len(w) < 3 {
			continue
		}
		for _, v := range strings.FieldsFunc(b, isSep) {
			if w == v {
				return true
			}
		}
	}
	return false
}

func isSep(r rune) bool { return r == '-' || r == '_' || r == ' ' }

// Levenshtein returns the edit distance between a and b in runes.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Closest suggests up to n known city ids near id, for "unknown city"
// messages.
func ClosestIDs(id string, known []string, n int) []string { return closest(id, known, n) }

// DidYouMean returns ": did you mean "a", "b"?" with up to three of the
// known ids closest to id, or "" when none is close: the one suggestion
// every "unknown city" message of c2c ends with.
func DidYouMean(id string, known []string) string {
	s := closest(id, known, 3)
	if len(s) == 0 {
		return ""
	}
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return ": did you mean " + strings.Join(q, ", ") + "?"
}

// UnknownCity returns the ENOTFOUND error for the city id that is not
// among known, in a role such as "city", "beneficiary" or "resource":
// `unknown beneficiary "palembamg": did you mean "palembang"?`, or, when
// no id is close, the message ends with otherwise (such as ": see c2c
// cities for the members").
func UnknownCity(role, id string, known []string, otherwise string) *Error {
	hint := DidYouMean(id, known)
	if hint == "" {
		hint = otherwise
	}
	return &Error{Code: ENOTFOUND, City: id, Message: fmt.Sprintf("unknown %s %q%s", role, id, hint)}
}

func indexKey(key string, i int) string { return fmt.Sprintf("%s[%d]", key, i) }
