package publish

import (
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
)

// sampleMapInput is the sample network with the given pairs, enough for
// mapSVG.
func sampleMapInput(t *testing.T, pairs []model.PairingPair) *Input {
	t.Helper()
	doc := fixtures.Sample()
	require.NotEmpty(t, doc.Cities)
	return &Input{Cities: doc.Cities, Results: &model.RunResults{Pairing: &model.Pairing{Pairs: pairs}}}
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
	in = &Input{Cities: cities, Results: &model.RunResults{}}
	_, note = in.mapSVG()
	assert.Contains(t, note, "1 of 13 members located (not on the map, no location: City 01, City 02, City 03, City 04, City 05, City 06, City 07, City 08, City 09, City 10 and 2 more)")

	// Everyone located: no list.
	cities = cities[:1]
	in = &Input{Cities: cities, Results: &model.RunResults{}}
	_, note = in.mapSVG()
	assert.NotContains(t, note, "not on the map")
}

// printedMap is what a test reads back from the map's SVG: the dots, the
// printed names with their estimated boxes, and the dots' hover titles.
type printedMap struct {
	dots   []box
	labels []mapLabel
	titles []string
	paths  int
	width  float64
	height float64
}

// readMap parses the SVG that mapSVG writes.
func readMap(t *testing.T, svg string) printedMap {
	t.Helper()
	var m printedMap
	d := xml.NewDecoder(strings.NewReader(svg))
	d.Strict = true
	var inText, inCircleTitle, inCircle bool
	var cur mapLabel
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err)
		return v
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		switch tk := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range tk.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch tk.Name.Local {
			case "svg":
				var x0, y0 float64
				_, err := fmt.Sscanf(attr["viewBox"], "%g %g %g %g", &x0, &y0, &m.width, &m.height)
				require.NoError(t, err)
			case "circle":
				x, y, r := num(attr["cx"]), num(attr["cy"]), num(attr["r"])
				m.dots = append(m.dots, box{x - r, y - r, x + r, y + r})
				inCircle = true
			case "title":
				inCircleTitle = inCircle
			case "text":
				inText, cur = true, mapLabel{X: num(attr["x"]), Y: num(attr["y"]), Anchor: attr["text-anchor"]}
			case "path":
				m.paths++
			}
		case xml.CharData:
			if inText {
				cur.Text += string(tk)
			}
			if inCircleTitle {
				m.titles = append(m.titles, string(tk))
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "text":
				inText = false
				m.labels = append(m.labels, cur)
			case "title":
				inCircleTitle = false
			case "circle":
				inCircle = false
			}
		}
	}
	return m
}

// checkLabels asserts that no two printed names overlap, that none covers
// a dot or leaves the map, and that every dot keeps its full name in its
// hover title.
func checkLabels(t *testing.T, m printedMap, cities []model.City) {
	t.Helper()
	frame := box{0, 0, m.width, m.height}
	for i, a := range m.labels {
		ab := a.box()
		assert.True(t, ab.inside(frame), "%q inside the map", a.Text)
		for _, b := range m.labels[i+1:] {
			assert.False(t, ab.overlaps(b.box()), "%q (%v) and %q (%v) overlap", a.Text, ab, b.Text, b.box())
		}
		for _, d := range m.dots {
			assert.False(t, ab.overlaps(d), "%q covers a dot at %v", a.Text, d)
		}
	}
	titles := strings.Join(m.titles, "\n")
	for _, c := range cities {
		if c.Location != nil {
			assert.Contains(t, titles, c.Name, "hover title of %s", c.ID)
		}
	}
}

func TestMapLabelsSample(t *testing.T) {
	in := sampleMapInput(t, nil)
	svg, note := in.mapSVG()
	m := readMap(t, string(svg))
	require.Len(t, m.dots, 21)
	checkLabels(t, m, in.Cities)
	printed := map[string]bool{}
	for _, l := range m.labels {
		printed[l.Text] = true
	}
	// The Sri Lankan three are far enough apart at this scale to keep
	// their names; the Nepal four share a few pixels.
	for _, name := range []string{"Colombo", "Kandy", "HELP-O", "Seoul", "Yokohama"} {
		assert.True(t, printed[name], "%s printed", name)
	}
	if hidden := len(m.dots) - len(m.labels); hidden > 0 {
		assert.Contains(t, note, fmt.Sprintf("a dot for the %s with no room", render.Plural(hidden, "member")))
	}
}

