package match

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"

	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
)

// Fitting bounds and defaults.
const (
	// MinFitCases is the fewest informative cases (the real partner
	// qualifies and competes with at least one other candidate) that
	// FitWeights accepts: two per free weight. With fewer it refuses.
	MinFitCases = 12
	// FitWarnCases is the number of informative cases under which
	// FitWeights warns that the fitted weights may not carry over.
	FitWarnCases = 30
	// DefaultFolds is k of the k-fold cross-validation.
	DefaultFolds = 5
	// DefaultTemperature is τ of the smooth rank: a score gap of τ counts
	// as 0.73 of a place.
	DefaultTemperature = 0.02
)

// FitOptions are the choices of a weight fit.
type FitOptions struct {
	Folds       int     `json:"folds"`       // k of the k-fold cross-validation, 2..informative cases; 0 for DefaultFolds
	Temperature float64 `json:"temperature"` // τ of the smooth rank, > 0; 0 for DefaultTemperature
}

// Measures are the ranking measures of one set of cases under one set of
// weights.
type Measures struct {
	N       int     `json:"n"`       // cases
	Hit5    int     `json:"hit5"`    // cases whose real partner ranks in the top 5
	Recall5 float64 `json:"recall5"` // Hit5 / N
	MRR     float64 `json:"mrr"`     // mean reciprocal rank, 0 for a case that does not qualify
}

// FitFold is one fold of the cross-validation: weights fitted on the other
// folds, measured on this one.
type FitFold struct {
	Fold    int           `json:"fold"`    // 1-based
	Train   int           `json:"train"`   // cases fitted on
	Test    int           `json:"test"`    // cases measured
	Before  Measures      `json:"before"`  // the test cases under the start weights
	After   Measures      `json:"after"`   // the test cases under Weights
	Weights model.Weights `json:"weights"` // fitted on the other folds
}

// Fit is the outcome of FitWeights.
type Fit struct {
	Options     FitOptions    `json:"options"`
	Start       model.Weights `json:"start"`       // the weights the fit starts from, normalised
	Weights     model.Weights `json:"weights"`     // fitted on every case; History kept as in Start
	Cases       int           `json:"cases"`       // every case measured
	Informative int           `json:"informative"` // cases whose rank the weights can change
	// Objective is the smooth MRR of every case under Start and under
	// Weights (the training objective; Fitted ≥ Start always).
	Objective struct {
		Start  float64 `json:"start"`
		Fitted float64 `json:"fitted"`
	} `json:"objective"`
	TrainBefore Measures  `json:"train_before"` // every case under Start
	TrainAfter  Measures  `json:"train_after"`  // every case under Weights (in-sample: optimistic)
	Folds       []FitFold `json:"folds"`
	CVBefore    Measures  `json:"cv_before"` // the held-out folds pooled, under Start
	CVAfter     Measures  `json:"cv_after"`  // the held-out folds pooled, each under the weights fitted without it
	Warnings    []string  `json:"warnings,omitempty"`
}

// FitWeights searches the part weights that rank the real partners of
// doc's recorded exchanges highest, measured as Evaluate measures them
// (leave-one-out, the history part and the quota off), starting from
// p.Weights, and reports by k-fold cross-validation whether the fit
// carries over to cases it has not seen.
//
// The weights w of the six parts other than history are the softmax of
// free parameters θ, so that they are non-negative and sum to 1:
//
//	w_p = exp(θ_p) / Σ_q exp(θ_q)
//
// and the fit maximises the smooth mean reciprocal rank over the cases c
// (real partner r_c, qualified candidates j, score s_j = Σ_p w_p·part_p):
//
//	J(w) = 1/N · Σ_c 1 / (1 + Σ_{j≠r_c} σ((s_j − s_{r_c}) / τ))     σ(z) = 1/(1+e^−z)
//
// which tends to the MRR as τ → 0 (a case whose real partner does not
// qualify counts 0). J is maximised by Nelder–Mead (gonum/optimize) from
// several starts: p.Weights, equal weights, and p.Weights moved half-way
// towards each single part; the best is kept, and p.Weights when no start
// improves on it, so the fit never lowers J. Everything is deterministic.
//
// The history part cannot be measured (the exchange is taken out), so it
// keeps its share of p.Weights and the six others share the rest in the
// fitted proportions.
//
// Cross-validation deals case i to fold i mod k; each fold is measured
// under weights fitted on the other folds alone. FitWeights returns an
// EINVALID error with fewer than MinFitCases informative cases, and warns
// below FitWarnCases or when the cross-validated MRR falls.
func FitWeights(ctx context.Context, doc *model.Document, ref model.Reference, inf *text.Inferrer, year int, p model.Parameters, o FitOptions) (*Fit, error) {
	p, err := normalized(p, year)
	if err != nil {
		return nil, err
	}
	var cases []rankCase
	_, err = leaveOneOut(ctx, doc, ref, inf, year, p, func(e *Engine, c *EvaluationCase, q model.Parameters) {
		cases = append(cases, e.rankCase(c, q))
	})
	if err != nil {
		return nil, fmt.Errorf("fit weights: %w", err)
	}
	return fitCases(ctx, cases, p.Weights, o)
}

