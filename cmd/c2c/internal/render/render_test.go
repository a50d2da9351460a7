package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
)

// sampleTable has a CJK name, a number column and one long cell.
func sampleTable() Table {
	return Table{
		Columns: []Column{{Name: "ID"}, {Name: "NAME"}, {Name: "POPULATION", Right: true}, {Name: "NOTE"}},
		Rows: [][]string{
			{"seoul", "서울특별시", "9411000", "sustainable transport | BRT"},
			{"palembang", "Palembang", "1668848", strings.Repeat("river transport and flood control ", 5)},
		},
	}
}

func TestWriteTextTable(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteText(&b, Report{Tables: []Table{sampleTable()}}, 80))
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Greater(t, len(lines), 3, "the long cell wraps onto more lines")
	for _, l := range lines {
		assert.LessOrEqual(t, DisplayWidth(l), 80, "line %q", l)
	}
	assert.Equal(t, "ID         NAME        POPULATION  NOTE", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "seoul      서울특별시     9411000  sustainable transport | BRT"), lines[1])
	assert.NotContains(t, b.String(), "…", "nothing is cut")
	var note []string
	for _, l := range lines[2:] {
		note = append(note, strings.TrimSpace(l[strings.Index(lines[0], "NOTE"):]))
	}
	assert.Equal(t, strings.TrimSpace(strings.Repeat("river transport and flood control ", 5)), strings.Join(note, " "), "every word kept, in order, in its column")
}

func TestWriteTextOffTerminal(t *testing.T) {
	var b bytes.Buffer
	long := strings.Repeat("river transport and flood control ", 5)
	r := Report{Fields: []Field{{"Quota", long}}, Tables: []Table{sampleTable()}}
	require.NoError(t, WriteText(&b, r, 0))
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	assert.Equal(t, "Quota  "+strings.TrimSpace(long), lines[0], "a field is written whole")
	require.Len(t, lines, 5)
	assert.True(t, strings.HasSuffix(lines[4], strings.TrimSpace(long)), "a cell is written whole: %q", lines[4])
}

func TestWriteTextFieldWraps(t *testing.T) {
	var b bytes.Buffer
	r := Report{Fields: []Field{{"Quota", "met (40%, 2 required): Bangkok moved up from rank 6 to rank 5"}, {"Top", "5"}}}
	require.NoError(t, WriteText(&b, r, 40))
	assert.Equal(t, "Quota  met (40%, 2 required): Bangkok\n       moved up from rank 6 to rank 5\nTop    5\n", b.String())
}

// TestWriteTextScripts checks that names in Devanagari and Thai, whose
// vowel signs and tone marks take no cell or a cell of their own, and
// Hangul in decomposed jamo (as macOS writes file names) align by display
// cells: the next column starts at the same cell on every line.
func TestWriteTextScripts(t *testing.T) {
	tbl := Table{
		Columns: []Column{{Name: "NAME"}, {Name: "CC"}, {Name: "POP.", Right: true}},
		Rows: [][]string{
			{"काठमाडौं", "NP", "845k"},
			{"ललितपुर", "NP", "284k"},
			{"เชียงใหม่", "TH", "127k"},
			{"กรุงเทพมหานคร", "TH", "5.5M"},
			{"Hanoi", "VN", "8.4M"},
			{"\u1107\u116e\u1109\u1161\u11ab", "KR", "3.3M"}, // 부산, decomposed: two cells per syllable
		},
	}
	for _, width := range []int{0, 100} {
		var b bytes.Buffer
		require.NoError(t, WriteText(&b, Report{Tables: []Table{tbl}}, width))
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		require.Len(t, lines, 1+len(tbl.Rows))
		for i, l := range lines {
			cc := "CC"
			if i > 0 {
				cc = tbl.Rows[i-1][1]
			}
			at := strings.Index(l, cc)
			require.Positive(t, at, l)
			assert.Equal(t, DisplayWidth("กรุงเทพมหานคร")+len(columnGap), DisplayWidth(l[:at]), "width %d: country column of %q", width, l)
			assert.Equal(t, DisplayWidth(lines[0]), DisplayWidth(l), "width %d: every line as wide: %q", width, l)
		}
	}
}

func TestWriteTextWrap(t *testing.T) {
	tbl := Table{
		Columns: []Column{{Name: "TOPIC"}, {Name: "TEXT", Wrap: true}},
		Rows:    [][]string{{"brt", "a bus rapid transit corridor along the river with feeder lines"}},
	}
	var b bytes.Buffer
	require.NoError(t, WriteText(&b, Report{Tables: []Table{tbl}}, 32))
	assert.Equal(t, "TOPIC  TEXT\nbrt    a bus rapid transit\n       corridor along the river\n       with feeder lines\n", b.String())
}

