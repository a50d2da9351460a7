package database_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/database"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
)

func TestDefaultPath(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		name, xdg, want string
	}{
		{"XDGDataHome", "/data", filepath.Join("/data", "c2c", "c2c.db")},
		{"HomeFallback", "", filepath.Join(home, ".local", "share", "c2c", "c2c.db")},
		{"RelativeXDGIgnored", "data", filepath.Join(home, ".local", "share", "c2c", "c2c.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", tt.xdg)
			t.Setenv("HOME", home)
			got, err := database.DefaultPath()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	ref := fixtures.Reference()
	t.Run("SeedsSample", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "sub", "dir", "c2c.db")
		db, created, err := database.Open(ctx, path, ref, false)
		require.NoError(t, err)
		assert.Regexp(t, `^created .*/sub/dir/c2c.db and loaded the embedded sample: 23 members, \d+ exchanges \(--empty skips this; import --replace replaces it\)$`, created)
		cities, err := db.Cities(ctx, model.CityFilter{})
		require.NoError(t, err)
		assert.Len(t, cities, len(fixtures.Sample().Cities))
		require.NoError(t, db.Close())

		db, created, err = database.Open(ctx, path, ref, false)
		require.NoError(t, err)
		assert.Empty(t, created, "the second open creates nothing")
		require.NoError(t, db.Close())
	})
	t.Run("Empty", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "c2c.db")
		db, created, err := database.Open(ctx, path, ref, true)
		require.NoError(t, err)
		defer db.Close()
		assert.Equal(t, fmt.Sprintf("created %s (empty)", path), created)
		cities, err := db.Cities(ctx, model.CityFilter{})
		require.NoError(t, err)
		assert.Empty(t, cities)
	})
	t.Run("DefaultPath", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("XDG_DATA_HOME", dir)
		db, created, err := database.Open(ctx, "", ref, true)
		require.NoError(t, err)
		defer db.Close()
		assert.Contains(t, created, filepath.Join(dir, "c2c", "c2c.db"))
		assert.FileExists(t, filepath.Join(dir, "c2c", "c2c.db"))
	})
	t.Run("ErrPath", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		require.NoError(t, os.WriteFile(file, nil, 0o644))
		_, _, err := database.Open(ctx, filepath.Join(file, "c2c.db"), ref, false)
		require.Error(t, err)
		assert.Equal(t, model.EINVALID, model.ErrorCode(err))
		assert.Contains(t, err.Error(), "c2c.db")
	})
	t.Run("ErrSampleRemovesDatabase", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "c2c.db")
		_, _, err := database.Open(ctx, path, model.Reference{Topics: ref.Topics, Countries: &model.Countries{}}, false)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "load the embedded sample")
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		assert.Empty(t, entries, "nothing is left of the database")
	})
}