// rankCase is one leave-one-out case reduced to what its rank depends on:
// the parts of every qualified candidate, in city order (the tie-break),
// and which of them is the real partner.
type rankCase struct {
	x    [][nParts]float64
	real int // index in x, -1 when the real partner does not qualify
}

// rankCase scores every candidate of c's beneficiary under p, as
// Shortlist ranks them, and keeps the qualified ones.
func (e *Engine) rankCase(c *EvaluationCase, p model.Parameters) rankCase {
	rc := rankCase{real: -1}
	b, err := e.lookup(c.Beneficiary, "city")
	if err != nil {
		c.Reason = model.ErrorMessage(err)
		return rc
	}
	q, err := e.newQuery(b, &p)
	if err != nil {
		c.Reason = model.ErrorMessage(err)
		return rc
	}
	r, err := e.lookup(c.Resource, "resource")
	if err != nil {
		r = -1
	}
	s := newScratch(len(e.cities))
	e.scoreAll(q, s)
	for j := range e.cities {
		if why, _ := e.exclusion(q, j, s.need[j], s.cover[j]); why != "" {
			continue
		}
		if j == r {
			rc.real = len(rc.x)
		}
		rc.x = append(rc.x, s.parts(j))
	}
	c.Candidates = len(rc.x)
	if rc.real < 0 {
		c.Reason = notQualifiedReason
	}
	return rc
}

// score is w·x, summed in the order pairParts sums, so that ties break
// exactly as in a shortlist.
func score(w *[nParts]float64, x *[nParts]float64) float64 {
	return w[0]*x[0] + w[1]*x[1] + w[2]*x[2] + w[3]*x[3] + w[4]*x[4] + w[5]*x[5] + w[6]*x[6]
}

// rank is the real partner's 1-based rank under w, 0 when it does not
// qualify: ties break by city order, as in a shortlist.
func (rc *rankCase) rank(w *[nParts]float64) int {
	if rc.real < 0 {
		return 0
	}
	sr := score(w, &rc.x[rc.real])
	rank := 1
	for j := range rc.x {
		if sj := score(w, &rc.x[j]); sj > sr || (sj == sr && j < rc.real) {
			rank++
		}
	}
	return rank
}

// smoothRR is the smooth reciprocal rank of the real partner under w (see
// FitWeights), 0 when it does not qualify.
func (rc *rankCase) smoothRR(w *[nParts]float64, tau float64) float64 {
	if rc.real < 0 {
		return 0
	}
	sr := score(w, &rc.x[rc.real])
	r := 1.0
	for j := range rc.x {
		if j != rc.real {
			r += 1 / (1 + math.Exp((sr-score(w, &rc.x[j]))/tau))
		}
	}
	return 1 / r
}

// informative says whether the weights can change the case's rank.
func (rc *rankCase) informative() bool { return rc.real >= 0 && len(rc.x) > 1 }

// measure returns the measures of cases[idx] under w.
func measure(cases []rankCase, idx []int, w *[nParts]float64) Measures {
	m := Measures{N: len(idx)}
	for _, i := range idx {
		r := cases[i].rank(w)
		m.MRR += reciprocal(r)
		if r >= 1 && r <= 5 {
			m.Hit5++
		}
	}
	if m.N > 0 {
		m.MRR = round4(m.MRR / float64(m.N))
		m.Recall5 = round4(float64(m.Hit5) / float64(m.N))
	}
	return m
}

// objective is J(w) over cases[idx].
func objective(cases []rankCase, idx []int, w *[nParts]float64, tau float64) float64 {
	if len(idx) == 0 {
		return 0
	}
	var sum float64
	for _, i := range idx {
		sum += cases[i].smoothRR(w, tau)
	}
	return sum / float64(len(idx))
}

