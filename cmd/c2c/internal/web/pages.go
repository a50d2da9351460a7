package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render/worldsvg"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// pageRoutes registers the pages.
func (s *Server) pageRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /members", s.need(model.Viewer, s.membersPage))
	mux.HandleFunc("GET /members/{id}", s.need(model.Viewer, s.memberPage))
	mux.HandleFunc("POST /members/{id}/exchanges", s.need(model.Editor, s.exchangeSubmit))
	mux.HandleFunc("GET /members/{id}/edit", s.need(model.Editor, s.editPage))
	mux.HandleFunc("POST /members/{id}/edit", s.need(model.Editor, s.editSubmit))
	mux.HandleFunc("GET /members/{id}/shortlist", s.need(model.Viewer, s.shortlistPage))
	mux.HandleFunc("GET /members/{id}/letter", s.need(model.Viewer, s.letterPage))
	mux.HandleFunc("GET /explain/{beneficiary}/{resource}", s.need(model.Viewer, s.explainPage))
	mux.HandleFunc("GET /rules", s.need(model.Viewer, s.rulesPage))
	mux.HandleFunc("POST /rules", s.need(model.Editor, s.ruleSubmit))
	mux.HandleFunc("POST /rules/remove", s.need(model.Editor, s.ruleRemoveSubmit))
	mux.HandleFunc("GET /workshop", s.need(model.Viewer, s.workshopPage))
	mux.HandleFunc("POST /workshop", s.need(model.Viewer, s.workshopSubmit))
	mux.HandleFunc("GET /runs", s.need(model.Viewer, s.runsPage))
	mux.HandleFunc("POST /runs", s.need(model.Editor, s.batchSubmit))
	mux.HandleFunc("GET /runs/compare", s.need(model.Viewer, s.compareRedirect))
	mux.HandleFunc("GET /runs/current", s.need(model.Viewer, s.currentPage))
	mux.HandleFunc("GET /runs/current/events", s.need(model.Viewer, s.batchEvents))
	mux.HandleFunc("POST /runs/current/cancel", s.need(model.Editor, s.cancelSubmit))
	mux.HandleFunc("GET /runs/{id}", s.need(model.Viewer, s.runPage))
	mux.HandleFunc("GET /runs/{id}/report", s.need(model.Viewer, s.runReport))
	mux.HandleFunc("GET /runs/{a}/diff/{b}", s.need(model.Viewer, s.diffPage))
	mux.HandleFunc("POST /runs/{id}/verify", s.need(model.Editor, s.verifySubmit))
	mux.HandleFunc("GET /import", s.need(model.Editor, s.importPage))
	mux.HandleFunc("POST /import", s.need(model.Editor, s.importSubmit))
	mux.HandleFunc("POST /import/confirm", s.need(model.Editor, s.importConfirm))
	mux.HandleFunc("GET /import/{token}", s.need(model.Editor, s.importResultPage))
	mux.HandleFunc("POST /runs/{id}/approve", s.need(model.Editor, s.reviewSubmit(s.approveRun)))
	mux.HandleFunc("POST /runs/{id}/publish", s.need(model.Editor, s.reviewSubmit(s.publishRun)))
	mux.HandleFunc("GET /audit", s.need(model.Editor, s.auditPage))
	mux.HandleFunc("GET /users", s.need(model.Admin, s.usersPage))
	mux.HandleFunc("POST /users", s.need(model.Admin, s.userAdd))
	mux.HandleFunc("POST /users/remove", s.need(model.Admin, s.userRemove))
}

// membersData is what the members page shows.
type membersData struct {
	Query        memberQuery
	Members      []model.City // with inferred topics, marked
	Errors       []apiError   // what is wrong with the filters
	Developments []model.Development
	Kinds        []model.Kind
	Map          template.HTML          // the listed members on a map (membersMap); "" when none is located
	MapNote      string                 // how many of them it shows
	Legend       []worldsvg.LegendEntry // the colours of its dots
}

// membersPage lists the members, searched and filtered.
func (s *Server) membersPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	d := membersData{Query: parseMemberQuery(r.URL.Query()), Developments: model.Developments, Kinds: model.Kinds}
	_, shown, err := s.members(r.Context(), d.Query)
	status := http.StatusOK
	if model.ErrorCode(err) == model.EINVALID {
		status, d.Errors = s.located(r, err)
	} else if err != nil {
		return err
	}
	d.Members = shown
	d.Map, d.MapNote = membersMap(shown)
	d.Legend = worldsvg.Legend
	s.render(w, r, status, "members.html", u, "Members", d)
	return nil
}

