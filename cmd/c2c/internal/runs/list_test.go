package runs_test

import (
	"os"
	"strings"
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
	errNo := &model.Error{Code: model.EINVALID, Message: "runs rm cancelled: nothing was changed"}
	tests := []struct {
		name     string
		run      *model.Run // nil: no such run
		answer   error      // what confirm returns
		asked    bool       // whether confirm is called
		wantCode string
	}{
		{"Gone", &model.Run{Host: host, PID: 0}, nil, true, ""},
		{"ErrRefused", &model.Run{Host: host, PID: 0}, errNo, true, model.EINVALID},
		{"ErrRunning", &model.Run{Host: host, PID: os.Getpid()}, nil, false, model.ECONFLICT},
		{"ErrNotFound", nil, nil, false, model.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rn := sampleRunner(t)
			id := int64(99)
			if tt.run != nil {
				require.NoError(t, rn.DB.StartRun(ctx, tt.run, nil))
				id = tt.run.ID
			}
			var asked *model.Run
			r, err := rn.Remove(ctx, id, "ana", func(r *model.Run) error {
				asked = r
				return tt.answer
			})
			assert.Equal(t, tt.asked, asked != nil, "confirm called")
			log, lerr := rn.DB.AuditLog(ctx, 0)
			require.NoError(t, lerr)
			if tt.wantCode != "" {
				assert.Equal(t, tt.wantCode, model.ErrorCode(err), "%v", err)
				assert.Nil(t, r)
				if tt.run != nil {
					_, err := rn.DB.Run(ctx, id)
					assert.NoError(t, err, "a run still running, or whose removal was refused, is kept")
				}
				assert.Empty(t, log, "nothing removed, nothing audited")
				return
			}
			require.NoError(t, err)
			require.NotNil(t, r)
			assert.Equal(t, asked, r, "confirm is given the run that is removed")
			assert.Equal(t, runs.Status(r), r.Status, "confirm sees the status listings show")
			_, err = rn.DB.Run(ctx, id)
			assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err), "removed")
			require.Len(t, log, 1)
			assert.Equal(t, "ana", log[0].User)
			assert.Equal(t, "run.rm", log[0].Action)
			assert.Equal(t, "run 1", log[0].Target)
			assert.Contains(t, log[0].Detail, "run 1, interrupted (stale), started 2025-01-01T00:00:00Z")
			assert.True(t, strings.HasSuffix(log[0].Detail, ": no results"), log[0].Detail)
		})
	}
}
