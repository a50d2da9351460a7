package model_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
)

func ptr[T any](v T) *T { return &v }

func TestCityFilterMatch(t *testing.T) {
	seoul := &model.City{ID: "seoul", Country: "KR", Development: model.Developed,
		Challenges: []model.Challenge{{Topic: "air-pollution"}, {Text: "housing costs"}},
		Capacities: []model.Capacity{{Topic: "brt"}},
		Practices:  []model.Practice{{Title: "Cheonggyecheon", Topics: []string{"river-restoration"}}}}
	helpo := &model.City{ID: "help-o", Country: "LK", Kind: model.KindNGO, Development: model.Developing}
	tests := []struct {
		name   string
		filter model.CityFilter
		city   *model.City
		want   bool
	}{
		{"EmptyMatchesAll", model.CityFilter{}, seoul, true},
		{"CountryAnyCase", model.CityFilter{Country: ptr("kr")}, seoul, true},
		{"OtherCountry", model.CityFilter{Country: ptr("JP")}, seoul, false},
		{"Development", model.CityFilter{Development: ptr(model.Developing)}, seoul, false},
		{"KindDefaultsToCity", model.CityFilter{Kind: ptr(model.KindCity)}, seoul, true},
		{"KindNGO", model.CityFilter{Kind: ptr(model.KindNGO)}, helpo, true},
		{"Needs", model.CityFilter{Needs: ptr("air-pollution")}, seoul, true},
		{"NeedsNotOffers", model.CityFilter{Needs: ptr("brt")}, seoul, false},
		{"OffersCapacity", model.CityFilter{Offers: ptr("brt")}, seoul, true},
		{"OffersPractice", model.CityFilter{Offers: ptr("river-restoration")}, seoul, true},
		{"TopicEitherSide", model.CityFilter{Topic: ptr("air-pollution")}, seoul, true},
		{"TopicNotInText", model.CityFilter{Topic: ptr("housing")}, seoul, false},
		{"AllFieldsMustMatch", model.CityFilter{Country: ptr("KR"), Needs: ptr("brt")}, seoul, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.filter.Match(tt.city))
		})
	}
}

func TestCityFilterValidate(t *testing.T) {
	tax, err := model.NewTaxonomy([]model.Sector{{ID: "transport", Label: "Transport"}},
		[]model.Topic{{ID: "brt", Label: "Bus rapid transit", Sector: "transport", Phrases: []string{"brt"}}})
	require.NoError(t, err)
	ref := model.Reference{Topics: tax, Countries: model.NewCountries([]model.Country{{Alpha2: "ID", Alpha3: "IDN", Name: "Indonesia"}})}

	t.Run("OK", func(t *testing.T) {
		assert.NoError(t, model.CityFilter{Country: ptr("id"), Needs: ptr("brt"), Development: ptr(model.LeastDeveloped)}.Validate(ref))
	})
	t.Run("ErrEveryField", func(t *testing.T) {
		err := model.CityFilter{Country: ptr("IDN"), Development: ptr(model.Development("rich")), Kind: ptr(model.Kind("town")),
			Topic: ptr("brtt"), Needs: ptr("x"), Offers: ptr("brt")}.Validate(ref)
		var errs model.Errors
		require.True(t, errors.As(err, &errs))
		keys := map[string]string{}
		for _, e := range errs {
			assert.Equal(t, model.EINVALID, e.Code)
			keys[e.Key] = e.Message
		}
		assert.Equal(t, `unknown country code "IDN": expected an ISO 3166-1 alpha-2 code (did you mean ID?)`, keys["country"])
		assert.Contains(t, keys["development"], "expected one of developed, developing, least-developed")
		assert.Contains(t, keys["kind"], `unknown kind "town"`)
		assert.Contains(t, keys["topic"], "closest known topics are brt")
		assert.Contains(t, keys["needs"], `unknown topic "x"`)
		assert.NotContains(t, keys, "offers")
	})
}
