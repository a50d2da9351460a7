package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// An editor edits a profile in a form: challenges, capacities, practices,
// commitment and hosting. The form is read into a model.City and stored
// by the same import that c2c import runs (store.DB.Import), so that it
// is validated as an import is and located by the same keys; the form
// carries the version of the profile it was made from, and the import
// refuses the edit when the stored profile has changed since.

// ActionCityEdit is the audit action of a profile edited in the form; the
// detail is the version the edit was made from.
const ActionCityEdit = "city.edit"

// blankRows are the empty rows each list of the form offers for new
// entries.
const blankRows = 2

// editData is what the profile form shows.
type editData struct {
	City    model.City // the profile as stored, or as typed after a refusal
	Version string     // the version the form was made from
	Rows    editRows   // the rows of the lists, as typed
	Errors  []apiError // why the last save was refused
	Topics  []model.Topic
	Costs   []model.Cost
	Scores  []int
}

// editRows are the rows of the form's lists, each as typed.
type editRows struct {
	Challenges []entryRow
	Capacities []entryRow
	Practices  []practiceRow
	Hosting    string
	Political  string
	Community  string
	CostShare  bool
}

// entryList is the table of challenges or capacities in the form.
type entryList struct {
	List     string // challenges or capacities, as import keys name them
	Field    string // the prefix of its fields: challenge or capacity
	Strength string // severity or level
	Legend   string
	Rows     []entryRow
}

// Lists are the tables of challenges and capacities of r.
func (r editRows) Lists() []entryList {
	return []entryList{
		{List: "challenges", Field: "challenge", Strength: "severity", Legend: "Challenges (needs)", Rows: r.Challenges},
		{List: "capacities", Field: "capacity", Strength: "level", Legend: "Capacities (offers)", Rows: r.Capacities},
	}
}

// entryRow is one row of challenges or capacities: Strength is the
// severity or the level.
type entryRow struct{ Topic, Text, Strength string }

// practiceRow is one row of practices; Topics are separated by commas.
type practiceRow struct{ Title, Text, Topics, Since, Cost, Outcomes string }

// rowsOf are the form rows of c, with blankRows empty rows after each list.
func rowsOf(c *model.City) editRows {
	r := editRows{}
	for _, ch := range c.Challenges {
		r.Challenges = append(r.Challenges, entryRow{ch.Topic, ch.Text, strconv.Itoa(ch.Strength())})
	}
	for _, ca := range c.Capacities {
		r.Capacities = append(r.Capacities, entryRow{ca.Topic, ca.Text, strconv.Itoa(ca.Strength())})
	}
	for _, p := range c.Practices {
		since := ""
		if p.Since != 0 {
			since = strconv.Itoa(p.Since)
		}
		r.Practices = append(r.Practices, practiceRow{p.Title, p.Text, strings.Join(p.Topics, ", "), since, string(p.Cost), p.Outcomes})
	}
	if c.Hosting != nil {
		r.Hosting = strconv.Itoa(*c.Hosting)
	}
	if cm := c.Commitment; cm != nil {
		if cm.Political != 0 {
			r.Political = strconv.Itoa(cm.Political)
		}
		if cm.Community != 0 {
			r.Community = strconv.Itoa(cm.Community)
		}
		r.CostShare = cm.CostSharing
	}
	return r.withBlanks()
}

// withBlanks appends blankRows empty rows to every list of r.
func (r editRows) withBlanks() editRows {
	for range blankRows {
		r.Challenges = append(r.Challenges, entryRow{})
		r.Capacities = append(r.Capacities, entryRow{})
		r.Practices = append(r.Practices, practiceRow{})
	}
	return r
}

// rowsOfForm reads the rows of the form f: each list's fields are
// repeated once a row, in row order.
func rowsOfForm(f url.Values) editRows {
	entries := func(prefix, strength string) []entryRow {
		topics, texts, strengths := f[prefix+"_topic"], f[prefix+"_text"], f[prefix+"_"+strength]
		out := make([]entryRow, len(texts))
		for i := range texts {
			out[i] = entryRow{at(topics, i), texts[i], at(strengths, i)}
		}
		return out
	}
	r := editRows{Challenges: entries("challenge", "severity"), Capacities: entries("capacity", "level"),
		Hosting: f.Get("hosting"), Political: f.Get("political"), Community: f.Get("community"), CostShare: f.Get("cost_sharing") != ""}
	for i, title := range f["practice_title"] {
		r.Practices = append(r.Practices, practiceRow{title, at(f["practice_text"], i), at(f["practice_topics"], i),
			at(f["practice_since"], i), at(f["practice_cost"], i), at(f["practice_outcomes"], i)})
	}
	return r
}

