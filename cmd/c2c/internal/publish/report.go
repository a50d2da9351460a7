package publish

import (
	"bufio"
	"cmp"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/escape"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render/worldsvg"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
)

// Input is everything the published files of a run are made from.
type Input struct {
	Run     *model.Run        // the run, with its digests
	Params  batch.Parameters  // its parameters
	Cities  []model.City      // every profile, sorted by id
	Tax     *model.Taxonomy   // the taxonomy of topics
	Results *model.RunResults // its shortlists and pairing
	Limit   int               // beneficiaries with a section in the reports; 0 for all
	// Published is when the files are written, UTC: by the batch, or
	// later by c2c runs publish.
	Published time.Time
	// Unpartnered are the members with challenges the run leaves without
	// a partner, with why (match.Engine.Unpartnered).
	Unpartnered []model.Unpartnered
	// Unlisted are the gap needs of members with challenges but no
	// shortlist in the run; the others are in their shortlists.
	Unlisted []model.GapNeed
	cities   map[string]*model.City
}

// city returns the profile id, or nil.
func (in *Input) city(id string) *model.City {
	if in.cities == nil {
		in.cities = make(map[string]*model.City, len(in.Cities))
		for i := range in.Cities {
			in.cities[in.Cities[i].ID] = &in.Cities[i]
		}
	}
	return in.cities[id]
}

// name returns the display name of city id, or the id.
func (in *Input) name(id string) string {
	if c := in.city(id); c != nil {
		return c.Name
	}
	return id
}

// topicLabel returns the label of topic id, or the id.
func (in *Input) topicLabel(id string) string {
	if t, ok := in.Tax.Lookup(id); ok {
		return t.Label
	}
	return id
}

// The published files, in the order they are written.
const (
	FileShortlists = "shortlists.csv"
	FilePairings   = "pairings.csv"
	FileRun        = "run.json"
	FileHTML       = "report.html"
	FileMarkdown   = "report.md"
)

// writePublication writes every published file of a run into staged.
func writePublication(ctx context.Context, staged *Staging, in Input, excel bool) error {
	steps := []struct {
		name  string
		write func(io.Writer) error
	}{
		{FileShortlists, func(w io.Writer) error { return writeShortlistsCSV(w, &in, excel) }},
		{FilePairings, func(w io.Writer) error { return writePairingsCSV(w, &in, excel) }},
		{FileRun, func(w io.Writer) error { return writeRunJSON(w, &in) }},
		{FileHTML, func(w io.Writer) error { return writeReportHTML(w, &in) }},
		{FileMarkdown, func(w io.Writer) error { return writeReportMarkdown(w, &in) }},
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := staged.Create(s.name, s.write); err != nil {
			return err
		}
	}
	return nil
}

// writeShortlistsCSV writes one row per candidate of every shortlist.
func writeShortlistsCSV(w io.Writer, in *Input, excel bool) error {
	t := render.Table{Columns: []render.Column{{Name: "beneficiary"}, {Name: "beneficiary_name"}, {Name: "rank", Right: true}, {Name: "resource"}, {Name: "resource_name"},
		{Name: "country"}, {Name: "development"}, {Name: "score", Right: true}}}
	for _, n := range model.PartNames {
		t.Columns = append(t.Columns, render.Column{Name: n, Right: true})
	}
	t.Columns = append(t.Columns, render.Column{Name: "pinned"}, render.Column{Name: "promoted", Right: true}, render.Column{Name: "assigned"}, render.Column{Name: "reasons"}, render.Column{Name: "against"})
	assigned := assignedPairs(in.Results.Pairing)
	for _, sl := range in.Results.Shortlists {
		for _, c := range sl.Candidates {
			row := []string{sl.Beneficiary, sl.Name, strconv.Itoa(c.Rank), c.Resource, c.Name, c.Country, string(c.Development), render.F4(c.Score)}
			for _, p := range c.Parts.Parts() {
				row = append(row, render.F4(p.Value))
			}
			row = append(row, strconv.FormatBool(c.Pinned), strconv.Itoa(c.Promoted),
				strconv.FormatBool(assigned[[2]string{sl.Beneficiary, c.Resource}]), strings.Join(c.Reasons, "; "), strings.Join(c.Against, "; "))
			t.Rows = append(t.Rows, row)
		}
	}
	return render.WriteCSV(w, t, excel)
}

