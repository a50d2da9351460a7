package render

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
)

// TestWriteCSVNeutralises checks the one CSV writer: text cells that a
// spreadsheet would run as formulas get a leading quote, number columns keep
// their numbers (negative ones too), and the file reads back as RFC 4180.
func TestWriteCSVNeutralises(t *testing.T) {
	tbl := Table{
		Columns: []Column{{Name: "name"}, {Name: "score", Right: true}, {Name: "note"}},
		Rows: [][]string{
			{"=cmd|' /C calc'!A0", "-0.0125", "@SUM(A1:A9)"},
			{"+Seoul", "0.4066", "-5 km"},
			{"\tTab", "-12", "\rCR"},
			{"Palembang", "=1+1", "a, \"quoted\" note"},
			{"-42", "1e-05", "plain"},
		},
	}
	for _, bom := range []bool{false, true} {
		var b bytes.Buffer
		require.NoError(t, WriteCSV(&b, tbl, bom))
		out := b.String()
		assert.Equal(t, bom, strings.HasPrefix(out, UTF8BOM))
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, UTF8BOM))).ReadAll()
		require.NoError(t, err)
		want := [][]string{
			{"name", "score", "note"},
			{"'=cmd|' /C calc'!A0", "-0.0125", "'@SUM(A1:A9)"},
			{"'+Seoul", "0.4066", "'-5 km"},
			{"'\tTab", "-12", "'\rCR"},
			{"Palembang", "'=1+1", "a, \"quoted\" note"}, // a formula in a number column is text
			{"'-42", "1e-05", "plain"},                   // a number in a text column is text
		}
		// encoding/csv reads a lone CR inside a quoted field as written.
		assert.Equal(t, want, rows)
	}
}

// TestPairingCSVNeutralisesFormulas: the pairing's CSV (c2c pair and the
// web workshop's download) neutralises every text cell a spreadsheet
// would run, and keeps the numbers.
func TestPairingCSVNeutralisesFormulas(t *testing.T) {
	pl := &model.Pairing{
		Pairs:   []model.PairingPair{{Beneficiary: "=cmd", Resource: "seoul", Score: 0.5, Topic: "@x", Table: "+t"}},
		Partial: []model.Partial{{Beneficiary: "=cmd", Partners: 1, Wanted: 2, Reason: "-its other candidates are full"}},
	}
	var b strings.Builder
	require.NoError(t, WriteCSV(&b, PairingCSV(pl, 2), false))
	assert.Equal(t, "beneficiary,resource,score,topic,cluster,table,pinned,developing,partners,wanted,short_reason\n"+
		"'=cmd,seoul,0.5000,'@x,,'+t,false,false,1,2,'-its other candidates are full\n", b.String())
}