// at is vs[i], or "" past its end.
func at(vs []string, i int) string {
	if i < len(vs) {
		return vs[i]
	}
	return ""
}

// apply sets the edited parts of c from the rows r: rows left empty are
// dropped. It returns, per list, the form row of each kept entry (to
// locate errors) and the errors of values that are not numbers; the
// values themselves are checked by the import.
func (r editRows) apply(c *model.City) (map[string][]int, error) {
	var errs model.Errors
	number := func(key, v, want string) int {
		v = strings.TrimSpace(v)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs.Add(c.ID, key, "%q: expected %s", v, want)
		}
		return n
	}
	rows := map[string][]int{}
	// entries calls add for every row of list that is not empty, with its
	// strength (severity or level) read as a number.
	entries := func(list string, rs []entryRow, strength string, add func(topic, text string, n int)) {
		for i, e := range rs {
			if strings.TrimSpace(e.Topic+e.Text) == "" {
				continue
			}
			rows[list] = append(rows[list], i)
			add(strings.TrimSpace(e.Topic), strings.TrimSpace(e.Text),
				number(fmt.Sprintf("%s[%d].%s", list, i, strength), e.Strength, "a "+strength+" from 1 to 5"))
		}
	}
	c.Challenges, c.Capacities, c.Practices = nil, nil, nil
	entries("challenges", r.Challenges, "severity", func(topic, text string, n int) {
		c.Challenges = append(c.Challenges, model.Challenge{Topic: topic, Text: text, Severity: n})
	})
	entries("capacities", r.Capacities, "level", func(topic, text string, n int) {
		c.Capacities = append(c.Capacities, model.Capacity{Topic: topic, Text: text, Level: n})
	})
	for i, p := range r.Practices {
		if strings.TrimSpace(p.Title+p.Text+p.Topics+p.Since+p.Cost+p.Outcomes) == "" {
			continue
		}
		rows["practices"] = append(rows["practices"], i)
		var topics []string
		for _, t := range strings.Split(p.Topics, ",") {
			if t = strings.TrimSpace(t); t != "" {
				topics = append(topics, t)
			}
		}
		c.Practices = append(c.Practices, model.Practice{Title: strings.TrimSpace(p.Title), Text: strings.TrimSpace(p.Text), Topics: topics,
			Since: number(fmt.Sprintf("practices[%d].since", i), p.Since, "a year"), Cost: model.Cost(p.Cost), Outcomes: strings.TrimSpace(p.Outcomes)})
	}
	c.Hosting = nil
	if strings.TrimSpace(r.Hosting) != "" {
		h := number("hosting", r.Hosting, "a number of beneficiaries, 0 or more")
		c.Hosting = &h
	}
	c.Commitment = nil
	if cm := (model.Commitment{Political: number("commitment.political", r.Political, "a score from 1 to 5"),
		Community: number("commitment.community", r.Community, "a score from 1 to 5"), CostSharing: r.CostShare}); cm != (model.Commitment{}) {
		c.Commitment = &cm
	}
	return rows, errs.Err()
}

// editKey matches the key of an entry of the edited city in an import
// error: cities[0].challenges[2].severity.
var editKey = regexp.MustCompile(`^cities\[0\]\.(?:(challenges|capacities|practices)\[(\d+)\])?`)

// formKeys rewrites the keys of the import's errors in err to the form's:
// "cities[0].challenges[2].severity" becomes "challenges[4].severity" when
// the third kept challenge is the form's fifth row.
func formKeys(err error, rows map[string][]int) {
	for _, e := range modelErrors(err) {
		e.File = ""
		e.Key = editKey.ReplaceAllStringFunc(e.Key, func(k string) string {
			m := editKey.FindStringSubmatch(k)
			if m[1] == "" {
				return ""
			}
			n, _ := strconv.Atoi(m[2])
			if kept := rows[m[1]]; n < len(kept) {
				n = kept[n]
			}
			return fmt.Sprintf("%s[%d]", m[1], n)
		})
	}
}

