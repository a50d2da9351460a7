package model

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the interchange format. A document that breaks one is refused
// with a located error; the limits keep a mistaken or hostile input from
// exhausting memory or filling listings with one field.
const (
	MaxDocumentBytes = 512 << 20 // bytes of one JSON document or one CSV table
	MaxIDLength      = 100       // characters of a city id
	MaxNameLength    = 200       // characters of a name or a practice title
	MaxTextLength    = 10000     // characters of a text, outcome or reason
	MaxEntries       = 1000      // challenges, capacities or practices of one city; beneficiaries of one exchange
	MaxShortList     = 32        // languages of a city, topics of a practice
)

// textKind says whether the key checkText checks is required, for the hint
// of its message.
type textKind int

const (
	required textKind = iota // a required key
	optional                 // an optional key, which may be left out
)

// checkText checks a free-text value at key of city id: at most max
// characters, no NUL or other control characters than tab and line breaks,
// and at least one letter or digit. An empty text is left to the caller,
// which knows whether the key is required.
func checkText(id, key, what, text string, max int, kind textKind, errs *Errors) {
	if text == "" {
		return
	}
	if n := utf8.RuneCountInString(text); n > max {
		errs.Add(id, key, "%s of %d characters: expected at most %d", what, n, max)
		return
	}
	if i := strings.IndexFunc(text, func(r rune) bool {
		return r == 0 || r == utf8.RuneError || (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r')
	}); i >= 0 {
		r, _ := utf8.DecodeRuneInString(text[i:])
		name := fmt.Sprintf("control character %U", r)
		switch r {
		case 0:
			name = "a NUL character"
		case utf8.RuneError:
			name = "an invalid character (a lone surrogate or a byte that is not UTF-8)"
		}
		errs.Add(id, key, "%s holds %s at character %d: expected plain text", what, name, utf8.RuneCountInString(text[:i])+1)
		return
	}
	if strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
		return
	}
	hint := ""
	if kind == optional {
		hint = " (leave the key out when there is nothing to say)"
	}
	errs.Add(id, key, "%s %q has no words: expected a letter or a digit%s", what, text, hint)
}

// checkCount checks that a list at key of city id has at most max entries.
func checkCount(id, key, what string, n, max int, errs *Errors) {
	if n > max {
		errs.Add(id, key, "%d %s: expected at most %d", n, what, max)
	}
}
