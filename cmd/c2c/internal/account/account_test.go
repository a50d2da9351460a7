package account_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store/storetest"
)

func TestHash(t *testing.T) {
	h, err := account.Hash("correct horse battery")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$"), h)
	assert.True(t, account.Check(h, "correct horse battery"))
	assert.False(t, account.Check(h, "correct horse batterY"))
	assert.False(t, account.Check(h[:len(h)-4], "correct horse battery"), "a cut hash")
	assert.False(t, account.Check("", "correct horse battery"))
	assert.False(t, account.Check("$argon2id$v=19$m=1,t=0,p=1$AAAA$AAAA", "x"), "zero passes")

	h2, err := account.Hash("correct horse battery")
	require.NoError(t, err)
	assert.NotEqual(t, h, h2, "a fresh salt every time")

	_, err = account.Hash("short")
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
}

func TestNewPassword(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		p := account.NewPassword()
		require.Len(t, p, 20)
		assert.False(t, strings.ContainsAny(p, "0O1lI"), p)
		assert.False(t, seen[p])
		seen[p] = true
	}
}

func TestNewToken(t *testing.T) {
	tok, hash := account.NewToken()
	assert.Len(t, tok, 43)
	assert.Equal(t, hash, account.TokenHash(tok))
	other, _ := account.NewToken()
	assert.NotEqual(t, tok, other)
}

func TestAuthenticate(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	pw, err := account.EnsureAdmin(ctx, db, "test")
	require.NoError(t, err)
	require.Len(t, pw, 20)
	again, err := account.EnsureAdmin(ctx, db, "test")
	require.NoError(t, err)
	assert.Empty(t, again, "accounts exist: no second admin")

	u, err := account.Authenticate(ctx, db, "admin", pw)
	require.NoError(t, err)
	assert.Equal(t, model.Admin, u.Role)

	_, wrong := account.Authenticate(ctx, db, "admin", pw+"x")
	_, unknown := account.Authenticate(ctx, db, "nobody", pw)
	require.Error(t, wrong)
	require.Error(t, unknown)
	assert.Equal(t, model.EINVALID, model.ErrorCode(wrong))
	assert.Equal(t, wrong.Error(), unknown.Error(), "the same message whether the name exists or not")
}
