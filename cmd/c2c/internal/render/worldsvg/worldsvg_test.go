package worldsvg_test

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render/worldsvg"
	"github.com/c2cnet/c2c/model"
)

func TestFit(t *testing.T) {
	tests := []struct {
		name   string
		box    worldsvg.Box
		height float64
		view   worldsvg.Box
	}{
		{"proportional", worldsvg.Box{MinLon: 0, MaxLon: 100, MinLat: 0, MaxLat: 50}, 500, worldsvg.Box{MinLon: 0, MaxLon: 100, MinLat: 0, MaxLat: 50}},
		{"too flat: taller, centred", worldsvg.Box{MinLon: 0, MaxLon: 100, MinLat: 0, MaxLat: 10}, worldsvg.MinHeight, worldsvg.Box{MinLon: 0, MaxLon: 100, MinLat: -7.5, MaxLat: 17.5}},
		{"too tall: wider, centred", worldsvg.Box{MinLon: 0, MaxLon: 10, MinLat: 0, MaxLat: 14}, worldsvg.MaxHeight, worldsvg.Box{MinLon: -5, MaxLon: 15, MinLat: 0, MaxLat: 14}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := worldsvg.Fit(tt.box)
			assert.InDelta(t, tt.height, p.Height, 1e-9)
			v := p.View()
			assert.InDelta(t, tt.view.MinLon, v.MinLon, 1e-9)
			assert.InDelta(t, tt.view.MaxLon, v.MaxLon, 1e-9)
			assert.InDelta(t, tt.view.MinLat, v.MinLat, 1e-9)
			assert.InDelta(t, tt.view.MaxLat, v.MaxLat, 1e-9)
			x, y := p.XY(model.Location{Lat: v.MinLat, Lon: v.MaxLon})
			assert.InDelta(t, worldsvg.Width, x, 1e-9, "the south-east corner")
			assert.InDelta(t, p.Height, y, 1e-9, "the south-east corner")
		})
	}
}

func TestBoundsPadded(t *testing.T) {
	cities := []model.City{
		{ID: "a", Location: &model.Location{Lat: 10, Lon: 100}},
		{ID: "b"},
		{ID: "c", Location: &model.Location{Lat: -80, Lon: 179}},
	}
	b, n := worldsvg.Bounds(cities)
	assert.Equal(t, 2, n)
	assert.Equal(t, worldsvg.Box{MinLon: 100, MaxLon: 179, MinLat: -80, MaxLat: 10}, b)
	assert.Equal(t, worldsvg.Box{MinLon: 96.05, MaxLon: 180, MinLat: -84.5, MaxLat: 14.5}, b.Padded(), "5% or 2°, within the globe")
	_, n = worldsvg.Bounds(cities[1:2])
	assert.Zero(t, n)
}

func TestRadius(t *testing.T) {
	for n, want := range map[int]float64{1: 4, 200: 4, 201: 2.5, 2000: 2.5, 2001: 1.2} {
		assert.Equal(t, want, worldsvg.Radius(n), "%d members", n)
	}
}

// TestWriteMembersEscapes checks that a hostile name, country and link
// stay text and attribute values of a well-formed SVG.
func TestWriteMembersEscapes(t *testing.T) {
	hostile := `<script>alert(1)</script>`
	cities := []model.City{
		{ID: `x"><script>`, Name: hostile, Country: `"&`, Location: &model.Location{Lat: 1, Lon: 2}},
		{ID: "unlocated", Name: "Nowhere"},
		{ID: "ldc", Name: "Dhaka", Country: "BD", Development: model.LeastDeveloped, Location: &model.Location{Lat: 23.8, Lon: 90.4}},
	}
	box, _ := worldsvg.Bounds(cities)
	p := worldsvg.Fit(box.Padded())
	var b strings.Builder
	worldsvg.Start(&b, p, "group", "Map of "+hostile)
	worldsvg.WriteLand(&b, p)
	dots := worldsvg.WriteMembers(&b, p, cities, 4, func(c model.City) string { return "/members/" + c.ID })
	worldsvg.End(&b)
	require.Len(t, dots, 2)
	s := b.String()
	assert.NotContains(t, s, "<script>")
	assert.Contains(t, s, `<path d="M`, "the land around Bangladesh")

	var titles, hrefs, classes []string
	d := xml.NewDecoder(strings.NewReader(s))
	inTitle := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "well-formed SVG")
		switch tok := tok.(type) {
		case xml.StartElement:
			inTitle = tok.Name.Local == "title"
			for _, a := range tok.Attr {
				switch {
				case tok.Name.Local == "a" && a.Name.Local == "href":
					hrefs = append(hrefs, a.Value)
				case tok.Name.Local == "circle" && a.Name.Local == "class":
					classes = append(classes, a.Value)
				}
			}
		case xml.CharData:
			if inTitle {
				titles = append(titles, string(tok))
			}
		case xml.EndElement:
			inTitle = false
		}
	}
	assert.Equal(t, []string{hostile + ` ("&, unknown)`, "Dhaka (BD, least-developed)"}, titles)
	assert.Equal(t, []string{`/members/x"><script>`, "/members/ldc"}, hrefs)
	assert.Equal(t, []string{"unknown", "least-developed"}, classes)
}
