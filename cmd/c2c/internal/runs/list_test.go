package runs_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/runs"
	"github.com/c2cnet/c2c/model"
)

func TestParseID(t *testing.T) {
	tests := []struct {
		in     string
		want   int64
		wantOK bool
	}{
		{"3", 3, true},
		{"#3", 3, true},
		{"0", 0, false},
		{"-1", 0, false},
		{"##3", 0, false},
		{"three", 0, false},
		{"", 0, false},
		{"3.0", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := runs.ParseID(tt.in)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRemove(t *testing.T) {
	ctx := t.Context()
	host, _ := os.Hostname()
	tests := []struct {
		name     string
		run      *model.Run // nil: no such run
		wantCode string
	}{
		{"Gone", &model.Run{Host: host, PID: 0}, ""},
		{"ErrRunning", &model.Run{Host: host, PID: os.Getpid()}, model.ECONFLICT},
		{"ErrNotFound", nil, model.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rn := sampleRunner(t)
			id := int64(99)
			if tt.run != nil {
				require.NoError(t, rn.DB.StartRun(ctx, tt.run, nil))
				id = tt.run.ID
			}
			err := rn.Remove(ctx, id)
			if tt.wantCode != "" {
				assert.Equal(t, tt.wantCode, model.ErrorCode(err), "%v", err)
				if tt.run != nil {
					_, err := rn.DB.Run(ctx, id)
					assert.NoError(t, err, "a running run is kept")
				}
				return
			}
			require.NoError(t, err)
			_, err = rn.DB.Run(ctx, id)
			assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err), "removed")
		})
	}
}
