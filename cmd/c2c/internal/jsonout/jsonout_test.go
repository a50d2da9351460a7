package jsonout_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/jsonout"
)

func TestWrite(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, jsonout.Write(&b, map[string]any{"name": "<script>&", "n": []int{1}}))
	assert.Equal(t, "{\n  \"n\": [\n    1\n  ],\n  \"name\": \"<script>&\"\n}\n", b.String())
	assert.Error(t, jsonout.Write(&b, func() {}))
}
