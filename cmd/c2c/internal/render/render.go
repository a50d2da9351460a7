// Package render turns the results of c2c's commands into what people
// read: a Report of fields and tables, written as a table aligned for a
// terminal, as Markdown, as CSV or as JSON. Display widths are counted by
// grapheme cluster with github.com/rivo/uniseg, so that names in any script
// align. The command line, the published reports and the web pages build
// each table once and write it here.
package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/c2cnet/c2c/cmd/c2c/internal/escape"
	"github.com/c2cnet/c2c/cmd/c2c/internal/jsonout"
	"github.com/c2cnet/c2c/model"
)

// Format is an output format: --format table|json|csv|markdown.
type Format string

// The output formats. JSON renders a command's result value; the others
// render its Report.
const (
	FormatTable    Format = "table"    // aligned columns fitted to the terminal, for reading
	FormatJSON     Format = "json"     // the result value, indented
	FormatCSV      Format = "csv"      // one table with a header row, for spreadsheets
	FormatMarkdown Format = "markdown" // headings and pipe tables, for letters and reports
)

// Report is the readable form of a command's result: an optional title with
// name-value fields under it, then tables. A listing is a Report with one
// untitled table.
type Report struct {
	Title  string  // heading, "" for none
	Fields []Field // name-value lines under the title
	Tables []Table // in print order
}

// Field is one name-value line of a Report.
type Field struct {
	Name  string // the label, such as "Country"
	Value string // the text, on one line or wrapped under itself
}

// Table is a header row and rows of cells, each row as long as Columns.
type Table struct {
	Title   string     // heading above the table, "" for none
	Columns []Column   // the header
	Rows    [][]string // the cells, one slice per row
	Empty   string     // printed instead of the table when Rows is empty, such as "no exchanges"
}

// Column is one column of a Table.
type Column struct {
	Name  string // header text
	Right bool   // a number column: right-aligned in tables; in CSV its numbers are not neutralised (see NewCSVWriter)
	Wrap  bool   // narrowed first when a table must fit a terminal: the column of a profile's text, say
	Keep  bool   // never narrowed, for identifiers: the other columns give way
}

// Write writes a command's result to w in format f: value as JSON, or
// report as a table fitted to a terminal width cells wide (0: not a
// terminal), as Markdown or, when it is one table without fields, as CSV.
// It returns EINVALID for CSV of any other report.
func Write(w io.Writer, f Format, width int, value any, report Report) error {
	switch f {
	case FormatJSON:
		return WriteJSON(w, value)
	case FormatCSV:
		if len(report.Tables) != 1 || len(report.Fields) > 0 {
			return &model.Error{Code: model.EINVALID, Message: "--format csv: this result is not one table; use json or markdown"}
		}
		return WriteCSV(w, report.Tables[0], false)
	case FormatMarkdown:
		return WriteMarkdown(w, report)
	default:
		return WriteText(w, report, width)
	}
}

// WriteJSON writes v as indented JSON without HTML escaping.
func WriteJSON(w io.Writer, v any) error { return jsonout.Write(w, v) }

