package main

import (
	"strings"
	"unicode"
)

// runeWidth returns the number of terminal columns r takes: 0 for combining
// marks and format characters, 2 for East Asian wide and fullwidth
// characters (CJK, Hangul, kana, fullwidth forms, most emoji), 1 otherwise.
func runeWidth(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case r >= 0x1100 && r <= 0x115F, // Hangul Jamo initial consonants
		r >= 0x2E80 && r <= 0x303E,   // CJK radicals, Kangxi, CJK symbols and punctuation
		r >= 0x3041 && r <= 0x33FF,   // kana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
		r >= 0x3400 && r <= 0x4DBF,   // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF,   // CJK unified ideographs
		r >= 0xA000 && r <= 0xA4CF,   // Yi
		r >= 0xAC00 && r <= 0xD7A3,   // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,   // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F,   // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60,   // fullwidth forms
		r >= 0xFFE0 && r <= 0xFFE6,   // fullwidth signs
		r >= 0x1F300 && r <= 0x1F64F, // pictographs and emoticons
		r >= 0x1F900 && r <= 0x1F9FF, // supplemental pictographs
		r >= 0x20000 && r <= 0x3FFFD: // CJK extensions B and beyond
		return 2
	}
	return 1
}

// displayWidth returns the number of terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// truncate shortens s to at most width columns, ending it with "…" when
// something was cut.
func truncate(s string, width int) string {
	if displayWidth(s) <= width {
		return s
	}
	if width <= 0 {
		return ""
	}
	used, cut := 0, len(s)
	for i, r := range s {
		w := runeWidth(r)
		if used+w > width-1 {
			cut = i
			break
		}
		used += w
	}
	return strings.TrimRight(s[:cut], " ") + "…"
}

// pad fills s with spaces to width columns, on the left when right is true.
func pad(s string, width int, right bool) string {
	gap := width - displayWidth(s)
	if gap <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", gap) + s
	}
	return s + strings.Repeat(" ", gap)
}

// wrap breaks s into lines of at most width columns at spaces; a word wider
// than width is cut across lines. It returns at least one line.
func wrap(s string, width int) []string {
	if width <= 0 || displayWidth(s) <= width {
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
		w := displayWidth(word)
		if line.Len() > 0 && used+1+w > width {
			flush()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
			used++
		}
		for w > width-used {
			// A word wider than a line: cut it, at least one rune per line.
			cut, hw := len(word), 0
			for i, r := range word {
				if i > 0 && hw+runeWidth(r) > width-used {
					cut = i
					break
				}
				hw += runeWidth(r)
			}
			line.WriteString(word[:cut])
			flush()
			word, w = word[cut:], displayWidth(word[cut:])
		}
		line.WriteString(word)
		used += w
	}
	if line.Len() > 0 || len(lines) == 0 {
		flush() // the last line, even when it holds only zero-width marks
	}
	return lines
}
