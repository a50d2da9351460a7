package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
)

func TestLetter(t *testing.T) {
	db := sampleDB(t)
	tests := []struct {
		name, golden string
		args         []string
	}{
		{"HTML", "letter-palembang.html", []string{"letter", "palembang", "--year", "2026"}},
		{"Markdown", "letter-palembang.md", []string{"letter", "palembang", "--year", "2026", "--format", "md"}},
		{"MarkdownLong", "letter-palembang.md", []string{"letter", "palembang", "--year", "2026", "--format", "markdown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRun(t, append([]string{"--db", db}, tt.args...)...)
			golden(t, tt.golden, r.stdout)
			for _, bad := range []string{`\n`, "…", "<script", "%!", "<no value>"} {
				assert.NotContains(t, r.stdout, bad, "a letter must not hold %q", bad)
			}
		})
	}

	page := mustRun(t, "--db", db, "letter", "palembang", "--year", "2026").stdout
	_, elements := wellFormed(t, []byte(page)) // also: nothing external
	assert.Equal(t, 5, strings.Count(page, `<p class="why">`), "reasons for each of the 5 candidates")
	assert.Equal(t, 5, strings.Count(page, `<p class="weigh">`), "and what to weigh against each")
	assert.Equal(t, 1, elements["style"])
	assert.Contains(t, page, "@page {")
	assert.Contains(t, page, "far away: 5,100 km", "Seoul's drawback")
	assert.Contains(t, page, "tested practice &#34;2004 public transport reform&#34;", "the practice behind Seoul's score")

	t.Run("Out", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "palembang.html")
		r := mustRun(t, "--db", db, "letter", "palembang", "--year", "2026", "--out", out)
		assert.Empty(t, r.stdout)
		assert.Contains(t, r.stderr, "wrote the letter for Palembang to "+out)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, page, string(got))
		entries, err := os.ReadDir(filepath.Dir(out))
		require.NoError(t, err)
		assert.Len(t, entries, 1, "no temporary file left beside it")

		r = runC2C(t, "--db", db, "letter", "palembang", "--out", filepath.Join(out, "x.html"))
		assert.Equal(t, 1, r.code, r.stderr)
		assert.Contains(t, r.stderr, "cannot write the letter")
	})
	t.Run("Errors", func(t *testing.T) {
		r := runC2C(t, "--db", db, "letter", "palembang", "--format", "csv")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, `unknown --format "csv": expected one of html, markdown`)
		r = runC2C(t, "--db", db, "letter", "nowhere")
		assert.Equal(t, model.ENOTFOUND, model.ErrorCode(r.err))
		r = runC2C(t, "--db", db, "letter")
		assert.Equal(t, 1, r.code)
	})
}

// TestLetterNoCandidate checks the letter of a city no member can help:
// it says so instead of listing nobody.
func TestLetterNoCandidate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c2c.db")
	mustRun(t, "--db", db, "--empty", "import", testFile(t, "two.json"))
	r := mustRun(t, "--db", db, "letter", "lalitpur", "--format", "md", "--year", "2026")
	golden(t, "letter-none.md", r.stdout)
	assert.Contains(t, r.stdout, "No member city passes the network's rules for these needs yet.")
	assert.NotContains(t, r.stdout, "### 1.")
}
