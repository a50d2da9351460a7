package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// buildBinary builds the program once per test run (with -race when the
// tests run with it, to share their build cache) and returns its path.
func buildBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "c2c-bin-")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "c2c")
		args := []string{"build", "-o", built.bin}
		if raceBuild {
			args = append(args, "-race")
		}
		out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
		if err != nil {
			built.err = fmt.Errorf("go build: %w: %s", err, out)
		}
	})
	require.NoError(t, built.err)
	return built.bin
}

// synthDB makes, with the program bin, a database in dir holding a
// synthetic network of n members without rules, and returns its path.
func synthDB(t *testing.T, bin, dir string, n, seed int) string {
	t.Helper()
	network := filepath.Join(dir, "network.json")
	db := filepath.Join(dir, "c2c.db")
	for _, a := range [][]string{
		{"synth", "--cities", fmt.Sprint(n), "--seed", fmt.Sprint(seed), "--rules", "0", "--out", network},
		{"--db", db, "--empty", "import", network},
	} {
		out, err := exec.Command(bin, a...).CombinedOutput()
		require.NoError(t, err, "c2c %s: %s", strings.Join(a, " "), out)
	}
	return db
}

// TestBinary builds the program and runs it as a child process, to check
// what only a real process shows: exit statuses and the two output streams.
func TestBinary(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the binary and relies on Linux's /proc; skipped with -short and elsewhere")
	}
	dir := t.TempDir()
	bin := buildBinary(t)

	db := filepath.Join(dir, "c2c.db")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // contained in standard output
		stderr string // contained in standard error
	}{
		{"FirstUse", []string{"cities", "--country", "KR"}, 0, "seoul", "loaded the embedded sample"},
		{"Profile", []string{"city", "palembang"}, 0, "Palembang (palembang)", ""},
		{"NotFound", []string{"city", "atlantis"}, 1, "", `unknown city "atlantis"`},
		{"BadFlag", []string{"cities", "--colour"}, 1, "", "flag provided but not defined"},
		{"BadInput", []string{"import", "/nonexistent/members.json"}, 1, "", "members.json"},
		{"Version", []string{"--version"}, 0, Version, ""},
		{"NotADatabase", []string{"--db", filepath.Join(dir, "garbage.db"), "cities"}, 1, "", "not a c2c database"},
		// Linux refuses to create folders in /proc, even to root: a path the user must change.
		{"UnusableDBPath", []string{"--db", "/proc/c2c-test/c2c.db", "cities"}, 1, "", "/proc/c2c-test/c2c.db: cannot create the database folder"},
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "garbage.db"), bytes.Repeat([]byte("not sqlite "), 1000), 0o644))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Env = append(os.Environ(), "C2C_DB="+db)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.code, code, "stderr: %s", stderr.String())
			assert.Contains(t, stdout.String(), tt.stdout)
			assert.Contains(t, stderr.String(), tt.stderr)
		})
	}
}

// TestScoresInterrupted runs c2c scores as a child process on a network of
// 3,000 members, whose audit table has about nine million rows, and sends
// SIGINT (Ctrl-C) once rows flow: the program stops within a second, exits
// 130, and what it wrote ends with a whole row.
func TestScoresInterrupted(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the binary and signals it; skipped with -short and off Linux")
	}
	bin := buildBinary(t)
	db := synthDB(t, bin, t.TempDir(), 3000, 5)
	for _, format := range []string{"csv", "json"} {
		t.Run(format, func(t *testing.T) {
			cmd := exec.Command(bin, "--db", db, "scores", "--format", format)
			stdout, err := cmd.StdoutPipe()
			require.NoError(t, err)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Start())
			var got bytes.Buffer
			first := make([]byte, 64<<10)
			n, err := io.ReadAtLeast(stdout, first, len(first))
			if err != nil {
				_ = cmd.Wait() // stderr is complete, and no longer written, once the child is gone
				require.NoError(t, err, "rows should flow: %s", stderr.String())
			}
			got.Write(first[:n])
			sent := time.Now()
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
			_, err = io.Copy(&got, stdout)
			require.NoError(t, err)
			err = cmd.Wait()
			took := time.Since(sent)
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "scores should stop before its last row")
			assert.Equal(t, 130, exit.ExitCode(), "stderr: %s", stderr.String())
			assert.Less(t, took, time.Second, "stopped %v after Ctrl-C", took)

			out := got.Bytes()
			require.NotEmpty(t, out)
			assert.Equal(t, byte('\n'), out[len(out)-1], "the output ends with a whole row")
			lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			assert.Less(t, len(lines), 3000*2999, "it stopped early")
			if format == "csv" {
				rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
				require.NoError(t, err, "every row whole")
				for _, r := range rows {
					require.Len(t, r, len(rows[0]))
				}
				return
			}
			for _, l := range lines {
				var row map[string]any
				require.NoError(t, json.Unmarshal([]byte(l), &row), "line %q", l)
			}
		})
	}
}
