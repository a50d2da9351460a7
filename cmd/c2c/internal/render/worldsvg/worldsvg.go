// Package worldsvg draws maps of members as inline SVG: an equirectangular
// projection fitted to the members' locations, the country outlines of
// package fixtures/worldmap under them, and one dot per member coloured by
// its development level. The published report (package publish) and the
// web application's members page (package web) both draw with it, so that
// they share one projection, one outline writer and one dot.
//
// Every text written into the SVG (names, countries, links) is escaped
// here; callers pass it as it is stored.
package worldsvg

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/fixtures/worldmap"
	"github.com/c2cnet/c2c/model"
)

// Map size, in SVG user units: every map is Width wide, and between
// MinHeight and MaxHeight high.
const (
	Width     = 1000.0
	MinHeight = 250.0
	MaxHeight = 700.0
)

// Box is a part of the globe, in degrees.
type Box struct{ MinLon, MaxLon, MinLat, MaxLat float64 }

// Bounds returns the smallest box holding every member of cities that
// records a location, and how many do; the box is meaningless when none
// does.
func Bounds(cities []model.City) (Box, int) {
	b := Box{MinLon: 180, MaxLon: -180, MinLat: 90, MaxLat: -90}
	located := 0
	for _, c := range cities {
		if l := c.Location; l != nil {
			located++
			b.MinLat, b.MaxLat = math.Min(b.MinLat, l.Lat), math.Max(b.MaxLat, l.Lat)
			b.MinLon, b.MaxLon = math.Min(b.MinLon, l.Lon), math.Max(b.MaxLon, l.Lon)
		}
	}
	return b, located
}

// Padded returns b grown on every side by 5% of its span (at least 2°),
// within the globe.
func (b Box) Padded() Box {
	padLat, padLon := math.Max(2, (b.MaxLat-b.MinLat)*0.05), math.Max(2, (b.MaxLon-b.MinLon)*0.05)
	return Box{
		MinLat: math.Max(-90, b.MinLat-padLat), MaxLat: math.Min(90, b.MaxLat+padLat),
		MinLon: math.Max(-180, b.MinLon-padLon), MaxLon: math.Min(180, b.MaxLon+padLon),
	}
}

// meets reports whether a and b share a point.
func (b Box) meets(o Box) bool {
	return b.MinLon <= o.MaxLon && b.MaxLon >= o.MinLon && b.MinLat <= o.MaxLat && b.MaxLat >= o.MinLat
}

// Projection maps degrees to SVG user units, y downwards: an
// equirectangular projection with square degrees.
type Projection struct {
	Height float64 // the map's height; its width is Width
	Scale  float64 // user units per degree
	// The west, east and north edges of the map, in degrees; the south
	// edge is MaxLat - Height/Scale.
	MinLon, MaxLon, MaxLat float64
}

// Fit returns the projection of b at Width: its height follows b's
// proportions, and when they would make it lower than MinHeight or higher
// than MaxHeight, the narrower side of b is widened (about its centre) so
// that the height stays within bounds while degrees stay square.
func Fit(b Box) Projection {
	minLon, maxLon, maxLat := b.MinLon, b.MaxLon, b.MaxLat
	lonSpan, latSpan := maxLon-minLon, maxLat-b.MinLat
	height := Width * latSpan / lonSpan
	if height < MinHeight {
		grow := (MinHeight/Width*lonSpan - latSpan) / 2
		maxLat, height = maxLat+grow, MinHeight // centred: the height covers grow below too
	} else if height > MaxHeight {
		grow := (Width/MaxHeight*latSpan - lonSpan) / 2
		minLon, maxLon, height = minLon-grow, maxLon+grow, MaxHeight
	}
	return Projection{Height: height, Scale: Width / (maxLon - minLon), MinLon: minLon, MaxLon: maxLon, MaxLat: maxLat}
}

// XY returns where l lies on the map.
func (p Projection) XY(l model.Location) (x, y float64) {
	return (l.Lon - p.MinLon) * p.Scale, (p.MaxLat - l.Lat) * p.Scale
}

// View returns the part of the globe the map shows.
func (p Projection) View() Box {
	return Box{MinLon: p.MinLon, MaxLon: p.MaxLon, MinLat: p.MaxLat - p.Height/p.Scale, MaxLat: p.MaxLat}
}

// Start writes the opening tag of a map of projection p, of class map,
// with the ARIA role and label given, and a newline.
func Start(b *strings.Builder, p Projection, role, label string) {
	fmt.Fprintf(b, `<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="%s" aria-label="%s">`,
		Width, p.Height, template.HTMLEscapeString(role), template.HTMLEscapeString(label))
	b.WriteString("\n")
}

// End closes a map that Start opened.
func End(b *strings.Builder) { b.WriteString("</svg>") }

