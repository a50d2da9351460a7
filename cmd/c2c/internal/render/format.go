package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/cmd/c2c/internal/escape"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// Plural formats n with the noun, adding "s" unless n is 1.
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// RoundedCount writes a count for reading: 950, 12k, 1.7M; "" for 0.
func RoundedCount(n int64) string {
	switch {
	case n <= 0:
		return ""
	case n < 10_000:
		return strconv.FormatInt(n, 10)
	case n < 999_500:
		return fmt.Sprintf("%dk", (n+500)/1000)
	default:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	}
}

// GroupDigits writes n with commas between groups of three digits.
func GroupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// F4 formats a score or part value.
func F4(v float64) string { return fmt.Sprintf("%.4f", v) }

// F3 formats a score or part value compactly for tables.
func F3(v float64) string { return fmt.Sprintf("%.3f", v) }

// DevShort abbreviates a development level for narrow tables.
func DevShort(d model.Development) string {
	switch d {
	case model.Developed:
		return "developed"
	case model.Developing:
		return "developing"
	case model.LeastDeveloped:
		return "LDC"
	}
	return "?"
}

// CoverCells formats a cover as its member's name (abbreviated when
// short), score and way, or "nobody" for none.
func CoverCells(cv *model.Cover, short bool) (name, score, by string) {
	if cv == nil {
		return "nobody", "", ""
	}
	name = cv.Name
	if short {
		name = ShortName(name)
	}
	return name, F4(cv.Score), cv.By
}

// NeedText quotes a gap need, saying when its topic was read from its
// words: "stray dogs bite children" (topic inferred).
func NeedText(n model.GapNeed) string {
	s := strconv.Quote(n.Need)
	if n.Placed == model.PlacedInferred {
		s += " (topic inferred)"
	}
	return s
}

// GapNote says that nobody in the network covers one need well, and who
// comes closest, numbers first so that a table truncates only the need:
// nobody in the network covers it well (best: Town B 0.1234): "stray dogs
// bite children". short abbreviates the closest member's name.
func GapNote(n model.GapNeed, short bool) string {
	best := "no member's offers meet it at all"
	if n.Best != nil {
		name, score, _ := CoverCells(n.Best, short)
		best = "best: " + name + " " + score
	}
	return fmt.Sprintf("nobody in the network covers it well (%s): %q", best, n.Need)
}

// MarkdownList joins reasons, escaped, into one sentence: "none recorded" for none.
func MarkdownList(rs []string) string {
	esc := make([]string, len(rs))
	for i, r := range rs {
		esc[i] = escape.Markdown(r)
	}
	return JoinReasons(esc)
}

// CandidateNote marks pins and quota promotions.
func CandidateNote(c model.Candidate) string {
	var n []string
	if c.Pinned {
		n = append(n, "pinned")
	}
	if c.Promoted > 0 {
		n = append(n, fmt.Sprintf("quota: from #%d", c.Promoted))
	}
	return strings.Join(n, ", ")
}

// WeightsShort formats weights compactly, each rounded to 4 decimals:
// "need=0.15 reciprocity=0.1 ...".
func WeightsShort(w model.Weights) string {
	parts := make([]string, 0, model.NParts)
	for i, name := range model.PartNames {
		parts = append(parts, name+"="+strconv.FormatFloat(match.Round4(w[i]), 'f', -1, 64))
	}
	return strings.Join(parts, " ")
}

// ReasonsShown is how many reasons for, and how many against, the
// reports and letters give each candidate; the CSV files give them all.
const ReasonsShown = 3

// MainReasons returns the first n reasons for candidate c (the engine lists
// the strongest first: the needs it meets and the offer behind them, the
// tested practice, what flows back) and its first n drawbacks.
func MainReasons(c model.Candidate, n int) (pro, con []string) {
	return c.Reasons[:min(n, len(c.Reasons))], c.Against[:min(n, len(c.Against))]
}

// Capitalise upper-cases the first letter of s.
func Capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ShortName cuts a display name to the part before a parenthesis, at most
// 24 characters, for map labels.
func ShortName(name string) string {
	if i := strings.Index(name, " ("); i > 0 {
		name = name[:i]
	}
	if r := []rune(name); len(r) > 24 {
		name = string(r[:23]) + "…"
	}
	return name
}

// JoinReasons joins reasons into one sentence, each without its own full
// stop and the whole ended by one; "none recorded." for none.
func JoinReasons(rs []string) string {
	if len(rs) == 0 {
		return "none recorded."
	}
	trimmed := make([]string, len(rs))
	for i, r := range rs {
		trimmed[i] = strings.TrimRight(r, ". ")
	}
	return strings.Join(trimmed, "; ") + "."
}

// TemplateFuncs are the functions of the HTML templates of reports and
// letters: add n to a count, and join reasons into a sentence
// (JoinReasons).
var TemplateFuncs = template.FuncMap{
	"add":  func(n, v int) int { return v + n },
	"join": JoinReasons,
}
