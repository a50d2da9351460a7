package batch

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/c2cnet/c2c/model"
)

// InputChanges says which inputs differ between two runs.
type InputChanges struct {
	CitiesAdded      []string `json:"cities_added"`   // city ids
	CitiesRemoved    []string `json:"cities_removed"` // city ids
	CitiesEdited     []string `json:"cities_edited"`  // city ids
	RulesAdded       []string `json:"rules_added"`    // "beneficiary/resource"
	RulesRemoved     []string `json:"rules_removed"`  // "beneficiary/resource"
	RulesEdited      []string `json:"rules_edited"`   // "beneficiary/resource"
	ExchangesChanged bool     `json:"exchanges_changed"`
}

// CompareInputs returns what changed from the inputs a to the inputs b,
// each list sorted and never nil.
func CompareInputs(a, b []model.InputDigest) InputChanges {
	ch := InputChanges{CitiesAdded: []string{}, CitiesRemoved: []string{}, CitiesEdited: []string{}, RulesAdded: []string{}, RulesRemoved: []string{}, RulesEdited: []string{}}
	old := make(map[string]string, len(a))
	for _, in := range a {
		old[in.Key] = in.Digest
	}
	seen := make(map[string]bool, len(b))
	type list struct {
		kind   model.InputKind
		change string
	}
	lists := map[list]*[]string{
		{model.InputCity, "added"}: &ch.CitiesAdded, {model.InputCity, "removed"}: &ch.CitiesRemoved, {model.InputCity, "edited"}: &ch.CitiesEdited,
		{model.InputRule, "added"}: &ch.RulesAdded, {model.InputRule, "removed"}: &ch.RulesRemoved, {model.InputRule, "edited"}: &ch.RulesEdited,
	}
	classify := func(key, change string) {
		k := model.ParseInputKey(key)
		if k.Kind == model.InputExchanges {
			ch.ExchangesChanged = true
			return
		}
		if l := lists[list{k.Kind, change}]; l != nil {
			*l = append(*l, k.Name)
		}
	}
	for _, in := range b {
		seen[in.Key] = true
		d, ok := old[in.Key]
		switch {
		case !ok:
			classify(in.Key, "added")
		case d != in.Digest:
			classify(in.Key, "edited")
		}
	}
	for _, in := range a {
		if !seen[in.Key] {
			classify(in.Key, "removed")
		}
	}
	for _, l := range [][]string{ch.CitiesAdded, ch.CitiesRemoved, ch.CitiesEdited, ch.RulesAdded, ch.RulesRemoved, ch.RulesEdited} {
		sort.Strings(l)
	}
	return ch
}

// None reports whether nothing changed.
func (ch InputChanges) None() bool {
	return len(ch.CitiesAdded)+len(ch.CitiesRemoved)+len(ch.CitiesEdited)+len(ch.RulesAdded)+len(ch.RulesRemoved)+len(ch.RulesEdited) == 0 && !ch.ExchangesChanged
}

// listedChanges is how many ids of one kind of change String names; it
// counts the others.
const listedChanges = 12

// String lists the changes in words, "none" for none.
func (ch InputChanges) String() string {
	var parts []string
	list := func(what string, ids []string) {
		if len(ids) == 0 {
			return
		}
		shown := ids
		more := ""
		if len(ids) > listedChanges {
			shown, more = ids[:listedChanges], fmt.Sprintf(" and %d more", len(ids)-listedChanges)
		}
		parts = append(parts, fmt.Sprintf("%s %s%s", what, strings.Join(shown, ", "), more))
	}
	list("cities added:", ch.CitiesAdded)
	list("cities removed:", ch.CitiesRemoved)
	list("cities edited:", ch.CitiesEdited)
	list("rules added:", ch.RulesAdded)
	list("rules removed:", ch.RulesRemoved)
	list("rules changed:", ch.RulesEdited)
	if ch.ExchangesChanged {
		parts = append(parts, "exchange history changed")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

// canonicalParameters returns the parameters of a batch as they are stored
// now, each value once, whatever form the run stored them in; anything
// that is not a batch's parameters is returned as it is.
func canonicalParameters(raw json.RawMessage) json.RawMessage {
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil || keys["shortlists"] == nil || keys["pairing"] == nil {
		return raw
	}
	var p Parameters
	if json.Unmarshal(raw, &p) != nil {
		return raw
	}
	b, err := json.Marshal(p)
	if err != nil {
		return raw
	}
	return b
}

// CompareParameters lists the parameters that differ between the stored
// parameters a and b (JSON objects), as "key: a → b" with dotted keys,
// sorted; "(none)" stands for a value one side lacks. It never returns nil.
func CompareParameters(a, b json.RawMessage) []string {
	fa, fb := map[string]string{}, map[string]string{}
	flattenJSON(canonicalParameters(a), fa)
	flattenJSON(canonicalParameters(b), fb)
	keys := map[string]bool{}
	for k := range fa {
		keys[k] = true
	}
	for k := range fb {
		keys[k] = true
	}
	out := []string{}
	for k := range keys {
		if fa[k] != fb[k] {
			out = append(out, fmt.Sprintf("%s: %s → %s", k, OrNone(fa[k]), OrNone(fb[k])))
		}
	}
	sort.Strings(out)
	return out
}

// OrNone returns s, or "(none)" when s is empty.
func OrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// flattenJSON records every leaf of the JSON object raw under its dotted
// path; raw that is not JSON records nothing.
func flattenJSON(raw json.RawMessage, into map[string]string) {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return
	}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				walk(key, val)
			}
		default:
			b, _ := json.Marshal(x)
			into[prefix] = string(b)
		}
	}
	walk("", v)
}