// writePairingsCSV writes one row per pair of the pairing, with its cluster
// table in words and its beneficiary's partners against the wanted ones.
func writePairingsCSV(w io.Writer, in *Input, excel bool) error {
	t := render.Table{Columns: []render.Column{{Name: "beneficiary"}, {Name: "beneficiary_name"}, {Name: "resource"}, {Name: "resource_name"},
		{Name: "score", Right: true}, {Name: "topic"}, {Name: "topic_label"}, {Name: "cluster"}, {Name: "table"}, {Name: "pinned"}, {Name: "developing"}}}
	t.Columns = append(t.Columns, render.ShortColumns...)
	if pl := in.Results.Pairing; pl != nil {
		short := render.NewShortfalls(pl, in.Params.Pairing.Partners)
		for _, p := range pl.Pairs {
			t.Rows = append(t.Rows, append([]string{p.Beneficiary, in.name(p.Beneficiary), p.Resource, in.name(p.Resource), render.F4(p.Score),
				p.Topic, in.topicLabel(p.Topic), p.Cluster, p.Table, strconv.FormatBool(p.Pinned), strconv.FormatBool(p.Developing)}, short.Cells(p)...))
		}
	}
	return render.WriteCSV(w, t, excel)
}

// assignedPairs returns the set of (beneficiary, resource) pairs of pl.
func assignedPairs(pl *model.Pairing) map[[2]string]bool {
	set := map[[2]string]bool{}
	if pl != nil {
		for _, p := range pl.Pairs {
			set[[2]string{p.Beneficiary, p.Resource}] = true
		}
	}
	return set
}

// Manifest is the content of run.json.
type Manifest struct {
	Run         model.Run `json:"run"`          // the run as stored, without the per-input digests
	Files       []string  `json:"files"`        // the files published with it
	ReportLimit int       `json:"report_limit"` // beneficiaries with a section in the reports; 0 all
	Published   time.Time `json:"published"`    // when the files were written (by the batch or c2c runs publish), UTC
}

// writeRunJSON writes run.json: the run as it is stored once done, before
// its review (which c2c runs show reports).
func writeRunJSON(w io.Writer, in *Input) error {
	r := *in.Run
	r.Inputs, r.Timing, r.Review = nil, nil, nil // the inputs are many; the timing differs between identical runs; the review goes on
	r.Status, r.Message = model.RunDone, ""
	r.Beneficiaries, r.Candidates = len(in.Results.Shortlists), 0
	for _, sl := range in.Results.Shortlists {
		r.Candidates += len(sl.Candidates)
	}
	if pl := in.Results.Pairing; pl != nil {
		r.Pairs, r.Served = len(pl.Pairs), pl.Served
	}
	return render.WriteJSON(w, Manifest{Run: r, Files: []string{FileShortlists, FilePairings, FileRun, FileHTML, FileMarkdown}, ReportLimit: in.Limit, Published: in.Published})
}

//go:embed report.html.tmpl
var reportHTMLSource string

var reportHTML = template.Must(template.New("report").Funcs(render.TemplateFuncs).Parse(reportHTMLSource))

// reportView is what report.html and report.md show.
type reportView struct {
	Title               string
	Run                 *model.Run
	When                string
	ParamsLine          string
	Objective           string
	TotalScore          string
	Members             int
	Beneficiaries       int
	Served              int
	Partial             []partialRow
	DevelopingShare     string
	DevelopingPairShare string
	Sectors             []sectorNeeds
	Unserved            []unservedRow
	Unpartnered         []unservedRow
	Gaps                []gapView
	GapNeeds            int
	GapThreshold        string
	Clusters            []clusterView
	Sections            []beneficiarySection
	Omitted             int
	Limit               int
	Parts               []string
	Map                 template.HTML
	MapNote             string
}