// freeParts are the parts whose weights are fitted: all but history.
var freeParts = [nParts - 1]model.PartID{model.PartNeed, model.PartReciprocity, model.PartContext, model.PartEvidence, model.PartFeasibility, model.PartText}

// minShare is the floor of a start weight before its logarithm is taken.
const minShare = 1e-6

// fitSettings bound each Nelder–Mead run.
func fitSettings() *optimize.Settings {
	return &optimize.Settings{
		FuncEvaluations: 3000,
		Converger:       &optimize.FunctionConverge{Absolute: 1e-9, Iterations: 200},
	}
}

// softmax maps θ to weights over the free parts (history 0).
func softmax(theta []float64) [nParts]float64 {
	hi := math.Inf(-1)
	for _, t := range theta {
		hi = max(hi, t)
	}
	var w [nParts]float64
	var sum float64
	for k, p := range freeParts {
		w[p] = math.Exp(theta[k] - hi)
		sum += w[p]
	}
	for _, p := range freeParts {
		w[p] /= sum
	}
	return w
}

// logShares is the inverse of softmax, up to a constant.
func logShares(w [nParts]float64) []float64 {
	theta := make([]float64, len(freeParts))
	for k, p := range freeParts {
		theta[k] = math.Log(max(w[p], minShare))
	}
	return theta
}

// freeShares returns w with history 0, normalised over the free parts.
func freeShares(w [nParts]float64) [nParts]float64 {
	var sum float64
	for _, p := range freeParts {
		sum += w[p]
	}
	var out [nParts]float64
	for _, p := range freeParts {
		if sum > 0 {
			out[p] = w[p] / sum
		} else {
			out[p] = 1 / float64(len(freeParts))
		}
	}
	return out
}

// starts are the deterministic starting weights of a fit from u0: u0 itself
// first, then equal weights, then u0 half-way towards each free part.
func starts(u0 [nParts]float64) [][nParts]float64 {
	out := [][nParts]float64{u0}
	var eq [nParts]float64
	for _, p := range freeParts {
		eq[p] = 1 / float64(len(freeParts))
	}
	out = append(out, eq)
	for _, p := range freeParts {
		u := u0
		for _, q := range freeParts {
			u[q] /= 2
		}
		u[p] += 0.5
		out = append(out, u)
	}
	return out
}

// fitOn maximises J over cases[idx] from u0 (history 0, summing to 1) and
// returns the best weights found, to 4 decimals with history share h (see
// rounded), the free shares they rank by, and their J, never below u0's.
func fitOn(ctx context.Context, cases []rankCase, idx []int, u0 [nParts]float64, h, tau float64) (model.Weights, [nParts]float64, float64, error) {
	best, bestJ := u0, objective(cases, idx, &u0, tau)
	prob := optimize.Problem{Func: func(theta []float64) float64 {
		w := softmax(theta)
		return -objective(cases, idx, &w, tau)
	}}
	for _, u := range starts(u0) {
		if err := ctx.Err(); err != nil {
			return model.Weights{}, best, bestJ, err
		}
		res, err := optimize.Minimize(prob, logShares(u), fitSettings(), &optimize.NelderMead{SimplexSize: 0.5})
		if res == nil {
			return model.Weights{}, best, bestJ, fmt.Errorf("fit weights: %w", err)
		}
		w := softmax(res.X)
		if j := objective(cases, idx, &w, tau); j > bestJ {
			best, bestJ = w, j
		}
	}
	w, u := rounded(best, h)
	if j := objective(cases, idx, &u, tau); j >= objective(cases, idx, &u0, tau) {
		return w, u, j, nil
	}
	return withHistory(best, h), best, bestJ, nil
}

// weightUnits is the resolution of fitted weights: 4 decimals.
const weightUnits = 10000

// rounded returns the weights of free shares u with history share h, each
// a multiple of 1/weightUnits summing to 1 (largest remainder; ties to the
// earlier part), and the free shares they rank by (history off).
func rounded(u [nParts]float64, h float64) (model.Weights, [nParts]float64) {
	exact := withHistory(u, h)
	var units [nParts]int
	left := weightUnits
	for i, v := range exact {
		units[i] = int(math.Floor(v * weightUnits))
		left -= units[i]
	}
	for ; left > 0; left-- {
		bi, bf := 0, -1.0
		for i, v := range exact {
			if f := v*weightUnits - float64(units[i]); f > bf {
				bi, bf = i, f
			}
		}
		units[bi]++
		exact[bi] = float64(units[bi]) / weightUnits // its remainder is used
	}
	var out [nParts]float64
	for i, n := range units {
		out[i] = float64(n) / weightUnits
	}
	return model.Weights(out), freeShares(out)
}

