package web_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// mapDot is a dot of the members map as a browser reads it.
type mapDot struct{ Href, Class, Title string }

// readMembersMap returns the dots of the members map in body, which must
// be well-formed SVG, or nil when the page has no map.
func readMembersMap(t *testing.T, body string) []mapDot {
	t.Helper()
	start := strings.Index(body, `<svg class="map"`)
	if start < 0 {
		return nil
	}
	end := strings.Index(body[start:], "</svg>")
	require.Positive(t, end, "the map is closed")
	d := xml.NewDecoder(strings.NewReader(body[start : start+end+len("</svg>")]))
	var (
		dots    []mapDot
		href    string
		inTitle bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return dots
		}
		require.NoError(t, err, "the map is well-formed SVG")
		switch tok := tok.(type) {
		case xml.StartElement:
			attr := func(name string) string {
				for _, a := range tok.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch tok.Name.Local {
			case "a":
				href = attr("href")
			case "circle":
				dots = append(dots, mapDot{Href: href, Class: attr("class")})
			case "title":
				inTitle = true
			case "script", "foreignObject", "image":
				t.Errorf("the map holds a %s element", tok.Name.Local)
			}
		case xml.CharData:
			if inTitle {
				dots[len(dots)-1].Title += string(tok)
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "title":
				inTitle = false
			case "a":
				href = ""
			}
		}
	}
}

// locate gives member id of a's store a location, by an import.
func locate(t *testing.T, a *app, id string, lat, lon float64) {
	t.Helper()
	doc, err := a.db.CityDocument(t.Context(), id)
	require.NoError(t, err)
	doc.Cities[0].Location = &model.Location{Lat: lat, Lon: lon}
	_, err = a.db.Import(t.Context(), fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "test", Doc: doc})
	require.NoError(t, err)
}

func TestMembersMap(t *testing.T) {
	a := newApp(t)
	locate(t, a, "hostile", 48.86, 2.35) // Paris
	tableLink := regexp.MustCompile(`<td><a href="/members/([^"/]+)">`)
	tests := []struct {
		query string
		want  []string // the ids of the dots, in the table's order
	}{
		{"country=ID", []string{"banda-aceh", "jakarta", "palembang"}},
		{"country=PK", []string{"islamabad"}}, // piedar records no location
		{"development=least-developed&country=NP", []string{"bharatpur", "kathmandu", "lalitpur", "muan"}},
		{"q=script", []string{"hostile"}},
		{"country=LK&q=margg", nil}, // listed, not located
		{"q=nowhere", nil},
		{"", nil}, // every located member: checked against the table below
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, body := a.do(t, viewer, "GET", "/members?"+tt.query, nil)
			require.Equal(t, http.StatusOK, res.StatusCode, body)
			dots := readMembersMap(t, body)
			var ids []string
			for _, d := range dots {
				require.True(t, strings.HasPrefix(d.Href, "/members/"), "every dot links to its member: %+v", d)
				ids = append(ids, strings.TrimPrefix(d.Href, "/members/"))
				assert.Contains(t, []string{"developed", "developing", "least-developed", "unknown"}, d.Class)
			}
			if tt.query == "" {
				var listed []string
				for _, m := range tableLink.FindAllStringSubmatch(body, -1) {
					if m[1] != "margg" && m[1] != "piedar" { // no location
						listed = append(listed, m[1])
					}
				}
				assert.Equal(t, listed, ids, "a dot for every listed member with a location, in order")
				assert.Len(t, ids, 22)
				assert.Contains(t, body, "22 of 24 members listed are on the map")
				return
			}
			assert.Equal(t, tt.want, ids, "dots for the filtered members only")
			switch {
			case len(tt.want) > 0:
				assert.Contains(t, body, `class="legend"`)
				assert.Contains(t, body, `<span class="key least-developed">least developed</span>`)
			case strings.Contains(tt.query, "margg"):
				assert.Contains(t, body, "No member listed records a location")
			default:
				assert.NotContains(t, body, `class="membersmap"`)
			}
		})
	}

	t.Run("titles", func(t *testing.T) {
		_, body := a.do(t, viewer, "GET", "/members?country=ID", nil)
		dots := readMembersMap(t, body)
		require.NotEmpty(t, dots)
		assert.Equal(t, mapDot{Href: "/members/banda-aceh", Class: "developing", Title: "Banda Aceh (ID, developing)"}, dots[0])
	})

	t.Run("hostile name", func(t *testing.T) {
		_, body := a.do(t, viewer, "GET", "/members?q=script", nil)
		dots := readMembersMap(t, body)
		require.Len(t, dots, 1)
		assert.Equal(t, hostileName+" (FR, developed)", dots[0].Title, "the name reads as text")
		svg := body[strings.Index(body, `<svg class="map"`):]
		assert.Contains(t, svg, "<title>&lt;script&gt;alert(1)&lt;/script&gt; (FR, developed)</title>")
		assert.NotContains(t, body, "<script")
	})

	t.Run("no inline style", func(t *testing.T) {
		_, body := a.do(t, viewer, "GET", "/members", nil)
		assert.NotContains(t, body, "style=", "the policy allows no style attribute")
		assert.NotContains(t, body, "<style")
	})
}

// TestMembersMapRefusedFilter checks that a refused filter shows no map.
func TestMembersMapRefusedFilter(t *testing.T) {
	a := newApp(t)
	res, body := a.do(t, viewer, "GET", "/members?country=XX", nil)
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Nil(t, readMembersMap(t, body))
	assert.False(t, slices.Contains(strings.Fields(body), "membersmap"))
}