type sectorNeeds struct {
	Label         string
	Needs, Cities int
	Width         float64 // bar length, 0..200
}

type unservedRow struct{ Name, Reason, Relax string }

// partialRow is a partly served beneficiary: Partners is "1 of 2".
type partialRow struct{ Name, Partners, Reason, Relax string }

// gapView is one topic of the gap analysis, with its needs.
type gapView struct {
	Label, Sector          string
	Beneficiaries, NeedsOf int
	Closest                string
	Needs                  []gapNeedView
}

type gapNeedView struct{ Name, Need, Closest string }

type clusterView struct {
	Label, Resource string
	Members         []clusterMemberView
}

type clusterMemberView struct{ Name, Needs string }

type beneficiarySection struct {
	ID, Name, Country, Development string
	Needs, Quota, Partners         string
	Unserved                       string
	Partial                        string // "1 of 2 partners: why", when partly served
	Gaps                           []string
	Candidates                     []candidateRow
}

type candidateRow struct {
	Rank                                  int
	ID, Name, Country, Development, Score string
	Developing, Assigned                  bool
	Parts                                 []partBar
	Note                                  string
	For, Against                          []string // the main reasons for and against, see render.MainReasons
}

type partBar struct {
	Value, Title string
	Width        float64 // 0..50
}

// percent formats part of whole as a percentage, "–" when whole is 0.
func percent(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(part)/float64(whole))
}

