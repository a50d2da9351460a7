package render

import (
	"fmt"
	"strings"

	"github.com/c2cnet/c2c/store"
)

// ImportSummary sums up an import of n inputs with options opts in one
// line: what it added, replaced and removed, or would have with --dry-run.
func ImportSummary(n int, opts store.ImportOptions, res store.ImportResult) string {
	verb := "imported"
	if opts.Replace {
		verb = "replaced the database with"
	}
	if opts.DryRun {
		verb = "would have " + verb
	}
	summary := fmt.Sprintf("%s %s: %s added, %s replaced", verb, Plural(n, "input"), Plural(res.Added, "member"), Plural(res.Replaced, "member"))
	if opts.Replace {
		summary += fmt.Sprintf(", %s removed", Plural(res.Removed, "member"))
	}
	summary += fmt.Sprintf(", %s, %s", Plural(res.Exchanges, "exchange"), Plural(res.Rules, "rule"))
	if opts.Replace {
		summary += fmt.Sprintf(" (%s and %s removed)", Plural(res.RemovedExchanges, "exchange"), Plural(res.RemovedRules, "rule"))
	}
	return summary
}

// ImportPlan is what c2c import --dry-run prints: the summary, a line per
// member with its change and what a replaced member loses, and that nothing
// was changed.
func ImportPlan(n int, opts store.ImportOptions, res store.ImportResult) string {
	var b strings.Builder
	b.WriteString(ImportSummary(n, opts, res) + "\n")
	for _, mc := range res.Members {
		line := mc.City
		if loss := MemberLoss(mc); loss != "" {
			line += ": " + loss
		}
		fmt.Fprintf(&b, "  %-9s %s\n", mc.Change, line)
	}
	b.WriteString("nothing was changed (--dry-run)\n")
	return b.String()
}

// MemberLoss says what a replaced member loses: "challenges 4 → 0,
// capacities 2 → 1; location left out", or "" when nothing.
func MemberLoss(mc store.MemberChange) string {
	var parts []string
	for _, l := range mc.Shrunk {
		parts = append(parts, fmt.Sprintf("%s %d → %d", l.List, l.Before, l.After))
	}
	s := strings.Join(parts, ", ")
	if len(mc.Lost) > 0 {
		if s != "" {
			s += "; "
		}
		s += strings.Join(mc.Lost, ", ") + " left out"
	}
	return s
}
