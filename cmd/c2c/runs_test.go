package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/cmd/c2c/internal/runs"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// raiseCapacities sets every capacity level of city id to 5 in the store.
func raiseCapacities(t *testing.T, m *Main, id string) {
	t.Helper()
	db, err := m.Store(t.Context())
	require.NoError(t, err)
	c, err := db.City(t.Context(), id)
	require.NoError(t, err)
	require.NotEmpty(t, c.Capacities)
	for i := range c.Capacities {
		c.Capacities[i].Level = 5
	}
	_, err = db.Import(t.Context(), m.Ref, store.ImportOptions{}, &store.Input{File: "edit.json", Doc: &model.Document{Format: model.FormatVersion, Cities: []model.City{*c}}})
	require.NoError(t, err)
}

func TestRunsDiffKnownEdit(t *testing.T) {
	m, stdout, stderr := batchMain(t, filepath.Join(t.TempDir(), "c2c.db"))
	ctx := t.Context()
	require.NoError(t, m.run(ctx, "batch", "--year", "2026", "--quiet"), stderr.String())
	raiseCapacities(t, m, "penang")
	require.NoError(t, m.run(ctx, "batch", "--year", "2026", "--quiet"), stderr.String())
	db, err := m.Store(ctx)
	require.NoError(t, err)

	d, err := m.runner(db).Diff(ctx, 1, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"penang"}, d.Inputs.CitiesEdited, "the diff names the edited city")
	assert.Empty(t, d.Inputs.CitiesAdded)
	assert.Empty(t, d.Inputs.CitiesRemoved)
	assert.Empty(t, d.Inputs.RulesAdded)
	assert.False(t, d.Inputs.ExchangesChanged)
	assert.Empty(t, d.Parameters)
	require.NotEmpty(t, d.Beneficiaries)
	gained := 0
	for _, bc := range d.Beneficiaries {
		for _, c := range append(append([]batch.CandidateChange{}, bc.Moved...), bc.Entered...) {
			if c.Resource == "penang" {
				assert.Greater(t, c.ScoreDelta, 0.0, "%s: Penang scores higher with stronger capacities", bc.Beneficiary)
				assert.GreaterOrEqual(t, c.RankChange, 0, "%s: and does not move down", bc.Beneficiary)
				gained++
			}
		}
		for _, c := range bc.Left {
			assert.NotEqual(t, "penang", c.Resource)
		}
	}
	assert.Positive(t, gained, "Penang moved in some shortlist")

	// The same as the command prints it: a table and complete JSON.
	stdout.Reset()
	require.NoError(t, m.run(ctx, "runs", "diff", "1", "2"))
	assert.Contains(t, stdout.String(), "cities edited: penang")
	assert.Contains(t, stdout.String(), "moved")
	stdout.Reset()
	require.NoError(t, m.run(ctx, "runs", "diff", "1", "2", "--format", "json"))
	var back batch.RunDiff
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &back))
	assert.Equal(t, *d, back)

	// No change between a run and itself.
	db, err = m.Store(ctx) // each command closes the store
	require.NoError(t, err)
	same, err := m.runner(db).Diff(ctx, 2, 2)
	require.NoError(t, err)
	assert.True(t, same.Inputs.None())
	assert.Empty(t, same.Beneficiaries)
	assert.Empty(t, same.PairsAdded)
}

