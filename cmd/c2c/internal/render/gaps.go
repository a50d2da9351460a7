package render

import (
	"fmt"
	"strconv"

	"github.com/c2cnet/c2c/model"
)

// GapsReport renders a gap analysis: the topics, then every gap need (CSV:
// one row per need).
func GapsReport(rep *model.GapReport, format Format) Report {
	if format == FormatCSV {
		t := Table{Columns: []Column{{Name: "rank"}, {Name: "topic"}, {Name: "topic_label"}, {Name: "sector"}, {Name: "beneficiaries"},
			{Name: "beneficiary"}, {Name: "beneficiary_name"}, {Name: "challenge"}, {Name: "need"}, {Name: "placed"},
			{Name: "best"}, {Name: "best_name"}, {Name: "best_score"}, {Name: "best_by"}, {Name: "best_offer"}}}
		for i, g := range rep.Gaps {
			for _, n := range g.Needs {
				row := []string{strconv.Itoa(i + 1), g.Topic, g.Label, g.Sector, strconv.Itoa(g.Beneficiaries),
					n.Beneficiary, n.Name, strconv.Itoa(n.Challenge), n.Need, n.Placed}
				if b := n.Best; b != nil {
					row = append(row, b.Resource, b.Name, F4(b.Score), b.By, b.Offer)
				} else {
					row = append(row, "", "", "", "", "")
				}
				t.Rows = append(t.Rows, row)
			}
		}
		return Report{Tables: []Table{t}}
	}
	th := strconv.FormatFloat(rep.Threshold, 'f', -1, 64)
	r := Report{
		Title: "Gaps: needs nobody in the network covers well",
		Fields: []Field{
			{Name: "Threshold", Value: "a need whose best cover is below " + th + " is a gap"},
			{Name: "Examined", Value: fmt.Sprintf("%s of %d beneficiaries", Plural(rep.Needs, "need"), rep.Beneficiaries)},
			{Name: "Gaps", Value: fmt.Sprintf("%s on %s", Plural(rep.GapNeeds, "need"), Plural(len(rep.Gaps), "topic"))},
		},
	}
	if rep.Topic != "" {
		r.Fields = append(r.Fields, Field{Name: "Topic", Value: rep.Topic})
	}
	topics := Table{
		Title: "Gaps by topic, most beneficiaries first",
		Columns: []Column{{Name: "GAP", Right: true}, {Name: "TOPIC"}, {Name: "SECTOR"}, {Name: "BENEFICIARIES", Right: true},
			{Name: "NEEDS", Right: true}, {Name: "CLOSEST", Wrap: true}, {Name: "COVER", Right: true}},
		Empty: "no gaps: every need examined has a cover of at least " + th,
	}
	needs := Table{
		Title: "Gap needs, with the member that comes closest",
		Columns: []Column{{Name: "GAP", Right: true}, {Name: "BENEFICIARY"}, {Name: "NEED", Wrap: true}, {Name: "CLOSEST", Wrap: true},
			{Name: "COVER", Right: true}, {Name: "BY"}},
	}
	for i, g := range rep.Gaps {
		rank := strconv.Itoa(i + 1)
		name, score, _ := CoverCells(g.Closest, format == FormatTable)
		topics.Rows = append(topics.Rows, []string{rank, g.Label, g.SectorLabel, strconv.Itoa(g.Beneficiaries), strconv.Itoa(len(g.Needs)), name, score})
		for _, n := range g.Needs {
			name, score, by := CoverCells(n.Best, format == FormatTable)
			needs.Rows = append(needs.Rows, []string{rank, n.Name, NeedText(n), name, score, by})
		}
	}
	r.Tables = append(r.Tables, topics)
	if len(needs.Rows) > 0 {
		r.Tables = append(r.Tables, needs)
	}
	return r
}
