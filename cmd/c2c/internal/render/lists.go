package render

import (
	"strconv"
	"strings"
	"time"

	"github.com/c2cnet/c2c/model"
)

// AuditTable lists the audit log entries, oldest first as given: number,
// time (RFC 3339, UTC), account, action, target and detail.
func AuditTable(entries []model.AuditEntry) Table {
	t := Table{Columns: []Column{{Name: "#", Right: true}, {Name: "TIME"}, {Name: "ACCOUNT"}, {Name: "ACTION"}, {Name: "TARGET"}, {Name: "DETAIL", Wrap: true}},
		Empty: "nothing recorded"}
	for _, e := range entries {
		t.Rows = append(t.Rows, []string{strconv.FormatInt(e.Seq, 10), e.Time.UTC().Format(time.RFC3339), e.User, e.Action, e.Target, e.Detail})
	}
	return t
}

// RulesTable lists the secretariat's rules: the pair, the rule, who made
// it, when (RFC 3339, empty when not recorded) and why.
func RulesTable(rules []model.Rule) Table {
	t := Table{Columns: []Column{{Name: "BENEFICIARY"}, {Name: "RESOURCE"}, {Name: "RULE"}, {Name: "BY"}, {Name: "CREATED"}, {Name: "WHY", Wrap: true}}, Empty: "no rules"}
	for _, r := range rules {
		created := ""
		if !r.Created.IsZero() {
			created = r.Created.Format(time.RFC3339)
		}
		t.Rows = append(t.Rows, []string{r.Beneficiary, r.Resource, string(r.Rule), r.By, created, r.Why})
	}
	return t
}

// TopicsTable lists topics of the taxonomy: id, sector, label and the
// phrases that signal the topic in free text.
func TopicsTable(topics []model.Topic) Table {
	t := Table{
		Columns: []Column{{Name: "ID", Keep: true}, {Name: "SECTOR"}, {Name: "LABEL"}, {Name: "PHRASES", Wrap: true}},
		Empty:   "no topics",
	}
	for _, tp := range topics {
		t.Rows = append(t.Rows, []string{tp.ID, tp.Sector, tp.Label, strings.Join(tp.Phrases, "; ")})
	}
	return t
}
