package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render/worldsvg"
	"github.com/c2cnet/c2c/model"
)

// membersMap draws the members of cities that record a location on the
// map of package worldsvg (the published report's projection, outlines and
// dots), fitted to them, each dot a link to the member's page; and says how
// many it shows. It returns no map when none records a location.
func membersMap(cities []model.City) (template.HTML, string) {
	box, located := worldsvg.Bounds(cities)
	if located == 0 {
		if len(cities) == 0 {
			return "", ""
		}
		return "", "No member listed records a location: nothing to map."
	}
	proj := worldsvg.Fit(box.Padded())
	var b strings.Builder
	b.Grow(64<<10 + 160*located)
	worldsvg.Start(&b, proj, "group", fmt.Sprintf("Map of the %s listed", render.Plural(located, "member")))
	worldsvg.WriteLand(&b, proj)
	worldsvg.WriteMembers(&b, proj, cities, worldsvg.Radius(located), func(c model.City) string {
		return "/members/" + url.PathEscape(c.ID)
	})
	worldsvg.End(&b)
	note := fmt.Sprintf("%d of %d members listed are on the map (the others record no location); hover a dot for its name, click it for its page.", located, len(cities))
	if located == len(cities) {
		note = fmt.Sprintf("Every member listed is on the map (%d); hover a dot for its name, click it for its page.", located)
	}
	// Start, WriteLand and WriteMembers escape every name and link.
	return template.HTML(b.String()), note
}
