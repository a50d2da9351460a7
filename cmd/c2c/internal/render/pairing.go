package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// ShortColumns are the CSV columns that say, on each pair, how many
// partners its beneficiary got and wanted and, when fewer, why.
var ShortColumns = []Column{{Name: "partners", Right: true}, {Name: "wanted", Right: true}, {Name: "short_reason"}}

// Shortfalls holds, per beneficiary of a pairing, its partners and its
// shortfall when it is partly served.
type Shortfalls struct {
	got     map[string]int           // partners per beneficiary
	partial map[string]model.Partial // the partly served, by beneficiary
	wanted  int                      // partners wanted per beneficiary
}

// NewShortfalls indexes the partners and the partly served of pl, a
// pairing that wanted so many partners per beneficiary.
func NewShortfalls(pl *model.Pairing, wanted int) Shortfalls {
	s := Shortfalls{got: map[string]int{}, partial: map[string]model.Partial{}, wanted: wanted}
	for _, p := range pl.Pairs {
		s.got[p.Beneficiary]++
	}
	for _, p := range pl.Partial {
		s.partial[p.Beneficiary] = p
	}
	return s
}

// Cells are the ShortColumns of pair p.
func (s Shortfalls) Cells(p model.PairingPair) []string {
	got := s.got[p.Beneficiary]
	wanted := max(s.wanted, got)
	pt, partial := s.partial[p.Beneficiary]
	if partial {
		wanted = pt.Wanted
	}
	return []string{strconv.Itoa(got), strconv.Itoa(wanted), pt.Reason}
}

// PairingCSV is the table of c2c pair --format csv (and of the web
// workshop's download): one row per pair, in the order of pl.Pairs, with
// its beneficiary's partners against the wanted ones.
func PairingCSV(pl *model.Pairing, wanted int) Table {
	t := Table{Columns: append([]Column{{Name: "beneficiary"}, {Name: "resource"}, {Name: "score", Right: true}, {Name: "topic"},
		{Name: "cluster"}, {Name: "table"}, {Name: "pinned"}, {Name: "developing"}}, ShortColumns...)}
	short := NewShortfalls(pl, wanted)
	for _, p := range pl.Pairs {
		t.Rows = append(t.Rows, append([]string{p.Beneficiary, p.Resource, F4(p.Score), p.Topic, p.Cluster, p.Table,
			strconv.FormatBool(p.Pinned), strconv.FormatBool(p.Developing)}, short.Cells(p)...))
	}
	return t
}

// PairingReport renders a pairing: summary, pairs, clusters, unserved and
// the load table (CSV: the pairs alone, each with its beneficiary's
// partners against the wanted ones).
func PairingReport(e *match.Engine, pl *model.Pairing, wanted int, format Format) Report {
	name := func(id string) string {
		if c, ok := e.City(id); ok {
			return c.Name
		}
		return id
	}
	label := func(topic string) string {
		if t, ok := e.Taxonomy().Lookup(topic); ok {
			return t.Label
		}
		return topic
	}
	if format == FormatCSV {
		return Report{Tables: []Table{PairingCSV(pl, wanted)}}
	}
	pairs := Table{Title: "Pairs", Columns: []Column{{Name: "BENEFICIARY"}, {Name: "RESOURCE"}, {Name: "SCORE", Right: true}, {Name: "TOPIC"}, {Name: "NOTE"}}, Empty: "no pairs"}
	for _, p := range pl.Pairs {
		var note []string
		if p.Pinned {
			note = append(note, "pinned")
		}
		if p.Developing {
			note = append(note, "developing-city resource")
		}
		pairs.Rows = append(pairs.Rows, []string{name(p.Beneficiary), name(p.Resource), F4(p.Score), label(p.Topic), strings.Join(note, ", ")})
	}
	r := Report{
		Title: "Pairing",
		Fields: []Field{
			{Name: "Objective", Value: pl.Objective},
			{Name: "Served", Value: servedLine(pl)},
			{Name: "Total score", Value: F4(pl.TotalScore)},
		},
		Tables: []Table{pairs},
	}
	if len(pl.DevelopingShort) > 0 {
		r.Fields = append(r.Fields, Field{Name: "Developing short", Value: strings.Join(pl.DevelopingShort, ", ") + " got fewer developing-city partners than asked (none feasible)"})
	}
	if len(pl.Clusters) > 0 {
		t := Table{Title: "Clusters (tables of one resource by the sector its pairs meet)", Columns: []Column{{Name: "RESOURCE", Wrap: true}, {Name: "TABLE", Wrap: true}, {Name: "MEMBER"}, {Name: "NEEDS MET", Wrap: true}}}
		for _, cl := range pl.Clusters {
			for i, mb := range cl.Members {
				res, table := "", ""
				if i == 0 {
					res, table = name(cl.Resource), cl.Label
				}
				t.Rows = append(t.Rows, []string{res, table, name(mb.Beneficiary), strings.Join(mb.Needs, "; ")})
			}
		}
		r.Tables = append(r.Tables, t)
	}
	if len(pl.Partial) > 0 {
		pt := Table{Title: "Partly served (fewer partners than wanted)", Columns: []Column{{Name: "BENEFICIARY"}, {Name: "PARTNERS", Right: true}, {Name: "REASON", Wrap: true}, {Name: "WHAT WOULD CHANGE IT", Wrap: true}}}
		for _, p := range pl.Partial {
			pt.Rows = append(pt.Rows, []string{name(p.Beneficiary), fmt.Sprintf("%d of %d", p.Partners, p.Wanted), p.Reason, p.Relax})
		}
		r.Tables = append(r.Tables, pt)
	}
	un := Table{Title: "Unserved", Columns: []Column{{Name: "BENEFICIARY"}, {Name: "REASON", Wrap: true}, {Name: "WHAT WOULD CHANGE IT", Wrap: true}}, Empty: "every beneficiary is served"}
	for _, u := range pl.Unserved {
		un.Rows = append(un.Rows, []string{name(u.Beneficiary), u.Reason, u.Relax})
	}
	load := Table{Title: "Load (hosted / capacity)", Columns: []Column{{Name: "RESOURCE"}, {Name: "HOSTED", Right: true}, {Name: "CAPACITY", Right: true}, {Name: ""}}}
	for _, l := range pl.Load {
		bar := strings.Repeat("■", l.Hosted) + strings.Repeat("□", max(0, l.Capacity-l.Hosted))
		if l.Capacity > 12 {
			bar = ""
		}
		load.Rows = append(load.Rows, []string{name(l.Resource), strconv.Itoa(l.Hosted), strconv.Itoa(l.Capacity), bar})
	}
	r.Tables = append(r.Tables, un, load)
	if len(pl.PinConflicts) > 0 {
		r.Tables = append(r.Tables, ListTable("Pins set aside (their resource cannot host them all)", "WHAT", pl.PinConflicts))
	}
	return r
}

// servedLine is the pairing's served count in words, with the partly
// served: "19 of 19 beneficiaries: 17 fully, 2 partly (fewer partners
// than wanted)".
func servedLine(pl *model.Pairing) string {
	line := fmt.Sprintf("%d of %d beneficiaries", pl.Served, pl.Beneficiaries)
	if len(pl.Partial) == 0 {
		return line
	}
	return fmt.Sprintf("%s: %d fully, %d partly (fewer partners than wanted)", line, pl.FullyServed, len(pl.Partial))
}
