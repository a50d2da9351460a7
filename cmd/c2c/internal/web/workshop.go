package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/cmd/c2c/internal/pairing"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// The workshop seats the participants of one event as c2c pair does: the
// same options, the same engine call (match.Engine.Pair), the same CSV.
// It writes nothing, so a viewer may run it.

// workshopDefaults are the form values of a new workshop: c2c pair's
// defaults.
func workshopDefaults() url.Values {
	d := match.DefaultPairingParameters()
	return url.Values{
		"partners":       {strconv.Itoa(d.Partners)},
		"min_score":      {strconv.FormatFloat(d.MinScore, 'g', -1, 64)},
		"min_developing": {strconv.Itoa(d.MinDeveloping)},
		"objective":      {d.Objective.String()},
		"candidates":     {strconv.Itoa(d.Candidates)},
		"prefer":         {string(d.Prefer)},
	}
}

// workshopOptions reads a workshop from the form f, with the participants
// already gathered: the engine parameters as a shortlist's (see
// parameters), and partners, hosting (blank: each profile's own),
// min_score, min_developing, objective, candidates and clusters, each as
// the c2c pair flag of the same name. It returns the options and the
// reference year asked for (0: the server's).
func workshopOptions(f url.Values, participants []string) (model.PairingParameters, int, error) {
	o := match.DefaultPairingParameters()
	p, year, err := parameters(f)
	if err != nil {
		return o, 0, err
	}
	o.Parameters, o.Participants = p, participants
	var errs model.Errors
	whole := func(key string, v *int) {
		if s := strings.TrimSpace(f.Get(key)); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				errs.Add("", key, "%s %q: expected a whole number", key, s)
			}
			*v = n
		}
	}
	whole("partners", &o.Partners)
	whole("hosting", &o.Hosting)
	whole("min_developing", &o.MinDeveloping)
	whole("candidates", &o.Candidates)
	if s := strings.TrimSpace(f.Get("min_score")); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			errs.Add("", "min_score", "min_score %q: expected a score between 0 and 1", s)
		}
		o.MinScore = v
	}
	if s := f.Get("objective"); s != "" {
		if err := o.Objective.UnmarshalText([]byte(s)); err != nil {
			var me *model.Error
			if errors.As(err, &me) {
				errs = append(errs, me)
			}
		}
	}
	if s := f.Get("clusters"); s != "" {
		if o.Clusters, err = strconv.ParseBool(s); err != nil {
			errs.Add("", "clusters", "clusters %q: expected true or false", s)
		}
	}
	return o, year, errs.Err()
}

// pair runs the engine's pairing for o on the profiles of the store, for
// the reference year (0: the server's), which o then records, and returns
// it with the engine that made it.
func (s *Server) pair(ctx context.Context, o model.PairingParameters, year int) (*model.Pairing, *match.Engine, error) {
	e, _, err := s.engine(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	o.Year = e.Year()
	pl, err := e.Pair(ctx, o)
	return pl, e, err
}

// workshopData is what the workshop page shows.
type workshopData struct {
	Members []model.City    // to tick, in id order
	Ticked  map[string]bool // the members ticked
	Pasted  string          // participants pasted or uploaded, one a line
	Form    url.Values      // the options as typed
	Errors  []apiError      // why the last run was refused
	Pairing *model.Pairing  // the last run, nil before one
	Engine  *match.Engine   // the engine that made it, for names and labels
	Hosted  int             // beneficiaries seated in all
}

// Name is the name of member id, or id when it is not known.
func (d workshopData) Name(id string) string {
	if d.Engine != nil {
		if c, ok := d.Engine.City(id); ok {
			return c.Name
		}
	}
	return id
}

// Label is the label of topic id, or id when it is not known.
func (d workshopData) Label(id string) string {
	if d.Engine != nil {
		if t, ok := d.Engine.Taxonomy().Lookup(id); ok {
			return t.Label
		}
	}
	return id
}

// workshopPage shows the workshop form with c2c pair's defaults.
func (s *Server) workshopPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	return s.showWorkshop(w, r, u, http.StatusOK, workshopData{Form: workshopDefaults(), Ticked: map[string]bool{}})
}

