package pairing_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/pairing"
	"github.com/c2cnet/c2c/model"
)

func TestParticipants(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"Lines", "seoul\n\n# the hosts\n yokohama \r\npalembang\n", []string{"seoul", "yokohama", "palembang"}},
		{"OneColumnCSV", "city\nseoul\nhanoi\n", []string{"seoul", "hanoi"}},
		{"CSVWithBOM", "\ufeffname,City\nSeoul,seoul\nHanoi,hanoi\n,\n", []string{"seoul", "hanoi"}},
		{"Empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pairing.Participants("in.csv", tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	t.Run("ErrNoCityColumn", func(t *testing.T) {
		_, err := pairing.Participants("in.csv", "name,country\nSeoul,KR\n")
		var e *model.Error
		require.True(t, errors.As(err, &e))
		assert.Equal(t, model.EINVALID, e.Code)
		assert.Equal(t, "in.csv", e.File)
		assert.Equal(t, 1, e.Line)
	})
}

func TestReadParticipants(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "workshop")
	require.NoError(t, os.WriteFile(list, []byte("seoul\nhanoi\n"), 0o644))
	tests := []struct {
		name, v  string
		want     []string
		wantFile string // the file an error names
	}{
		{"File", list, []string{"seoul", "hanoi"}, ""},
		{"IDs", "seoul, hanoi,,palembang ", []string{"seoul", "hanoi", "palembang"}, ""},
		{"OneID", "seoul", []string{"seoul"}, ""},
		{"ErrMissingPath", filepath.Join(dir, "missing"), nil, filepath.Join(dir, "missing")},
		{"ErrMissingTxt", "missing.txt", nil, "missing.txt"},
		{"ErrMissingCSV", "missing.csv", nil, "missing.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pairing.ReadParticipants(tt.v)
			if tt.wantFile != "" {
				var e *model.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, model.EINVALID, e.Code)
				assert.Equal(t, tt.wantFile, e.File)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
