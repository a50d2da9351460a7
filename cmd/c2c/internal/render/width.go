package render

import (
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/rivo/uniseg"
	"golang.org/x/term"
)

// DisplayWidth returns the number of terminal cells s takes, counted by
// grapheme cluster with github.com/rivo/uniseg: 0 for combining marks and
// format characters, 2 for East Asian wide and fullwidth characters and
// emoji, so that Devanagari, Thai, Hangul and kanji names align.
func DisplayWidth(s string) int {
	return uniseg.StringWidth(s)
}

// pad fills s with spaces to width cells, on the left when right is true.
func pad(s string, width int, right bool) string {
	gap := width - DisplayWidth(s)
	if gap <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", gap) + s
	}
	return s + strings.Repeat(" ", gap)
}

// wrap breaks s into lines of at most width cells at spaces; a word wider
// than width is cut across lines between grapheme clusters, never inside
// one. Width 0 or less means no limit. It returns at least one line.
func wrap(s string, width int) []string {
	if width <= 0 || DisplayWidth(s) <= width {
		return []string{s}
	}
	var lines []string
	var line strings.Builder
	used := 0
	flush := func() {
		lines = append(lines, line.String())
		line.Reset()
		used = 0
	}
	for _, word := range strings.Fields(s) {
		w := DisplayWidth(word)
		if line.Len() > 0 && used+1+w > width {
			flush()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
			used++
		}
		for w > width-used {
			// A word wider than a line: cut it, at least one cluster per line.
			head, hw := cutWidth(word, width-used)
			line.WriteString(head)
			flush()
			word, w = word[len(head):], w-hw
		}
		line.WriteString(word)
		used += w
	}
	if line.Len() > 0 || len(lines) == 0 {
		flush() // the last line, even when it holds only zero-width marks
	}
	return lines
}

// cutWidth returns the longest prefix of s, in whole grapheme clusters, at
// most width cells wide but at least one cluster, and its width. When s
// does not fit, the prefix ends after its last hyphen if it has one, so that
// an identifier such as "markets-street-vending" breaks between its words.
func cutWidth(s string, width int) (string, int) {
	state, used, cut := -1, 0, 0
	hyphen, hyphenUsed := 0, 0
	rest := s
	for rest != "" {
		var cluster string
		var w int
		cluster, rest, w, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if cut > 0 && used+w > width {
			if hyphen > 0 {
				return s[:hyphen], hyphenUsed
			}
			break
		}
		used += w
		cut += len(cluster)
		if cluster == "-" && rest != "" {
			hyphen, hyphenUsed = cut, used
		}
	}
	return s[:cut], used
}

// DefaultWidth is the width tables are fitted to on a terminal whose size
// cannot be read.
const DefaultWidth = 100

// TerminalWidth returns the width of the terminal w writes to: its size,
// else $COLUMNS, else DefaultWidth. It returns 0 when w is not a terminal
// (a pipe or a file), where tables are never fitted and nothing is cut.
func TerminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	if width, _, err := term.GetSize(int(f.Fd())); err == nil && width >= 40 {
		return width
	}
	if width, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && width >= 40 {
		return width
	}
	return DefaultWidth
}
