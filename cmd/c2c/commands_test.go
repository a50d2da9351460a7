package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
)

// writeFile writes content to name in a new temporary folder and returns
// its path.
func writeFile(tb testing.TB, name, content string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	require.NoError(tb, os.WriteFile(path, []byte(content), 0o644))
	return path
}

// testFile returns the path of the input file name of the running test:
// testdata/TestName/name, TestName being the top-level test's name.
func testFile(tb testing.TB, name string) string {
	tb.Helper()
	test, _, _ := strings.Cut(tb.Name(), "/")
	path := filepath.Join("testdata", test, name)
	require.FileExists(tb, path)
	return path
}

// exportJSON returns the database at db as an exported document.
func exportJSON(tb testing.TB, db string) string {
	tb.Helper()
	return mustRun(tb, "--db", db, "export").stdout
}

func TestImport(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		db := sampleDB(t)
		r := mustRun(t, "--db", db, "import", testFile(t, "new-member.json"))
		assert.Equal(t, "imported 1 input: 1 member added, 0 members replaced, 1 exchange, 1 rule\n", r.stdout)
		r = mustRun(t, "--db", db, "city", "chiang-mai")
		golden(t, "city-imported", r.stdout)
		r = mustRun(t, "--db", db, "cities", "--country", "TH", "--format", "csv")
		assert.Equal(t, "id,name,country,kind,development,population,needs,offers\nchiang-mai,Chiang Mai,TH,city,developing,,urban-flooding,heritage-conservation\n", r.stdout)
		assert.Contains(t, mustRun(t, "--db", db, "cities").stdout, "seoul", "the sample stays")
	})
	t.Run("ReplaceExisting", func(t *testing.T) {
		db := sampleDB(t)
		doc := `{"format": "c2c/v1", "cities": [{"id": "seoul", "name": "Seoul Metropolitan Government", "country": "KR"}]}`
		r := mustRun(t, "--db", db, "import", writeFile(t, "seoul.json", doc))
		assert.Equal(t, "imported 1 input: 0 members added, 1 member replaced, 0 exchanges, 0 rules\n", r.stdout)
		r = mustRun(t, "--db", db, "city", "seoul")
		assert.Contains(t, r.stdout, "Seoul Metropolitan Government (seoul)")
		assert.Contains(t, r.stdout, "no capacities recorded", "a city is replaced whole")
	})
	t.Run("Replace", func(t *testing.T) {
		db := sampleDB(t)
		r := mustRun(t, "--db", db, "import", "--replace", "--yes", testFile(t, "only-member.json"))
		assert.Equal(t, "replaced the database with 1 input: 1 member added, 0 members replaced, 23 members removed, 0 exchanges, 0 rules (9 exchanges and 0 rules removed)\n", r.stdout)
		r = mustRun(t, "--db", db, "cities", "--format", "json")
		var cities []model.City
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &cities))
		require.Len(t, cities, 1)
		assert.Equal(t, "chiang-mai", cities[0].ID)
	})
	t.Run("ErrBadFile", func(t *testing.T) {
		db := sampleDB(t)
		before := exportJSON(t, db)
		path := testFile(t, "bad.json")
		r := runC2C(t, "--db", db, "import", path)
		require.Error(t, r.err)
		assert.Equal(t, 1, r.code)
		assert.Equal(t, model.EINVALID, model.ErrorCode(r.err))
		assert.Empty(t, r.stdout)
		assert.Regexp(t, `bad\.json:5:\d+: .*unknown topic "urban-floding".*urban-flooding`, r.stderr)
		assert.Regexp(t, `bad\.json:6:\d+: .*bad id "Bad Id"`, r.stderr)
		assert.Regexp(t, `bad\.json:6:\d+: .*unknown country code "XX"`, r.stderr)
		assert.Equal(t, before, exportJSON(t, db), "a failed import changes nothing")
	})
	t.Run("ErrOneBadInputOfTwo", func(t *testing.T) {
		db := sampleDB(t)
		before := exportJSON(t, db)
		good := testFile(t, "new-member.json")
		bad := writeFile(t, "broken.json", "{\"format\": \"c2c/v1\",\n \"cities\": [,]}\n")
		r := runC2C(t, "--db", db, "import", good, bad)
		assert.Equal(t, 1, r.code)
		assert.Regexp(t, `broken\.json:2:\d+`, r.stderr)
		assert.Equal(t, before, exportJSON(t, db), "all inputs import together or not at all")
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		r := runC2C(t, "--db", sampleDB(t), "import", filepath.Join(t.TempDir(), "nope.json"))
		assert.Equal(t, 1, r.code, r.stderr)
		assert.Contains(t, r.stderr, "nope.json")
	})
}