// showWorkshop renders the workshop page with d and the members to tick.
func (s *Server) showWorkshop(w http.ResponseWriter, r *http.Request, u model.User, status int, d workshopData) error {
	doc, err := s.document(r.Context())
	if err != nil {
		return err
	}
	d.Members = slices.SortedFunc(slices.Values(doc.Cities), func(a, b model.City) int { return strings.Compare(a.ID, b.ID) })
	s.render(w, r, status, "workshop.html", u, "Workshop", d)
	return nil
}

// maxUpload is the size of a participants file a form may upload.
const maxUpload = maxFormBody

// workshopSubmit pairs the participants of the form: those ticked, those
// pasted (one a line) and those of an uploaded file (one a line, or a CSV
// with a city column), each once. With format=csv it sends the pairing as
// c2c pair --format csv writes it; otherwise it shows it under the form,
// which keeps what was chosen.
func (s *Server) workshopSubmit(w http.ResponseWriter, r *http.Request, u model.User) error {
	if err := r.ParseMultipartForm(maxUpload); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return err
	}
	f := r.Form
	d := workshopData{Form: f, Ticked: map[string]bool{}}
	var ids []string
	for _, id := range f["participant"] {
		d.Ticked[id] = true
		ids = append(ids, id)
	}
	pasted, err := pairing.Participants("participants", f.Get("participants"))
	if err != nil {
		return s.refusedWorkshop(w, r, u, d, err)
	}
	if file, hd, err := r.FormFile("participants_file"); err == nil {
		raw, err := io.ReadAll(file)
		file.Close()
		if err != nil {
			return err
		}
		up, err := pairing.Participants(hd.Filename, string(raw))
		if err != nil {
			return s.refusedWorkshop(w, r, u, d, err)
		}
		pasted = append(pasted, up...)
	} else if !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, http.ErrNotMultipart) {
		return err
	}
	d.Pasted = strings.Join(pasted, "\n")
	for _, id := range pasted {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	o, year, err := workshopOptions(f, ids)
	if err != nil {
		return s.refusedWorkshop(w, r, u, d, err)
	}
	pl, e, err := s.pair(r.Context(), o, year)
	if err != nil {
		return s.refusedWorkshop(w, r, u, d, err)
	}
	if f.Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="workshop-pairing.csv"`)
		return render.WriteCSV(w, render.PairingCSV(pl, o.Partners), false)
	}
	d.Pairing, d.Engine = pl, e
	for _, l := range pl.Load {
		d.Hosted += l.Hosted
	}
	return s.showWorkshop(w, r, u, http.StatusOK, d)
}

// refusedWorkshop shows the workshop form with why the run was refused, or
// returns err when it is not the user's to fix.
func (s *Server) refusedWorkshop(w http.ResponseWriter, r *http.Request, u model.User, d workshopData, err error) error {
	switch model.ErrorCode(err) {
	case model.EINVALID, model.ENOTFOUND:
		status, errs := s.located(r, err)
		d.Errors = errs
		return s.showWorkshop(w, r, u, status, d)
	}
	return err
}

// apiWorkshop pairs a workshop. The body is the parameters object that c2c
// pair --format json prints (participants, partners, hosting, min_score,
// min_developing, objective, candidates, clusters and the engine's
// parameters), every key optional with the command's default; the answer
// is what c2c pair --format json prints for the same options.
func (s *Server) apiWorkshop(w http.ResponseWriter, r *http.Request, _ model.User) error {
	o := match.DefaultPairingParameters()
	if err := decodeJSON(r.Body, &o); err != nil {
		return err
	}
	pl, _, err := s.pair(r.Context(), o, o.Year)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, pl)
	return nil
}
