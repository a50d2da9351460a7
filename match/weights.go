package match

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/model"
)

// Weights are the relative weights of the named parts of a score. They are
// normalised to sum to 1 before use, so "need=2,reciprocity=1" means two
// thirds and one third.
type Weights struct {
	Need        float64 `json:"need"`
	Reciprocity float64 `json:"reciprocity"`
	Context     float64 `json:"context"`
	Evidence    float64 `json:"evidence"`
	Feasibility float64 `json:"feasibility"`
	History     float64 `json:"history"`
	Text        float64 `json:"text"`
}

// DefaultWeights are the weights used unless the user sets others: need
// dominates, because a partner that cannot help is no partner; context and
// evidence say whether the help will transfer; reciprocity, feasibility and
// history refine.
var DefaultWeights = Weights{
	Need:        0.15,
	Reciprocity: 0.10,
	Context:     0.15,
	Evidence:    0.10,
	Feasibility: 0.05,
	History:     0.05,
	Text:        0.40,
}

// slice returns the weights in model.PartNames order.
func (w Weights) slice() [nParts]float64 {
	return [nParts]float64{w.Need, w.Reciprocity, w.Context, w.Evidence, w.Feasibility, w.History, w.Text}
}

// Get returns the weight of the part name (one of model.PartNames), 0 for
// an unknown name.
func (w Weights) Get(name string) float64 {
	if p := w.ptr(name); p != nil {
		return *p
	}
	return 0
}

func (w *Weights) ptr(name string) *float64 {
	switch name {
	case model.PartNeed:
		return &w.Need
	case model.PartReciprocity:
		return &w.Reciprocity
	case model.PartContext:
		return &w.Context
	case model.PartEvidence:
		return &w.Evidence
	case model.PartFeasibility:
		return &w.Feasibility
	case model.PartHistory:
		return &w.History
	case model.PartText:
		return &w.Text
	}
	return nil
}

// Normalized returns w scaled so that the weights sum to 1. It returns an
// EINVALID error when a weight is negative or not finite, or all are zero.
func (w Weights) Normalized() (Weights, error) {
	var sum float64
	for i, v := range w.slice() {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return w, &model.Error{Code: model.EINVALID, Key: "weights." + model.PartNames[i],
				Message: fmt.Sprintf("weight %v: expected a finite number >= 0", v)}
		}
		sum += v
	}
	if sum == 0 {
		return w, &model.Error{Code: model.EINVALID, Key: "weights", Message: "all weights are zero: expected at least one positive weight"}
	}
	out := w
	for _, name := range model.PartNames {
		*out.ptr(name) /= sum
	}
	return out, nil
}

// ParseWeights reads "need=0.5,reciprocity=0.1,..." (commas or newlines
// between entries, '#' comments allowed, as in a weights file) on top of
// base. Parts not named keep their base weight. where names the source in
// errors ("--weights" or a file name).
func ParseWeights(s string, base Weights, where string) (Weights, error) {
	w := base
	var errs model.Errors
	lines := strings.Split(s, "\n")
	for ln, line := range lines {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, item := range strings.Split(line, ",") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			name, val, ok := strings.Cut(item, "=")
			if !ok {
				name, val, ok = strings.Cut(item, ":")
			}
			name = strings.ToLower(strings.TrimSpace(name))
			e := &model.Error{Code: model.EINVALID, File: where, Key: name}
			if len(lines) > 1 {
				e.Line = ln + 1
			}
			if !ok {
				e.Key = ""
				e.Message = fmt.Sprintf("%q: expected part=weight, such as need=0.5", item)
				errs = append(errs, e)
				continue
			}
			p := w.ptr(name)
			if p == nil {
				e.Message = fmt.Sprintf("unknown part %q: expected one of %s", name, strings.Join(model.PartNames, ", "))
				errs = append(errs, e)
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
			switch {
			case err != nil:
				e.Message = fmt.Sprintf("%q is not a number: expected a weight such as 0.25", strings.TrimSpace(val))
				errs = append(errs, e)
				continue
			case v < 0 || math.IsNaN(v) || math.IsInf(v, 0):
				e.Message = fmt.Sprintf("weight %v: expected a finite number >= 0", v)
				errs = append(errs, e)
				continue
			}
			*p = v
		}
	}
	if err := errs.Err(); err != nil {
		return base, err
	}
	return w, nil
}

// String formats w as "need=0.45,reciprocity=0.1,...", the form ParseWeights reads.
func (w Weights) String() string {
	parts := make([]string, 0, nParts)
	for i, v := range w.slice() {
		parts = append(parts, model.PartNames[i]+"="+strconv.FormatFloat(v, 'f', -1, 64))
	}
	return strings.Join(parts, ",")
}
