package main

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// wellFormed checks that an HTML document written XHTML-style is
// well-formed XML, and returns the value of every id attribute and the
// names of the elements it contains.
func wellFormed(t *testing.T, doc []byte) (ids map[string]bool, elements map[string]int) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	ids, elements = map[string]bool{}, map[string]int{}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "report.html is not well-formed")
		if se, ok := tok.(xml.StartElement); ok {
			elements[se.Name.Local]++
			for _, a := range se.Attr {
				if a.Name.Local == "id" {
					ids[a.Value] = true
				}
				if a.Name.Local == "src" || (a.Name.Local == "href" && !strings.HasPrefix(a.Value, "#")) {
					t.Errorf("external reference %s=%q: the report must be self-contained", a.Name.Local, a.Value)
				}
			}
		}
	}
	return ids, elements
}

func TestReportHTML(t *testing.T) {
	dir := t.TempDir()
	m, _, stderr := batchMain(t, filepath.Join(dir, "c2c.db"))
	out := filepath.Join(dir, "out")
	require.NoError(t, m.run(t.Context(), "batch", "--out", out, "--year", "2026", "--quiet"), stderr.String())
	page, err := os.ReadFile(filepath.Join(out, publish.FileHTML))
	require.NoError(t, err)
	ids, elements := wellFormed(t, page)

	db, err := m.Store(t.Context())
	require.NoError(t, err)
	res, err := db.RunResults(t.Context(), 1)
	require.NoError(t, err)
	require.NotEmpty(t, res.Shortlists)
	md, err := os.ReadFile(filepath.Join(out, publish.FileMarkdown))
	require.NoError(t, err)
	for _, sl := range res.Shortlists {
		assert.True(t, ids["b-"+sl.Beneficiary], "report.html has a section for %s", sl.Beneficiary)
		assert.Contains(t, string(md), "### "+sl.Name+" ("+sl.Beneficiary+",", "report.md has a section for %s", sl.Beneficiary)
	}
	for _, id := range []string{"overview", "map", "clusters", "unserved", "beneficiaries"} {
		assert.True(t, ids[id], "section %s", id)
	}
	doc := fixtures.Sample()
	located := 0
	for _, c := range doc.Cities {
		if c.Location != nil {
			located++
		}
	}
	assert.Equal(t, located, elements["circle"], "a dot per located city")
	assert.Equal(t, len(res.Pairing.Pairs), elements["line"], "a line per assigned pair (every sample city is located)")
	assert.Equal(t, 1, elements["style"])
	assert.Zero(t, elements["script"]+elements["link"]+elements["img"], "nothing external, nothing to run")
	assert.Contains(t, string(page), "@media print")
	assert.Contains(t, string(page), "Seoul", "names in the map and sections")
	assert.Contains(t, string(page), `<g class="land">`, "the basemap")
	assert.Greater(t, elements["path"], 15, "country outlines around the members")
	assert.Contains(t, string(page), "Country outlines: Natural Earth (public domain)", "the basemap's credit")
	assert.Contains(t, string(page), "not on the map, no location: MaRGG, PIEDAR", "the members left off")
}

func TestReportLimit(t *testing.T) {
	dir := t.TempDir()
	m, _, stderr := batchMain(t, filepath.Join(dir, "c2c.db"))
	out := filepath.Join(dir, "out")
	require.NoError(t, m.run(t.Context(), "batch", "--out", out, "--report-limit", "3", "--year", "2026", "--quiet"), stderr.String())
	page, err := os.ReadFile(filepath.Join(out, publish.FileHTML))
	require.NoError(t, err)
	ids, _ := wellFormed(t, page)
	sections := 0
	for id := range ids {
		if strings.HasPrefix(id, "b-") {
			sections++
		}
	}
	assert.Equal(t, 3, sections)
	assert.Contains(t, string(page), "section for 3 of 19 beneficiaries")
	md, err := os.ReadFile(filepath.Join(out, publish.FileMarkdown))
	require.NoError(t, err)
	assert.Contains(t, string(md), "Sections for 3 of 19 beneficiaries")
	rows, err := csv.NewReader(bytes.NewReader(must(os.ReadFile(filepath.Join(out, publish.FileShortlists))))).ReadAll()
	require.NoError(t, err)
	bens := map[string]bool{}
	for _, r := range rows[1:] {
		bens[r[0]] = true
	}
	assert.Greater(t, len(bens), 3, "the CSV lists every beneficiary")

	require.Error(t, m.run(t.Context(), "batch", "--report-limit", "-1"))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestCSVNonLatin(t *testing.T) {
	names := map[string]string{"seoul": "서울특별시", "palembang": "Палембанг", "dhaka": "ঢাকা", "yokohama": "横浜市", "penang": "Pulau Pinang, \"Mutiara\""}
	for _, excel := range []bool{false, true} {
		t.Run(map[bool]string{false: "UTF8", true: "Excel"}[excel], func(t *testing.T) {
			dir := t.TempDir()
			m, _, stderr := batchMain(t, filepath.Join(dir, "c2c.db"))
			db, err := m.Store(t.Context())
			require.NoError(t, err)
			doc := fixtures.Sample()
			var renamed []model.City
			for _, c := range doc.Cities {
				if n, ok := names[c.ID]; ok {
					c.Name = n
					renamed = append(renamed, c)
				}
			}
			_, err = db.Import(t.Context(), m.Ref, store.ImportOptions{}, &store.Input{File: "renamed.json", Doc: &model.Document{Format: model.FormatVersion, Cities: renamed}})
			require.NoError(t, err)
			out := filepath.Join(dir, "out")
			args := []string{"batch", "--out", out, "--year", "2026", "--quiet"}
			if excel {
				args = append(args, "--excel")
			}
			require.NoError(t, m.run(t.Context(), args...), stderr.String())

			seen := map[string]bool{}
			for _, file := range []string{publish.FileShortlists, publish.FilePairings} {
				raw, err := os.ReadFile(filepath.Join(out, file))
				require.NoError(t, err)
				assert.Equal(t, excel, bytes.HasPrefix(raw, []byte(render.UTF8BOM)), "%s: byte-order mark only with --excel", file)
				rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte(render.UTF8BOM)))).ReadAll()
				require.NoError(t, err, file)
				require.Greater(t, len(rows), 1)
				assert.Equal(t, "beneficiary", rows[0][0])
				for _, r := range rows[1:] {
					for _, cell := range r {
						seen[cell] = true
					}
				}
			}
			for id, n := range names {
				assert.True(t, seen[n], "%s's name %q read back", id, n)
			}
		})
	}
}

