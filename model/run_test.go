package model_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/c2cnet/c2c/model"
)

func TestInputKey(t *testing.T) {
	tests := []struct {
		key  model.InputKey
		text string
	}{
		{model.CityInput("palembang"), "city:palembang"},
		{model.RuleInput("palembang", "seoul"), "rule:palembang/seoul"},
		{model.ExchangesInput(), "exchanges"},
		{model.CityInput("a:b"), "city:a:b"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			assert.Equal(t, tt.text, tt.key.String())
			assert.Equal(t, tt.key, model.ParseInputKey(tt.text), "a key reads back as written")
		})
	}
	assert.Equal(t, model.InputKey{Kind: "other"}, model.ParseInputKey("other"))
}
