package match

import (
	"context"
	"fmt"

	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
)

// EvaluationCase is one recorded exchange measured by leave-one-out: the
// rank of the real resource in the beneficiary's ranking.
type EvaluationCase struct {
	Beneficiary string `json:"beneficiary"` // city id
	Resource    string `json:"resource"`    // the real partner, city id
	Year        int    `json:"year,omitempty"`
	Topic       string `json:"topic,omitempty"`
	Rank        int    `json:"rank"`       // 1-based; 0 when the pair does not qualify at all
	Candidates  int    `json:"candidates"` // qualified candidates ranked
	Reason      string `json:"reason,omitempty"`
}

// Evaluation measures how well the engine ranks the real partners of the
// recorded exchanges.
type Evaluation struct {
	Cases   []EvaluationCase `json:"cases"`
	N       int              `json:"n"` // cases measured
	Hit1    int              `json:"hit1"`
	Hit3    int              `json:"hit3"`
	Hit5    int              `json:"hit5"`
	MRR     float64          `json:"mrr"` // mean reciprocal rank, 0 for a case that does not qualify
	Weights model.Weights    `json:"weights"`
}

// Evaluate runs leave-one-out over the recorded exchanges of doc: for each
// exchange and each of its beneficiaries, the exchange is taken out of the
// history (so neither its evidence, its words nor its continuity can help),
// the history part is switched off, the quota is off (the ranking by score
// alone), and the rank of the real resource among all qualified candidates
// is recorded. Exchanges whose resource and beneficiary are in the same
// country are ranked with same-country pairs allowed.
func Evaluate(ctx context.Context, doc *model.Document, ref model.Reference, inf *text.Inferrer, year int, p model.Parameters) (*Evaluation, error) {
	ev := &Evaluation{}
	w, err := leaveOneOut(ctx, doc, ref, inf, year, p, func(e *Engine, c *EvaluationCase, q model.Parameters) {
		sl, err := e.Shortlist(c.Beneficiary, q)
		if err != nil {
			c.Reason = model.ErrorMessage(err)
		} else {
			c.Candidates = len(sl.Candidates)
			for _, cand := range sl.Candidates {
				if cand.Resource == c.Resource {
					c.Rank = cand.Rank
				}
			}
			if c.Rank == 0 {
				c.Reason = notQualifiedReason
			}
		}
		ev.add(*c)
	})
	if err != nil {
		return nil, err
	}
	ev.Weights = w
	if ev.N > 0 {
		ev.MRR /= float64(ev.N)
	}
	ev.MRR = round4(ev.MRR)
	return ev, nil
}

// notQualifiedReason is the note of a case whose real partner the hard
// rules exclude.
const notQualifiedReason = "the real partner does not qualify: it covers none of the needs"

// leaveOneOut is the loop of Evaluate: for each exchange of doc, an engine
// without it, and for each of its beneficiaries, visit with the case (ids,
// year, topic) and the parameters to rank it under (history part and quota
// off, every candidate listed, same-country pairs allowed when the
// exchange was within one country). It returns the normalised weights the
// cases are ranked under.
func leaveOneOut(ctx context.Context, doc *model.Document, ref model.Reference, inf *text.Inferrer, year int, p model.Parameters, visit func(e *Engine, c *EvaluationCase, q model.Parameters)) (model.Weights, error) {
	p.Weights[model.PartHistory] = 0
	p.Quota = 0
	p.Top = max(1, len(doc.Cities))
	p, err := normalized(p, year)
	if err != nil {
		return p.Weights, err
	}
	for xi, x := range doc.Exchanges {
		if err := ctx.Err(); err != nil {
			return p.Weights, err
		}
		d := *doc
		d.Exchanges = append(append([]model.Exchange(nil), doc.Exchanges[:xi]...), doc.Exchanges[xi+1:]...)
		e, err := NewEngine(&d, ref, inf, year)
		if err != nil {
			return p.Weights, fmt.Errorf("evaluate: exchange %d: %w", xi+1, err)
		}
		for _, b := range x.Beneficiaries {
			c := EvaluationCase{Beneficiary: b, Resource: x.Resource, Year: x.Year, Topic: x.Topic}
			q := p
			bc, okB := e.City(b)
			rc, okR := e.City(x.Resource)
			if okB && okR && bc.Country == rc.Country {
				q.AllowSameCountry = true
			}
			visit(e, &c, q)
		}
	}
	return p.Weights, nil
}

func (ev *Evaluation) add(c EvaluationCase) {
	ev.Cases = append(ev.Cases, c)
	ev.N++
	if c.Rank > 0 {
		ev.MRR += 1 / float64(c.Rank)
	}
	if c.Rank == 1 {
		ev.Hit1++
	}
	if c.Rank >= 1 && c.Rank <= 3 {
		ev.Hit3++
	}
	if c.Rank >= 1 && c.Rank <= 5 {
		ev.Hit5++
	}
}