// view prepares the content of the reports.
func (in *Input) view() *reportView {
	res := in.Results
	pl := res.Pairing
	if pl == nil {
		pl = &model.Pairing{}
	}
	v := &reportView{
		Title:         fmt.Sprintf("C2C congress batch — run %d", in.Run.ID),
		Run:           in.Run,
		When:          in.Run.Started.UTC().Format("2 January 2006 15:04 UTC"),
		Objective:     render.Capitalise(pl.Objective),
		TotalScore:    render.F4(pl.TotalScore),
		Members:       len(in.Cities),
		Beneficiaries: len(res.Shortlists),
		Served:        pl.Served,
		Limit:         in.Limit,
		Parts:         model.PartNames,
	}
	p := in.Params
	v.ParamsLine = fmt.Sprintf("year %d, top %d, quota %.0f%%, prefer %s, %s per beneficiary, objective %s, %s",
		p.Year, p.Shortlists.Top, 100*p.Shortlists.Quota, p.Shortlists.Prefer, render.Plural(p.Pairing.Partners, "partner"), p.Pairing.Objective, render.WeightsShort(p.Shortlists.Weights))
	if p.Shortlists.Topic != "" {
		v.ParamsLine += ", topic " + p.Shortlists.Topic
	}

	// Needs by sector, and the developing share of the recommendations.
	sectorOfLabel := map[string]string{}
	for _, t := range in.Tax.Topics {
		sectorOfLabel[t.Label] = t.Sector
	}
	needs, cities := map[string]int{}, map[string]int{}
	recs, devRecs := 0, 0
	for _, sl := range res.Shortlists {
		seen := map[string]bool{}
		for _, n := range sl.Needs {
			sec := sectorOfLabel[n]
			needs[sec]++
			if !seen[sec] {
				seen[sec] = true
				cities[sec]++
			}
		}
		for _, c := range sl.Candidates {
			recs++
			if c.Development.Protected() {
				devRecs++
			}
		}
	}
	most := 0
	for _, n := range needs {
		most = max(most, n)
	}
	for _, s := range in.Tax.Sectors {
		if needs[s.ID] > 0 {
			v.Sectors = append(v.Sectors, sectorNeeds{Label: s.Label, Needs: needs[s.ID], Cities: cities[s.ID], Width: bar(needs[s.ID], most, 200)})
		}
	}
	sort.SliceStable(v.Sectors, func(i, j int) bool { return v.Sectors[i].Needs > v.Sectors[j].Needs })
	v.DevelopingShare = percent(devRecs, recs)
	devPairs := 0
	for _, pr := range pl.Pairs {
		if pr.Developing {
			devPairs++
		}
	}
	v.DevelopingPairShare = percent(devPairs, len(pl.Pairs))

	unserved := map[string]string{}
	for _, u := range pl.Unserved {
		unserved[u.Beneficiary] = u.Reason
		v.Unserved = append(v.Unserved, unservedRow{Name: in.name(u.Beneficiary), Reason: u.Reason, Relax: u.Relax})
	}
	partial := map[string]string{}
	for _, p := range pl.Partial {
		row := partialRow{Name: in.name(p.Beneficiary), Partners: fmt.Sprintf("%d of %d", p.Partners, p.Wanted), Reason: p.Reason, Relax: p.Relax}
		partial[p.Beneficiary] = fmt.Sprintf("%s partners: %s", row.Partners, p.Reason)
		v.Partial = append(v.Partial, row)
	}
	for _, u := range in.Unpartnered {
		v.Unpartnered = append(v.Unpartnered, unservedRow{Name: in.name(u.Beneficiary), Reason: u.Reason, Relax: u.Relax})
	}
	v.Gaps, v.GapNeeds = in.gaps()
	v.GapThreshold = strconv.FormatFloat(match.GapThreshold, 'f', -1, 64)
	for _, cl := range pl.Clusters {
		cv := clusterView{Label: cl.Label, Resource: in.name(cl.Resource)}
		for _, mb := range cl.Members {
			cv.Members = append(cv.Members, clusterMemberView{Name: in.name(mb.Beneficiary), Needs: strings.Join(mb.Needs, "; ")})
		}
		v.Clusters = append(v.Clusters, cv)
	}

	partners := map[string][]string{}
	for _, pr := range pl.Pairs {
		partners[pr.Beneficiary] = append(partners[pr.Beneficiary], fmt.Sprintf("%s (%s, %s)", in.name(pr.Resource), render.F4(pr.Score), in.topicLabel(pr.Topic)))
	}
	assigned := assignedPairs(pl)
	limit := len(res.Shortlists)
	if in.Limit > 0 && in.Limit < limit {
		limit = in.Limit
	}
	v.Omitted = len(res.Shortlists) - limit
	for _, sl := range res.Shortlists[:limit] {
		s := beneficiarySection{ID: sl.Beneficiary, Name: sl.Name, Needs: strings.Join(sl.Needs, "; "),
			Partners: strings.Join(partners[sl.Beneficiary], "; "), Unserved: unserved[sl.Beneficiary], Partial: partial[sl.Beneficiary]}
		for _, g := range sl.Gaps {
			s.Gaps = append(s.Gaps, render.GapNote(g, false))
		}
		if c := in.city(sl.Beneficiary); c != nil {
			s.Country, s.Development = c.Country, string(c.Development)
		}
		met := "met"
		if !sl.Quota.Met {
			met = "not met"
		}
		s.Quota = fmt.Sprintf("%s — %s", met, sl.Quota.Note)
		for _, c := range sl.Candidates {
			row := candidateRow{Rank: c.Rank, ID: c.Resource, Name: c.Name, Country: c.Country, Development: string(c.Development),
				Score: render.F4(c.Score), Developing: c.Development.Protected(), Assigned: assigned[[2]string{sl.Beneficiary, c.Resource}], Note: render.CandidateNote(c)}
			if row.Assigned {
				row.Note = strings.TrimPrefix(row.Note+", assigned", ", ")
			}
			row.For, row.Against = render.MainReasons(c, render.ReasonsShown)
			for i, pt := range c.Parts.Parts() {
				row.Parts = append(row.Parts, partBar{Value: render.F3(pt.Value), Width: math.Round(50*clamp01(pt.Value)*10) / 10,
					Title: fmt.Sprintf("%s %s × %s = %s", model.PartNames[i], render.F4(pt.Value), render.F4(pt.Weight), render.F4(pt.Contribution))})
			}
			s.Candidates = append(s.Candidates, row)
		}
		v.Sections = append(v.Sections, s)
	}
	v.Map, v.MapNote = in.mapSVG()
	return v
}