func TestExport(t *testing.T) {
	t.Run("JSON", func(t *testing.T) {
		db := sampleDB(t)
		r := mustRun(t, "--db", db, "export")
		var doc model.Document
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc))
		assert.Equal(t, model.FormatVersion, doc.Format)
		assert.Len(t, doc.Cities, len(fixtures.Sample().Cities))
		assert.Len(t, doc.Exchanges, len(fixtures.Sample().Exchanges))
	})
	t.Run("RoundTripJSON", func(t *testing.T) {
		db := sampleDB(t)
		first := exportJSON(t, db)
		out := filepath.Join(t.TempDir(), "network.json")
		r := mustRun(t, "--db", db, "export", "--out", out)
		assert.Empty(t, r.stdout)
		assert.Regexp(t, `^c2c: wrote 23 members, \d+ exchanges and \d+ rules to .*network.json\n$`, r.stderr)
		written, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, first, string(written))

		other := filepath.Join(t.TempDir(), "other.db")
		mustRun(t, "--db", other, "--empty", "import", out)
		assert.Equal(t, first, exportJSON(t, other))
	})
	t.Run("RoundTripCSV", func(t *testing.T) {
		db := sampleDB(t)
		mustRun(t, "--db", db, "import", filepath.Join("testdata", "TestImport", "new-member.json"))
		first := exportJSON(t, db)
		dir := filepath.Join(t.TempDir(), "tables")
		mustRun(t, "--db", db, "export", "--format", "csv", "--out", dir)
		assert.FileExists(t, filepath.Join(dir, "cities.csv"))

		other := filepath.Join(t.TempDir(), "other.db")
		mustRun(t, "--db", other, "import", "--replace", dir)
		assert.Equal(t, first, exportJSON(t, other))
	})
	t.Run("ErrCSVNeedsOut", func(t *testing.T) {
		r := runC2C(t, "--db", sampleDB(t), "export", "--format", "csv")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "--out DIR")
	})
	t.Run("ErrBadFormat", func(t *testing.T) {
		r := runC2C(t, "--db", sampleDB(t), "export", "--format", "table")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "expected one of json, csv")
	})
}

