package publish

// Label placement for the report's map: each printed name takes the first
// of several positions around its dot where its estimated box meets no
// other dot, no label placed before it and not the map's edge; a name that
// fits nowhere is left to the dot's hover title.

import (
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render/worldsvg"
)

// mapFontSize is the size of the map's printed names in SVG user units; it
// must match the svg.map text rule of report.html.tmpl.
const mapFontSize = 13.0

// mapCellWidth is the estimated advance of one display cell (see
// render.DisplayWidth) of a sans-serif name, as a fraction of the font size; a
// little above the average of Latin letters, so that estimates err wide.
const mapCellWidth = 0.62

// mapLabelGap is the space between a dot and its name, and the margin kept
// around each name's box, in SVG user units.
const mapLabelGap = 2.0

// box is an axis-aligned rectangle in SVG user units, y downwards.
type box struct{ x0, y0, x1, y1 float64 }

// overlaps reports whether a and b share interior points.
func (a box) overlaps(b box) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

// inside reports whether a lies within b.
func (a box) inside(b box) bool {
	return a.x0 >= b.x0 && a.y0 >= b.y0 && a.x1 <= b.x1 && a.y1 <= b.y1
}

// mapLabel is one printed name: an SVG text element whose baseline passes
// through (X, Y), anchored there at its start, middle or end.
type mapLabel struct {
	Text   string
	X, Y   float64
	Anchor string // "start", "middle" or "end"
}

// labelBox returns the estimated box of text set at (x, y) with anchor, at
// mapFontSize: render.DisplayWidth(text) × mapCellWidth × mapFontSize wide, from
// 0.8 of the font size above the baseline to 0.25 below it, grown by
// mapLabelGap/2 on every side.
func labelBox(text string, x, y float64, anchor string) box {
	w := float64(render.DisplayWidth(text)) * mapCellWidth * mapFontSize
	switch anchor {
	case "middle":
		x -= w / 2
	case "end":
		x -= w
	}
	m := mapLabelGap / 2
	return box{x - m, y - 0.8*mapFontSize - m, x + w + m, y + 0.25*mapFontSize + m}
}

// box returns the estimated box of l (labelBox).
func (l mapLabel) box() box { return labelBox(l.Text, l.X, l.Y, l.Anchor) }

// labelDot is a dot to name: its centre and the name.
type labelDot struct {
	X, Y float64
	Text string
}

// labelCandidates returns the positions tried for a name beside a dot of
// radius r at (x, y), in order of preference: right, left, above, below,
// then the four corners.
func labelCandidates(text string, x, y, r float64) []mapLabel {
	g := r + mapLabelGap
	mid := y + 0.3*mapFontSize // baseline that centres the name on the dot
	// Names above and below clear the dot and the names beside it.
	side := max(g, 1.05*mapFontSize/2+mapLabelGap)
	above := y - side - 0.25*mapFontSize - mapLabelGap/2
	below := y + side + 0.8*mapFontSize + mapLabelGap/2
	return []mapLabel{
		{text, x + g, mid, "start"},
		{text, x - g, mid, "end"},
		{text, x, above, "middle"},
		{text, x, below, "middle"},
		{text, x + r, above, "start"},
		{text, x + r, below, "start"},
		{text, x - r, above, "end"},
		{text, x - r, below, "end"},
	}
}

// placeLabels names dots greedily, in order: each name takes the first of
// labelCandidates whose box lies within the width × height map and
// overlaps no dot of radius r and no name placed before it. It returns the
// placed names and, for each dot, whether its name was placed.
func placeLabels(dots []labelDot, r, width, height float64) ([]mapLabel, []bool) {
	frame := box{0, 0, width, height}
	obstacles := make([]box, 0, 2*len(dots))
	for _, d := range dots {
		obstacles = append(obstacles, box{d.X - r, d.Y - r, d.X + r, d.Y + r})
	}
	var placed []mapLabel
	ok := make([]bool, len(dots))
	for i, d := range dots {
		for _, c := range labelCandidates(d.Text, d.X, d.Y, r) {
			c.X, c.Y = worldsvg.Round1(c.X), worldsvg.Round1(c.Y) // as printed
			b := c.box()
			if !b.inside(frame) || overlapsAny(b, obstacles) {
				continue
			}
			placed = append(placed, c)
			obstacles = append(obstacles, b)
			ok[i] = true
			break
		}
	}
	return placed, ok
}

// overlapsAny reports whether b overlaps any of boxes.
func overlapsAny(b box, boxes []box) bool {
	for _, o := range boxes {
		if b.overlaps(o) {
			return true
		}
	}
	return false
}
