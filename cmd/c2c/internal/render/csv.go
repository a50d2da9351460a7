package render

import (
	"fmt"
	"io"

	"github.com/c2cnet/c2c/cmd/c2c/internal/escape"
)

// UTF8BOM starts a CSV file for spreadsheets that read UTF-8 only after it.
const UTF8BOM = "\ufeff"

// NewCSVWriter starts a CSV table with columns cols on w: a UTF-8
// byte-order mark first when bom (for spreadsheets that need one to read
// UTF-8), then the header row. It is the one way c2c writes CSV for people
// (every --format csv, scores, shortlists.csv, pairings.csv): text cells
// are neutralised against CSV injection, and the columns marked Right are
// the number columns whose numbers are written as they are (see
// escape.CSVWriter).
func NewCSVWriter(w io.Writer, cols []Column, bom bool) (*escape.CSVWriter, error) {
	if bom {
		if _, err := io.WriteString(w, UTF8BOM); err != nil {
			return nil, fmt.Errorf("write csv: %w", err)
		}
	}
	header := make([]string, len(cols))
	number := make([]bool, len(cols))
	for i, c := range cols {
		header[i], number[i] = c.Name, c.Right
	}
	return escape.NewCSVWriter(w, header, number)
}

// WriteCSV writes t with its header row, after a byte-order mark when bom;
// cells are written whole, text cells neutralised (see NewCSVWriter).
func WriteCSV(w io.Writer, t Table, bom bool) error {
	cw, err := NewCSVWriter(w, t.Columns, bom)
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
