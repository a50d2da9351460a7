package render

import (
	"io"
	"strconv"

	"github.com/c2cnet/c2c/cmd/c2c/internal/escape"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// ScoresWriter writes what c2c scores prints as CSV, one row per pair:
// beneficiary, resource, score, one column per score part, whether the
// hard rules allow the pair, whether it is pinned, and the reason where
// it is not allowed.
type ScoresWriter struct {
	w *escape.CSVWriter
}

// NewScoresWriter writes the header of the scores to w.
func NewScoresWriter(w io.Writer) (*ScoresWriter, error) {
	cols := []Column{{Name: "beneficiary"}, {Name: "resource"}, {Name: "score", Right: true}}
	for _, n := range model.PartNames {
		cols = append(cols, Column{Name: n, Right: true})
	}
	cw, err := NewCSVWriter(w, append(cols, Column{Name: "allowed"}, Column{Name: "pinned"}, Column{Name: "reason"}), false)
	if err != nil {
		return nil, err
	}
	return &ScoresWriter{w: cw}, nil
}

// Write writes the row of ps. Rows are buffered until Flush.
func (sw *ScoresWriter) Write(ps match.PairScore) error {
	row := []string{ps.Beneficiary, ps.Resource, F4(ps.Score)}
	for _, pt := range ps.Parts.Parts() {
		row = append(row, F4(pt.Value))
	}
	row = append(row, strconv.FormatBool(ps.Allowed), strconv.FormatBool(ps.Pinned), ps.Reason)
	return sw.w.Write(row)
}

// Flush writes out the buffered rows, whole rows only, and returns the
// first error of writing.
func (sw *ScoresWriter) Flush() error { return sw.w.Flush() }