// TestReportReasons checks that what is handed out carries the reasons for
// and against each candidate: every one in shortlists.csv, the main ones
// under each candidate of report.html and report.md.
func TestReportReasons(t *testing.T) {
	dir := t.TempDir()
	m, _, stderr := batchMain(t, filepath.Join(dir, "c2c.db"))
	out := filepath.Join(dir, "out")
	require.NoError(t, m.run(t.Context(), "batch", "--out", out, "--year", "2026", "--quiet"), stderr.String())
	db, err := m.Store(t.Context())
	require.NoError(t, err)
	res, err := db.RunResults(t.Context(), 1)
	require.NoError(t, err)
	files := readDir(t, out)

	rows, err := csv.NewReader(bytes.NewReader(files[publish.FileShortlists])).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	require.Contains(t, col, "against")
	candidates, against := 0, 0
	i := 1
	for _, sl := range res.Shortlists {
		for _, c := range sl.Candidates {
			row := rows[i]
			i++
			assert.Equal(t, strings.Join(c.Reasons, "; "), row[col["reasons"]])
			assert.Equal(t, strings.Join(c.Against, "; "), row[col["against"]])
			candidates++
			if row[col["against"]] != "" {
				against++
			}
		}
	}
	assert.Greater(t, against, candidates/2, "most candidates have a drawback, and the CSV names it")

	html, md := string(files[publish.FileHTML]), string(files[publish.FileMarkdown])
	assert.Equal(t, candidates, strings.Count(html, `<tr class="why">`), "a row of reasons under every candidate in report.html")
	assert.Equal(t, candidates, strings.Count(md, " Against: "), "reasons for and against every candidate in report.md")
	seoul := "- **1. Seoul** — for: covers 53% of Palembang's needs"
	require.Contains(t, md, seoul)
	line := md[strings.Index(md, seoul):]
	line = line[:strings.Index(line, "\n")]
	assert.Contains(t, line, `tested practice "2004 public transport reform"`, "the practice behind the score")
	assert.Contains(t, line, "Against: Palembang has little to offer back", "the main drawback")
	assert.NotContains(t, html, "c2c runs show", "the report no longer sends the reader to the command line for the reasons")
}

// TestReportPartlyServed checks that a batch that seats fewer partners than
// wanted says so in pairings.csv and in the overview of both reports, and
// that pairings.csv names each cluster table in words.
func TestReportPartlyServed(t *testing.T) {
	dir := t.TempDir()
	m, _, stderr := batchMain(t, filepath.Join(dir, "c2c.db"))
	out := filepath.Join(dir, "out")
	require.NoError(t, m.run(t.Context(), "batch", "--out", out, "--year", "2026", "--quiet", "--partners", "2", "--hosting", "1"), stderr.String())
	db, err := m.Store(t.Context())
	require.NoError(t, err)
	res, err := db.RunResults(t.Context(), 1)
	require.NoError(t, err)
	pl := res.Pairing
	require.NotEmpty(t, pl.Partial, "hosting 1 cannot seat two partners for everyone")
	assert.Equal(t, pl.Beneficiaries, pl.FullyServed+len(pl.Partial)+len(pl.Unserved))

	rows, err := csv.NewReader(bytes.NewReader(must(os.ReadFile(filepath.Join(out, publish.FilePairings))))).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimPrefix(h, render.UTF8BOM)] = i
	}
	for _, c := range []string{"cluster", "table", "partners", "wanted", "short_reason"} {
		require.Contains(t, col, c)
	}
	partial := map[string]model.Partial{}
	for _, p := range pl.Partial {
		partial[p.Beneficiary] = p
	}
	tables := 0
	for _, row := range rows[1:] {
		p, short := partial[row[0]]
		assert.Equal(t, "2", row[col["wanted"]])
		if short {
			assert.Equal(t, strconv.Itoa(p.Partners), row[col["partners"]])
			assert.Equal(t, p.Reason, row[col["short_reason"]])
		} else {
			assert.Equal(t, "2", row[col["partners"]])
			assert.Empty(t, row[col["short_reason"]])
		}
		if row[col["cluster"]] != "" {
			tables++
			assert.Contains(t, row[col["table"]], ": ", "a table in words")
			assert.NotContains(t, row[col["table"]], "/")
		}
	}
	assert.Positive(t, tables)

	md := string(must(os.ReadFile(filepath.Join(out, publish.FileMarkdown))))
	assert.Contains(t, md, fmt.Sprintf("- **Partly served:** %d (fewer partners than wanted)\n", len(pl.Partial)))
	assert.Contains(t, md, "## Partly served cities")
	page := string(must(os.ReadFile(filepath.Join(out, publish.FileHTML))))
	assert.Contains(t, page, fmt.Sprintf("<b>%d</b>partly served", len(pl.Partial)))
	assert.Contains(t, page, `id="partial"`)
}