func TestRunsVerify(t *testing.T) {
	m, stdout, stderr := batchMain(t, filepath.Join(t.TempDir(), "c2c.db"))
	ctx := t.Context()
	require.NoError(t, m.run(ctx, "batch", "--year", "2019", "--top", "4", "--quiet"), stderr.String())
	require.NoError(t, m.run(ctx, "runs", "verify", "1", "--quiet"))
	assert.Contains(t, stdout.String(), "Run 1: reproduces")
	assert.Contains(t, stdout.String(), "2019", "verify re-runs with the stored year")

	// The profiles change: the run still reproduces from its stored input,
	// and verify names what changed since.
	raiseCapacities(t, m, "penang")
	stdout.Reset()
	require.NoError(t, m.run(ctx, "runs", "verify", "1", "--quiet", "--format", "json"))
	var v batch.Verification
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &v))
	assert.True(t, v.Reproduces)
	assert.True(t, v.StoredInput)
	assert.False(t, v.InputUnchanged)
	assert.Equal(t, []string{"penang"}, v.Inputs.CitiesEdited)
	assert.Contains(t, v.Verdict, "reproduces from its stored input (the profiles changed since: cities edited: penang)")
	assert.Equal(t, 2019, v.Year)

	// A run stored before c2c kept inputs, on changed profiles: it cannot
	// be re-run, and says so.
	forgetInput(t, m.DBPath, 1)
	stdout.Reset()
	err := m.run(ctx, "runs", "verify", "1", "--quiet", "--format", "json")
	require.Error(t, err)
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err))
	assert.Equal(t, 1, cmdline.ExitCode(err))
	assert.Contains(t, model.ErrorMessage(err), "its input was not kept")
	v = batch.Verification{}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &v))
	assert.False(t, v.Reproduces)
	assert.False(t, v.StoredInput)
	assert.Equal(t, []string{"penang"}, v.Inputs.CitiesEdited)
	assert.Contains(t, v.Verdict, "cannot be verified: its input was not kept")
	require.NoError(t, m.run(ctx, "runs", "approve", "1"))
	err = m.run(ctx, "runs", "publish", "1", "--out", filepath.Join(t.TempDir(), "out"), "--quiet")
	assert.Equal(t, model.ECONFLICT, model.ErrorCode(err))
	assert.Contains(t, model.ErrorMessage(err), "its input was not kept")

	// On unchanged profiles it is re-run on them, as before.
	require.NoError(t, m.run(ctx, "batch", "--year", "2019", "--top", "4", "--quiet"), stderr.String())
	forgetInput(t, m.DBPath, 2)
	stdout.Reset()
	require.NoError(t, m.run(ctx, "runs", "verify", "2", "--quiet"))
	assert.Contains(t, stdout.String(), "Run 2: reproduces")
}

// forgetInput deletes the stored input of run id, as for a run stored
// before c2c kept inputs.
func forgetInput(t *testing.T, path string, id int64) {
	t.Helper()
	sdb, err := sql.Open("sqlite3", path)
	require.NoError(t, err)
	defer sdb.Close()
	res, err := sdb.ExecContext(t.Context(), `DELETE FROM run_input WHERE run = ?`, id)
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.Equal(t, int64(1), n, "run %d had a stored input", id)
}