func TestCities(t *testing.T) {
	db := sampleDB(t)
	tests := []struct {
		name string
		args []string
	}{
		{"all", nil},
		{"country", []string{"--country", "id"}},
		{"needs-csv", []string{"--needs", "waste-collection", "--format", "csv"}},
		{"offers-markdown", []string{"--offers", "heritage-conservation", "--development", "least-developed", "--format", "markdown"}},
		{"topic-kind", []string{"--topic", "waste-to-energy", "--kind", "ngo"}},
		{"none", []string{"--country", "FR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRunAt(t, render.DefaultWidth, append([]string{"--db", db, "cities"}, tt.args...)...)
			golden(t, "cities-"+tt.name, r.stdout)
			if strings.Contains(strings.Join(tt.args, " "), "--format") {
				return
			}
			for _, line := range strings.Split(r.stdout, "\n") {
				assert.LessOrEqual(t, render.DisplayWidth(line), render.DefaultWidth, "line %q", line)
			}
		})
	}
	t.Run("JSON", func(t *testing.T) {
		r := mustRun(t, "--db", db, "cities", "--country", "LK", "--format", "json")
		var cities []model.City
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &cities))
		var ids []string
		for _, c := range cities {
			ids = append(ids, c.ID)
			assert.Equal(t, "LK", c.Country)
		}
		assert.Equal(t, []string{"colombo", "help-o", "kandy", "margg"}, ids)
	})
	t.Run("JSONInferred", func(t *testing.T) {
		// Every entry without a topic carries the topics read in its words,
		// with a strength in (0, 1]; entries with a topic carry none.
		r := mustRun(t, "--db", db, "cities", "--format", "json")
		var cities []struct {
			model.City
			Inferred map[string][]profile.InferredTopic `json:"inferred"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &cities))
		require.Len(t, cities, len(fixtures.Sample().Cities))
		untopped := 0
		for _, c := range cities {
			for i, ch := range c.Challenges {
				key := fmt.Sprintf("challenges[%d]", i)
				ts, ok := c.Inferred[key]
				if ch.Topic != "" {
					assert.False(t, ok, "%s %s has a topic", c.ID, key)
					continue
				}
				untopped++
				require.True(t, ok, "%s %s", c.ID, key)
				for _, tp := range ts {
					assert.Greater(t, tp.Strength, 0.0, "%s %s %s", c.ID, key, tp.Topic)
					assert.LessOrEqual(t, tp.Strength, 1.0, "%s %s %s", c.ID, key, tp.Topic)
					assert.NotEmpty(t, tp.Evidence, "%s %s %s", c.ID, key, tp.Topic)
				}
			}
		}
		assert.Positive(t, untopped, "the sample has challenges in words only")
		var banda []profile.InferredTopic
		for _, c := range cities {
			if c.ID == "banda-aceh" {
				banda = c.Inferred["challenges[2]"]
			}
		}
		// "The central market has to be rebuilt after the tsunami.": the
		// rebuilding after a disaster first, on both of its words, the market
		// beside it.
		require.Len(t, banda, 2)
		assert.Equal(t, "post-disaster-reconstruction", banda[0].Topic)
		assert.Equal(t, []string{"rebuilt", "after the tsunami"}, banda[0].Evidence)
		assert.Equal(t, "markets-street-vending", banda[1].Topic)
		assert.Less(t, banda[1].Strength, banda[0].Strength)
	})
	t.Run("CSVParses", func(t *testing.T) {
		r := mustRun(t, "--db", db, "cities", "--format", "csv")
		rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		require.NoError(t, err)
		assert.Len(t, rows, 1+len(fixtures.Sample().Cities))
	})
	errs := []struct {
		name string
		args []string
		want []string
	}{
		{"ErrCountry", []string{"--country", "QQ"}, []string{`--country: unknown country code "QQ"`}},
		{"ErrCountryAlpha3", []string{"--country", "IDN"}, []string{`did you mean ID?`}},
		{"ErrTopic", []string{"--needs", "waste-colection"}, []string{`--needs: unknown topic "waste-colection": closest known topics are waste-collection`}},
		{"ErrDevelopment", []string{"--development", "rich"}, []string{`--development: unknown development "rich": expected one of developed, developing, least-developed`}},
		{"ErrSeveral", []string{"--kind", "town", "--offers", "brtt"}, []string{`--kind: unknown kind "town"`, `--offers: unknown topic "brtt"`}},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			r := runC2C(t, append([]string{"--db", db, "cities"}, tt.args...)...)
			assert.Equal(t, 1, r.code)
			assert.Equal(t, model.EINVALID, model.ErrorCode(r.err))
			for _, w := range tt.want {
				assert.Contains(t, r.stderr, w)
			}
		})
	}
}

func TestCity(t *testing.T) {
	db := sampleDB(t)
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"palembang", []string{"palembang"}},
		{"seoul-markdown", []string{"--format", "markdown", "seoul"}},
		{"yokohama", []string{"yokohama"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRunAt(t, render.DefaultWidth, append([]string{"--db", db, "city"}, tt.args...)...)
			golden(t, "city-"+tt.name, r.stdout)
		})
	}
	t.Run("JSON", func(t *testing.T) {
		r := mustRun(t, "--db", db, "city", "--format", "json", "seoul")
		var p profile.Profile
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &p))
		assert.Equal(t, "seoul", p.City.ID)
		require.NotEmpty(t, p.Exchanges)
		for _, e := range p.Exchanges {
			assert.True(t, e.Resource == "seoul" || strings.Contains(strings.Join(e.Beneficiaries, ","), "seoul"))
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		r := runC2C(t, "--db", db, "city", "palembnag")
		assert.Equal(t, 1, r.code)
		assert.Equal(t, model.ENOTFOUND, model.ErrorCode(r.err))
		assert.Contains(t, r.stderr, `unknown city "palembnag": did you mean "palembang"?`)
	})
}

func TestTopics(t *testing.T) {
	r := mustRunAt(t, render.DefaultWidth, "topics", "--sector", "transport")
	golden(t, "topics-transport", r.stdout)
	r = mustRun(t, "topics", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	assert.Len(t, rows, 1+len(fixtures.Taxonomy().Topics))
	r = mustRun(t, "topics", "--sector", "waste", "--format", "json")
	var topics []model.Topic
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &topics))
	require.NotEmpty(t, topics)
	for _, tp := range topics {
		assert.Equal(t, "waste", tp.Sector)
		assert.NotEmpty(t, tp.Phrases)
	}

	r = runC2C(t, "topics", "--sector", "transprt")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `--sector: unknown sector "transprt": did you mean transport?`)
}

// TestPipedNotTruncated checks that a long table written to a pipe or a
// file keeps every cell whole: every topic's id, label and full phrase list
// is on its line, however wide, and nothing is cut with "…".
func TestPipedNotTruncated(t *testing.T) {
	r := mustRun(t, "topics")
	assert.NotContains(t, r.stdout, "…")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	topics := fixtures.Taxonomy().Topics
	require.Len(t, lines, 1+len(topics), "one line per topic: nothing wraps off a terminal")
	wide := 0
	for i, tp := range topics {
		l := lines[i+1]
		assert.True(t, strings.HasPrefix(l, tp.ID+" "), "topic id whole: %q", l)
		assert.Contains(t, l, tp.Label)
		assert.True(t, strings.HasSuffix(l, strings.Join(tp.Phrases, "; ")), "phrases whole: %q", l)
		wide = max(wide, render.DisplayWidth(l))
	}
	assert.Greater(t, wide, render.DefaultWidth, "the table is wider than a terminal, and kept so")

	// On a terminal the same table fits and wraps, losing nothing.
	r = mustRunAt(t, 80, "topics")
	assert.NotContains(t, r.stdout, "…")
	for _, l := range strings.Split(r.stdout, "\n") {
		assert.LessOrEqual(t, render.DisplayWidth(l), 80, "line %q", l)
	}
	words := strings.Join(strings.Fields(r.stdout), " ")
	for _, tp := range topics {
		assert.Contains(t, words, tp.ID)
	}

	// A report's fields are whole too, whatever $COLUMNS says.
	t.Setenv("COLUMNS", "60")
	db := sampleDB(t)
	r = mustRun(t, "--db", db, "shortlist", "palembang", "--year", "2026")
	assert.Contains(t, r.stdout, "\nWeights     need=0.15 reciprocity=0.1 context=0.15 evidence=0.1 feasibility=0.05 history=0.05 text=0.4\n")
	assert.Regexp(t, `\nQuota       met \(40%, 2 required\): \d of the top 5 are developing or least-developed\n`, r.stdout)
}
