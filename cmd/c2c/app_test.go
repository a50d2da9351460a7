package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

// TestMain points the default database location at a temporary folder, so
// that no test touches the user's data.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "c2c-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv("XDG_DATA_HOME", dir)
	os.Unsetenv("C2C_DB")
	code := m.Run()
	os.RemoveAll(dir)
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// result is what one run of the program produced.
type result struct {
	stdout, stderr string
	err            error
	code           int // exit status main would use
}

// runC2C runs the program with args, as main does but into buffers: as
// into a pipe, not a terminal.
func runC2C(tb testing.TB, args ...string) result {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	return runApp(tb, newApp(&stdout, &stderr), &stdout, &stderr, args)
}

// runAt runs the program with args as on a terminal width cells wide.
func runAt(tb testing.TB, width int, args ...string) result {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Ref: fixtures.Reference(), Width: width}
	return runApp(tb, m.App(), &stdout, &stderr, args)
}

// runApp runs app with args and collects what it wrote.
func runApp(tb testing.TB, app *cli.App, stdout, stderr *bytes.Buffer, args []string) result {
	tb.Helper()
	err := app.RunContext(tb.Context(), append([]string{"c2c"}, args...))
	if err != nil {
		fmt.Fprintln(stderr, model.ErrorMessage(err))
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), err: err, code: cmdline.ExitCode(err)}
}

// mustRun runs the program and requires success.
func mustRun(tb testing.TB, args ...string) result {
	tb.Helper()
	return mustSucceed(tb, runC2C(tb, args...), args)
}

// mustRunAt runs the program as on a terminal width cells wide and
// requires success.
func mustRunAt(tb testing.TB, width int, args ...string) result {
	tb.Helper()
	return mustSucceed(tb, runAt(tb, width, args...), args)
}

// mustSucceed requires that the run of args r succeeded.
func mustSucceed(tb testing.TB, r result, args []string) result {
	tb.Helper()
	require.NoError(tb, r.err, "c2c %s\nstderr: %s", strings.Join(args, " "), r.stderr)
	return r
}

// sampleDB returns the path of a new database holding the embedded sample.
func sampleDB(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "c2c.db")
	mustRun(tb, "--db", path, "topics", "--sector", "transport") // no store: nothing created yet
	_, err := os.Stat(path)
	require.ErrorIs(tb, err, os.ErrNotExist, "topics must not open the store")
	mustRun(tb, "--db", path, "cities", "--country", "KR")
	return path
}

