package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
)

func TestShortlist(t *testing.T) {
	db := sampleDB(t)
	r := mustRunAt(t, render.DefaultWidth, "--db", db, "shortlist", "palembang", "--year", "2026")
	golden(t, "shortlist-palembang", r.stdout)
	for _, line := range strings.Split(r.stdout, "\n") {
		assert.LessOrEqual(t, render.DisplayWidth(line), 100, "fits a 100-column terminal: %q", line)
	}
	assert.Contains(t, r.stdout, "Seoul")
	assert.Contains(t, r.stdout, "Quota       met")

	// JSON carries the same numbers as the table.
	j := mustRun(t, "--db", db, "shortlist", "palembang", "--year", "2026", "--format", "json")
	var sl model.Shortlist
	require.NoError(t, json.Unmarshal([]byte(j.stdout), &sl))
	require.NotEmpty(t, sl.Candidates)
	assert.Equal(t, "seoul", sl.Candidates[0].Resource)
	assert.True(t, sl.Quota.Met)
	for _, c := range sl.Candidates {
		assert.Contains(t, r.stdout, render.F4(c.Score), "table shows %s's score", c.Resource)
		assert.InDelta(t, c.Score, c.Parts.Total(), 1e-9)
	}
	var raw map[string]any
	require.NoError(t, json.Unmarshal([]byte(j.stdout), &raw))
	for _, k := range []string{"beneficiary", "parameters", "quota", "candidates"} {
		assert.Contains(t, raw, k)
	}
	cand := raw["candidates"].([]any)[0].(map[string]any)
	for _, k := range []string{"rank", "resource", "name", "country", "development", "score", "parts", "reasons", "pinned", "promoted"} {
		assert.Contains(t, cand, k)
	}
	again := mustRun(t, "--db", db, "shortlist", "palembang", "--year", "2026", "--format", "json")
	assert.Equal(t, j.stdout, again.stdout, "byte-identical JSON")

	c := mustRun(t, "--db", db, "shortlist", "palembang", "--year", "2026", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(c.stdout)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"rank", "resource", "name", "country", "development", "score", "need", "reciprocity", "context", "evidence", "feasibility", "history", "text", "pinned", "promoted", "reasons", "against"}, rows[0])
	assert.Equal(t, render.F4(sl.Candidates[0].Score), rows[1][5])
	for i, cand := range sl.Candidates {
		assert.Equal(t, strings.Join(cand.Reasons, "; "), rows[i+1][15], "%s: reasons for", cand.Resource)
		assert.Equal(t, strings.Join(cand.Against, "; "), rows[i+1][16], "%s: reasons against", cand.Resource)
	}
	assert.Contains(t, rows[1][16], "far away", "Seoul's drawback is in the CSV")

	md := mustRun(t, "--db", db, "shortlist", "colombo", "--year", "2026", "--format", "markdown")
	assert.Contains(t, md.stdout, "# Shortlist for Colombo")
}

