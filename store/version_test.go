package store_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// edit imports c as the new profile of its city, expecting version.
func edit(t *testing.T, db *store.DB, c model.City, version string) error {
	t.Helper()
	in := &store.Input{File: "form", Doc: &model.Document{Format: model.FormatVersion, Cities: []model.City{c}}}
	ctx := store.Audited(t.Context(), model.AuditEntry{User: "ana", Action: "city.edit", Target: c.ID})
	_, err := db.Import(ctx, fixtures.Reference(), store.ImportOptions{Expect: map[string]string{c.ID: version}}, in)
	return err
}

func TestImportExpectVersion(t *testing.T) {
	db := storetest.MustOpenDB(t)
	ref := fixtures.Reference()
	_, err := db.Import(t.Context(), ref, store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	before, err := db.City(t.Context(), "palembang")
	require.NoError(t, err)
	v := store.Version(before)
	assert.Len(t, v, 24)

	t.Run("OK", func(t *testing.T) {
		c := *before
		c.Challenges = append([]model.Challenge{{Text: "Flooded streets every rainy season", Severity: 4}}, c.Challenges...)
		require.NoError(t, edit(t, db, c, v))
		after, err := db.City(t.Context(), "palembang")
		require.NoError(t, err)
		assert.Equal(t, "Flooded streets every rainy season", after.Challenges[0].Text)
		assert.NotEqual(t, v, store.Version(after), "the version follows the profile")
		log, err := db.AuditLog(t.Context(), 1)
		require.NoError(t, err)
		assert.Equal(t, "city.edit palembang", log[0].Action+" "+log[0].Target)
	})
	t.Run("ErrStale", func(t *testing.T) {
		stored, err := db.City(t.Context(), "palembang")
		require.NoError(t, err)
		entries, err := db.AuditLog(t.Context(), 0)
		require.NoError(t, err)
		c := *before
		c.Name = "Palembang (stale)"
		err = edit(t, db, c, v)
		var e *model.Error
		require.True(t, errors.As(err, &e), "%v", err)
		assert.Equal(t, model.ECONFLICT, e.Code)
		assert.Equal(t, "palembang", e.City)
		assert.Equal(t, "version", e.Key)
		assert.Contains(t, e.Message, "changed by someone else")
		now, err := db.City(t.Context(), "palembang")
		require.NoError(t, err)
		assert.Equal(t, stored, now, "nothing written over the newer profile")
		after, err := db.AuditLog(t.Context(), 0)
		require.NoError(t, err)
		assert.Len(t, after, len(entries), "a refused edit is not in the audit log")
	})
	t.Run("ErrRemoved", func(t *testing.T) {
		err := edit(t, db, model.City{ID: "atlantis", Name: "Atlantis", Country: "GR"}, "0")
		assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
		_, err = db.City(t.Context(), "atlantis")
		assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err), "not added either")
	})
	t.Run("ErrInvalidLocated", func(t *testing.T) {
		stored, err := db.City(t.Context(), "palembang")
		require.NoError(t, err)
		c := *stored
		c.Challenges = append([]model.Challenge(nil), c.Challenges...)
		c.Challenges[0].Severity = 9
		err = edit(t, db, c, store.Version(stored))
		var es model.Errors
		require.True(t, errors.As(err, &es), "%v", err)
		assert.Equal(t, "cities[0].challenges[0].severity", es[0].Key)
		assert.Equal(t, "form", es[0].File)
	})
}