// WriteMarkdown writes r as a heading, a bullet list of fields and pipe
// tables. Every text is written whole and escaped with escape.Markdown.
func WriteMarkdown(w io.Writer, r Report) error {
	var b strings.Builder
	level := "#"
	if r.Title != "" {
		fmt.Fprintf(&b, "# %s\n\n", escape.Markdown(r.Title))
		level = "##"
	}
	for _, f := range r.Fields {
		fmt.Fprintf(&b, "- **%s:** %s\n", escape.Markdown(f.Name), escape.Markdown(f.Value))
	}
	if len(r.Fields) > 0 {
		b.WriteString("\n")
	}
	for _, t := range r.Tables {
		if t.Title != "" {
			fmt.Fprintf(&b, "%s %s\n\n", level, escape.Markdown(t.Title))
		}
		if len(t.Rows) == 0 {
			fmt.Fprintf(&b, "_%s_\n\n", escape.Markdown(t.emptyText()))
			continue
		}
		b.WriteString("|")
		for _, c := range t.Columns {
			fmt.Fprintf(&b, " %s |", escape.Markdown(c.Name))
		}
		b.WriteString("\n|")
		for _, c := range t.Columns {
			if c.Right {
				b.WriteString(" ---: |")
			} else {
				b.WriteString(" --- |")
			}
		}
		b.WriteString("\n")
		for _, row := range t.Rows {
			b.WriteString("|")
			for _, cell := range row {
				fmt.Fprintf(&b, " %s |", escape.Markdown(cell))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, strings.TrimSuffix(b.String(), "\n"))
	return err
}

// WriteText writes r for reading: the title underlined, fields aligned on
// their names, and tables aligned by display cells. For a terminal width
// cells wide (width > 0) the widest columns are narrowed until the table
// fits and their cells wrap onto more lines; nothing is ever cut off. Width
// 0 (not a terminal: a pipe or a file) writes every line whole.
func WriteText(w io.Writer, r Report, width int) error {
	var b strings.Builder
	if r.Title != "" {
		title := oneLine(r.Title)
		fmt.Fprintf(&b, "%s\n%s\n", title, strings.Repeat("=", DisplayWidth(title)))
	}
	nameWidth := 0
	for _, f := range r.Fields {
		nameWidth = max(nameWidth, DisplayWidth(f.Name))
	}
	for _, f := range r.Fields {
		// A long value wraps under itself, never under the names.
		valueWidth := 0
		if width > 0 {
			valueWidth = max(width-nameWidth-len(columnGap), minWrapWidth)
		}
		for i, l := range wrap(oneLine(f.Value), valueWidth) {
			name := ""
			if i == 0 {
				name = f.Name
			}
			b.WriteString(strings.TrimRight(pad(name, nameWidth, false)+columnGap+l, " ") + "\n")
		}
	}
	for i, t := range r.Tables {
		if i > 0 || r.Title != "" || len(r.Fields) > 0 {
			b.WriteString("\n")
		}
		if t.Title != "" {
			fmt.Fprintf(&b, "%s\n", oneLine(t.Title))
		}
		if len(t.Rows) == 0 {
			fmt.Fprintf(&b, "%s\n", t.emptyText())
			continue
		}
		writeTextTable(&b, t, width)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// columnGap is the space between two columns of a text table.
const columnGap = "  "

// writeTextTable writes the header and rows of t aligned in columns.
func writeTextTable(b *strings.Builder, t Table, width int) {
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	rows := make([][]string, len(t.Rows))
	for i, row := range t.Rows {
		rows[i] = make([]string, len(row))
		for j, cell := range row {
			rows[i][j] = oneLine(cell)
		}
	}
	widths := fitColumns(t.Columns, header, rows, width)
	line := func(cells []string) {
		// A wrapped column may need several lines for one row.
		parts := make([][]string, len(cells))
		lines := 1
		for j, cell := range cells {
			parts[j] = wrap(cell, widths[j])
			lines = max(lines, len(parts[j]))
		}
		for k := range lines {
			var l strings.Builder
			for j := range cells {
				if j > 0 {
					l.WriteString(columnGap)
				}
				cell := ""
				if k < len(parts[j]) {
					cell = parts[j][k]
				}
				l.WriteString(pad(cell, widths[j], t.Columns[j].Right))
			}
			b.WriteString(strings.TrimRight(l.String(), " "))
			b.WriteString("\n")
		}
	}
	line(header)
	for _, row := range rows {
		line(row)
	}
}

// minColumnWidth is the narrowest a column is squeezed to, unless its
// content is narrower; minWrapWidth is the same for a Wrap column.
const (
	minColumnWidth = 6
	minWrapWidth   = 20
)

// fitColumns returns the width of each column: its widest cell, then, while
// the table is wider than width (when width > 0), the widest Wrap column
// narrowed one cell at a time, then the widest other column, none below the
// width of its header or minColumnWidth (minWrapWidth for a Wrap column)
// and Keep columns not at all. A narrowed column's cells wrap.
func fitColumns(cols []Column, header []string, rows [][]string, width int) []int {
	widths := make([]int, len(cols))
	floor := make([]int, len(cols))
	for j := range cols {
		widths[j] = DisplayWidth(header[j])
	}
	for _, row := range rows {
		for j, cell := range row {
			widths[j] = max(widths[j], DisplayWidth(cell))
		}
	}
	total := len(columnGap) * (len(cols) - 1)
	for j, c := range cols {
		switch {
		case c.Keep:
			floor[j] = widths[j]
		case c.Wrap:
			floor[j] = min(widths[j], max(DisplayWidth(header[j]), minWrapWidth))
		default:
			floor[j] = min(widths[j], max(DisplayWidth(header[j]), minColumnWidth))
		}
		total += widths[j]
	}
	widest := func(wrapOnly bool) int {
		w := -1
		for j := range widths {
			if widths[j] > floor[j] && (!wrapOnly || cols[j].Wrap) && (w < 0 || widths[j] > widths[w]) {
				w = j
			}
		}
		return w
	}
	for width > 0 && total > width {
		j := widest(true)
		if j < 0 {
			j = widest(false)
		}
		if j < 0 {
			break // cannot fit: let the terminal wrap
		}
		widths[j]--
		total--
	}
	return widths
}

// emptyText is what stands in for t when it has no rows.
func (t Table) emptyText() string {
	if t.Empty != "" {
		return t.Empty
	}
	return "none"
}

// oneLine replaces line breaks and tabs in s by spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// ListTable is a table of one wrapped column, one row per line of lines.
func ListTable(title, column string, lines []string) Table {
	t := Table{Title: title, Columns: []Column{{Name: column, Wrap: true}}}
	for _, l := range lines {
		t.Rows = append(t.Rows, []string{l})
	}
	return t
}
