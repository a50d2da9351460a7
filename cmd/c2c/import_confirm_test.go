package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
)

// runAnswering runs the program as runC2C does, with stdin as standard input and
// terminal saying whether it is a terminal.
func runAnswering(tb testing.TB, stdin string, terminal bool, args ...string) result {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Ref: fixtures.Reference(), Width: render.DefaultWidth,
		Stdin: strings.NewReader(stdin), IsTerminal: func() bool { return terminal }}
	return runApp(tb, m.App(), &stdout, &stderr, args)
}

// partialHanoi is an input that replaces Hanoi with a profile that has
// only its name and country, and adds one member.
var partialHanoi = filepath.Join("testdata", "TestImportDryRun", "partial-hanoi.json")

// TestImportDryRun checks the per-member report of --dry-run, and that the
// database file is left byte for byte as it was.
func TestImportDryRun(t *testing.T) {
	db := sampleDB(t)
	doc := partialHanoi
	before, err := os.ReadFile(db)
	require.NoError(t, err)

	r := mustRun(t, "--db", db, "import", "--dry-run", doc)
	assert.Equal(t, `would have imported 1 input: 1 member added, 1 member replaced, 0 exchanges, 0 rules
  added     chiang-mai
  replaced  hanoi: languages 1 → 0, challenges 4 → 0, capacities 1 → 0; location, population left out
nothing was changed (--dry-run)
`, r.stdout)
	r = runAnswering(t, "", false, "--db", db, "import", "--dry-run", "--replace", doc)
	require.NoError(t, r.err, "a dry run removes nothing, so it needs no --yes")
	assert.True(t, strings.HasPrefix(r.stdout, "would have replaced the database with 1 input: 1 member added, 1 member replaced, 22 members removed, 0 exchanges, 0 rules (9 exchanges and 0 rules removed)\n  removed   banda-aceh\n"), r.stdout)
	assert.Contains(t, r.stdout, "\n  replaced  hanoi: languages 1 → 0, challenges 4 → 0")
	assert.Equal(t, 22, strings.Count(r.stdout, "  removed   "))
	after, err := os.ReadFile(db)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(before, after), "a dry run leaves the database file as it was")

	r = mustRun(t, "--db", db, "import", doc)
	assert.Equal(t, "imported 1 input: 1 member added, 1 member replaced, 0 exchanges, 0 rules\n", r.stdout)
	assert.Contains(t, r.stderr, "c2c: hanoi replaced whole: languages 1 → 0, challenges 4 → 0, capacities 1 → 0; location, population left out (c2c import --dry-run shows this before importing)\n")
}

// TestImportConfirmRemoval checks when an import that removes members
// asks, proceeds and refuses, with a pretend terminal.
func TestImportConfirmRemoval(t *testing.T) {
	const note = "c2c: hanoi replaced whole: languages 1 → 0, challenges 4 → 0, capacities 1 → 0; location, population left out (c2c import --dry-run shows this before importing)\n"
	const removed = "22 members (banda-aceh, bharatpur, colombo, danang, dhaka, help-o, islamabad, jakarta, kandy, kathmandu and 12 more), 9 exchanges and 0 rules"
	tests := []struct {
		name     string
		terminal bool
		stdin    string
		yes      bool
		code     int
		stderr   string // all of standard error
		removed  bool
	}{
		{name: "TerminalYes", terminal: true, stdin: "y\n", removed: true,
			stderr: "The import would remove " + removed + ".\nRemove them? [y/N] " + note},
		{name: "TerminalYesInFull", terminal: true, stdin: " YES \n", removed: true,
			stderr: "The import would remove " + removed + ".\nRemove them? [y/N] " + note},
		{name: "TerminalNo", terminal: true, stdin: "n\n", code: 1,
			stderr: "The import would remove " + removed + ".\nRemove them? [y/N] import cancelled: nothing was changed\n"},
		{name: "TerminalEnter", terminal: true, stdin: "\n", code: 1,
			stderr: "The import would remove " + removed + ".\nRemove them? [y/N] import cancelled: nothing was changed\n"},
		{name: "TerminalClosed", terminal: true, stdin: "", code: 1,
			stderr: "The import would remove " + removed + ".\nRemove them? [y/N] import cancelled: nothing was changed\n"},
		{name: "NotATerminal", terminal: false, stdin: "y\n", code: 1,
			stderr: "import --replace would remove " + removed + ": expected --yes to confirm, since standard input is not a terminal to ask at (--dry-run lists every change); nothing was changed\n"},
		{name: "NotATerminalYes", terminal: false, yes: true, removed: true, stderr: note},
		{name: "TerminalYesFlag", terminal: true, yes: true, removed: true, stderr: note},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := sampleDB(t)
			before := exportJSON(t, db)
			args := []string{"--db", db, "import", "--replace", partialHanoi}
			if tt.yes {
				args = append(args, "--yes")
			}
			r := runAnswering(t, tt.stdin, tt.terminal, args...)
			assert.Equal(t, tt.code, r.code)
			assert.Equal(t, tt.stderr, r.stderr)
			if !tt.removed {
				assert.Empty(t, r.stdout)
				assert.Equal(t, before, exportJSON(t, db), "nothing changed")
				return
			}
			assert.Equal(t, "replaced the database with 1 input: 1 member added, 1 member replaced, 22 members removed, 0 exchanges, 0 rules (9 exchanges and 0 rules removed)\n", r.stdout)
			cities := mustRun(t, "--db", db, "cities", "--format", "csv").stdout
			assert.Equal(t, 3, strings.Count(cities, "\n"), cities)
		})
	}
}

// TestImportWithoutRemovalNeedsNoConfirmation checks that --replace asks
// nothing when it removes no member.
func TestImportWithoutRemovalNeedsNoConfirmation(t *testing.T) {
	db := sampleDB(t)
	out := writeFile(t, "all.json", exportJSON(t, db))
	r := runAnswering(t, "", false, "--db", db, "import", "--replace", out)
	require.NoError(t, r.err, r.stderr)
	assert.Equal(t, "replaced the database with 1 input: 0 members added, 23 members replaced, 0 members removed, 9 exchanges, 0 rules (0 exchanges and 0 rules removed)\n", r.stdout)
}

// TestImportNamesAtMostSomeLosses checks that a real import names the first
// members that lose entries on stderr and counts the rest (22 of the 23
// sample members have languages).
func TestImportNamesAtMostSomeLosses(t *testing.T) {
	db := sampleDB(t)
	var doc model.Document
	require.NoError(t, json.Unmarshal([]byte(exportJSON(t, db)), &doc))
	for i := range doc.Cities {
		doc.Cities[i].Languages = nil
	}
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	r := mustRun(t, "--db", db, "import", writeFile(t, "nolanguages.json", string(out)))
	assert.Equal(t, render.MaxLossNotes, strings.Count(r.stderr, "replaced whole: languages"), r.stderr)
	assert.Contains(t, r.stderr, "c2c: and 2 more members replaced whole with shorter lists (c2c import --dry-run lists them all)\n")
}