// WriteLand writes the country outlines of package fixtures/worldmap that
// reach into p's view as one path each, in a group of class land, to be
// drawn under the dots. Points that round to the previous one (0.1 unit)
// are left out.
func WriteLand(b *strings.Builder, p Projection) {
	view := p.View()
	b.WriteString("<g class=\"land\">\n")
	var d strings.Builder
	for _, c := range worldmap.Countries() {
		d.Reset()
		for _, ring := range c.Rings {
			if !ringBox(ring).meets(view) {
				continue
			}
			var px, py float64
			for i, pt := range ring {
				x, y := p.XY(model.Location{Lat: pt.Lat, Lon: pt.Lon})
				x, y = Round1(x), Round1(y)
				switch {
				case i == 0:
					d.WriteString("M")
					d.WriteString(num(x))
					d.WriteString(" ")
					d.WriteString(num(y))
				case x != px || y != py:
					d.WriteString(" ")
					d.WriteString(num(x))
					d.WriteString(" ")
					d.WriteString(num(y))
				}
				px, py = x, y
			}
			d.WriteString("Z")
		}
		if d.Len() > 0 {
			fmt.Fprintf(b, "<path d=\"%s\"/>\n", d.String())
		}
	}
	b.WriteString("</g>\n")
}

// ringBox returns the bounding box of ring.
func ringBox(ring []worldmap.Point) Box {
	b := Box{MinLon: 180, MaxLon: -180, MinLat: 90, MaxLat: -90}
	for _, p := range ring {
		b.MinLon, b.MaxLon = math.Min(b.MinLon, p.Lon), math.Max(b.MaxLon, p.Lon)
		b.MinLat, b.MaxLat = math.Min(b.MinLat, p.Lat), math.Max(b.MaxLat, p.Lat)
	}
	return b
}

// num formats a coordinate rounded to 0.1 as briefly as it reads: "12",
// "12.5", "-3.1".
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Round1 rounds v to one decimal, as maps print coordinates.
func Round1(v float64) float64 { return math.Round(v*10) / 10 }

// Radius is the radius of the dots of a map of n located members: smaller
// as the map gets crowded.
func Radius(n int) float64 {
	switch {
	case n > 2000:
		return 1.2
	case n > 200:
		return 2.5
	}
	return 4.0
}

// DevelopmentClass is the class of a dot of development level d, which
// the stylesheets colour: the level itself, or "unknown".
func DevelopmentClass(d model.Development) string {
	if d == "" {
		return "unknown"
	}
	return string(d)
}

// LegendEntry is one colour of the dots, for a legend: its class and what
// it means.
type LegendEntry struct{ Class, Label string }

// Legend lists the classes of the dots, richest first, with their meaning.
var Legend = []LegendEntry{
	{DevelopmentClass(model.Developed), "developed"},
	{DevelopmentClass(model.Developing), "developing"},
	{DevelopmentClass(model.LeastDeveloped), "least developed"},
	{DevelopmentClass(""), "development unknown"},
}

// Dot is one member on a map.
type Dot struct {
	X, Y, R float64 // centre and radius, in user units
	Class   string  // see DevelopmentClass
	Title   string  // the hover text
	Href    string  // where a click goes; "" for no link
	Name    string  // the member's name
}

// MemberDot returns the dot of c, which must record a location, on p with
// radius r: classed by development, titled "Name (country, development)".
func MemberDot(c model.City, p Projection, r float64) Dot {
	x, y := p.XY(*c.Location)
	class := DevelopmentClass(c.Development)
	return Dot{X: x, Y: y, R: r, Class: class, Title: c.Name + " (" + c.Country + ", " + class + ")", Name: c.Name}
}

// WriteMembers writes the dot of every member of cities that records a
// location, in their order, on p with radius r, in a group of class
// cities, and returns the dots. Each dot links to href(c) when href is not
// nil.
func WriteMembers(b *strings.Builder, p Projection, cities []model.City, r float64, href func(model.City) string) []Dot {
	b.WriteString("<g class=\"cities\">\n")
	var dots []Dot
	for _, c := range cities {
		if c.Location == nil {
			continue
		}
		d := MemberDot(c, p, r)
		if href != nil {
			d.Href = href(c)
		}
		WriteDot(b, d)
		dots = append(dots, d)
	}
	b.WriteString("</g>\n")
	return dots
}

// WriteDot writes d as a circle with its title, and a newline; a dot
// with an Href is wrapped in a link.
func WriteDot(b *strings.Builder, d Dot) {
	if d.Href != "" {
		fmt.Fprintf(b, `<a href="%s">`, template.HTMLEscapeString(d.Href))
	}
	fmt.Fprintf(b, `<circle class="%s" cx="%.1f" cy="%.1f" r="%.1f"><title>%s</title></circle>`,
		template.HTMLEscapeString(d.Class), d.X, d.Y, d.R, template.HTMLEscapeString(d.Title))
	if d.Href != "" {
		b.WriteString("</a>")
	}
	b.WriteString("\n")
}