// saveCity stores c, edited by u from the profile at version, as an import
// of c alone that expects version, audited in the same transaction. It
// returns the import's warnings about c: a hosting lowered below its pins.
func (s *Server) saveCity(ctx context.Context, u model.User, c model.City, version string) ([]string, error) {
	in := &store.Input{File: "the profile form", Doc: &model.Document{Format: model.FormatVersion, Cities: []model.City{c}}}
	ctx = store.Audited(ctx, model.AuditEntry{User: u.Name, Action: ActionCityEdit, Target: c.ID, Detail: "from version " + version})
	res, err := s.DB.Import(ctx, s.Ref, store.ImportOptions{Expect: map[string]string{c.ID: version}}, in)
	var warnings []string
	for _, w := range res.PinWarnings {
		if strings.HasPrefix(w, c.ID+" ") {
			warnings = append(warnings, w)
		}
	}
	return warnings, err
}

// editPage shows the profile form of member id.
func (s *Server) editPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	c, err := s.DB.City(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.showEdit(w, r, u, http.StatusOK, editData{City: *c, Version: store.Version(c), Rows: rowsOf(c)})
}

// showEdit renders the profile form with d.
func (s *Server) showEdit(w http.ResponseWriter, r *http.Request, u model.User, status int, d editData) error {
	if s.Ref.Topics != nil {
		d.Topics = s.Ref.Topics.Topics
	}
	d.Costs, d.Scores = []model.Cost{model.CostLow, model.CostMedium, model.CostHigh}, []int{1, 2, 3, 4, 5}
	s.render(w, r, status, "edit.html", u, "Edit "+d.City.Name, d)
	return nil
}

// editSubmit saves the profile form, then goes to the member's page (with
// the import's warnings, if any). A refused save shows the form again, as
// typed, with what is wrong where.
func (s *Server) editSubmit(w http.ResponseWriter, r *http.Request, u model.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	stored, err := s.DB.City(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	version := r.PostForm.Get("version")
	rows := rowsOfForm(r.PostForm)
	c := *stored
	kept, err := rows.apply(&c)
	var warnings []string
	if err == nil {
		warnings, err = s.saveCity(r.Context(), u, c, version)
		formKeys(err, kept)
	}
	switch model.ErrorCode(err) {
	case "":
		if len(warnings) > 0 {
			return s.showMember(w, r, u, http.StatusOK, c.ID, nil, nil, warnings...)
		}
		http.Redirect(w, r, "/members/"+url.PathEscape(c.ID), http.StatusSeeOther)
		return nil
	case model.EINVALID, model.ECONFLICT:
		status, errs := s.located(r, err)
		return s.showEdit(w, r, u, status, editData{City: c, Version: version, Rows: rows, Errors: errs})
	}
	return err
}

// apiPutMember replaces the profile of member id with the body, a city as
// in a c2c/v1 document (its id may be left out), validated and stored as
// an import of it alone, audited. The If-Match header must carry the
// version the change was made from (the ETag of GET
// /api/v1/members/{id}); a stale one is refused with ECONFLICT.
func (s *Server) apiPutMember(w http.ResponseWriter, r *http.Request, u model.User) error {
	id := r.PathValue("id")
	version := strings.Trim(strings.TrimPrefix(r.Header.Get("If-Match"), "W/"), `"`)
	if version == "" {
		return &model.Error{Code: model.EINVALID, City: id, Key: "If-Match",
			Message: "no If-Match header: expected the version of the profile the change was made from (the ETag of GET /api/v1/members/" + id + ")"}
	}
	var c model.City
	if err := decodeJSON(r.Body, &c); err != nil {
		return err
	}
	if c.ID == "" {
		c.ID = id
	}
	if c.ID != id {
		return &model.Error{Code: model.EINVALID, City: id, Key: "id", Message: fmt.Sprintf("id %q in the body: expected %q, the member of the path", c.ID, id)}
	}
	if _, err := s.DB.City(r.Context(), id); err != nil {
		return err
	}
	if _, err := s.saveCity(r.Context(), u, c, version); err != nil {
		formKeys(err, nil)
		return err
	}
	return s.apiMember(w, r, u)
}