// withHistory gives the history part the share h and the free parts of u
// the rest.
func withHistory(u [nParts]float64, h float64) model.Weights {
	for _, p := range freeParts {
		u[p] *= 1 - h
	}
	u[model.PartHistory] = h
	return model.Weights(u)
}

// fitCases fits the weights on cases from start (normalised) and
// cross-validates the fit; see FitWeights.
func fitCases(ctx context.Context, cases []rankCase, start model.Weights, o FitOptions) (*Fit, error) {
	if o.Folds == 0 {
		o.Folds = DefaultFolds
	}
	if o.Temperature == 0 {
		o.Temperature = DefaultTemperature
	}
	f := &Fit{Options: o, Start: start, Cases: len(cases)}
	for i := range cases {
		if cases[i].informative() {
			f.Informative++
		}
	}
	if !(o.Temperature > 0) || math.IsInf(o.Temperature, 0) {
		return nil, &model.Error{Code: model.EINVALID, Key: "fit.temperature",
			Message: fmt.Sprintf("temperature %v: expected a finite number > 0, such as %v", o.Temperature, DefaultTemperature)}
	}
	if f.Informative < MinFitCases {
		return nil, &model.Error{Code: model.EINVALID, Key: "fit.cases",
			Message: fmt.Sprintf("%d of %d cases can inform a fit (the real partner qualifies among other candidates): fitting %d weights needs at least %d; record more exchanges first",
				f.Informative, f.Cases, len(freeParts), MinFitCases)}
	}
	if o.Folds < 2 || o.Folds > f.Cases {
		return nil, &model.Error{Code: model.EINVALID, Key: "folds",
			Message: fmt.Sprintf("expected between 2 folds and the number of cases, %d, not %d", f.Cases, o.Folds)}
	}
	h := start[model.PartHistory]
	u0 := freeShares(start)
	all := make([]int, len(cases))
	for i := range all {
		all[i] = i
	}
	w, u, j, err := fitOn(ctx, cases, all, u0, h, o.Temperature)
	if err != nil {
		return nil, err
	}
	f.Weights = w
	f.Objective.Start = objective(cases, all, &u0, o.Temperature)
	f.Objective.Fitted = j
	f.TrainBefore = measure(cases, all, &u0)
	f.TrainAfter = measure(cases, all, &u)

	var rrBefore, rrAfter float64
	for k := range o.Folds {
		var train, test []int
		for i := range cases {
			if i%o.Folds == k {
				test = append(test, i)
			} else {
				train = append(train, i)
			}
		}
		wk, uk, _, err := fitOn(ctx, cases, train, u0, h, o.Temperature)
		if err != nil {
			return nil, err
		}
		fd := FitFold{Fold: k + 1, Train: len(train), Test: len(test),
			Before: measure(cases, test, &u0), After: measure(cases, test, &uk), Weights: wk}
		f.Folds = append(f.Folds, fd)
		for _, i := range test {
			rrBefore += reciprocal(cases[i].rank(&u0))
			rrAfter += reciprocal(cases[i].rank(&uk))
		}
		f.CVBefore.Hit5 += fd.Before.Hit5
		f.CVAfter.Hit5 += fd.After.Hit5
	}
	for _, m := range []struct {
		m  *Measures
		rr float64
	}{{&f.CVBefore, rrBefore}, {&f.CVAfter, rrAfter}} {
		m.m.N = f.Cases
		m.m.MRR = round4(m.rr / float64(f.Cases))
		m.m.Recall5 = round4(float64(m.m.Hit5) / float64(f.Cases))
	}
	if f.Informative < FitWarnCases {
		f.Warnings = append(f.Warnings, fmt.Sprintf("only %d informative cases (fewer than %d): the fitted weights may not carry over to other exchanges; trust the cross-validated figures, not the training fit",
			f.Informative, FitWarnCases))
	}
	if f.CVAfter.MRR < f.CVBefore.MRR || f.CVAfter.Hit5 < f.CVBefore.Hit5 {
		f.Warnings = append(f.Warnings, "on held-out folds the fitted weights rank the real partners worse than the start weights: keep the start weights")
	}
	return f, nil
}

// reciprocal is 1/rank, 0 for rank 0 (does not qualify).
func reciprocal(rank int) float64 {
	if rank <= 0 {
		return 0
	}
	return 1 / float64(rank)
}