func TestRunsListShowRemove(t *testing.T) {
	m, stdout, stderr := batchMain(t, filepath.Join(t.TempDir(), "c2c.db"))
	ctx := t.Context()
	require.NoError(t, m.run(ctx, "runs"))
	assert.Contains(t, stdout.String(), "no stored runs")
	require.NoError(t, m.run(ctx, "batch", "--year", "2026", "--quiet"), stderr.String())

	// A run whose process is gone: stale.
	db, err := m.Store(ctx)
	require.NoError(t, err)
	doc, err := db.Document(ctx)
	require.NoError(t, err)
	digest, inputs, err := store.InputDigests(doc)
	require.NoError(t, err)
	host := mustHostname(t)
	dead := &model.Run{Version: Version, Parameters: json.RawMessage(`{}`), InputDigest: digest, Inputs: inputs, Host: host, PID: 1 << 30}
	require.NoError(t, db.StartRun(ctx, dead, nil))
	live := &model.Run{Version: Version, Parameters: json.RawMessage(`{}`), InputDigest: digest, Host: host, PID: processID()}
	require.NoError(t, db.StartRun(ctx, live, nil))

	stdout.Reset()
	require.NoError(t, m.run(ctx, "runs", "--format", "json"))
	var list []model.Run
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &list))
	require.Len(t, list, 3)
	assert.Equal(t, []model.RunStatus{model.RunDone, runs.Stale, model.RunRunning}, []model.RunStatus{list[0].Status, list[1].Status, list[2].Status})
	assert.Equal(t, len(fixtures.Sample().Cities), list[0].Cities)

	stdout.Reset()
	require.NoError(t, m.run(ctx, "runs", "show", "1"))
	assert.Contains(t, stdout.String(), "Run 1 (done)")
	assert.Contains(t, stdout.String(), "palembang")
	stdout.Reset()
	require.NoError(t, m.run(ctx, "runs", "show", "1", "--format", "json"))
	var shown render.RunShown
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &shown))
	require.NotNil(t, shown.Results)
	assert.Len(t, shown.Results.Shortlists, shown.Run.Beneficiaries)
	assert.Len(t, shown.Results.Pairing.Pairs, shown.Run.Pairs)

	tests := []struct {
		name string
		args []string
		code string
	}{
		{"UnknownRun", []string{"runs", "show", "99"}, model.ENOTFOUND},
		{"BadID", []string{"runs", "show", "last"}, model.EINVALID},
		{"NoID", []string{"runs", "rm"}, model.EINVALID},
		{"RemoveLive", []string{"runs", "rm", "3"}, model.ECONFLICT},
		{"VerifyStale", []string{"runs", "verify", "2"}, model.ECONFLICT},
		{"DiffNotDone", []string{"runs", "diff", "1", "2"}, model.ECONFLICT},
		{"UnknownSubcommand", []string{"runs", "list"}, model.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := m.run(ctx, tt.args...)
			require.Error(t, err)
			assert.Equal(t, tt.code, model.ErrorCode(err), "%v", err)
		})
	}

	// Removing says what it removes first: off a terminal it needs --yes,
	// at one it asks.
	require.NoError(t, m.run(ctx, "runs", "approve", "1"))
	err = m.run(ctx, "runs", "rm", "1")
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	assert.Regexp(t, `^runs rm would remove run 1, done, approved by \S+ at \S+, started \S+: \d+ shortlists with \d+ candidates and a pairing of \d+ pairs: expected --yes to confirm, since standard input is not a terminal to ask at \(c2c runs show 1 shows the run\); nothing was changed$`, model.ErrorMessage(err))
	m.IsTerminal = func() bool { return true }
	for _, answer := range []string{"n\n", "\n", ""} {
		stderr.Reset()
		m.Stdin = strings.NewReader(answer)
		err = m.run(ctx, "runs", "rm", "1")
		assert.Equal(t, "runs rm cancelled: nothing was changed", model.ErrorMessage(err), "answer %q", answer)
		assert.Regexp(t, `^This would remove run 1, done, approved by .*\.\nRemove it\? \[y/N\] $`, stderr.String())
	}
	db, err = m.Store(ctx)
	require.NoError(t, err)
	_, err = db.Run(ctx, 1)
	require.NoError(t, err, "a refused removal keeps the run")
	stderr.Reset()
	m.Stdin = strings.NewReader("y\n")
	require.NoError(t, m.run(ctx, "runs", "rm", "1"))
	assert.Contains(t, stderr.String(), "Remove it? [y/N] c2c: removed run 1, done, approved by ")
	m.IsTerminal = nil
	stderr.Reset()
	require.NoError(t, m.run(ctx, "runs", "rm", "--yes", "2"))
	assert.Contains(t, stderr.String(), "c2c: removed run 2, interrupted (stale), started ")
	db, err = m.Store(ctx)
	require.NoError(t, err)
	log, err := db.AuditLog(ctx, 0)
	require.NoError(t, err)
	var removed []string
	for _, e := range log {
		if e.Action == store.ActionRunRemove {
			removed = append(removed, e.Target)
		}
	}
	assert.Equal(t, []string{"run 1", "run 2"}, removed, "every removal is audited")
	db, err = m.Store(ctx)
	require.NoError(t, err)
	_, err = db.Run(ctx, 1)
	assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
	all, err := db.Runs(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, live.ID, all[0].ID)
}

func mustHostname(t *testing.T) string {
	t.Helper()
	h, err := os.Hostname()
	require.NoError(t, err)
	return h
}

func processID() int { return os.Getpid() }
