package render

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/c2cnet/c2c/cmd/c2c/internal/escape"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// FormatHTML is a self-contained HTML page, for printing.
const FormatHTML Format = "html"

// Letter is what a letter shows.
type Letter struct {
	City, Country, Development string            // the beneficiary, its country's name and its development level in words
	Needs                      []string          // its needs, most pressing first
	Quota                      string            // whether the developing-city quota is met, in a sentence
	Candidates                 []letterCandidate // the recommended partners, by rank
	None                       string            // why the list is empty, "" when it is not
	Year                       int               // the reference year
	Lead, Intro, Footer        string            // the sentences before and after the needs, and the closing note
}

// letterCandidate is one recommended partner in a letter.
type letterCandidate struct {
	Rank                       int
	Name, Country, Development string
	Score                      string
	Note                       string   // pinned, moved up by the quota
	For, Against               []string // see MainReasons
}

// NewLetter prepares the letter of shortlist sl, made on e by c2c
// version; countries names the countries.
func NewLetter(e *match.Engine, sl *model.Shortlist, countries *model.Countries, version string) *Letter {
	p := sl.Parameters
	v := &Letter{City: sl.Name, Needs: sl.Needs, Year: p.Year,
		Lead:  sl.Name + " recorded these needs with the network:",
		Intro: "The network's matchmaking engine, c2c, compared them with what every other member has done and can offer.",
		Footer: fmt.Sprintf("A match is a score between 0 and 1: the sum of seven named parts (the needs met, what flows back, context, "+
			"tested evidence, feasibility, past exchanges, and the words of the profiles). c2c explain %s CITY gives the whole account "+
			"of any pair. Made by c2c %s; top %d, quota %.0f%%, prefer %s, year %d, weights %s.",
			sl.Beneficiary, version, p.Top, 100*p.Quota, p.Prefer, p.Year, WeightsShort(p.Weights))}
	if b, ok := e.City(sl.Beneficiary); ok {
		v.Country, v.Development = countryName(countries, b.Country), developmentWords(b.Development)
	}
	met := "The developing-city quota is met"
	if !sl.Quota.Met {
		met = "The developing-city quota is not met"
	}
	v.Quota = fmt.Sprintf("%s (at least %.0f%% of the list, %d here): %s.", met, 100*sl.Quota.Share, sl.Quota.Required, strings.TrimSuffix(sl.Quota.Note, "."))
	for _, c := range sl.Candidates {
		lc := letterCandidate{Rank: c.Rank, Name: c.Name, Country: countryName(countries, c.Country),
			Development: developmentWords(c.Development), Score: fmt.Sprintf("%.2f", c.Score), Note: CandidateNote(c)}
		lc.For, lc.Against = MainReasons(c, ReasonsShown)
		v.Candidates = append(v.Candidates, lc)
	}
	switch len(v.Candidates) {
	case 0:
	case 1:
		v.Intro += " This is the member city best placed to help, with the main reasons for it and what to weigh against it."
	default:
		v.Intro += fmt.Sprintf(" These are the %d member cities best placed to help, the strongest first, each with the main reasons for it and what to weigh against it.", len(v.Candidates))
	}
	if len(v.Candidates) == 0 {
		v.Quota = ""
		v.None = "No member city passes the network's rules for these needs yet."
		var near []string
		for _, n := range sl.Nearest[:min(3, len(sl.Nearest))] {
			rule, _, _ := strings.Cut(n.Excluded, ";") // the rule, without the advice to the secretariat
			near = append(near, fmt.Sprintf("%s (%s)", n.Name, rule))
		}
		if len(near) > 0 {
			v.None += " The nearest offers, left out by those rules: " + strings.Join(near, "; ") + "."
		}
	}
	return v
}

// countryName returns the English short name of country code cc, or cc.
func countryName(countries *model.Countries, cc string) string {
	if countries != nil {
		if co, ok := countries.Lookup(cc); ok {
			return co.Name
		}
	}
	return cc
}

// developmentWords writes a development level for a reader.
func developmentWords(d model.Development) string {
	switch d {
	case model.LeastDeveloped:
		return "least developed"
	case "":
		return "development level not recorded"
	}
	return string(d)
}

//go:embed letter.html.tmpl
var letterHTMLSource string
var letterHTML = template.Must(template.New("letter").Funcs(TemplateFuncs).Parse(letterHTMLSource))

// WriteLetter writes the letter v in format f: HTML or Markdown.
func WriteLetter(w io.Writer, v *Letter, f Format) error {
	bw := bufio.NewWriter(w)
	if f == FormatHTML {
		if err := letterHTML.Execute(bw, v); err != nil {
			return fmt.Errorf("letter: %w", err)
		}
	} else {
		writeLetterMarkdown(bw, v)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("letter: %w", err)
	}
	return nil
}

// writeLetterMarkdown writes the letter v as Markdown, every text from a
// profile escaped with escape.Markdown. bufio.Writer keeps the first error.
func writeLetterMarkdown(w *bufio.Writer, v *Letter) {
	fmt.Fprintf(w, "# Partner cities for %s\n\n", escape.Markdown(v.City))
	fmt.Fprintf(w, "_%s, %s · recommended by the C2C network, %d_\n\n", escape.Markdown(v.Country), escape.Markdown(v.Development), v.Year)
	fmt.Fprintf(w, "%s\n\n", escape.Markdown(v.Lead))
	for _, n := range v.Needs {
		fmt.Fprintf(w, "- %s\n", escape.Markdown(n))
	}
	if len(v.Needs) > 0 {
		w.WriteString("\n")
	}
	fmt.Fprintf(w, "%s\n\n", escape.Markdown(v.Intro))
	w.WriteString("## Recommended partners\n\n")
	if v.None != "" {
		fmt.Fprintf(w, "%s\n\n", escape.Markdown(v.None))
	}
	for _, c := range v.Candidates {
		fmt.Fprintf(w, "### %d. %s — %s, %s\n\n", c.Rank, escape.Markdown(c.Name), escape.Markdown(c.Country), escape.Markdown(c.Development))
		fmt.Fprintf(w, "Match %s of 1", c.Score)
		if c.Note != "" {
			fmt.Fprintf(w, " (%s)", escape.Markdown(c.Note))
		}
		w.WriteString(".\n\n")
		fmt.Fprintf(w, "**Why this city:** %s\n\n", MarkdownList(c.For))
		fmt.Fprintf(w, "**To weigh:** %s\n\n", MarkdownList(c.Against))
	}
	if v.Quota != "" {
		fmt.Fprintf(w, "%s\n\n", escape.Markdown(v.Quota))
	}
	fmt.Fprintf(w, "---\n\n_%s_\n", escape.Markdown(v.Footer))
}
