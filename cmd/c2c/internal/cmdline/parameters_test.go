package cmdline_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// runScoring runs "c2c shortlist ARGS..." on a command with the top, engine
// and pairing flags and --participants, whose action is action.
func runScoring(t *testing.T, action cli.ActionFunc, args ...string) error {
	t.Helper()
	flags := append([]cli.Flag{cmdline.TopFlag(), &cli.StringFlag{Name: "participants"}}, cmdline.EngineFlags()...)
	app := &cli.App{Name: "c2c", ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{{Name: "shortlist", Flags: append(flags, cmdline.PairingFlags(50, true)...), Action: action}}}
	return app.Run(append([]string{"c2c", "shortlist"}, args...))
}

func TestParameters(t *testing.T) {
	weightsFile := filepath.Join(t.TempDir(), "fitted.weights")
	require.NoError(t, os.WriteFile(weightsFile, []byte("# fitted\nneed=1\ntext=1\n"), 0o644))
	normalized := func(p model.Parameters) model.Parameters {
		t.Helper()
		n, err := p.Normalized()
		require.NoError(t, err)
		return n
	}
	defaults := match.DefaultParameters()
	defaults.Year = time.Now().Year()
	tests := []struct {
		name    string
		args    []string
		want    func(p *model.Parameters)
		wantErr string
	}{
		{"Defaults", nil, func(*model.Parameters) {}, ""},
		{"Flags", []string{"--top", "8", "--topic", "brt", "--quota", "0.5", "--prefer", "new", "--allow-same-country", "--year", "2026"},
			func(p *model.Parameters) {
				p.Top, p.Topic, p.Quota, p.Prefer, p.AllowSameCountry, p.Year = 8, "brt", 0.5, model.PreferNew, true, 2026
			}, ""},
		{"WeightsFileThenWeights", []string{"--weights-file", weightsFile, "--weights", "text=3"},
			func(p *model.Parameters) {
				// The parts the file leaves out keep their default.
				p.Weights[0], p.Weights[model.NParts-1] = 1, 3
			}, ""},
		{"ErrYear", []string{"--year", "1899"}, nil, "c2c shortlist: --year 1899: expected a year between 1900 and 2100 (see c2c shortlist --help)"},
		{"ErrWeightsFile", []string{"--weights-file", filepath.Join(t.TempDir(), "missing")}, nil, "cannot read the weights file"},
		{"ErrWeights", []string{"--weights", "speed=1"}, nil, "speed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := read(t, runScoring, cmdline.Parameters, tt.args...)
			if tt.wantErr != "" {
				assertInvalid(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			want := defaults
			tt.want(&want)
			assert.Equal(t, normalized(want), got)
		})
	}
}

func TestPairingParameters(t *testing.T) {
	got, err := read(t, runScoring, cmdline.PairingParameters, "--partners", "2", "--hosting", "4", "--min-score", "0.2", "--min-developing", "1", "--objective", "score",
		"--candidates", "0", "--clusters=false", "--participants", "seoul,hanoi", "--year", "2026")
	require.NoError(t, err)
	assert.Equal(t, 2, got.Partners)
	assert.Equal(t, 4, got.Hosting)
	assert.InDelta(t, 0.2, got.MinScore, 1e-12)
	assert.Equal(t, 1, got.MinDeveloping)
	assert.Equal(t, model.MaxScore, got.Objective)
	assert.Zero(t, got.Candidates)
	assert.False(t, got.Clusters)
	assert.Equal(t, []string{"seoul", "hanoi"}, got.Participants)
	assert.Equal(t, 2026, got.Year)

	got, err = read(t, runScoring, cmdline.PairingParameters)
	require.NoError(t, err)
	assert.Equal(t, 50, got.Candidates, "the command's default")
	assert.True(t, got.Clusters, "the command's default")
	assert.Equal(t, -1, got.Hosting, "each profile's own")

	_, err = read(t, runScoring, cmdline.PairingParameters, "--objective", "fastest")
	assert.Equal(t, model.EINVALID, model.ErrorCode(err), "%v", err)
}
