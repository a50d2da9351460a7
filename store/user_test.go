package store_test

import (
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// codeKey returns the code and key of the *model.Error in err.
func codeKey(t *testing.T, err error) (string, string) {
	t.Helper()
	var e *model.Error
	require.True(t, errors.As(err, &e), "want a *model.Error, got %v", err)
	return e.Code, e.Key
}

func TestUsers(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)

	t.Run("OK", func(t *testing.T) {
		require.NoError(t, db.AddUser(ctx, model.User{Name: "ana", Role: model.Editor}, "hash-ana", "cli:root"))
		require.NoError(t, db.AddUser(ctx, model.User{Name: "admin", Role: model.Admin}, "hash-admin", "c2c serve"))
		users, err := db.Users(ctx)
		require.NoError(t, err)
		assert.Equal(t, []model.User{
			{Name: "admin", Role: model.Admin, Created: storetest.Epoch},
			{Name: "ana", Role: model.Editor, Created: storetest.Epoch},
		}, users)
		u, hash, err := db.Credentials(ctx, "ana")
		require.NoError(t, err)
		assert.Equal(t, model.Editor, u.Role)
		assert.Equal(t, "hash-ana", hash)
	})
	t.Run("ErrNameTaken", func(t *testing.T) {
		code, key := codeKey(t, db.AddUser(ctx, model.User{Name: "ana", Role: model.Viewer}, "h", "x"))
		assert.Equal(t, model.ECONFLICT, code)
		assert.Equal(t, "name", key)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		code, key := codeKey(t, db.AddUser(ctx, model.User{Name: "Ana Maria", Role: model.Viewer}, "h", "x"))
		assert.Equal(t, model.EINVALID, code)
		assert.Equal(t, "name", key)
		code, key = codeKey(t, db.AddUser(ctx, model.User{Name: "bo", Role: "owner"}, "h", "x"))
		assert.Equal(t, model.EINVALID, code)
		assert.Equal(t, "role", key)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, _, err := db.Credentials(ctx, "nobody")
		code, _ := codeKey(t, err)
		assert.Equal(t, model.ENOTFOUND, code)
		code, _ = codeKey(t, db.SetPassword(ctx, "nobody", "h", "x"))
		assert.Equal(t, model.ENOTFOUND, code)
		code, _ = codeKey(t, db.RemoveUser(ctx, "nobody", "x"))
		assert.Equal(t, model.ENOTFOUND, code)
		code, _ = codeKey(t, db.AddToken(ctx, "nobody", []byte("h"), "x"))
		assert.Equal(t, model.ENOTFOUND, code)
	})
	t.Run("ErrLastAdmin", func(t *testing.T) {
		code, _ := codeKey(t, db.RemoveUser(ctx, "admin", "x"))
		assert.Equal(t, model.ECONFLICT, code)
	})
	t.Run("PasswordEndsSessions", func(t *testing.T) {
		h := sha256.Sum256([]byte("cookie"))
		require.NoError(t, db.AddSession(ctx, "ana", h[:], storetest.Epoch.Add(time.Hour)))
		u, err := db.SessionUser(ctx, h[:])
		require.NoError(t, err)
		assert.Equal(t, "ana", u.Name)
		require.NoError(t, db.SetPassword(ctx, "ana", "new-hash", "ana"))
		_, err = db.SessionUser(ctx, h[:])
		code, _ := codeKey(t, err)
		assert.Equal(t, model.ENOTFOUND, code)
		_, hash, err := db.Credentials(ctx, "ana")
		require.NoError(t, err)
		assert.Equal(t, "new-hash", hash)
	})
	t.Run("Tokens", func(t *testing.T) {
		h := sha256.Sum256([]byte("token"))
		require.NoError(t, db.AddToken(ctx, "ana", h[:], "cli:root"))
		u, err := db.TokenUser(ctx, h[:])
		require.NoError(t, err)
		assert.Equal(t, "ana", u.Name)
		other := sha256.Sum256([]byte("other"))
		_, err = db.TokenUser(ctx, other[:])
		code, _ := codeKey(t, err)
		assert.Equal(t, model.ENOTFOUND, code)
	})
	t.Run("RemoveEndsSessionsAndTokens", func(t *testing.T) {
		require.NoError(t, db.AddUser(ctx, model.User{Name: "bo", Role: model.Viewer}, "h", "admin"))
		s, tk := sha256.Sum256([]byte("bo-session")), sha256.Sum256([]byte("bo-token"))
		require.NoError(t, db.AddSession(ctx, "bo", s[:], storetest.Epoch.Add(time.Hour)))
		require.NoError(t, db.AddToken(ctx, "bo", tk[:], "admin"))
		require.NoError(t, db.RemoveUser(ctx, "bo", "admin"))
		_, err := db.SessionUser(ctx, s[:])
		assert.Error(t, err)
		_, err = db.TokenUser(ctx, tk[:])
		assert.Error(t, err)
	})
}

