package main

import (
	"fmt"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/match"
)

// evaluateCommand measures the engine on the store's own recorded exchanges.
func (m *Main) evaluateCommand() *cli.Command {
	formats := formatFlag{FormatTable, FormatJSON, FormatMarkdown}
	return &cli.Command{
		Name:      "evaluate",
		Usage:     "measure the engine on the network's own recorded exchanges (leave-one-out)",
		UsageText: "c2c evaluate [--format table|json|markdown] [--weights W] [--weights-file F] [--prefer new|continue] [--year Y]",
		Description: `Answers "how good is this engine on our own history?". For every recorded
exchange and each of its beneficiaries, the exchange is taken out of the
history (so neither its evidence, its words nor its continuity can help), the
history part is switched off and the quota too, and the rank of the real
resource among all qualified candidates is read. Prints hit@1, hit@3, hit@5,
the mean reciprocal rank (MRR) and the rank of every real partner, under the
weights given.

Examples:
   c2c evaluate
   c2c evaluate --weights text=0.4,need=0.15 --format json`,
		Flags: append([]cli.Flag{formats.Flag()}, engineFlags()...),
		Action: func(c *cli.Context) error {
			if _, err := arguments(c); err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			p, err := parameters(c)
			if err != nil {
				return err
			}
			db, err := m.Store(c.Context)
			if err != nil {
				return err
			}
			doc, err := db.Document(c.Context)
			if err != nil {
				return fmt.Errorf("load profiles: %w", err)
			}
			ev, err := match.Evaluate(c.Context, doc, m.Ref, profile.Inferrer(m.Ref.Topics), referenceYear(c), p)
			if err != nil {
				return err
			}
			return m.write(format, ev, evaluationReport(ev))
		},
	}
}

// evaluationReport shows the measures, then every case.
func evaluationReport(ev *match.Evaluation) Report {
	pct := func(k int) string {
		if ev.N == 0 {
			return "–"
		}
		return fmt.Sprintf("%d/%d = %.0f%%", k, ev.N, 100*float64(k)/float64(ev.N))
	}
	r := Report{
		Title: "Leave-one-out on the recorded exchanges",
		Fields: []Field{
			{"Cases", strconv.Itoa(ev.N)},
			{"hit@1", pct(ev.Hit1)},
			{"hit@3", pct(ev.Hit3)},
			{"hit@5", pct(ev.Hit5)},
			{"MRR", f4(ev.MRR)},
			{"Weights", weightsShort(ev.Weights)},
		},
	}
	t := Table{
		Title:   "The real partner's rank for each recorded exchange",
		Columns: []Column{{Name: "BENEFICIARY", Keep: true}, {Name: "RESOURCE", Keep: true}, {Name: "YEAR", Right: true}, {Name: "RANK", Right: true}, {Name: "OF", Right: true}, {Name: "NOTE", Wrap: true}},
		Empty:   "no recorded exchanges to measure: record exchanges (c2c import) first",
	}
	for _, cs := range ev.Cases {
		rank, year := "–", ""
		if cs.Rank > 0 {
			rank = strconv.Itoa(cs.Rank)
		}
		if cs.Year > 0 {
			year = strconv.Itoa(cs.Year)
		}
		t.Rows = append(t.Rows, []string{cs.Beneficiary, cs.Resource, year, rank, strconv.Itoa(cs.Candidates), cs.Reason})
	}
	r.Tables = append(r.Tables, t)
	return r
}
