package model_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/c2cnet/c2c/model"
)

func TestCityLimits(t *testing.T) {
	many := make([]string, model.MaxShortList+1)
	for i := range many {
		many[i] = string([]byte{'a' + byte(i/26), 'a' + byte(i%26), 'x'})
	}
	tests := []struct {
		name string
		city model.City
		want []string // messages, keys included; nil when valid
	}{
		{name: "ISO639-3", city: model.City{ID: "kitwe", Name: "Kitwe", Country: "ZM", Languages: []string{"en", "bem"}}},
		{name: "TabsAndLineBreaks", city: model.City{ID: "a", Name: "A", Country: "ZM", Challenges: []model.Challenge{{Text: "floods\n\tevery year"}}}},
		{
			name: "TooManyLanguages",
			city: model.City{ID: "a", Name: "A", Country: "ZM", Languages: many},
			want: []string{"city a: c.languages: 33 languages: expected at most 32"},
		},
		{
			name: "IDTooLong",
			city: model.City{ID: strings.Repeat("a", model.MaxIDLength+1), Name: "A", Country: "ZM"},
			want: []string{"c.id: id of 101 characters: expected at most 100"},
		},
		{
			name: "ControlCharacter",
			city: model.City{ID: "a", Name: "A\x1b[31m", Country: "ZM"},
			want: []string{"city a: c.name: name holds control character U+001B at character 2: expected plain text"},
		},
		{
			name: "TextTooLong",
			city: model.City{ID: "a", Name: "A", Country: "ZM", Capacities: []model.Capacity{{Text: strings.Repeat("x", model.MaxTextLength+1)}}},
			want: []string{"city a: c.capacities[0].text: text of 10001 characters: expected at most 10000"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs model.Errors
			tt.city.Validate(model.Reference{}, "c", &errs)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
