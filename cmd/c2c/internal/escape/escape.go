// Package escape makes text from member profiles safe in what c2c hands
// out: CSV files that a spreadsheet opens, and Markdown documents that a
// renderer turns into HTML. Every CSV and Markdown output of the program
// goes through it, so that there is one rule for each, in one place.
//
// CSV follows OWASP's advice against CSV injection: a text cell that begins
// with =, +, -, @, TAB or CR gets a leading single quote, so that a
// spreadsheet shows it as text and never runs it as a formula. Only text
// cells are neutralised: a cell of a number column that is a decimal number
// (negative ones included) is written as it is and stays a number.
//
// Markdown escapes HTML (&, < and > as entities) and backslash-escapes the
// characters Markdown gives a meaning, so that the text reads as written.
package escape

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// FormulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, "CSV Injection"): =, +, -, @, TAB and CR.
const FormulaStarts = "=+-@\t\r"

// CSVCell makes a text cell safe to open in a spreadsheet: a cell that
// begins with one of FormulaStarts gets a leading single quote, so that
// "=HYPERLINK(...)" is shown as text and never run. Other cells are
// returned as they are.
func CSVCell(s string) string {
	if s != "" && strings.IndexByte(FormulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// IsNumber reports whether s is a decimal number as c2c writes one: an
// optional minus sign, digits, an optional fraction and exponent. A
// spreadsheet reads such a cell as a number and can run nothing from it.
func IsNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	digits := func() int {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		s = s[n:]
		return n
	}
	if digits() == 0 {
		return false
	}
	if strings.HasPrefix(s, ".") {
		s = s[1:]
		if digits() == 0 {
			return false
		}
	}
	if len(s) > 0 && (s[0] == 'e' || s[0] == 'E') {
		s = strings.TrimLeft(s[1:], "+-")
		if digits() == 0 {
			return false
		}
	}
	return s == ""
}

// CSVWriter writes one CSV table (RFC 4180) whose text cells all go
// through CSVCell. Only the cells of number columns that are numbers
// (IsNumber) are written as they are, so that "-0.0125" stays a number
// while a text "-1+1", even in a number column, is neutralised.
type CSVWriter struct {
	cw     *csv.Writer
	number []bool // per column: a number column
	row    []string
}

// NewCSVWriter starts a CSV table on w with the header row header;
// number[i] marks column i as a number column (missing entries are text).
func NewCSVWriter(w io.Writer, header []string, number []bool) (*CSVWriter, error) {
	cw := &CSVWriter{cw: csv.NewWriter(w), number: number}
	return cw, cw.Write(header)
}

// Write writes one row, neutralising its text cells.
func (w *CSVWriter) Write(row []string) error {
	w.row = w.row[:0]
	for i, cell := range row {
		if i >= len(w.number) || !w.number[i] || !IsNumber(cell) {
			cell = CSVCell(cell)
		}
		w.row = append(w.row, cell)
	}
	if err := w.cw.Write(w.row); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// Flush writes out what is buffered and returns the first write error.
func (w *CSVWriter) Flush() error {
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// MarkdownSpecial are the characters that Markdown (CommonMark and GitHub's
// tables) gives a meaning: emphasis, code, links, headings, table cells,
// strike-through and the escape itself.
const MarkdownSpecial = "\\`*_[]|~#"

// Markdown makes text from a profile safe in a Markdown document: on one
// line (line breaks and tabs become spaces, so that it cannot leave its
// table cell or heading), HTML escaped (&, < and > as entities, so that no
// "<script>" or "<img onerror=...>" reaches a renderer that passes HTML
// through) and every one of MarkdownSpecial backslash-escaped.
func Markdown(s string) string {
	if strings.ContainsAny(s, "\r\n\t") {
		s = strings.Join(strings.Fields(s), " ")
	}
	if !strings.ContainsAny(s, MarkdownSpecial+"&<>") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r < 0x80 && strings.ContainsRune(MarkdownSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
