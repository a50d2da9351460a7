package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/model"
)

// inferredText shows the topics inferred for an entry: "from text:
// urban-flooding 0.36 (flood, rain)", or that none was found.
func inferredText(ts []profile.InferredTopic) string {
	if len(ts) == 0 {
		return "(from text: no topic; matched on its words alone)"
	}
	var parts []string
	for _, t := range ts {
		parts = append(parts, fmt.Sprintf("%s %.2f (%s)", t.Topic, t.Strength, strings.Join(t.Evidence, ", ")))
	}
	return "from text: " + strings.Join(parts, "; ")
}

// ProfileReport lays out a profile for reading; ref names its country
// and topics.
func ProfileReport(ref model.Reference, p *profile.Profile) Report {
	c := &p.City
	r := Report{Title: fmt.Sprintf("%s (%s)", c.Name, c.ID)}
	country := c.Country
	if co, ok := ref.Countries.Lookup(c.Country); ok {
		country = fmt.Sprintf("%s (%s)", co.Name, co.Alpha2)
	}
	field := func(name, value string) {
		if value != "" {
			r.Fields = append(r.Fields, Field{Name: name, Value: value})
		}
	}
	field("Country", country)
	field("Kind", string(c.EffectiveKind()))
	field("Development", string(c.Development))
	if c.Population > 0 {
		field("Population", GroupDigits(c.Population))
	}
	if l := c.Location; l != nil {
		field("Location", fmt.Sprintf("%.4f, %.4f", l.Lat, l.Lon))
	}
	field("Languages", strings.Join(c.Languages, ", "))
	hosting := fmt.Sprintf("up to %d beneficiaries per pairing cycle", c.EffectiveHosting())
	if c.Hosting == nil {
		hosting += " (default)"
	}
	field("Hosting", hosting)
	field("Commitment", commitmentText(c.Commitment))

	needs := Table{Title: "Needs", Empty: "no challenges recorded",
		Columns: []Column{{Name: "TOPIC", Wrap: true}, {Name: "SEVERITY", Right: true}, {Name: "TEXT", Wrap: true}}}
	for i, ch := range c.Challenges {
		topic := entryTopic(ref, p, "challenges", i, ch.Topic)
		needs.Rows = append(needs.Rows, []string{topic, strconv.Itoa(ch.Strength()), ch.Text})
	}
	offers := Table{Title: "Offers", Empty: "no capacities recorded",
		Columns: []Column{{Name: "TOPIC", Wrap: true}, {Name: "LEVEL", Right: true}, {Name: "TEXT", Wrap: true}}}
	for i, ca := range c.Capacities {
		topic := entryTopic(ref, p, "capacities", i, ca.Topic)
		offers.Rows = append(offers.Rows, []string{topic, strconv.Itoa(ca.Strength()), ca.Text})
	}
	practices := Table{Title: "Practices", Empty: "no practices recorded",
		Columns: []Column{{Name: "TITLE", Wrap: true}, {Name: "TOPICS", Wrap: true}, {Name: "SINCE", Right: true}, {Name: "COST"}, {Name: "OUTCOMES", Wrap: true}}}
	for i, pr := range c.Practices {
		topics := strings.Join(pr.Topics, ", ")
		if len(pr.Topics) == 0 {
			topics = inferredText(p.Inferred[fmt.Sprintf("practices[%d]", i)])
		}
		practices.Rows = append(practices.Rows, []string{pr.Title, topics, yearText(pr.Since), string(pr.Cost), pr.Outcomes})
	}
	history := Table{Title: "History", Empty: "no exchanges recorded",
		Columns: []Column{{Name: "YEAR", Right: true}, {Name: "ROLE"}, {Name: "PARTNERS", Wrap: true}, {Name: "TOPIC"}, {Name: "STAGE"}, {Name: "OUTCOME", Wrap: true}}}
	for _, e := range p.Exchanges {
		role, partners := "resource", strings.Join(e.Beneficiaries, ", ")
		if e.Resource != c.ID {
			role, partners = "beneficiary", e.Resource
		}
		history.Rows = append(history.Rows, []string{yearText(e.Year), role, partners, e.Topic, string(e.Stage), e.Outcome})
	}
	rules := Table{Title: "Rules", Empty: "no rules",
		Columns: []Column{{Name: "RULE"}, {Name: "BENEFICIARY"}, {Name: "RESOURCE"}, {Name: "BY"}, {Name: "DATE"}, {Name: "WHY", Wrap: true}}}
	for _, ru := range p.Rules {
		date := ""
		if !ru.Created.IsZero() {
			date = ru.Created.Format(time.DateOnly)
		}
		rules.Rows = append(rules.Rows, []string{string(ru.Rule), ru.Beneficiary, ru.Resource, ru.By, date, ru.Why})
	}
	r.Tables = []Table{needs, offers, practices, history, rules}
	return r
}

// topicText shows a topic id with its label, or says that the topic is
// left to be inferred from the text.
func topicText(ref model.Reference, id string) string {
	if id == "" {
		return "(from text)"
	}
	if t, ok := ref.Topics.Lookup(id); ok {
		return fmt.Sprintf("%s (%s)", t.ID, t.Label)
	}
	return id
}

// commitmentText describes the recorded success factors.
func commitmentText(cm *model.Commitment) string {
	if cm == nil {
		return "not recorded"
	}
	var parts []string
	if cm.Political > 0 {
		parts = append(parts, fmt.Sprintf("political %d/5", cm.Political))
	}
	if cm.Community > 0 {
		parts = append(parts, fmt.Sprintf("community %d/5", cm.Community))
	}
	if cm.CostSharing {
		parts = append(parts, "shares costs")
	}
	if len(parts) == 0 {
		return "not recorded"
	}
	return strings.Join(parts, ", ")
}

// yearText formats a year, "" when unknown.
func yearText(year int) string {
	if year == 0 {
		return ""
	}
	return strconv.Itoa(year)
}

// entryTopic shows the topic of entry i of the list of profile p named
// list ("challenges" or "capacities"): its own topic with its label, or
// else the topics read from its text.
func entryTopic(ref model.Reference, p *profile.Profile, list string, i int, topic string) string {
	if topic == "" {
		return inferredText(p.Inferred[fmt.Sprintf("%s[%d]", list, i)])
	}
	return topicText(ref, topic)
}