func TestWriteTextReport(t *testing.T) {
	r := Report{
		Title:  "Palembang (palembang)",
		Fields: []Field{{"Country", "Indonesia (ID)"}, {"Development", "developing"}},
		Tables: []Table{
			{Title: "Needs", Columns: []Column{{Name: "TOPIC"}, {Name: "SEVERITY", Right: true}}, Rows: [][]string{{"brt", "5"}}},
			{Title: "Rules", Columns: []Column{{Name: "RULE"}}, Empty: "no rules"},
		},
	}
	var b bytes.Buffer
	require.NoError(t, WriteText(&b, r, 100))
	want := `Palembang (palembang)
=====================
Country      Indonesia (ID)
Development  developing

Needs
TOPIC  SEVERITY
brt           5

Rules
no rules
`
	assert.Equal(t, want, b.String())
}

func TestWriteMarkdown(t *testing.T) {
	r := Report{
		Title:  "Seoul (seoul)",
		Fields: []Field{{"Country", "Korea (KR)"}},
		Tables: []Table{sampleTable(), {Title: "Rules", Columns: []Column{{Name: "RULE"}}}},
	}
	r.Tables[0].Title = "Members"
	var b bytes.Buffer
	require.NoError(t, WriteMarkdown(&b, r))
	out := b.String()
	assert.True(t, strings.HasPrefix(out, "# Seoul (seoul)\n\n- **Country:** Korea (KR)\n\n## Members\n\n"), out)
	assert.Contains(t, out, "| ID | NAME | POPULATION | NOTE |\n| --- | --- | ---: | --- |\n")
	assert.Contains(t, out, `sustainable transport \| BRT`, "pipes in cells are escaped")
	assert.Contains(t, out, strings.Repeat("river transport and flood control ", 4), "cells are not truncated")
	assert.True(t, strings.HasSuffix(out, "## Rules\n\n_none_\n"), out)
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b, FormatCSV, 100, nil, Report{Tables: []Table{sampleTable()}}))
	out := b.String()
	assert.True(t, strings.HasPrefix(out, "ID,NAME,POPULATION,NOTE\nseoul,서울특별시,9411000,sustainable transport | BRT\n"), out)

	err := Write(&b, FormatCSV, 100, nil, Report{Title: "x", Fields: []Field{{"a", "b"}}, Tables: []Table{sampleTable()}})
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b, FormatJSON, 100, map[string]string{"name": "<Đà Nẵng>"}, Report{}))
	assert.Equal(t, "{\n  \"name\": \"<Đà Nẵng>\"\n}\n", b.String())
}

func TestFitColumns(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		width int
		want  []int
	}{
		{"fits", []string{"abc", "defgh"}, 20, []int{3, 5}},
		{"widest shrinks first", []string{"abcdefghij", "abcdefghijklmnopqrst"}, 24, []int{10, 12}},
		{"both shrink to even", []string{"abcdefghijklmnopqrst", "abcdefghijklmnopqrst"}, 22, []int{10, 10}},
		{"floor holds", []string{"abcdefghij", "abcdefghij"}, 4, []int{6, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols := []Column{{Name: "A"}, {Name: "B"}}
			got := fitColumns(cols, []string{"A", "B"}, [][]string{tt.cells}, tt.width)
			assert.Equal(t, tt.want, got)
		})
	}
	t.Run("KeepAndWrapFirst", func(t *testing.T) {
		cols := []Column{{Name: "ID", Keep: true}, {Name: "NAME"}, {Name: "TEXT", Wrap: true}}
		row := []string{strings.Repeat("i", 30), strings.Repeat("n", 20), strings.Repeat("t", 40)}
		// 30 + 20 + 40 + 4 = 94: TEXT gives way down to minWrapWidth, then NAME.
		assert.Equal(t, []int{30, 20, 26}, fitColumns(cols, []string{"ID", "NAME", "TEXT"}, [][]string{row}, 80))
		assert.Equal(t, []int{30, 6, 20}, fitColumns(cols, []string{"ID", "NAME", "TEXT"}, [][]string{row}, 60))
		assert.Equal(t, []int{30, 6, 20}, fitColumns(cols, []string{"ID", "NAME", "TEXT"}, [][]string{row}, 20))
	})
}