// golden compares got with testdata/name.golden, or rewrites the file
// under -update.
func golden(tb testing.TB, name, got string) {
	tb.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(tb, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(tb, err, "missing golden file: run go test ./cmd/c2c -update")
	assert.Equal(tb, string(want), got, "output differs from %s (refresh with -update)", path)
}

func TestFirstUse(t *testing.T) {
	t.Run("SeedsSample", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "sub", "dir", "c2c.db")
		r := mustRun(t, "--db", path, "cities")
		assert.Regexp(t, `^c2c: created .*/sub/dir/c2c.db and loaded the embedded sample: 23 members, \d+ exchanges`, r.stderr)
		assert.Contains(t, r.stdout, "palembang")
		assert.FileExists(t, path)

		r = mustRun(t, "--db", path, "cities")
		assert.Empty(t, r.stderr, "the second run creates nothing")
	})
	t.Run("Empty", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "c2c.db")
		r := mustRun(t, "--db", path, "--empty", "cities")
		assert.Equal(t, fmt.Sprintf("c2c: created %s (empty)\n", path), r.stderr)
		assert.Equal(t, "no members match\n", r.stdout)
	})
	t.Run("EnvC2C_DB", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "env.db")
		t.Setenv("C2C_DB", path)
		r := mustRun(t, "cities", "--country", "JP")
		assert.Contains(t, r.stderr, path)
		assert.Contains(t, r.stdout, "yokohama")
		assert.FileExists(t, path)
	})
	t.Run("FlagBeatsEnv", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("C2C_DB", filepath.Join(dir, "env.db"))
		mustRun(t, "--db", filepath.Join(dir, "flag.db"), "--empty", "cities")
		assert.FileExists(t, filepath.Join(dir, "flag.db"))
		assert.NoFileExists(t, filepath.Join(dir, "env.db"))
	})
	t.Run("XDGDataHome", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("XDG_DATA_HOME", dir)
		r := mustRun(t, "--empty", "cities")
		assert.Contains(t, r.stderr, filepath.Join(dir, "c2c", "c2c.db"))
		assert.FileExists(t, filepath.Join(dir, "c2c", "c2c.db"))
	})
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"UnknownCommand", []string{"citys"}, `unknown command "citys": did you mean city, cities?`},
		{"UnknownFlag", []string{"cities", "--colour", "red"}, "flag provided but not defined: -colour"},
		{"GlobalFlagAfterCommand", []string{"cities", "--db", "x.db"}, "--db and --empty go before the command"},
		{"BadFormat", []string{"topics", "--format", "yaml"}, `unknown --format "yaml": expected one of table, json, csv, markdown`},
		{"CityNeedsID", []string{"city"}, "c2c city: expected one city id, got 0 arguments (see c2c city --help)"},
		{"ImportNeedsInput", []string{"import"}, "expected one or more files or folders"},
		{"StrayArgument", []string{"topics", "transport"}, `unexpected argument "transport"`},
		{"HelpUnknownCommand", []string{"help", "improt"}, `c2c help: unknown command "improt": did you mean import?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runC2C(t, append([]string{"--db", filepath.Join(t.TempDir(), "c2c.db")}, tt.args...)...)
			require.Error(t, r.err)
			assert.Equal(t, 1, r.code)
			assert.Equal(t, model.EINVALID, model.ErrorCode(r.err))
			assert.Contains(t, r.stderr, tt.want)
			assert.Empty(t, r.stdout)
		})
	}
}

func TestHelp(t *testing.T) {
	r := mustRun(t, "--help")
	golden(t, "help", r.stdout)
	assert.Contains(t, r.stdout, "~/.local/share/c2c/c2c.db", "the default location is documented")
	for _, cmd := range newApp(nil, nil).Commands {
		if cmd.Name == "help" {
			continue // "c2c help --help" is the program's help
		}
		t.Run(cmd.Name, func(t *testing.T) {
			r := mustRun(t, cmd.Name, "--help")
			assert.Contains(t, r.stdout, "Examples:", "every command shows examples")
			assert.Contains(t, r.stdout, "c2c "+cmd.Name)
			golden(t, "help-"+cmd.Name, r.stdout)
		})
	}
	t.Run("HelpCommand", func(t *testing.T) {
		assert.Equal(t, mustRun(t, "import", "--help").stdout, mustRun(t, "help", "import").stdout)
		assert.Equal(t, mustRun(t, "--help").stdout, mustRun(t, "help").stdout)
	})
	t.Run("NoArguments", func(t *testing.T) {
		r := mustRun(t)
		assert.Equal(t, mustRun(t, "--help").stdout, r.stdout)
	})
}

func TestVersion(t *testing.T) {
	r := mustRun(t, "--version")
	assert.Equal(t, "c2c version "+Version+"\n", r.stdout)
}

func TestArguments(t *testing.T) {
	path := sampleDB(t)
	// Flags after the argument apply, in both spellings.
	r := mustRun(t, "--db", path, "city", "palembang", "--format", "json")
	assert.True(t, strings.HasPrefix(r.stdout, "{\n"), r.stdout)
	r = mustRun(t, "--db", path, "city", "palembang", "--format=markdown")
	assert.True(t, strings.HasPrefix(r.stdout, "# Palembang"), r.stdout)
	// After "--" everything is an argument.
	r = runC2C(t, "--db", path, "city", "palembang", "--", "--format")
	assert.Contains(t, r.stderr, "expected one city id, got 2 arguments")
	r = runC2C(t, "--db", path, "city", "palembang", "--format")
	assert.Contains(t, r.stderr, "flag needs an argument: --format")
	r = runC2C(t, "--db", path, "city", "palembang", "--colour", "red")
	assert.Contains(t, r.stderr, "flag provided but not defined: --colour")
}