func TestShortlistErrors(t *testing.T) {
	db := sampleDB(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"UnknownCity", []string{"shortlist", "palembnag"}, "did you mean \"palembang\""},
		{"NoChallenges", []string{"shortlist", "help-o"}, "records no challenges"},
		{"TopZero", []string{"shortlist", "palembang", "--top", "0"}, "--top: expected a shortlist length of at least 1, not 0"},
		{"UnknownPart", []string{"shortlist", "palembang", "--weights", "need=1,fame=2"}, `unknown part "fame"`},
		{"NegativeWeight", []string{"shortlist", "palembang", "--weights", "need=-1"}, "expected a finite number >= 0"},
		{"NotANumber", []string{"shortlist", "palembang", "--weights", "need=much"}, "is not a number"},
		{"BadPrefer", []string{"shortlist", "palembang", "--prefer", "old"}, "expected continue or new"},
		{"UnknownTopic", []string{"shortlist", "palembang", "--topic", "bus"}, "unknown topic"},
		{"NoArgs", []string{"shortlist"}, "expected one city id"},
		{"ExplainOneArg", []string{"explain", "palembang"}, "expected BENEFICIARY and RESOURCE"},
		{"ExplainUnknown", []string{"explain", "palembang", "soul"}, "unknown resource"},
		{"RuleRmMissing", []string{"rule", "rm", "palembang", "seoul"}, ""},
		{"PairBadObjective", []string{"pair", "--objective", "fairness"}, "expected served or score"},
		{"PairUnknownParticipant", []string{"pair", "--participants", "seoul,atlantis"}, `unknown participant "atlantis"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runC2C(t, append([]string{"--db", db}, tt.args...)...)
			require.Error(t, r.err)
			assert.Equal(t, 1, r.code, "a user error exits 1")
			assert.Contains(t, r.stderr, tt.want)
		})
	}
	r := runC2C(t, "--db", db, "shortlist", "palembang", "--weights-file", filepath.Join(t.TempDir(), "none"))
	assert.Equal(t, 1, r.code)
	wf := testFile(t, "w.txt")
	r = runC2C(t, "--db", db, "shortlist", "palembang", "--weights-file", wf)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, wf+":2")
}

func TestExplainCommand(t *testing.T) {
	db := sampleDB(t)
	r := mustRunAt(t, render.DefaultWidth, "--db", db, "explain", "palembang", "seoul", "--year", "2026")
	golden(t, "explain-palembang-seoul", r.stdout)
	assert.Contains(t, r.stdout, "ranks 1 of")
	r = mustRun(t, "--db", db, "explain", "palembang", "jakarta", "--year", "2026")
	assert.Contains(t, r.stdout, "EXCLUDED: same country")
	j := mustRun(t, "--db", db, "explain", "palembang", "jakarta", "--format", "json")
	var ex struct {
		Allowed bool
		Reason  string
	}
	require.NoError(t, json.Unmarshal([]byte(j.stdout), &ex))
	assert.False(t, ex.Allowed)
	assert.Contains(t, ex.Reason, "same country")
}

func TestScoresCommand(t *testing.T) {
	db := sampleDB(t)
	r := mustRun(t, "--db", db, "scores", "--year", "2026")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"beneficiary", "resource", "score", "need", "reciprocity", "context", "evidence", "feasibility", "history", "text", "allowed", "pinned", "reason"}, rows[0])
	sl := mustRun(t, "--db", db, "shortlist", "palembang", "--year", "2026", "--format", "json")
	var s model.Shortlist
	require.NoError(t, json.Unmarshal([]byte(sl.stdout), &s))
	found := 0
	for _, row := range rows[1:] {
		if row[0] == "palembang" && row[1] == s.Candidates[0].Resource {
			found++
			assert.Equal(t, render.F4(s.Candidates[0].Score), row[2], "audit and shortlist agree")
			assert.Equal(t, "true", row[10])
		}
		if row[0] == "palembang" && row[1] == "jakarta" {
			assert.Equal(t, "false", row[10])
			assert.Contains(t, row[12], "same country")
		}
		score, err := strconv.ParseFloat(row[2], 64)
		require.NoError(t, err)
		assert.True(t, score >= 0 && score <= 1)
	}
	assert.Equal(t, 1, found)
}

func TestRuleCommands(t *testing.T) {
	db := sampleDB(t)
	mustRun(t, "--db", db, "rule", "block", "palembang", "seoul", "--why", "already partners")
	r := mustRun(t, "--db", db, "shortlist", "palembang", "--format", "json")
	assert.NotContains(t, r.stdout, `"resource": "seoul"`, "blocked")
	r = mustRun(t, "--db", db, "explain", "palembang", "seoul")
	assert.Contains(t, r.stdout, "blocked by the secretariat: already partners")

	mustRun(t, "--db", db, "rule", "pin", "palembang", "yokohama", "--why", "mayors agreed")
	r = mustRun(t, "--db", db, "shortlist", "palembang")
	assert.Contains(t, r.stdout, "pinned by the secretariat: mayors agreed")

	r = mustRun(t, "--db", db, "rules", "--format", "csv")
	assert.Contains(t, r.stdout, "palembang,seoul,block")
	assert.Contains(t, r.stdout, "palembang,yokohama,pin")

	mustRun(t, "--db", db, "rule", "rm", "palembang", "seoul")
	r = mustRun(t, "--db", db, "shortlist", "palembang", "--format", "json")
	assert.Contains(t, r.stdout, `"resource": "seoul"`)

	bad := runC2C(t, "--db", db, "rule", "pin", "palembang", "atlantis", "--why", "w")
	assert.Equal(t, 1, bad.code)
	assert.Contains(t, bad.stderr, `unknown city "atlantis"`)
}

func TestPairCommand(t *testing.T) {
	db := sampleDB(t)
	r := mustRunAt(t, render.DefaultWidth, "--db", db, "pair", "--clusters", "--year", "2026")
	golden(t, "pair-clusters", r.stdout)
	assert.Regexp(t, `Seoul +Transport and mobility +Jakarta`, r.stdout, "tables are named in words")
	assert.NotContains(t, r.stdout, "seoul/", "no table ids in the table")
	j := mustRun(t, "--db", db, "pair", "--year", "2026", "--format", "json")
	var pl map[string]any
	require.NoError(t, json.Unmarshal([]byte(j.stdout), &pl))
	for _, k := range []string{"parameters", "total_score", "served", "unserved", "pairs", "load"} {
		assert.Contains(t, pl, k)
	}
	for _, l := range pl["load"].([]any) {
		l := l.(map[string]any)
		assert.LessOrEqual(t, l["hosted"].(float64), l["capacity"].(float64))
	}
	parts := testFile(t, "workshop.csv")
	r = mustRun(t, "--db", db, "pair", "--participants", parts, "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"beneficiary", "resource", "score", "topic", "cluster", "table", "pinned", "developing", "partners", "wanted", "short_reason"}, rows[0])
	for _, row := range rows[1:] {
		assert.Contains(t, []string{"seoul", "palembang", "mumbai"}, row[1])
	}
	list := testFile(t, "workshop.txt")
	r = mustRun(t, "--db", db, "pair", "--participants", list, "--format", "json")
	assert.Contains(t, r.stdout, `"resource": "seoul"`)
}

// TestPairCommandSaysWhatItDid checks that c2c pair reports the partly
// served in the table, the JSON and the CSV, and tells an unserved member
// that its pinned partner is not at the event.
func TestPairCommandSaysWhatItDid(t *testing.T) {
	db := sampleDB(t)
	workshop := []string{"--db", db, "pair", "--year", "2026", "--partners", "2", "--hosting", "1",
		"--participants", "seoul,yokohama,palembang,jakarta,mumbai,hanoi"}
	tests := []struct {
		name   string
		format string
		check  func(t *testing.T, out string)
	}{
		{"Table", "table", func(t *testing.T, out string) {
			golden(t, "pair-partial", out)
			assert.Contains(t, out, "5 of 6 beneficiaries: 0 fully, 5 partly (fewer partners than wanted)")
			assert.Contains(t, out, "Partly served (fewer partners than wanted)")
			assert.Regexp(t, `Palembang +1 of 2 +its other candidates are full: seoul`, out)
		}},
		{"JSON", "json", func(t *testing.T, out string) {
			var pl model.Pairing
			require.NoError(t, json.Unmarshal([]byte(out), &pl))
			assert.Equal(t, 6, pl.Beneficiaries)
			assert.Equal(t, pl.Beneficiaries, pl.FullyServed+len(pl.Partial)+len(pl.Unserved))
			require.Len(t, pl.Partial, 5)
			for _, p := range pl.Partial {
				assert.Equal(t, 1, p.Partners)
				assert.Equal(t, 2, p.Wanted)
				assert.NotEmpty(t, p.Reason)
				assert.NotEmpty(t, p.Relax)
			}
		}},
		{"CSV", "csv", func(t *testing.T, out string) {
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			require.NoError(t, err)
			require.NotEmpty(t, rows)
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			for _, row := range rows[1:] {
				assert.Equal(t, "1", row[col["partners"]], "%v", row)
				assert.Equal(t, "2", row[col["wanted"]])
				assert.NotEmpty(t, row[col["short_reason"]])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, mustRunAt(t, render.DefaultWidth, append(workshop, "--format", tt.format)...).stdout)
		})
	}
	t.Run("PinnedPartnerAbsent", func(t *testing.T) {
		mustRun(t, "--db", db, "rule", "pin", "palembang", "yokohama", "--why", "agreed at the congress")
		r := mustRunAt(t, render.DefaultWidth, "--db", db, "pair", "--year", "2026", "--participants", "palembang,jakarta", "--format", "json")
		var pl model.Pairing
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &pl))
		require.Len(t, pl.Unserved, 2)
		assert.Equal(t, "palembang", pl.Unserved[1].Beneficiary)
		assert.Contains(t, pl.Unserved[1].Reason, "its pinned partner yokohama is not among the participants of this event")
		assert.Contains(t, pl.Unserved[1].Relax, "inviting yokohama to the event would seat the pin")
	})
}
