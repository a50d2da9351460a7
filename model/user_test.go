package model_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/c2cnet/c2c/model"
)

func TestRoleAllows(t *testing.T) {
	assert.True(t, model.Admin.Allows(model.Editor))
	assert.True(t, model.Editor.Allows(model.Viewer))
	assert.True(t, model.Viewer.Allows(model.Viewer))
	assert.False(t, model.Viewer.Allows(model.Editor))
	assert.False(t, model.Editor.Allows(model.Admin))
	assert.False(t, model.Role("").Allows(model.Viewer))
	assert.False(t, model.Admin.Allows(""))
}

func TestValidateUserName(t *testing.T) {
	for _, ok := range []string{"admin", "ana.maria", "o_k-2"} {
		assert.NoError(t, model.ValidateUserName(ok), ok)
	}
	for _, bad := range []string{"", "Ana", "2ana", "ana maria", "<script>", "abcdefghijklmnopqrstuvwxyz0123456"} {
		assert.Equal(t, model.EINVALID, model.ErrorCode(model.ValidateUserName(bad)), bad)
	}
}

func TestRoleNames(t *testing.T) {
	assert.Equal(t, "viewer|editor|admin", model.RoleNames("|"))
	assert.Equal(t, "viewer, editor, admin", model.RoleNames(", "))
}
