package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, "CSV Injection"): =, +, -, @, TAB and CR.
const formulaStarts = "=+-@\t\r"

// neutraliseCell makes a text cell safe to open in a spreadsheet, as OWASP
// recommends against CSV injection: a cell that begins with =, +, -, @, TAB
// or CR gets a leading single quote, so that "=HYPERLINK(...)" is shown as
// text and never run. Other cells are returned as they are.
func neutraliseCell(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// isNumber reports whether s is a decimal number as c2c writes one: an
// optional minus sign, digits, an optional fraction and exponent. A
// spreadsheet reads such a cell as a number and can run nothing from it.
func isNumber(s string) bool {
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

// csvWriter writes one CSV table (RFC 4180, UTF-8) for spreadsheets. It is
// the one writer of every CSV file and --format csv of c2c: every text
// cell goes through neutraliseCell. Only the cells of number columns
// (Column.Right) that are numbers are written as they are, so that
// "-0.0125" stays a number while a text "-1+1" is neutralised.
type csvWriter struct {
	cw     *csv.Writer
	number []bool // per column: a number column
	row    []string
}

// newCSVWriter starts a CSV table with columns cols on w: a UTF-8
// byte-order mark first when bom (for spreadsheets that need one to read
// UTF-8), then the header row.
func newCSVWriter(w io.Writer, cols []Column, bom bool) (*csvWriter, error) {
	if bom {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return nil, fmt.Errorf("write csv: %w", err)
		}
	}
	cw := &csvWriter{cw: csv.NewWriter(w), number: make([]bool, len(cols))}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Name
		cw.number[i] = c.Right
	}
	return cw, cw.Write(header)
}

// Write writes one row, neutralising its text cells.
func (w *csvWriter) Write(row []string) error {
	w.row = w.row[:0]
	for i, cell := range row {
		if i >= len(w.number) || !w.number[i] || !isNumber(cell) {
			cell = neutraliseCell(cell)
		}
		w.row = append(w.row, cell)
	}
	if err := w.cw.Write(w.row); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// Flush writes out what is buffered and returns the first write error.
func (w *csvWriter) Flush() error {
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// writeCSV writes t with its header row, after a byte-order mark when bom;
// cells are written whole, text cells neutralised (see csvWriter).
func writeCSV(w io.Writer, t Table, bom bool) error {
	cw, err := newCSVWriter(w, t.Columns, bom)
	if err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// mdSpecial are the characters that Markdown (CommonMark and GitHub's
// tables) gives a meaning: emphasis, code, links, headings, table cells,
// strike-through and the escape itself.
const mdSpecial = "\\`*_[]|~#"

// mdEscape makes text from a profile safe in a Markdown document: on one
// line, HTML escaped (&, < and > as entities, so that no "<script>" or
// "<img onerror=...>" reaches a renderer that passes HTML through) and
// every Markdown special character backslash-escaped, so that the text
// reads as it was written. It is the one Markdown escaper of c2c.
func mdEscape(s string) string {
	s = oneLine(s)
	if !strings.ContainsAny(s, mdSpecial+"&<>") {
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
		case r < 0x80 && strings.ContainsRune(mdSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
