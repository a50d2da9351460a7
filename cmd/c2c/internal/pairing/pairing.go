// Package pairing holds what c2c pair and the web workshop share around
// the engine's pairing (match.Engine.Pair): reading a list of
// participants, the objective by name, and the pairing as one CSV table.
// The pairing itself is the engine's; nothing here seats anyone.
package pairing

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/cmd/c2c/internal/escape"
	"github.com/c2cnet/c2c/match/assign"
	"github.com/c2cnet/c2c/model"
)

// Participants reads a list of participants from text, the contents of
// file (named in errors): a CSV whose header has a city column when the
// first line holds a comma or is "city", else one id per line, blank lines
// and # comments skipped. Ids are trimmed; they are not looked up.
func Participants(file, text string) ([]string, error) {
	text = strings.TrimPrefix(text, "\ufeff")
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if strings.Contains(lines[0], ",") || strings.EqualFold(strings.TrimSpace(lines[0]), "city") {
		rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			return nil, &model.Error{Code: model.EINVALID, File: file, Message: "participants CSV: " + err.Error()}
		}
		col := -1
		for i, h := range rows[0] {
			if strings.EqualFold(strings.TrimSpace(h), "city") {
				col = i
			}
		}
		if col < 0 {
			return nil, &model.Error{Code: model.EINVALID, File: file, Line: 1, Message: "participants CSV: expected a header with a city column"}
		}
		var ids []string
		for _, r := range rows[1:] {
			if col < len(r) && strings.TrimSpace(r[col]) != "" {
				ids = append(ids, strings.TrimSpace(r[col]))
			}
		}
		return ids, nil
	}
	var ids []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			ids = append(ids, l)
		}
	}
	return ids, nil
}

// Objectives are the objectives by the names c2c pair --objective takes.
var Objectives = map[string]assign.Objective{
	"served": assign.MaxServed, // serve as many beneficiaries as possible, then the best total
	"score":  assign.MaxScore,  // the best total score alone
}

// Column is one column of the pairing's CSV table.
type Column struct {
	Name   string // header text
	Number bool   // a number column, whose numbers are not neutralised (see escape.CSVWriter)
}

// ShortColumns are the CSV columns that say, on each pair, how many
// partners its beneficiary got and wanted and, when fewer, why.
var ShortColumns = []Column{{Name: "partners", Number: true}, {Name: "wanted", Number: true}, {Name: "short_reason"}}

// CSVColumns are the columns of c2c pair --format csv: one row per pair.
var CSVColumns = append([]Column{{Name: "beneficiary"}, {Name: "resource"}, {Name: "score", Number: true}, {Name: "topic"},
	{Name: "cluster"}, {Name: "table"}, {Name: "pinned"}, {Name: "developing"}}, ShortColumns...)

// CSVRows are the rows of CSVColumns for pl, a pairing that wanted so
// many partners per beneficiary, in the order of pl.Pairs.
func CSVRows(pl *model.Pairing, wanted int) [][]string {
	short := NewShortfalls(pl, wanted)
	rows := make([][]string, 0, len(pl.Pairs))
	for _, p := range pl.Pairs {
		rows = append(rows, append([]string{p.Beneficiary, p.Resource, fmt.Sprintf("%.4f", p.Score), p.Topic, p.Cluster, p.Table,
			strconv.FormatBool(p.Pinned), strconv.FormatBool(p.Developing)}, short.Cells(p)...))
	}
	return rows
}

// WriteCSV writes pl as c2c pair --format csv does: the header and
// CSVRows, every text cell neutralised against spreadsheet formulas.
func WriteCSV(w io.Writer, pl *model.Pairing, wanted int) error {
	header := make([]string, len(CSVColumns))
	number := make([]bool, len(CSVColumns))
	for i, c := range CSVColumns {
		header[i], number[i] = c.Name, c.Number
	}
	cw, err := escape.NewCSVWriter(w, header, number)
	if err != nil {
		return err
	}
	for _, row := range CSVRows(pl, wanted) {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// Shortfalls holds, per beneficiary of a pairing, its partners and its
// shortfall when it is partly served.
type Shortfalls struct {
	got     map[string]int
	partial map[string]model.Partial
	wanted  int
}

// NewShortfalls indexes the partners and the partly served of pl, a
// pairing that wanted so many partners per beneficiary.
func NewShortfalls(pl *model.Pairing, wanted int) Shortfalls {
	s := Shortfalls{got: map[string]int{}, partial: map[string]model.Partial{}, wanted: wanted}
	for _, p := range pl.Pairs {
		s.got[p.Beneficiary]++
	}
	for _, p := range pl.Partial {
		s.partial[p.Beneficiary] = p
	}
	return s
}

// Cells are the ShortColumns of pair p.
func (s Shortfalls) Cells(p model.PairingPair) []string {
	got := s.got[p.Beneficiary]
	wanted := max(s.wanted, got)
	pt, partial := s.partial[p.Beneficiary]
	if partial {
		wanted = pt.Wanted
	}
	return []string{strconv.Itoa(got), strconv.Itoa(wanted), pt.Reason}
}
