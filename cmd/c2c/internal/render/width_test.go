package render

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want int
	}{
		{"ASCII", "Palembang", 9},
		{"Latin with accents", "Đà Nẵng", 7},
		{"combining mark", "e\u0301", 1},
		{"Hangul", "서울", 4},
		{"kanji and kana", "横浜市", 6},
		{"fullwidth", "ＡＢ", 4},
		{"mixed", "Seoul 서울", 10},
		// A Devanagari spacing vowel sign takes a cell of its own; a sign
		// above or below (anusvara, u) takes none.
		{"Devanagari vowel signs", "काठमाडौं", 7},
		{"Devanagari sign i", "ललितपुर", 6},
		{"Thai marks above and below", "เชียงใหม่", 7},
		{"emoji", "🌊", 2},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, DisplayWidth(tt.s))
		})
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		s     string
		width int
		want  []string
	}{
		{"fits", "reduce waste", 20, []string{"reduce waste"}},
		{"at spaces", "reduce household waste by half", 12, []string{"reduce", "household", "waste by", "half"}},
		{"long word cut", "decentralisation", 6, []string{"decent", "ralisa", "tion"}},
		{"wide runes", "서울특별시 청계천", 4, []string{"서울", "특별", "시", "청계", "천"}},
		{"identifier breaks after a hyphen", "markets-street-vending, brt", 12, []string{"markets-", "street-", "vending, brt"}},
		{"clusters kept whole", "काठमाडौं", 2, []string{"का", "ठ", "मा", "डौं"}},
		{"Thai marks stay on their letter", "เชียงใหม่", 3, []string{"เชีย", "งให", "ม่"}},
		{"empty", "", 10, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, wrap(tt.s, tt.width))
		})
	}
}

func TestPad(t *testing.T) {
	assert.Equal(t, "서울  ", pad("서울", 6, false))
	assert.Equal(t, "   42", pad("42", 5, true))
	assert.Equal(t, "toolong", pad("toolong", 3, false))
}

// FuzzWrap checks the text layout on any input: wrapped lines fit the
// width and keep every word in order.
func FuzzWrap(f *testing.F) {
	f.Add("reduce household waste by half", 12)
	f.Add("서울특별시 청계천 복원", 5)
	f.Add("decentralisation", 1)
	f.Add("e\u0301\u0301 x", 2)
	f.Add("\xff\xfe bad utf8", 3)
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = width%200 + 1
		if width < 2 {
			width = 2 // a wide rune needs two columns
		}
		lines := wrap(s, width)
		for _, l := range lines {
			if DisplayWidth(l) > width {
				t.Fatalf("wrap(%q, %d): line %q is %d columns wide", s, width, l, DisplayWidth(l))
			}
		}
		if DisplayWidth(s) > width {
			got := strings.ReplaceAll(strings.Join(lines, ""), " ", "")
			want := strings.Join(strings.Fields(s), "")
			if got != want {
				t.Fatalf("wrap(%q, %d) = %q: lost or reordered text", s, width, lines)
			}
		}
	})
}

func TestTerminalWidth(t *testing.T) {
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	defer pr.Close()
	defer pw.Close()
	f, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	require.NoError(t, err)
	defer f.Close()
	tests := []struct {
		name string
		w    io.Writer
	}{
		{"Pipe", pw},
		{"File", f},
		{"Buffer", new(bytes.Buffer)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("COLUMNS", "60")
			assert.Zero(t, TerminalWidth(tt.w), "off a terminal tables are never fitted")
		})
	}
}