// gaps groups the gap needs of every member of the run by topic (see
// match.GroupGaps), and counts them.
func (in *Input) gaps() ([]gapView, int) {
	all := slices.Clone(in.Unlisted)
	for _, sl := range in.Results.Shortlists {
		all = append(all, sl.Gaps...)
	}
	var out []gapView
	for _, g := range match.GroupGaps(in.Tax, all) {
		gv := gapView{Label: g.Label, Sector: g.SectorLabel, Beneficiaries: g.Beneficiaries, NeedsOf: len(g.Needs), Closest: coverLine(g.Closest)}
		for _, n := range g.Needs {
			gv.Needs = append(gv.Needs, gapNeedView{Name: n.Name, Need: render.NeedText(n), Closest: coverLine(n.Best)})
		}
		out = append(out, gv)
	}
	return out, len(all)
}

// coverLine formats a cover as "Name 0.1234 (words)", or "nobody".
func coverLine(cv *model.Cover) string {
	name, score, by := render.CoverCells(cv, false)
	if cv == nil {
		return name
	}
	return fmt.Sprintf("%s %s (%s)", name, score, by)
}

// bar is the length of a bar for n of most, full being the longest.
func bar(n, most int, full float64) float64 {
	if most == 0 {
		return 0
	}
	return math.Round(full*float64(n)/float64(most)*10) / 10
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// writeReportHTML writes report.html: one self-contained page.
func writeReportHTML(w io.Writer, in *Input) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	if err := reportHTML.Execute(bw, in.view()); err != nil {
		return fmt.Errorf("report.html: %w", err)
	}
	return bw.Flush()
}

// mapLabelLimit is the most located members whose names the map prints
// beside their dots; larger maps name them on hover only.
const mapLabelLimit = 60

// mapSVG draws the cities that have a location and the assigned pairs on
// an equirectangular projection fitted to the cities' bounding box (see
// package worldsvg), and says what it left out.
func (in *Input) mapSVG() (template.HTML, string) {
	box, located := worldsvg.Bounds(in.Cities)
	if located == 0 {
		return "", "(no member records a location)"
	}
	box = box.Padded()
	if located <= mapLabelLimit {
		box.MaxLon = math.Min(180, box.MaxLon+(box.MaxLon-box.MinLon)*0.08) // room for the easternmost names
	}
	proj := worldsvg.Fit(box)
	radius := worldsvg.Radius(located)
	var b strings.Builder
	worldsvg.Start(&b, proj, "img", "Map of the members and the assigned pairs")
	worldsvg.WriteLand(&b, proj)
	b.WriteString("<g class=\"pairs\" stroke-width=\"1\">\n")
	lines := in.mapPairs()
	for _, p := range lines {
		bc, rc := in.city(p.Beneficiary), in.city(p.Resource)
		x1, y1 := proj.XY(*bc.Location)
		x2, y2 := proj.XY(*rc.Location)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"><title>%s → %s (%s)</title></line>`+"\n",
			x1, y1, x2, y2, template.HTMLEscapeString(bc.Name), template.HTMLEscapeString(rc.Name), render.F4(p.Score))
	}
	drawn := fmt.Sprintf("%d pairs drawn", len(lines))
	if n := in.locatedPairs(); n > len(lines) {
		drawn = fmt.Sprintf("the %d strongest of %d pairs drawn (pairings.csv lists them all)", len(lines), n)
	}
	b.WriteString("</g>\n")
	var dots []labelDot
	for _, d := range worldsvg.WriteMembers(&b, proj, in.Cities, radius, nil) {
		// Rounded as printed, so that the boxes placed are the boxes drawn.
		dots = append(dots, labelDot{X: worldsvg.Round1(d.X), Y: worldsvg.Round1(d.Y), Text: render.ShortName(d.Name)})
	}
	note := fmt.Sprintf("%d of %d members located%s, %s; hover a dot or line for names.", located, len(in.Cities), in.unlocatedNote(), drawn)
	if located <= mapLabelLimit {
		// Small networks get printed names, for the paper copy, where
		// they fit.
		labels, _ := placeLabels(dots, radius, worldsvg.Width, proj.Height)
		b.WriteString("<g class=\"labels\">\n")
		for _, l := range labels {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s">%s</text>`+"\n", l.X, l.Y, l.Anchor, template.HTMLEscapeString(l.Text))
		}
		b.WriteString("</g>\n")
		note = fmt.Sprintf("%d of %d members located%s, %s; hover a line for the pair", located, len(in.Cities), in.unlocatedNote(), drawn)
		if hidden := len(dots) - len(labels); hidden > 0 {
			note += fmt.Sprintf(", and a dot for the %s with no room for a printed name", render.Plural(hidden, "member"))
		}
		note += "."
	}
	worldsvg.End(&b)
	return template.HTML(b.String()), note
}