// memberData is what one member's page shows.
type memberData struct {
	*profile.Profile
	Country string // the country's name and code
	Mark    string // the mark of inferred topics
	// The exchange form, for editors: as typed after a refusal, else
	// this member as the resource, or as the beneficiary when it has
	// challenges and no capacity.
	Exchange       url.Values
	ExchangeErrors []apiError
	Stages         []model.Stage
	Topics         []model.Topic
	Members        []model.City // the ids the form may name
	Notices        []string     // what the last save warned of
}

// memberPage shows one member's profile.
func (s *Server) memberPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	return s.showMember(w, r, u, http.StatusOK, r.PathValue("id"), nil, nil)
}

// showMember renders the page of member id with status; exchange and errs
// are the exchange form as typed and why it was refused, if it was, and
// notices what the last save warned of.
func (s *Server) showMember(w http.ResponseWriter, r *http.Request, u model.User, status int, id string, exchange url.Values, errs []apiError, notices ...string) error {
	doc, err := s.document(r.Context())
	if err != nil {
		return fmt.Errorf("load profiles: %w", err)
	}
	p, err := profile.Of(doc, s.Ref, id)
	if err != nil {
		return err
	}
	if exchange == nil && len(p.City.Capacities) == 0 && len(p.City.Challenges) > 0 {
		exchange = url.Values{"beneficiaries": {p.City.ID}} // it needs, and offers no capacity
	} else if exchange == nil {
		exchange = url.Values{"resource": {p.City.ID}}
	}
	d := memberData{Profile: p, Country: p.City.Country, Mark: profile.InferredMark,
		Exchange: exchange, ExchangeErrors: errs, Stages: model.Stages, Members: doc.Cities, Notices: notices}
	if s.Ref.Topics != nil {
		d.Topics = s.Ref.Topics.Topics
	}
	if co, ok := s.Ref.Countries.Lookup(p.City.Country); ok {
		d.Country = co.Name + " (" + co.Alpha2 + ")"
	}
	s.render(w, r, status, "member.html", u, p.City.Name, d)
	return nil
}

// shortlistData is what a shortlist page shows.
type shortlistData struct {
	*model.Shortlist
	City       *model.City
	Parameters model.Parameters
	Rules      []ruleView   // the rules on the beneficiary
	Query      template.URL // the query string of the page, kept in links
	Topic      string
	Top        int
}

// shortlistPage shows the shortlist of one beneficiary.
func (s *Server) shortlistPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	q := r.URL.Query()
	sl, e, err := s.shortlist(r.Context(), r.PathValue("id"), q)
	if err != nil {
		return err
	}
	c, _ := e.City(sl.Beneficiary)
	rules, err := s.rules(r.Context(), sl.Beneficiary)
	if err != nil {
		return err
	}
	p := *sl.Parameters
	d := shortlistData{Shortlist: sl, City: c, Parameters: p, Rules: rules, Query: keep(q), Topic: p.Topic, Top: p.Top}
	s.render(w, r, http.StatusOK, "shortlist.html", u, "Shortlist for "+sl.Name, d)
	return nil
}

// keep is the query string of q with only the engine parameters, for
// links from a shortlist to its explanations and its letter. It is
// encoded already, so the templates insert it as it is: escaped again,
// "top=3" would become the key "top%3d3" and the parameter would be lost.
func keep(q url.Values) template.URL {
	out := url.Values{}
	for _, k := range []string{"top", "topic", "quota", "weights", "prefer", "allow_same_country", "year"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return template.URL(out.Encode())
}

// explainData is what an explanation page shows.
type explainData struct {
	*match.Explanation
	Beneficiary *model.City
	Rule        *ruleView    // the rule on the pair, if any
	Query       template.URL // the query string of the page, kept in links
}

// explainPage accounts for one pair.
func (s *Server) explainPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	q := r.URL.Query()
	ex, e, err := s.explanation(r.Context(), r.PathValue("beneficiary"), r.PathValue("resource"), q)
	if err != nil {
		return err
	}
	b, _ := e.City(ex.Beneficiary)
	d := explainData{Explanation: ex, Beneficiary: b, Query: keep(q)}
	rules, err := s.rules(r.Context(), ex.Beneficiary)
	if err != nil {
		return err
	}
	if i := slices.IndexFunc(rules, func(rv ruleView) bool { return rv.Resource == ex.Candidate.Resource }); i >= 0 {
		d.Rule = &rules[i]
	}
	s.render(w, r, http.StatusOK, "explain.html", u, ex.Candidate.Name+" for "+b.Name, d)
	return nil
}

