package web

import (
	"html/template"
	"net/http"

	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
)

// The letter is one printable page for a beneficiary's mayor: the letter
// of c2c letter (render.NewLetter) made from the same shortlist as the
// shortlist page, with the same query (top, topic, weights, ...), signed
// with the network's name and dated. The print stylesheet (static/
// style.css, @media print) leaves out the site around it.

// letterData is what a letter page shows.
type letterData struct {
	*render.Letter
	Beneficiary string       // the beneficiary's id, for the link back
	Query       template.URL // the engine parameters of the page, kept in the link back (see keep)
	Network     string       // the network's name, as it signs
	Date        string       // the day the letter is made, such as "4 December 2026"
}

// letterPage shows the letter of one beneficiary.
func (s *Server) letterPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	q := r.URL.Query()
	sl, e, err := s.shortlist(r.Context(), r.PathValue("id"), q)
	if err != nil {
		return err
	}
	d := letterData{Letter: render.NewLetter(e, sl, s.Ref.Countries, s.Version), Beneficiary: sl.Beneficiary, Query: keep(q),
		Network: s.Network, Date: s.DB.Now().UTC().Format("2 January 2006")}
	s.render(w, r, http.StatusOK, "letter.html", u, "Partner cities for "+sl.Name, d)
	return nil
}
