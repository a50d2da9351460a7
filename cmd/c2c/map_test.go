package main

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
)

// sampleMapInput is the sample network with the given pairs, enough for
// mapSVG.
func sampleMapInput(t *testing.T, pairs []model.PairingPair) *reportInput {
	t.Helper()
	doc := fixtures.Sample()
	require.NotEmpty(t, doc.Cities)
	return &reportInput{Cities: doc.Cities, Results: &model.RunResults{Pairing: &model.Pairing{Pairs: pairs}}}
}

func TestMapNamesUnlocated(t *testing.T) {
	in := sampleMapInput(t, nil)
	_, note := in.mapSVG()
	assert.Contains(t, note, "21 of 23 members located (not on the map, no location: MaRGG, PIEDAR)")

	// Past mapUnlocatedNames, the others are counted.
	var cities []model.City
	for i := range 13 {
		cities = append(cities, model.City{ID: fmt.Sprintf("c%02d", i), Name: fmt.Sprintf("City %02d", i), Country: "NP"})
	}
	cities[0].Location = &model.Location{Lat: 27.7, Lon: 85.3}
	in = &reportInput{Cities: cities, Results: &model.RunResults{}}
	_, note = in.mapSVG()
	assert.Contains(t, note, "1 of 13 members located (not on the map, no location: City 01, City 02, City 03, City 04, City 05, City 06, City 07, City 08, City 09, City 10 and 2 more)")

	// Everyone located: no list.
	cities = cities[:1]
	in = &reportInput{Cities: cities, Results: &model.RunResults{}}
	_, note = in.mapSVG()
	assert.NotContains(t, note, "not on the map")
}
