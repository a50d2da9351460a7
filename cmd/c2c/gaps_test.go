package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
)

// gapsDB returns a new database holding testdata/gaps/network.json: stray
// dogs and a playground nobody covers, a need in words nobody knows, a
// member whose needs are on no topic, and a resource with one hosting
// place wanted by two.
func gapsDB(tb testing.TB) string {
	tb.Helper()
	db := filepath.Join(tb.TempDir(), "c2c.db")
	mustRun(tb, "--db", db, "--empty", "import", filepath.Join("testdata", "gaps", "network.json"))
	return db
}

func TestGapsCommand(t *testing.T) {
	db := sampleDB(t)
	table := mustRunAt(t, 100, "--db", db, "gaps")
	golden(t, "gaps-sample", table.stdout)
	for _, line := range strings.Split(table.stdout, "\n") {
		assert.LessOrEqual(t, render.DisplayWidth(line), 100, "fits a 100-column terminal: %q", line)
	}

	// JSON carries the same numbers as the table.
	j := mustRun(t, "--db", db, "gaps", "--format", "json")
	var rep model.GapReport
	require.NoError(t, json.Unmarshal([]byte(j.stdout), &rep))
	require.NotEmpty(t, rep.Gaps)
	assert.Equal(t, 0.3, rep.Threshold)
	assert.Contains(t, table.stdout, "below 0.3 is a gap")
	assert.Contains(t, table.stdout, render.Plural(rep.Needs, "need")+" of "+strconv.Itoa(rep.Beneficiaries)+" beneficiaries")
	assert.Contains(t, table.stdout, render.Plural(rep.GapNeeds, "need")+" on "+render.Plural(len(rep.Gaps), "topic"))
	assert.Equal(t, "urban-flooding", rep.Gaps[0].Topic, "the sample's biggest gap: nobody offers flood management")
	needs := 0
	for i, g := range rep.Gaps {
		assert.Regexp(t, `(?m)^\s*`+strconv.Itoa(i+1)+`\s+`+g.Label[:10]+`.*\s`+strconv.Itoa(g.Beneficiaries)+`\s+`+strconv.Itoa(len(g.Needs))+`\s`, table.stdout)
		if i > 0 {
			assert.GreaterOrEqual(t, rep.Gaps[i-1].Beneficiaries, g.Beneficiaries, "ranked by beneficiaries affected")
		}
		for _, n := range g.Needs {
			needs++
			require.NotNil(t, n.Best)
			assert.Less(t, n.Best.Score, rep.Threshold)
			assert.Contains(t, table.stdout, render.F4(n.Best.Score), "table shows %s's cover", n.Beneficiary)
		}
	}
	assert.Equal(t, rep.GapNeeds, needs)

	c := mustRun(t, "--db", db, "gaps", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(c.stdout)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"rank", "topic", "topic_label", "sector", "beneficiaries", "beneficiary", "beneficiary_name", "challenge", "need",
		"placed", "best", "best_name", "best_score", "best_by", "best_offer"}, rows[0])
	assert.Len(t, rows, 1+rep.GapNeeds, "one row per gap need")
	assert.Equal(t, render.F4(rep.Gaps[0].Needs[0].Best.Score), rows[1][12])

	md := mustRun(t, "--db", db, "gaps", "--format", "markdown")
	assert.Contains(t, md.stdout, "# Gaps: needs nobody in the network covers well")
	assert.Contains(t, md.stdout, "| Urban flooding |")

	// A higher threshold finds at least as many gaps; one topic narrows them.
	var high model.GapReport
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "--db", db, "gaps", "--min-score", "0.6", "--format", "json").stdout), &high))
	assert.Greater(t, high.GapNeeds, rep.GapNeeds)
	var flood model.GapReport
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "--db", db, "gaps", "--topic", "urban-flooding", "--format", "json").stdout), &flood))
	require.NotEmpty(t, flood.Gaps)
	assert.Equal(t, rep.Gaps[0], flood.Gaps[0], "the same flooding gap; needs also on the topic stay under their strongest one")
	assert.Less(t, flood.Needs, rep.Needs)
}