// Past mapPairLimit pairs between located members the map is a tangle of
// lines; it then draws only the mapPairsDrawn strongest, and says so.
const (
	mapPairLimit  = 300
	mapPairsDrawn = 200
)

// pairLocated reports whether pair p joins two members with a location.
func (in *Input) pairLocated(p model.PairingPair) bool {
	bc, rc := in.city(p.Beneficiary), in.city(p.Resource)
	return bc != nil && rc != nil && bc.Location != nil && rc.Location != nil
}

// locatedPairs counts the pairs of the pairing between located members.
func (in *Input) locatedPairs() int {
	n := 0
	if pl := in.Results.Pairing; pl != nil {
		for _, p := range pl.Pairs {
			if in.pairLocated(p) {
				n++
			}
		}
	}
	return n
}

// mapPairs returns the pairs the map draws: every pair between located
// members, in the pairing's order, or past mapPairLimit of them the
// mapPairsDrawn with the highest scores, strongest first (ties in the
// pairing's order).
func (in *Input) mapPairs() []model.PairingPair {
	pl := in.Results.Pairing
	if pl == nil {
		return nil
	}
	var out []model.PairingPair
	for _, p := range pl.Pairs {
		if in.pairLocated(p) {
			out = append(out, p)
		}
	}
	if len(out) <= mapPairLimit {
		return out
	}
	slices.SortStableFunc(out, func(a, b model.PairingPair) int { return cmp.Compare(b.Score, a.Score) })
	return out[:mapPairsDrawn]
}

// mapUnlocatedNames is the most members without a location the map note
// names; it counts the others.
const mapUnlocatedNames = 10

// unlocatedNote names the members the map leaves off because they record no
// location, in id order, as " (not on the map: MaRGG, PIEDAR)"; the first
// mapUnlocatedNames are named and the rest counted. It is empty when every
// member is located.
func (in *Input) unlocatedNote() string {
	var names []string
	missing := 0
	for _, c := range in.Cities {
		if c.Location != nil {
			continue
		}
		missing++
		if len(names) < mapUnlocatedNames {
			names = append(names, render.ShortName(c.Name))
		}
	}
	if missing == 0 {
		return ""
	}
	list := strings.Join(names, ", ")
	if more := missing - len(names); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	return " (not on the map, no location: " + list + ")"
}

