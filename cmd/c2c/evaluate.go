package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// evaluateCommand measures the engine on the store's own recorded exchanges.
func (m *Main) evaluateCommand() *cli.Command {
	formats := cmdline.Formats{render.FormatTable, render.FormatJSON, render.FormatMarkdown}
	return &cli.Command{
		Name:      "evaluate",
		Usage:     "measure the engine on the network's own recorded exchanges (leave-one-out)",
		UsageText: "c2c evaluate [--fit [--folds K] [--weights-out FILE]] [--format table|json|markdown] [--weights W] [--weights-file F] [--year Y]",
		Description: `Answers "how good is this engine on our own history?". For every recorded
exchange and each of its beneficiaries, the exchange is taken out of the
history (so neither its evidence, its words nor its continuity can help), the
history part is switched off and the quota too, and the rank of the real
resource among all qualified candidates is read. Prints hit@1, hit@3, hit@5,
the mean reciprocal rank (MRR) and the rank of every real partner, under the
weights given.

--fit searches the weights that rank the real partners highest: it maximises
a smooth mean reciprocal rank, 1/N Σ 1/(1 + Σ_j σ((s_j − s_real)/τ)) with
τ = 0.02, over weights that are non-negative and sum to 1 (Nelder–Mead from
the weights given, equal weights and six more starts; deterministic). History
cannot be measured this way and keeps its share. It prints, per fold of a
K-fold cross-validation and pooled, recall@5 and MRR of the held-out cases
under the start weights and under weights fitted on the other folds only, so
that you see whether the fit carries over. It refuses with fewer than 12
cases whose real partner qualifies among others, and warns under 30.
--weights-out writes the weights fitted on every case to FILE, which
--weights-file reads back (shortlist, batch, pair, evaluate).

Examples:
   c2c evaluate
   c2c evaluate --weights text=0.4,need=0.15 --format json
   c2c evaluate --fit --weights-out fitted.weights
   c2c shortlist palembang --weights-file fitted.weights`,
		Flags: append([]cli.Flag{
			formats.Flag(),
			&cli.BoolFlag{Name: "fit", Usage: "fit the part weights to the recorded exchanges and cross-validate the fit"},
			&cli.IntFlag{Name: "folds", Value: match.DefaultFolds, Usage: "with --fit: `K` of the K-fold cross-validation"},
			&cli.StringFlag{Name: "weights-out", Usage: "with --fit: write the fitted weights to `FILE` (the --weights-file format)", TakesFile: true},
		}, cmdline.EngineFlags()...),
		Action: func(c *cli.Context) error {
			if _, err := cmdline.Arguments(c); err != nil {
				return err
			}
			format, err := formats.Get(c)
			if err != nil {
				return err
			}
			if !c.Bool("fit") {
				for _, name := range []string{"folds", "weights-out"} {
					if c.IsSet(name) {
						return cmdline.Usagef(c, "--%s needs --fit", name)
					}
				}
			}
			p, err := cmdline.Parameters(c)
			if err != nil {
				return err
			}
			doc, err := m.Document(c.Context, "load profiles")
			if err != nil {
				return err
			}
			if c.Bool("fit") {
				return m.fit(c, format, doc, p)
			}
			ev, err := match.Evaluate(c.Context, doc, m.Ref, profile.Inferrer(m.Ref.Topics), p.Year, p)
			if err != nil {
				return err
			}
			return m.write(format, ev, render.EvaluationReport(ev))
		},
	}
}

// fit runs evaluate --fit: the fit, its report, and the weights file.
func (m *Main) fit(c *cli.Context, format render.Format, doc *model.Document, p model.Parameters) error {
	f, err := match.FitWeights(c.Context, doc, m.Ref, profile.Inferrer(m.Ref.Topics), p.Year, p, match.FitOptions{Folds: c.Int("folds")})
	if err != nil {
		return err
	}
	if out := c.String("weights-out"); out != "" {
		if err := store.WriteFileAtomic(out, func(w io.Writer) error { return render.WriteFittedWeights(w, f) }); err != nil {
			return fmt.Errorf("write the fitted weights: %w", err)
		}
		m.said("wrote the fitted weights to %s; use them with --weights-file %s", out, out)
	}
	return m.write(format, f, render.FitReport(f))
}
