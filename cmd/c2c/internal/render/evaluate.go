package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// EvaluationReport shows the measures, then every case.
func EvaluationReport(ev *match.Evaluation) Report {
	pct := func(k int) string {
		if ev.N == 0 {
			return "–"
		}
		return fmt.Sprintf("%d/%d = %.0f%%", k, ev.N, 100*float64(k)/float64(ev.N))
	}
	r := Report{
		Title: "Leave-one-out on the recorded exchanges",
		Fields: []Field{
			{Name: "Cases", Value: strconv.Itoa(ev.N)},
			{Name: "hit@1", Value: pct(ev.Hit1)},
			{Name: "hit@3", Value: pct(ev.Hit3)},
			{Name: "hit@5", Value: pct(ev.Hit5)},
			{Name: "MRR", Value: F4(ev.MRR)},
			{Name: "Weights", Value: WeightsShort(ev.Weights)},
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

// FitReport shows the fit: the weights before and after, then recall@5 and
// MRR per held-out fold, pooled, and in-sample.
func FitReport(f *match.Fit) Report {
	r := Report{
		Title: fmt.Sprintf("Weights fitted to the recorded exchanges (%d-fold cross-validation)", f.Options.Folds),
		Fields: []Field{
			{Name: "Cases", Value: fmt.Sprintf("%d, %d of which the weights can change (at least %d needed)", f.Cases, f.Informative, match.MinFitCases)},
			{Name: "Objective", Value: fmt.Sprintf("smooth MRR (τ = %v) %s → %s on every case", f.Options.Temperature, F4(f.Objective.Start), F4(f.Objective.Fitted))},
		},
	}
	wt := Table{Title: "Part weights", Columns: []Column{{Name: "PART", Keep: true}, {Name: "START", Right: true}, {Name: "FITTED", Right: true}}}
	for i, name := range model.PartNames {
		note := ""
		if model.PartID(i) == model.PartHistory {
			note = " (kept)"
		}
		wt.Rows = append(wt.Rows, []string{name + note, F4(f.Start[i]), F4(f.Weights[i])})
	}
	mt := Table{
		Title: "Real partners ranked on held-out folds: start weights → weights fitted on the other folds",
		Columns: []Column{{Name: "FOLD", Keep: true}, {Name: "TRAIN", Right: true}, {Name: "TEST", Right: true},
			{Name: "RECALL@5 START", Right: true}, {Name: "FITTED", Right: true}, {Name: "MRR START", Right: true}, {Name: "FITTED", Right: true}},
	}
	row := func(name string, train, test int, before, after match.Measures) {
		tr := ""
		if train > 0 {
			tr = strconv.Itoa(train)
		}
		mt.Rows = append(mt.Rows, []string{name, tr, strconv.Itoa(test),
			fmt.Sprintf("%d/%d", before.Hit5, before.N), fmt.Sprintf("%d/%d", after.Hit5, after.N), F4(before.MRR), F4(after.MRR)})
	}
	for _, fd := range f.Folds {
		row(strconv.Itoa(fd.Fold), fd.Train, fd.Test, fd.Before, fd.After)
	}
	row("all folds", 0, f.Cases, f.CVBefore, f.CVAfter)
	row("in-sample", f.Cases, f.Cases, f.TrainBefore, f.TrainAfter)
	r.Tables = append(r.Tables, wt, mt)
	if len(f.Warnings) > 0 {
		r.Tables = append(r.Tables, ListTable("Warnings", "WARNING", f.Warnings))
	}
	return r
}

// WriteFittedWeights writes f's fitted weights in the --weights-file
// format, one part=weight per line, under comments saying where they come
// from: c2c evaluate --fit --weights-out.
func WriteFittedWeights(w io.Writer, f *match.Fit) error {
	_, err := fmt.Fprintf(w, "# c2c part weights fitted by c2c evaluate --fit on %d recorded exchange cases\n"+
		"# %d-fold cross-validated on held-out folds: recall@5 %s -> %s, MRR %s -> %s (start weights -> fitted)\n"+
		"# start weights: %s\n%s\n",
		f.Cases, f.Options.Folds, F4(f.CVBefore.Recall5), F4(f.CVAfter.Recall5), F4(f.CVBefore.MRR), F4(f.CVAfter.MRR),
		f.Start, strings.ReplaceAll(f.Weights.String(), ",", "\n"))
	return err
}
