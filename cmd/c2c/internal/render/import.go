package render

import (
	"fmt"
	"strings"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
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

// MaxLossNotes is how many members LossNotes names as having lost
// entries; the rest are counted.
const MaxLossNotes = 20

// LossNotes says, one note each, which members a real import replaced
// whole with shorter lists, and what they lost: the first MaxLossNotes
// by name, then how many more.
func LossNotes(res store.ImportResult) []string {
	var notes []string
	noted := 0
	for _, mc := range res.Members {
		loss := MemberLoss(mc)
		if loss == "" {
			continue
		}
		if noted++; noted <= MaxLossNotes {
			notes = append(notes, fmt.Sprintf("%s replaced whole: %s (c2c import --dry-run shows this before importing)", mc.City, loss))
		}
	}
	if noted > MaxLossNotes {
		notes = append(notes, fmt.Sprintf("and %s replaced whole with shorter lists (c2c import --dry-run lists them all)", Plural(noted-MaxLossNotes, "more member")))
	}
	return notes
}

// maxRemovedNamed is how many of the members it removes Removal names.
const maxRemovedNamed = 10

// Removal says what the import plan removes, for the question asked
// before it does: "2 members (dhaka, hanoi)", naming at most ten and
// counting the rest, then the exchanges and rules it removes, if any.
func Removal(plan store.ImportResult) string {
	removed := plan.RemovedCities()
	named := strings.Join(removed, ", ")
	if len(removed) > maxRemovedNamed {
		named = fmt.Sprintf("%s and %d more", strings.Join(removed[:maxRemovedNamed], ", "), len(removed)-maxRemovedNamed)
	}
	what := fmt.Sprintf("%s (%s)", Plural(len(removed), "member"), named)
	if plan.RemovedExchanges+plan.RemovedRules > 0 {
		what += fmt.Sprintf(", %s and %s", Plural(plan.RemovedExchanges, "exchange"), Plural(plan.RemovedRules, "rule"))
	}
	return what
}

// minNeedWords is the fewest content words a challenge should have for its
// text to be matched with confidence.
const minNeedWords = 3

// UnplacedWarnings says which challenges of inputs no topic of tax was
// found for (they are matched on their words alone, and count in no
// sector) and which have too few words to match well: one warning each,
// naming the input, the city and the challenge, in input order. c2c import
// prints them after an import, the web application with its dry run.
func UnplacedWarnings(tax *model.Taxonomy, inputs []*store.Input) []string {
	in := profile.Inferrer(tax)
	var warnings []string
	for _, input := range inputs {
		for _, c := range input.Doc.Cities {
			for i, ch := range c.Challenges {
				if ch.Topic != "" {
					continue
				}
				key := fmt.Sprintf("challenges[%d]", i)
				switch words := len(text.Analyze(ch.Text)); {
				case words < minNeedWords:
					warnings = append(warnings, fmt.Sprintf("%s: city %s: %s %q has only %s to match on: say more about the problem",
						input.File, c.ID, key, ch.Text, Plural(words, "content word")))
				case len(in.Infer(ch.Text)) == 0:
					warnings = append(warnings, fmt.Sprintf("%s: city %s: %s %q is on no topic of the taxonomy: it is matched on its words alone, and counts in no sector",
						input.File, c.ID, key, ch.Text))
				}
			}
		}
	}
	return warnings
}
