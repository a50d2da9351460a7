package profile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
)

func TestOf(t *testing.T) {
	ref := fixtures.Reference()
	doc := fixtures.Sample()
	p, err := profile.Of(doc, ref, "palembang")
	require.NoError(t, err)
	assert.Equal(t, "Palembang", p.City.Name)
	assert.NotEmpty(t, p.Exchanges, "Palembang learnt from Seoul")
	for i, ch := range p.City.Challenges {
		_, inferred := p.Inferred[fmt.Sprintf("challenges[%d]", i)]
		assert.Equal(t, ch.Topic == "", inferred, "topics are inferred only for entries without one")
	}
	for i := 1; i < len(p.Exchanges); i++ {
		a, b := p.Exchanges[i-1].Year, p.Exchanges[i].Year
		assert.True(t, b == 0 || (a != 0 && a <= b), "year order, unknown years last")
	}

	_, err = profile.Of(doc, ref, "palembamg")
	var e *model.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, model.ENOTFOUND, e.Code)
	assert.Contains(t, e.Message, "did you mean \"palembang\"")
}

func TestMembers(t *testing.T) {
	ref := fixtures.Reference()
	id := "ID"
	cities, shown := profile.Members(fixtures.Sample().Cities, ref, model.CityFilter{Country: &id})
	require.Len(t, shown, len(cities))
	var ids []string
	for _, c := range cities {
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{"banda-aceh", "jakarta", "palembang"}, ids, "in id order")

	flooding := "urban-flooding"
	_, shown = profile.Members(fixtures.Sample().Cities, ref, model.CityFilter{Needs: &flooding})
	marked := false
	for _, c := range shown {
		for _, ch := range c.Challenges {
			marked = marked || ch.Topic == flooding+profile.InferredMark
		}
	}
	assert.True(t, marked, "an inferred need is found and marked")
}

func TestFilter(t *testing.T) {
	ref := fixtures.Reference()
	tests := []struct {
		name    string
		given   map[string]string
		want    model.CityFilter
		wantKey string // the key of the error, if any
	}{
		{"None", nil, model.CityFilter{}, ""},
		{"AnyCase", map[string]string{"country": "KR", "development": "Developing", "kind": "NGO"},
			model.CityFilter{Country: ptr("KR"), Development: ptr(model.Developing), Kind: ptr(model.KindNGO)}, ""},
		{"Topics", map[string]string{"topic": "brt", "needs": "brt", "offers": "brt"},
			model.CityFilter{Topic: ptr("brt"), Needs: ptr("brt"), Offers: ptr("brt")}, ""},
		{"ErrDevelopment", map[string]string{"development": "rich"}, model.CityFilter{}, "development"},
		{"ErrTopic", map[string]string{"needs": "no-such-topic"}, model.CityFilter{}, "needs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := profile.Filter(ref, func(name string) *string {
				if v, ok := tt.given[name]; ok {
					return &v
				}
				return nil
			})
			if tt.wantKey != "" {
				var errs model.Errors
				require.ErrorAs(t, err, &errs)
				require.NotEmpty(t, errs)
				assert.Equal(t, tt.wantKey, errs[0].Key)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func ptr[T any](v T) *T { return &v }