func TestMapLabelsDense(t *testing.T) {
	// The sample plus 35 members packed around Kathmandu and Colombo.
	in := sampleMapInput(t, nil)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range 35 {
		lat, lon := 27.7, 85.3
		if i%2 == 1 {
			lat, lon = 6.9, 79.9
		}
		in.Cities = append(in.Cities, model.City{ID: fmt.Sprintf("dense-%02d", i), Name: fmt.Sprintf("Dense member %02d", i), Country: "NP",
			Location: &model.Location{Lat: lat + rng.Float64() - 0.5, Lon: lon + rng.Float64() - 0.5}})
	}
	svg, note := in.mapSVG()
	m := readMap(t, string(svg))
	require.Len(t, m.dots, 21+35)
	checkLabels(t, m, in.Cities)
	hidden := len(m.dots) - len(m.labels)
	assert.Positive(t, hidden, "some names have no room")
	assert.Contains(t, note, fmt.Sprintf("a dot for the %s with no room", render.Plural(hidden, "member")))
}

func TestPlaceLabels(t *testing.T) {
	// Four names on one point: right, left, above, below; a fifth fits
	// nowhere; at the map's right edge the name goes left.
	var dots []labelDot
	for i := range 5 {
		dots = append(dots, labelDot{X: 500, Y: 300, Text: fmt.Sprintf("N%d", i)})
	}
	dots = append(dots, labelDot{X: 998, Y: 300, Text: "Edge"})
	labels, ok := placeLabels(dots, 4, 1000, 600)
	require.Len(t, labels, 5)
	assert.Equal(t, []bool{true, true, true, true, false, true}, ok)
	var anchors []string
	for _, l := range labels {
		anchors = append(anchors, l.Anchor)
	}
	assert.Equal(t, []string{"start", "end", "middle", "middle", "end"}, anchors)
	assert.Less(t, labels[2].Y, 300.0, "above")
	assert.Greater(t, labels[3].Y, 300.0, "below")
	for i, a := range labels {
		for _, b := range labels[i+1:] {
			assert.False(t, a.box().overlaps(b.box()), "%v and %v", a, b)
		}
	}

	// A name wider than the map fits nowhere.
	_, ok = placeLabels([]labelDot{{X: 50, Y: 50, Text: strings.Repeat("W", 40)}}, 4, 100, 100)
	assert.Equal(t, []bool{false}, ok)
}

func TestMapBasemap(t *testing.T) {
	in := sampleMapInput(t, nil)
	svg, _ := in.mapSVG()
	s := string(svg)
	m := readMap(t, s)
	assert.Greater(t, m.paths, 15, "the countries around the sample's members")
	assert.Less(t, m.paths, 177, "not the whole world")
	land, dots := strings.Index(s, `<g class="land">`), strings.Index(s, "<circle")
	require.Positive(t, land)
	assert.Less(t, land, dots, "the outlines under the dots")
	assert.Less(t, len(s), 150<<10, "a compact map")
}

func TestMapStrongestPairs(t *testing.T) {
	doc := fixtures.Sample()
	var located []string
	for _, c := range doc.Cities {
		if c.Location != nil {
			located = append(located, c.ID)
		}
	}
	pairs := func(n int) []model.PairingPair {
		var ps []model.PairingPair
		for i := range n {
			ps = append(ps, model.PairingPair{Beneficiary: located[i%len(located)], Resource: located[(i/len(located)+i+1)%len(located)],
				Score: float64((i*37)%1000) / 1000})
		}
		// One pair with an unlocated member is never drawn nor counted.
		return append(ps, model.PairingPair{Beneficiary: "margg", Resource: "seoul", Score: 1})
	}
	tests := []struct {
		name  string
		pairs int
		drawn int
		note  string
	}{
		{"Few", 12, 12, "12 pairs drawn;"},
		{"AtLimit", mapPairLimit, mapPairLimit, fmt.Sprintf("%d pairs drawn;", mapPairLimit)},
		{"Many", 1000, mapPairsDrawn, fmt.Sprintf("the %d strongest of 1000 pairs drawn (pairings.csv lists them all)", mapPairsDrawn)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sampleMapInput(t, pairs(tt.pairs))
			svg, note := in.mapSVG()
			assert.Equal(t, tt.drawn, strings.Count(string(svg), "<line "))
			assert.Contains(t, note, tt.note)
			drawn := in.mapPairs()
			require.Len(t, drawn, tt.drawn)
			if tt.drawn < tt.pairs {
				// The strongest: no pair left out scores above one drawn.
				weakest := drawn[len(drawn)-1].Score
				above := 0
				for _, p := range in.Results.Pairing.Pairs {
					if in.pairLocated(p) && p.Score > weakest {
						above++
					}
				}
				assert.LessOrEqual(t, above, mapPairsDrawn)
				assert.True(t, slices.IsSortedFunc(drawn, func(a, b model.PairingPair) int { return cmp.Compare(b.Score, a.Score) }))
			}
		})
	}
}

func TestMapFontMatchesStylesheet(t *testing.T) {
	// The label boxes are estimated at mapFontSize; the page must print
	// the names at that size.
	assert.Contains(t, reportHTMLSource, fmt.Sprintf("svg.map text { font: %gpx ", mapFontSize))
}