func TestSessionExpiry(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	require.NoError(t, db.AddUser(ctx, model.User{Name: "ana", Role: model.Viewer}, "h", "x"))
	h := sha256.Sum256([]byte("cookie"))
	require.NoError(t, db.AddSession(ctx, "ana", h[:], storetest.Epoch.Add(time.Minute)))
	_, err := db.SessionUser(ctx, h[:])
	require.NoError(t, err)
	db.Now = func() time.Time { return storetest.Epoch.Add(time.Minute) }
	_, err = db.SessionUser(ctx, h[:])
	code, _ := codeKey(t, err)
	assert.Equal(t, model.ENOTFOUND, code, "a session is not valid at its expiry time")
	require.NoError(t, db.RemoveSession(ctx, h[:]))
}

func TestAuditLog(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	entries, err := db.AuditLog(ctx, 0)
	require.NoError(t, err)
	assert.Empty(t, entries)

	require.NoError(t, db.AddUser(ctx, model.User{Name: "ana", Role: model.Editor}, "h", "cli:root"))
	require.NoError(t, db.Record(ctx, model.AuditEntry{User: "ana", Action: "rule.pin", Target: "palembang→seoul", Detail: "mayors agreed"}))
	require.NoError(t, db.SetPassword(ctx, "ana", "h2", "ana"))

	entries, err = db.AuditLog(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, []model.AuditEntry{
		{Seq: 1, User: "cli:root", Time: storetest.Epoch, Action: store.ActionUserAdd, Target: "ana", Detail: "editor"},
		{Seq: 2, User: "ana", Time: storetest.Epoch, Action: "rule.pin", Target: "palembang→seoul", Detail: "mayors agreed"},
		{Seq: 3, User: "ana", Time: storetest.Epoch, Action: store.ActionUserPasswd, Target: "ana"},
	}, entries)

	last, err := db.AuditLog(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, entries[1:], last, "the last two, oldest first")
}

func TestAudited(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	_, err := db.Import(ctx, fixtures.Reference(), store.ImportOptions{Replace: true}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	pin := model.AuditEntry{User: "ana", Action: "rule.pin", Target: "palembang→seoul", Detail: "agreed"}

	t.Run("OK", func(t *testing.T) {
		require.NoError(t, db.PutRule(store.Audited(ctx, pin), model.Rule{Beneficiary: "palembang", Resource: "seoul", Rule: model.Pin, Why: "agreed"}))
		log, err := db.AuditLog(ctx, 0)
		require.NoError(t, err)
		require.Len(t, log, 1)
		assert.Equal(t, "rule.pin", log[0].Action)
		assert.Equal(t, storetest.Epoch, log[0].Time)
	})
	t.Run("ErrWriteRefusedNothingRecorded", func(t *testing.T) {
		err := db.PutRule(store.Audited(ctx, pin), model.Rule{Beneficiary: "palembang", Resource: "nowhere", Rule: model.Pin})
		require.Error(t, err)
		err = db.RemoveRule(store.Audited(ctx, model.AuditEntry{User: "ana", Action: "rule.rm"}), "palembang", "jakarta")
		assert.Equal(t, model.ENOTFOUND, model.ErrorCode(err))
		log, err := db.AuditLog(ctx, 0)
		require.NoError(t, err)
		assert.Len(t, log, 1, "a refused write leaves no entry")
	})
}

func TestAuditEntries(t *testing.T) {
	tests := []struct {
		name string
		got  model.AuditEntry
		want model.AuditEntry
	}{
		{"Pin", store.RuleEntry("ana", model.Rule{Beneficiary: "palembang", Resource: "seoul", Rule: model.Pin, Why: "mayors agreed"}),
			model.AuditEntry{User: "ana", Action: store.ActionRulePin, Target: "palembang→seoul", Detail: "mayors agreed"}},
		{"Block", store.RuleEntry("cli:ben", model.Rule{Beneficiary: "dhaka", Resource: "colombo", Rule: model.Block, Why: "partners already"}),
			model.AuditEntry{User: "cli:ben", Action: store.ActionRuleBlock, Target: "dhaka→colombo", Detail: "partners already"}},
		{"RuleRemoval", store.RuleRemovalEntry("ana", "palembang", "seoul"),
			model.AuditEntry{User: "ana", Action: store.ActionRuleRemove, Target: "palembang→seoul"}},
		{"Import", store.ImportEntry("ana", "a.json, members/", store.ImportOptions{}),
			model.AuditEntry{User: "ana", Action: store.ActionImport, Target: "a.json, members/"}},
		{"ImportReplace", store.ImportEntry("ana", "a.json", store.ImportOptions{Replace: true, DryRun: true}),
			model.AuditEntry{User: "ana", Action: store.ActionImport, Target: "a.json", Detail: "replace"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, tt.got) })
	}
}
