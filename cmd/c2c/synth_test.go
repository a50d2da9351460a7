package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/store"
)

func TestSynth(t *testing.T) {
	r := mustRun(t, "synth", "--cities", "40", "--seed", "7")
	assert.Empty(t, r.stderr)

	t.Run("Validates", func(t *testing.T) {
		path := writeFile(t, "synth.json", r.stdout)
		in, err := store.ReadPath(path)
		require.NoError(t, err)
		require.NoError(t, in.Validate(fixtures.Reference(), nil))
		db := filepath.Join(t.TempDir(), "synth.db")
		imp := mustRun(t, "--db", db, "--empty", "import", path)
		assert.Contains(t, imp.stdout, "40 members added")
	})
	t.Run("Deterministic", func(t *testing.T) {
		assert.Equal(t, r.stdout, mustRun(t, "synth", "--seed", "7", "--cities", "40").stdout)
		assert.NotEqual(t, r.stdout, mustRun(t, "synth", "--seed", "8", "--cities", "40").stdout)
	})
	t.Run("Out", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "network.json")
		w := mustRun(t, "synth", "--cities", "40", "--seed", "7", "--out", out)
		assert.Empty(t, w.stdout)
		assert.Regexp(t, `^c2c: wrote 40 members, \d+ exchanges and \d+ rules to .*network.json\n$`, w.stderr)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, r.stdout, string(got))
	})
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"ErrZeroCities", []string{"--cities", "0"}, "--cities: expected a number of members from 1 to 1000000"},
		{"ErrNegativeSeed", []string{"--seed", "-1"}, `invalid value "-1" for flag -seed`},
		{"ErrNotANumber", []string{"--cities", "many"}, `invalid value "many" for flag -cities`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := runC2C(t, append([]string{"synth"}, tt.args...)...)
			assert.Equal(t, 1, e.code)
			assert.Contains(t, e.stderr, tt.want)
			assert.Empty(t, e.stdout)
		})
	}
}
