package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
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

// cityCommand shows one member's whole profile.
func (m *Main) cityCommand() *cli.Command {
	formats := formatFlag{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
	return &cli.Command{
		Name:      "city",
		Usage:     "show a member's profile: needs, offers, practices, exchange history and rules",
		ArgsUsage: "ID",
		UsageText: "c2c city [--format FORMAT] ID",
		Description: `Shows everything known about one member: what it needs (with severity 1-5),
what it offers (with level 1-5), its tested practices, the exchanges it took
part in and the secretariat's rules on it. c2c cities lists the ids.

Examples:
   c2c city palembang
   c2c city yokohama --format markdown > yokohama.md`,
		Flags: []cli.Flag{formats.Flag()},
		Action: func(c *cli.Context) error {
			args, err := arguments(c)
			if err != nil {
				return err
			}
			if len(args) != 1 {
				return usagef(c, "expected one city id, got %d arguments", len(args))
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			doc, err := m.Document(c.Context)
			if err != nil {
				return err
			}
			p, err := profile.Of(doc, m.Ref, args[0])
			if err != nil {
				return err
			}
			return m.write(format, p, m.profileReport(p))
		},
	}
}

// profileReport lays out a profile for reading.
func (m *Main) profileReport(p *profile.Profile) render.Report {
	c := &p.City
	r := render.Report{Title: fmt.Sprintf("%s (%s)", c.Name, c.ID)}
	country := c.Country
	if co, ok := m.Ref.Countries.Lookup(c.Country); ok {
		country = fmt.Sprintf("%s (%s)", co.Name, co.Alpha2)
	}
	field := func(name, value string) {
		if value != "" {
			r.Fields = append(r.Fields, render.Field{Name: name, Value: value})
		}
	}
	field("Country", country)
	field("Kind", string(c.EffectiveKind()))
	field("Development", string(c.Development))
	if c.Population > 0 {
		field("Population", render.GroupDigits(c.Population))
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

	needs := render.Table{Title: "Needs", Empty: "no challenges recorded",
		Columns: []render.Column{{Name: "TOPIC", Wrap: true}, {Name: "SEVERITY", Right: true}, {Name: "TEXT", Wrap: true}}}
	for i, ch := range c.Challenges {
		topic := m.topicText(ch.Topic)
		if ch.Topic == "" {
			topic = inferredText(p.Inferred[fmt.Sprintf("challenges[%d]", i)])
		}
		needs.Rows = append(needs.Rows, []string{topic, strconv.Itoa(ch.Strength()), ch.Text})
	}
	offers := render.Table{Title: "Offers", Empty: "no capacities recorded",
		Columns: []render.Column{{Name: "TOPIC", Wrap: true}, {Name: "LEVEL", Right: true}, {Name: "TEXT", Wrap: true}}}
	for i, ca := range c.Capacities {
		topic := m.topicText(ca.Topic)
		if ca.Topic == "" {
			topic = inferredText(p.Inferred[fmt.Sprintf("capacities[%d]", i)])
		}
		offers.Rows = append(offers.Rows, []string{topic, strconv.Itoa(ca.Strength()), ca.Text})
	}
	practices := render.Table{Title: "Practices", Empty: "no practices recorded",
		Columns: []render.Column{{Name: "TITLE", Wrap: true}, {Name: "TOPICS", Wrap: true}, {Name: "SINCE", Right: true}, {Name: "COST"}, {Name: "OUTCOMES", Wrap: true}}}
	for i, pr := range c.Practices {
		topics := strings.Join(pr.Topics, ", ")
		if len(pr.Topics) == 0 {
			topics = inferredText(p.Inferred[fmt.Sprintf("practices[%d]", i)])
		}
		practices.Rows = append(practices.Rows, []string{pr.Title, topics, yearText(pr.Since), string(pr.Cost), pr.Outcomes})
	}
	history := render.Table{Title: "History", Empty: "no exchanges recorded",
		Columns: []render.Column{{Name: "YEAR", Right: true}, {Name: "ROLE"}, {Name: "PARTNERS", Wrap: true}, {Name: "TOPIC"}, {Name: "STAGE"}, {Name: "OUTCOME", Wrap: true}}}
	for _, e := range p.Exchanges {
		role, partners := "resource", strings.Join(e.Beneficiaries, ", ")
		if e.Resource != c.ID {
			role, partners = "beneficiary", e.Resource
		}
		history.Rows = append(history.Rows, []string{yearText(e.Year), role, partners, e.Topic, string(e.Stage), e.Outcome})
	}
	rules := render.Table{Title: "Rules", Empty: "no rules",
		Columns: []render.Column{{Name: "RULE"}, {Name: "BENEFICIARY"}, {Name: "RESOURCE"}, {Name: "BY"}, {Name: "DATE"}, {Name: "WHY", Wrap: true}}}
	for _, ru := range p.Rules {
		date := ""
		if !ru.Created.IsZero() {
			date = ru.Created.Format(time.DateOnly)
		}
		rules.Rows = append(rules.Rows, []string{string(ru.Rule), ru.Beneficiary, ru.Resource, ru.By, date, ru.Why})
	}
	r.Tables = []render.Table{needs, offers, practices, history, rules}
	return r
}

// topicText shows a topic id with its label, or says that the topic is
// left to be inferred from the text.
func (m *Main) topicText(id string) string {
	if id == "" {
		return "(from text)"
	}
	if t, ok := m.Ref.Topics.Lookup(id); ok {
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
