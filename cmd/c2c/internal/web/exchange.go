package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// An editor records an exchange (what a workshop or a visit produced) from
// a member's page. It is stored by the same import as c2c import's
// exchanges, validated and located as they are, and audited.

// ActionExchangeAdd is the audit action of an exchange recorded from the
// member page; the target is "resource→beneficiaries", the detail its
// stage, topic, year and outcome.
const ActionExchangeAdd = "exchange.add"

// exchangeForm reads an exchange from the form f: resource, beneficiaries
// (ids separated by commas or spaces), topic, year, stage and outcome.
func exchangeForm(f url.Values) (model.Exchange, error) {
	e := model.Exchange{Resource: strings.TrimSpace(f.Get("resource")), Topic: strings.TrimSpace(f.Get("topic")),
		Stage: model.Stage(f.Get("stage")), Outcome: strings.TrimSpace(f.Get("outcome"))}
	e.Beneficiaries = strings.FieldsFunc(f.Get("beneficiaries"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' })
	if y := strings.TrimSpace(f.Get("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return e, &model.Error{Code: model.EINVALID, Key: "year", Message: fmt.Sprintf("year %q: expected a year between 1900 and 2100", y)}
		}
		e.Year = n
	}
	return e, nil
}

// exchangeKey matches the prefix of an exchange's keys in an import error.
var exchangeKey = regexp.MustCompile(`^exchanges\[0\]\.`)

// addExchange stores e as u's record, unless the same exchange is stored
// already (ECONFLICT), audited in the import's transaction. Its errors are
// keyed by the form's fields.
func (s *Server) addExchange(ctx context.Context, u model.User, e model.Exchange) error {
	doc, err := s.DB.Document(ctx)
	if err != nil {
		return err
	}
	for _, x := range doc.Exchanges {
		if reflect.DeepEqual(x, e) {
			return &model.Error{Code: model.ECONFLICT, City: e.Resource, Message: "this exchange is recorded already: nothing added"}
		}
	}
	detail := strings.Join(strings.Fields(fmt.Sprintf("%s %s %s %s", e.Stage, e.Topic, year(e.Year), e.Outcome)), " ")
	ctx = store.Audited(ctx, model.AuditEntry{User: u.Name, Action: ActionExchangeAdd,
		Target: e.Resource + "→" + strings.Join(e.Beneficiaries, ","), Detail: detail})
	in := &store.Input{File: "the exchange form", Doc: &model.Document{Format: model.FormatVersion, Cities: []model.City{}, Exchanges: []model.Exchange{e}}}
	_, err = s.DB.Import(ctx, s.Ref, store.ImportOptions{}, in)
	for _, me := range modelErrors(err) {
		me.File, me.Key = "", exchangeKey.ReplaceAllString(me.Key, "")
	}
	return err
}

// year is y in digits, "" for 0 (unknown).
func year(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// exchangeSubmit records an exchange from the member page of id, then
// shows its history; a refused one shows the page again with the form as
// typed and what is wrong where.
func (s *Server) exchangeSubmit(w http.ResponseWriter, r *http.Request, u model.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	id := r.PathValue("id")
	e, err := exchangeForm(r.PostForm)
	if err == nil {
		err = s.addExchange(r.Context(), u, e)
	}
	switch model.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/members/"+url.PathEscape(id)+"#history", http.StatusSeeOther)
		return nil
	case model.EINVALID, model.ECONFLICT, model.ENOTFOUND:
		status, errs := s.located(r, err)
		return s.showMember(w, r, u, status, id, r.PostForm, errs)
	}
	return err
}

// apiAddExchange records the exchange of the body, as in a c2c/v1
// document, and returns it; one recorded already is refused with
// ECONFLICT.
func (s *Server) apiAddExchange(w http.ResponseWriter, r *http.Request, u model.User) error {
	var e model.Exchange
	if err := decodeJSON(r.Body, &e); err != nil {
		return err
	}
	if err := s.addExchange(r.Context(), u, e); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusCreated, e)
	return nil
}