// writeReportMarkdown writes report.md: the report without the map, for
// pasting into documents.
func writeReportMarkdown(w io.Writer, in *Input) error {
	v := in.view()
	bw := bufio.NewWriterSize(w, 256<<10)
	md := func(r render.Report) {
		_ = render.WriteMarkdown(bw, r) // bufio.Writer keeps the first error for Flush
		bw.WriteString("\n")
	}
	fmt.Fprintf(bw, "# %s\n\n", v.Title)
	// One list; the digests are hex that c2c wrote, set in code.
	fmt.Fprintf(bw, "- **Run:** %s\n- **Parameters:** %s\n- **Input digest:** `%s`\n- **Result digest:** `%s`\n\n",
		escape.Markdown(fmt.Sprintf("%d, %s, c2c %s", v.Run.ID, v.When, v.Run.Version)), escape.Markdown(v.ParamsLine), v.Run.InputDigest, v.Run.ResultDigest)
	bw.WriteString("## Overview\n\n")
	md(render.Report{Fields: []render.Field{
		{Name: "Members", Value: strconv.Itoa(v.Members)},
		{Name: "Beneficiaries shortlisted", Value: strconv.Itoa(v.Beneficiaries)},
		{Name: "Served by the pairing", Value: fmt.Sprintf("%d (%s)", v.Served, v.Objective)},
		{Name: "Partly served", Value: fmt.Sprintf("%d (fewer partners than wanted)", len(v.Partial))},
		{Name: "Unserved", Value: strconv.Itoa(len(v.Unserved))},
		{Name: "Left without a partner", Value: strconv.Itoa(len(v.Unpartnered))},
		{Name: "Gaps", Value: fmt.Sprintf("%s nobody in the network covers well, on %s", render.Plural(v.GapNeeds, "need"), render.Plural(len(v.Gaps), "topic"))},
		{Name: "Developing-city share", Value: fmt.Sprintf("%s of recommendations, %s of assigned partners", v.DevelopingShare, v.DevelopingPairShare)},
	}})
	sectors := render.Table{Columns: []render.Column{{Name: "Sector"}, {Name: "Needs", Right: true}, {Name: "Cities", Right: true}}, Empty: "no needs"}
	for _, s := range v.Sectors {
		sectors.Rows = append(sectors.Rows, []string{s.Label, strconv.Itoa(s.Needs), strconv.Itoa(s.Cities)})
	}
	bw.WriteString("### Needs by sector\n\n")
	md(render.Report{Tables: []render.Table{sectors}})

	bw.WriteString("## Cluster tables\n\n")
	clusters := render.Table{Columns: []render.Column{{Name: "Table"}, {Name: "Resource"}, {Name: "Member"}, {Name: "Needs met"}}, Empty: "no cluster tables"}
	for _, cl := range v.Clusters {
		for i, mb := range cl.Members {
			label, res := "", ""
			if i == 0 {
				label, res = cl.Label, cl.Resource
			}
			clusters.Rows = append(clusters.Rows, []string{label, res, mb.Name, mb.Needs})
		}
	}
	md(render.Report{Tables: []render.Table{clusters}})

	bw.WriteString("## Unserved cities\n\n")
	md(render.Report{Tables: []render.Table{unservedTable("Beneficiary", "every beneficiary is served", v.Unserved)}})

	bw.WriteString("## Partly served cities\n\n")
	part := render.Table{Columns: []render.Column{{Name: "Beneficiary"}, {Name: "Partners"}, {Name: "Why not more"}, {Name: "What would change it"}}, Empty: "every served beneficiary has all the partners it wanted"}
	for _, p := range v.Partial {
		part.Rows = append(part.Rows, []string{p.Name, p.Partners, p.Reason, p.Relax})
	}
	md(render.Report{Tables: []render.Table{part}})

	bw.WriteString("## Members left without a partner\n\n")
	md(render.Report{Tables: []render.Table{unservedTable("Member", "every member with challenges has a partner", v.Unpartnered)}})

	bw.WriteString("## Gaps\n\n")
	fmt.Fprintf(bw, "_Needs whose best cover by any other member is below %s (c2c gaps lists them with their numbers)._\n\n", v.GapThreshold)
	gaps := render.Table{Columns: []render.Column{{Name: "Topic"}, {Name: "Sector"}, {Name: "Beneficiaries", Right: true}, {Name: "Needs", Right: true}, {Name: "Closest"}},
		Empty: "no gaps: every need is covered well by some member"}
	gapNeeds := render.Table{Columns: []render.Column{{Name: "Topic"}, {Name: "Beneficiary"}, {Name: "Need"}, {Name: "Closest"}}}
	for _, g := range v.Gaps {
		gaps.Rows = append(gaps.Rows, []string{g.Label, g.Sector, strconv.Itoa(g.Beneficiaries), strconv.Itoa(g.NeedsOf), g.Closest})
		for _, n := range g.Needs {
			gapNeeds.Rows = append(gapNeeds.Rows, []string{g.Label, n.Name, n.Need, n.Closest})
		}
	}
	tables := []render.Table{gaps}
	if len(gapNeeds.Rows) > 0 {
		tables = append(tables, gapNeeds)
	}
	md(render.Report{Tables: tables})

	bw.WriteString("## Beneficiaries\n\n")
	if v.Omitted > 0 {
		fmt.Fprintf(bw, "_Sections for %d of %d beneficiaries (the first by id, --report-limit %d); shortlists.csv and pairings.csv list every one._\n\n", len(v.Sections), v.Beneficiaries, v.Limit)
	}
	for _, s := range v.Sections {
		fmt.Fprintf(bw, "### %s (%s, %s, %s)\n\n", escape.Markdown(s.Name), escape.Markdown(s.ID), escape.Markdown(s.Country), escape.Markdown(s.Development))
		partners := s.Partners
		if s.Partial != "" {
			partners += " — " + s.Partial
		}
		if partners == "" {
			partners = "none"
			if s.Unserved != "" {
				partners += " — " + s.Unserved
			}
		}
		t := render.Table{Columns: []render.Column{{Name: "#", Right: true}, {Name: "Resource"}, {Name: "CC"}, {Name: "Dev"}, {Name: "Score", Right: true}}, Empty: "no qualified candidate"}
		for _, n := range model.PartNames {
			t.Columns = append(t.Columns, render.Column{Name: n, Right: true})
		}
		t.Columns = append(t.Columns, render.Column{Name: "Note"})
		for _, c := range s.Candidates {
			row := []string{strconv.Itoa(c.Rank), c.Name, c.Country, render.DevShort(model.Development(c.Development)), c.Score}
			for _, p := range c.Parts {
				row = append(row, p.Value)
			}
			t.Rows = append(t.Rows, append(row, c.Note))
		}
		fields := []render.Field{{Name: "Needs", Value: s.Needs}, {Name: "Quota", Value: s.Quota}, {Name: "Assigned partners", Value: partners}}
		for _, g := range s.Gaps {
			fields = append(fields, render.Field{Name: "Gap", Value: g})
		}
		md(render.Report{Fields: fields, Tables: []render.Table{t}})
		for _, c := range s.Candidates {
			fmt.Fprintf(bw, "- **%d. %s** — %s\n", c.Rank, escape.Markdown(c.Name), mdReasons(c.For, c.Against))
		}
		if len(s.Candidates) > 0 {
			bw.WriteString("\n")
		}
	}
	fmt.Fprintf(bw, "_Made by c2c %s on %s. Every score is the sum of its named parts (weight × value)._\n", v.Run.Version, v.Run.Started.UTC().Format("2006-01-02"))
	return bw.Flush()
}

// unservedTable lists members without a partner in report.md: the member
// under the heading who, then why and what would change it; empty stands
// in for no rows.
func unservedTable(who, empty string, rows []unservedRow) render.Table {
	t := render.Table{Columns: []render.Column{{Name: who}, {Name: "Why"}, {Name: "What would change it"}}, Empty: empty}
	for _, u := range rows {
		t.Rows = append(t.Rows, []string{u.Name, u.Reason, u.Relax})
	}
	return t
}

// mdReasons writes reasons for and against on one Markdown line, escaped.
func mdReasons(pro, con []string) string {
	return fmt.Sprintf("for: %s Against: %s", render.MarkdownList(pro), render.MarkdownList(con))
}
