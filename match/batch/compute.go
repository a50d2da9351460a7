package batch

import (
	"context"
	"fmt"
	"time"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// Compute computes the shortlists and the pairing of a batch with
// parameters p on e, in one scoring pass per beneficiary, and adds the
// time of each stage to tm (Shortlist, Score, Select, Explain and Pair).
// prog counts the shortlists, then announces the pairing. A nil prog is
// Quiet.
func Compute(ctx context.Context, e *match.Engine, p Parameters, prog Progress, tm *Timing) (*model.RunResults, error) {
	res := &model.RunResults{Shortlists: make([]model.Shortlist, 0, len(e.Beneficiaries()))}
	pl, err := Stream(ctx, e, p, prog, tm, func(sl *model.Shortlist) error {
		res.Shortlists = append(res.Shortlists, *sl)
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.Pairing = pl
	return res, nil
}

// Stream is Compute that hands each shortlist to emit as soon as it is
// made, in beneficiary order, instead of keeping them, and returns the
// pairing: a batch over a large network then holds one shortlist at a time
// (emit may keep it; the shortlist is not reused). An error from emit
// stops the batch and is returned.
func Stream(ctx context.Context, e *match.Engine, p Parameters, prog Progress, tm *Timing, emit func(*model.Shortlist) error) (*model.Pairing, error) {
	if prog == nil {
		prog = Quiet{}
	}
	ids := e.Beneficiaries()
	prog.Start("shortlists", len(ids))
	t := time.Now()
	n := 0
	st, pl, err := e.ShortlistsAndPair(ctx, p.Shortlists, p.Pairing, func(sl *model.Shortlist) error {
		if err := emit(sl); err != nil {
			return err
		}
		n++
		prog.Add(1)
		if n == len(ids) {
			prog.Finish()
			prog.Stage(fmt.Sprintf("pairing %d beneficiaries", n))
		}
		return nil
	})
	prog.Finish() // idempotent; the emitter finishes it when every beneficiary has a shortlist
	if err != nil {
		return nil, err
	}
	tm.Shortlist = time.Since(t) - st.Pair
	tm.Score, tm.Select, tm.Explain = st.Score, st.Select, st.Explain
	tm.Pair = st.Pair
	return pl, nil
}

// UnlistedGaps returns the gap needs of the members with challenges that
// have no shortlist in res (the batch pairs and shortlists only members
// with a need on a topic); the shortlists carry the others'.
func UnlistedGaps(ctx context.Context, e *match.Engine, p Parameters, res *model.RunResults) ([]model.GapNeed, error) {
	listed := make(map[string]bool, len(res.Shortlists))
	for _, sl := range res.Shortlists {
		listed[sl.Beneficiary] = true
	}
	var missing []string
	for _, id := range e.Beneficiaries() {
		if !listed[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil, nil
	}
	rep, err := e.Gaps(ctx, match.GapOptions{Threshold: match.GapThreshold, Topic: p.Shortlists.Topic, Cities: missing})
	if err != nil {
		return nil, fmt.Errorf("gaps of the members without a shortlist: %w", err)
	}
	var out []model.GapNeed
	for _, g := range rep.Gaps {
		out = append(out, g.Needs...)
	}
	return out, nil
}