// rulesPage lists every rule.
func (s *Server) rulesPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	rules, err := s.rules(r.Context(), "")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rules.html", u, "Rules", rules)
	return nil
}

// ruleSubmit pins or blocks a pair from a form, then goes back to the
// beneficiary's shortlist.
func (s *Server) ruleSubmit(w http.ResponseWriter, r *http.Request, u model.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := r.PostForm
	rule := model.Rule{Beneficiary: f.Get("beneficiary"), Resource: f.Get("resource"), Rule: model.RuleKind(f.Get("rule")), Why: f.Get("why")}
	if err := s.putRule(r.Context(), u, rule); err != nil {
		return err
	}
	http.Redirect(w, r, "/members/"+url.PathEscape(rule.Beneficiary)+"/shortlist#rules", http.StatusSeeOther)
	return nil
}

// ruleRemoveSubmit removes the rule on a pair from a form.
func (s *Server) ruleRemoveSubmit(w http.ResponseWriter, r *http.Request, u model.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	b := r.PostForm.Get("beneficiary")
	if err := s.removeRule(r.Context(), u, b, r.PostForm.Get("resource")); err != nil {
		return err
	}
	http.Redirect(w, r, "/members/"+url.PathEscape(b)+"/shortlist#rules", http.StatusSeeOther)
	return nil
}

// auditLimit is how many entries the audit page shows, newest first.
const auditLimit = 500

// auditPage shows the last entries of the audit log, newest first.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	entries, err := s.DB.AuditLog(r.Context(), auditLimit)
	if err != nil {
		return err
	}
	slices.Reverse(entries)
	s.render(w, r, http.StatusOK, "audit.html", u, "Audit log", entries)
	return nil
}

// usersData is what the accounts page shows.
type usersData struct {
	Users    []model.User
	Roles    []model.Role
	Added    string     // the account just added
	Password string     // its generated password, shown this once
	Errors   []apiError // why the last change was refused
}

// usersPage lists the accounts, with forms to add and remove them.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	return s.showUsers(w, r, u, http.StatusOK, usersData{})
}

// showUsers renders the accounts page with d and the stored accounts.
func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, u model.User, status int, d usersData) error {
	users, err := s.DB.Users(r.Context())
	if err != nil {
		return err
	}
	d.Users, d.Roles = users, model.Roles
	s.render(w, r, status, "users.html", u, "Accounts", d)
	return nil
}

// userAdd adds an account with a generated password, shown once.
func (s *Server) userAdd(w http.ResponseWriter, r *http.Request, u model.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	name, role := strings.TrimSpace(r.PostForm.Get("name")), model.Role(r.PostForm.Get("role"))
	password := account.NewPassword()
	hash, err := account.Hash(password)
	if err != nil {
		return err
	}
	if err := s.DB.AddUser(r.Context(), model.User{Name: name, Role: role}, hash, u.Name); err != nil {
		return s.refusedUsers(w, r, u, err)
	}
	return s.showUsers(w, r, u, http.StatusOK, usersData{Added: name, Password: password})
}

// userRemove removes an account.
func (s *Server) userRemove(w http.ResponseWriter, r *http.Request, u model.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	if err := s.DB.RemoveUser(r.Context(), r.PostForm.Get("name"), u.Name); err != nil {
		return s.refusedUsers(w, r, u, err)
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// refusedUsers shows the accounts page with why a change was refused, or
// returns err when it is not the user's to fix.
func (s *Server) refusedUsers(w http.ResponseWriter, r *http.Request, u model.User, err error) error {
	switch model.ErrorCode(err) {
	case model.EINVALID, model.ENOTFOUND, model.ECONFLICT:
		status, errs := s.located(r, err)
		return s.showUsers(w, r, u, status, usersData{Errors: errs})
	}
	return err
}
