package account_test

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
)

func TestReadPassword(t *testing.T) {
	tests := []struct {
		name, in, want string
		generated      bool
	}{
		{"FirstLine", "correct horse battery\nsecond line\n", "correct horse battery", false},
		{"CRLF", "correct horse battery\r\n", "correct horse battery", false},
		{"NoNewline", "correct horse battery", "correct horse battery", false},
		{"Spaces kept", "  spaced out  \n", "  spaced out  ", false},
		{"Empty", "", "", true},
		{"EmptyLine", "\n", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var prompt strings.Builder
			got, generated, err := account.ReadPassword("ana", strings.NewReader(tt.in), &prompt)
			require.NoError(t, err)
			assert.Equal(t, tt.generated, generated)
			if tt.generated {
				assert.Len(t, got, len(account.NewPassword()), "a generated password")
			} else {
				assert.Equal(t, tt.want, got)
			}
			assert.Empty(t, prompt.String(), "no prompt off a terminal")
		})
	}
	t.Run("LongLineCut", func(t *testing.T) {
		got, _, err := account.ReadPassword("ana", strings.NewReader(strings.Repeat("x", 5000)), nil)
		require.NoError(t, err)
		assert.Len(t, got, 4096)
	})
	t.Run("ErrRead", func(t *testing.T) {
		_, _, err := account.ReadPassword("ana", iotest.ErrReader(errors.New("broken pipe")), nil)
		assert.ErrorContains(t, err, "read password from standard input: broken pipe")
	})
}

func TestCommandLineActor(t *testing.T) {
	t.Setenv("USER", "ana")
	t.Setenv("LOGNAME", "ana")
	login := account.LoginName()
	require.NotEmpty(t, login)
	assert.Equal(t, "cli:"+login, account.CommandLineActor())
}
