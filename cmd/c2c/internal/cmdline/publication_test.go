package cmdline_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"

	"github.com/c2cnet/c2c/cmd/c2c/internal/cmdline"
	"github.com/c2cnet/c2c/cmd/c2c/internal/publish"
	"github.com/c2cnet/c2c/match/batch"
)

// runBatch runs "c2c batch ARGS..." on a command with the publication,
// top, pairing and engine flags, whose action is action.
func runBatch(t *testing.T, action cli.ActionFunc, args ...string) error {
	t.Helper()
	flags := append(append(append(cmdline.PublicationFlags(), cmdline.TopFlag()), cmdline.PairingFlags(batch.Candidates, true)...), cmdline.EngineFlags()...)
	app := &cli.App{Name: "c2c", ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{{Name: "batch", Flags: flags, Action: action}}}
	return app.Run(append([]string{"c2c", "batch"}, args...))
}

func TestPublicationOptions(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    publish.Options
		wantErr string
	}{
		{"Defaults", nil, publish.Options{ReportLimit: cmdline.DefaultReportLimit}, ""},
		{"Flags", []string{"--out", "congress", "--report-limit", "0", "--excel", "--quiet"}, publish.Options{Out: "congress", Excel: true}, ""},
		{"ErrReportLimit", []string{"--report-limit", "-1"}, publish.Options{}, "c2c batch: --report-limit -1: expected 0 (all) or more (see c2c batch --help)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := read(t, runBatch, cmdline.PublicationOptions, tt.args...)
			if tt.wantErr != "" {
				assertInvalid(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestBatchParameters(t *testing.T) {
	got, err := read(t, runBatch, cmdline.BatchParameters, "--year", "2026", "--partners", "2", "--top", "8")
	require.NoError(t, err)
	want := batch.DefaultParameters(2026)
	want.Shortlists.Top = 8
	want.Pairing.Partners = 2
	want.Pairing.Top = 8
	assert.Equal(t, want, got)

	_, err = read(t, runBatch, cmdline.BatchParameters, "--year", "3000")
	assertInvalid(t, err, "--year 3000: expected a year between 1900 and 2100")
}
