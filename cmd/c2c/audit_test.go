package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/model"
)

// TestCommandLineWritesAudited: rules and imports made on the command line
// are in the audit log, with the login as cli:LOGIN, as the web
// application's are; a dry run and a refused write record nothing.
func TestCommandLineWritesAudited(t *testing.T) {
	db := sampleDB(t)
	audit := func() []model.AuditEntry {
		t.Helper()
		var log []model.AuditEntry
		require.NoError(t, json.Unmarshal([]byte(mustRun(t, "--db", db, "audit", "--format", "json").stdout), &log))
		return log
	}
	require.Empty(t, audit(), "the sample loads unaudited")

	mustRun(t, "--db", db, "rule", "pin", "palembang", "seoul", "--why", "mayors agreed in 2009", "--by", "A. Rahman")
	mustRun(t, "--db", db, "rule", "block", "dhaka", "colombo", "--why", "already partners")
	mustRun(t, "--db", db, "rule", "rm", "dhaka", "colombo")
	r := runC2C(t, "--db", db, "rule", "pin", "palembang", "nowhere", "--why", "x")
	require.Equal(t, 1, r.code, "an unknown city is refused")

	doc := testFile(t, "one.json")
	mustRun(t, "--db", db, "import", "--dry-run", doc)
	mustRun(t, "--db", db, "import", doc)

	log := audit()
	require.Len(t, log, 4, "%+v", log)
	actor := account.CommandLineActor()
	want := []model.AuditEntry{
		{User: actor, Action: "rule.pin", Target: "palembang→seoul", Detail: "mayors agreed in 2009"},
		{User: actor, Action: "rule.block", Target: "dhaka→colombo", Detail: "already partners"},
		{User: actor, Action: "rule.rm", Target: "dhaka→colombo"},
		{User: actor, Action: "import", Target: doc},
	}
	for i := range log {
		got := log[i]
		got.Seq, got.Time = 0, want[i].Time
		assert.Equal(t, want[i], got)
	}
}
