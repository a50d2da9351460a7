package escape_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/escape"
)

func TestCSVCell(t *testing.T) {
	tests := []struct {
		name, cell, want string
	}{
		{"plain", "Palembang", "Palembang"},
		{"empty", "", ""},
		{"equals", "=HYPERLINK(\"http://x\",\"click\")", "'=HYPERLINK(\"http://x\",\"click\")"},
		{"plus", "+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"minus", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"at", "@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"},
		{"tab", "\t=1+1", "'\t=1+1"},
		{"carriage return", "\r=1+1", "'\r=1+1"},
		{"later equals", "a=b", "a=b"},
		{"leading space", " =1", " =1"},
		{"quote already", "'=1", "'=1"},
		{"negative number as text", "-12", "'-12"},
		{"script", "<script>alert(1)</script>", "<script>alert(1)</script>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, escape.CSVCell(tt.cell))
		})
	}
}

func TestIsNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "12": true, "-12": true, "0.4066": true, "-0.0125": true, "1e-05": true, "-2.5E+3": true,
		"": false, "-": false, "1.": false, ".5": false, "1e": false, "-1+1": false, "=1": false, "1,5": false,
		"+1": false, "NaN": false, "-Inf": false, "0x1p-2": false, "1_000": false, "- 1": false, "1 ": false,
	} {
		assert.Equal(t, want, escape.IsNumber(s), "%q", s)
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Palembang", "Palembang"},
		{"script", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"img onerror", `<img src=x onerror="alert(1)">`, `&lt;img src=x onerror="alert(1)"&gt;`},
		{"ampersand", "Human & Environment", "Human &amp; Environment"},
		{"entity stays text", "&lt;b&gt;", "&amp;lt;b&amp;gt;"},
		{"pipe", "transport | BRT", `transport \| BRT`},
		{"emphasis", "*bold* and _italic_", `\*bold\* and \_italic\_`},
		{"backticks", "`rm -rf`", "\\`rm -rf\\`"},
		{"link", "[click](javascript:alert(1))", `\[click\](javascript:alert(1))`},
		{"image", "![x](http://t/p.png)", `!\[x\](http://t/p.png)`},
		{"heading", "# not a heading", `\# not a heading`},
		{"strike", "~~gone~~", `\~\~gone\~\~`},
		{"backslash", `a\b`, `a\\b`},
		{"new lines", "line one\nline two\r\n\tthree", "line one line two three"},
		{"non-Latin", "काठमाडौं เชียงใหม่ 서울", "काठमाडौं เชียงใหม่ 서울"},
		{"formula start is harmless", "=1+1 -x @y", "=1+1 -x @y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, escape.Markdown(tt.in))
		})
	}
}

// FuzzMarkdown checks on any text that the escaped form holds no
// "<" (no HTML tag can open), no line break (it cannot leave its table cell
// or heading), and no Markdown special character without its backslash.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", `<img src=x onerror=alert(1)>`, "a | b", "*x* _y_ `z`", "[a](b)", "\\<", "&lt;", "line\nbreak", "काठमाडौं"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := escape.Markdown(s)
		if strings.Contains(got, "<") {
			t.Fatalf("escape.Markdown(%q) = %q: an unescaped <", s, got)
		}
		if strings.ContainsAny(got, "\r\n") {
			t.Fatalf("escape.Markdown(%q) = %q: a line break", s, got)
		}
		for i := 0; i < len(got); i++ {
			switch c := got[i]; {
			case c == '\\':
				i++ // an escape and the character it escapes
				if i >= len(got) || !strings.ContainsRune(escape.MarkdownSpecial, rune(got[i])) {
					t.Fatalf("escape.Markdown(%q) = %q: a lone backslash at %d", s, got, i-1)
				}
			case strings.IndexByte(escape.MarkdownSpecial, c) >= 0:
				t.Fatalf("escape.Markdown(%q) = %q: %q unescaped at %d", s, got, c, i)
			}
		}
	})
}

func TestCSVWriter(t *testing.T) {
	var b bytes.Buffer
	w, err := escape.NewCSVWriter(&b, []string{"name", "score", "=note"}, []bool{false, true})
	require.NoError(t, err)
	require.NoError(t, w.Write([]string{"-Dhaka", "-0.5", "-1"}))
	require.NoError(t, w.Write([]string{"Hanoi", "@x", "fine", "+extra"}))
	require.NoError(t, w.Flush())
	r := csv.NewReader(strings.NewReader(b.String()))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"name", "score", "'=note"},         // a header is text too
		{"'-Dhaka", "-0.5", "'-1"},          // the third column is not a number column
		{"Hanoi", "'@x", "fine", "'+extra"}, // nor is a cell beyond the columns
	}, rows)
}
