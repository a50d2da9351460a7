package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/model"
)

// CitiesTable is the listing of cities: one row per city with the topics
// it needs and offers. For reading (table, markdown) numbers are rounded
// and the topic lists wrap; for CSV every value is whole.
func CitiesTable(cities []model.City, format Format) Table {
	t := Table{
		Columns: []Column{{Name: "ID", Keep: true}, {Name: "NAME"}, {Name: "CC"}, {Name: "DEV"},
			{Name: "POP.", Right: true}, {Name: "NEEDS"}, {Name: "OFFERS"}},
		Empty: "no members match",
	}
	if format == FormatCSV {
		t.Columns = []Column{{Name: "id"}, {Name: "name"}, {Name: "country"}, {Name: "kind"}, {Name: "development"},
			{Name: "population", Right: true}, {Name: "needs"}, {Name: "offers"}}
	}
	for _, c := range cities {
		var needs, offers []string
		for _, ch := range c.Challenges {
			needs = append(needs, ch.Topic)
		}
		for _, ca := range c.Capacities {
			offers = append(offers, ca.Topic)
		}
		for _, p := range c.Practices {
			offers = append(offers, p.Topics...)
		}
		if format == FormatCSV {
			pop := ""
			if c.Population > 0 {
				pop = strconv.FormatInt(c.Population, 10)
			}
			t.Rows = append(t.Rows, []string{c.ID, c.Name, c.Country, string(c.EffectiveKind()), string(c.Development),
				pop, topicList(needs), topicList(offers)})
			continue
		}
		name := c.Name
		if k := c.EffectiveKind(); k != model.KindCity {
			name += " [" + string(k) + "]"
		}
		t.Rows = append(t.Rows, []string{c.ID, name, c.Country, DevShort(c.Development),
			RoundedCount(c.Population), topicList(needs), topicList(offers)})
	}
	return t
}

// topicList joins distinct topic ids in first-seen order; entries without
// a topic (their topic is in their text) are counted at the end.
func topicList(topics []string) string {
	seen := map[string]bool{}
	var out []string
	untagged := 0
	for _, t := range topics {
		switch {
		case t == "":
			untagged++
		case !seen[t]:
			seen[t] = true
			out = append(out, t)
		}
	}
	if untagged > 0 {
		out = append(out, fmt.Sprintf("+%d untagged", untagged))
	}
	return strings.Join(out, ", ")
}