func TestGapsNetwork(t *testing.T) {
	db := gapsDB(t)
	r := mustRun(t, "--db", db, "gaps")
	golden(t, "gaps-network", r.stdout)
	assert.Contains(t, r.stdout, "Placed on no topic")
	assert.Contains(t, r.stdout, `"zzqx wubble"`)
}

func TestGapsErrors(t *testing.T) {
	db := sampleDB(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"MinScoreAbove1", []string{"gaps", "--min-score", "2"}, "--min-score 2: expected a cover score between 0 and 1"},
		{"MinScoreNegative", []string{"gaps", "--min-score=-0.1"}, "--min-score -0.1"},
		{"UnknownTopic", []string{"gaps", "--topic", "urban-floding"}, `unknown topic "urban-floding"`},
		{"StrayArgument", []string{"gaps", "palembang"}, `unexpected argument "palembang"`},
		{"BadFormat", []string{"gaps", "--format", "yaml"}, "expected one of table, json, csv, markdown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runC2C(t, append([]string{"--db", db}, tt.args...)...)
			require.Error(t, r.err)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, tt.want)
			assert.Empty(t, r.stdout)
		})
	}
}

// TestShortlistGapNote: a shortlist's header names each of its needs that
// nobody in the network covers well, with the closest member, in the table
// and in JSON with the same numbers.
func TestShortlistGapNote(t *testing.T) {
	db := gapsDB(t)
	var sl model.Shortlist
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "--db", db, "shortlist", "towna", "--format", "json").stdout), &sl))
	require.Len(t, sl.Gaps, 1)
	g := sl.Gaps[0]
	assert.Equal(t, "stray dogs bite children in the park", g.Need)
	assert.Equal(t, "stray-animals", g.Topic)
	require.NotNil(t, g.Best)
	assert.Equal(t, "townb", g.Best.Resource)

	table := mustRun(t, "--db", db, "shortlist", "towna")
	assert.Contains(t, table.stdout, "Gap         nobody in the network covers it well (best: Town B "+render.F4(g.Best.Score)+`): "stray dogs`)
	md := mustRun(t, "--db", db, "shortlist", "towna", "--format", "markdown")
	assert.Contains(t, md.stdout, `- **Gap:** nobody in the network covers it well (best: Town B `+render.F4(g.Best.Score)+`): "stray dogs bite children in the park"`)

	none := mustRun(t, "--db", sampleDB(t), "shortlist", "palembang", "--topic", "public-transport", "--format", "json")
	assert.NotContains(t, none.stdout, `"gaps"`, "no gap on the topic asked: no note")
}

// TestReportGapsAndUnpartnered: the batch report has a Gaps section and a
// section naming every member left without a partner and why; profile text
// is escaped in HTML.
func TestReportGapsAndUnpartnered(t *testing.T) {
	dir := t.TempDir()
	db := gapsDB(t)
	out := filepath.Join(dir, "out")
	mustRun(t, "--db", db, "batch", "--out", out, "--year", "2026", "--quiet")
	md, err := os.ReadFile(filepath.Join(out, publish.FileMarkdown))
	require.NoError(t, err)
	assert.NotContains(t, string(md), "| Town F |", "paired with Town G on its words alone")
	for _, want := range []string{
		"## Members left without a partner",
		"| Town A | unserved by the pairing: all its candidates are full: townd (1/1) | one more hosting place at townd",
		"| Town E | no candidate: every other member is excluded (7 cover none of its needs); nobody in the network covers any of its needs well",
		"## Gaps",
		"| Stray animals and rabies | Health | 2 | 2 |",
		`| Placed on no topic | Town E | "zzqx wubble" | nobody |`,
		"| Town B | no candidate: every other member is excluded",
		"- **Left without a partner:** 3",
		`- **Gap:** nobody in the network covers it well (best: Town B`,
	} {
		assert.Contains(t, string(md), want)
	}
	page, err := os.ReadFile(filepath.Join(out, publish.FileHTML))
	require.NoError(t, err)
	ids, _ := wellFormed(t, page)
	assert.True(t, ids["gaps"])
	assert.True(t, ids["unpartnered"])
	assert.Contains(t, string(page), "Town C &lt;Süd&gt;")
	assert.NotContains(t, string(page), "<Süd>", "profile text is escaped")
	assert.Contains(t, string(page), "&#34;zzqx wubble&#34;")
}
