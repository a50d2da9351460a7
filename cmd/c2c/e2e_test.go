package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinary builds the program and runs it as a child process, to check
// what only a real process shows: exit statuses and the two output streams.
func TestBinary(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the binary and relies on Linux's /proc; skipped with -short and elsewhere")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "c2c")
	args := []string{"build", "-o", bin}
	if raceBuild {
		args = append(args, "-race") // share the build cache of the race-enabled test run
	}
	build := exec.Command("go", append(args, ".")...)
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

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
