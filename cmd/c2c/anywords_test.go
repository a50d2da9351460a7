package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/model"
)

// TestAnyWords: a small network written in everyday words. An offer that
// says what a need asks, with no taxonomy phrase between them, is found;
// the explanation names the words; import warns about a challenge with too
// few words but succeeds; c2c city shows what the engine inferred.
func TestAnyWords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c2c.db")
	imp := mustRun(t, "--db", db, "--empty", "import", filepath.Join("testdata", "anywords", "network.json"))
	assert.Contains(t, imp.stderr, `city townx: challenges[1] "zzqx" has only 1 content word`)
	assert.Contains(t, imp.stdout, "2 members added")

	out := mustRun(t, "--db", db, "shortlist", "townx", "--format", "json")
	var sl model.Shortlist
	require.NoError(t, json.Unmarshal([]byte(out.stdout), &sl))
	require.Len(t, sl.Candidates, 1)
	c := sl.Candidates[0]
	assert.Equal(t, "towny", c.Resource)
	require.NotEmpty(t, c.Text)
	m := c.Text[0]
	assert.Equal(t, "young people leave and the town centre is empty", m.Need)
	assert.Subset(t, m.Shared, []string{"town", "centre", "empty"})
	assert.Greater(t, c.Parts.Text.Value, 0.2)
	assert.InDelta(t, c.Parts.Text.Contribution, c.Parts.Text.Value*c.Parts.Text.Weight, 1e-4)

	table := mustRun(t, "--db", db, "shortlist", "townx")
	assert.Contains(t, table.stdout, "in words")
	assert.Contains(t, table.stdout, "shared: town, centre, empty")

	city := mustRun(t, "--db", db, "city", "townx", "--format", "json")
	var p profile.Profile
	require.NoError(t, json.Unmarshal([]byte(city.stdout), &p))
	require.Contains(t, p.Inferred, "challenges[0]")
	assert.Empty(t, p.Inferred["challenges[1]"], "a word the vectors do not know gets no topic")
}

// TestEmptyShortlistNamesNearest: a member with challenges always gets a
// shortlist; when nobody qualifies, it names the nearest offers in words
// and why each is out.
func TestEmptyShortlistNamesNearest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c2c.db")
	mustRun(t, "--db", db, "--empty", "import", filepath.Join("testdata", "anywords", "lone.json"))
	out := mustRun(t, "--db", db, "shortlist", "towna", "--format", "json")
	var sl model.Shortlist
	require.NoError(t, json.Unmarshal([]byte(out.stdout), &sl))
	assert.Empty(t, sl.Candidates)
	require.Len(t, sl.Nearest, 1)
	assert.Equal(t, "townb", sl.Nearest[0].Resource)
	assert.Contains(t, sl.Nearest[0].Excluded, "same country")
	assert.Contains(t, sl.Nearest[0].Match.Shared, "dogs")
	table := mustRun(t, "--db", db, "shortlist", "towna")
	assert.Contains(t, table.stdout, "Nearest offers in words")
}
