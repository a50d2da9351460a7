package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// What the pages and the API read and write, in one place: both call
// these, so that a page and its JSON always agree.

// Audit actions of rule writes, the same as the command line's.
const (
	ActionRulePin    = store.ActionRulePin
	ActionRuleBlock  = store.ActionRuleBlock
	ActionRuleRemove = store.ActionRuleRemove
)

// memberQuery is a search of the members: the filters of c2c cities and
// words to look for in the id or name.
type memberQuery struct {
	Search      string // words in the id or the name, any case
	Country     string
	Development string
	Kind        string
	Topic       string
	Needs       string
	Offers      string
}

// parseMemberQuery reads a member search from the query string q.
func parseMemberQuery(q url.Values) memberQuery {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	return memberQuery{Search: get("q"), Country: get("country"), Development: get("development"), Kind: get("kind"),
		Topic: get("topic"), Needs: get("needs"), Offers: get("offers")}
}

// filter is the model filter of mq, checked against the reference tables;
// its errors are keyed by the query parameter.
func (mq memberQuery) filter(ref model.Reference) (model.CityFilter, error) {
	given := map[string]string{"country": mq.Country, "development": mq.Development, "kind": mq.Kind,
		"topic": mq.Topic, "needs": mq.Needs, "offers": mq.Offers}
	return profile.Filter(ref, func(name string) *string {
		if v := given[name]; v != "" {
			return &v
		}
		return nil
	})
}

// members returns the members that pass mq, as stored and with their
// inferred topics filled in and marked (see profile.Members). It reads
// the network the server holds for the store's generation, else asks the
// store for the members alone (not their history and rules).
func (s *Server) members(ctx context.Context, mq memberQuery) (cities, shown []model.City, err error) {
	f, err := mq.filter(s.Ref)
	if err != nil {
		return nil, nil, err
	}
	doc, err := s.held(ctx)
	if err != nil {
		return nil, nil, err
	}
	if doc != nil {
		cities = doc.Cities
	} else if cities, err = s.DB.Cities(ctx, profile.Stored(f)); err != nil {
		return nil, nil, fmt.Errorf("load profiles: %w", err)
	}
	cities, shown = profile.Members(cities, s.Ref, f)
	if mq.Search == "" {
		return cities, shown, nil
	}
	words := strings.ToLower(mq.Search)
	var c2, s2 []model.City
	for i, c := range cities {
		if strings.Contains(strings.ToLower(c.ID+" "+c.Name), words) {
			c2, s2 = append(c2, c), append(s2, shown[i])
		}
	}
	if c2 == nil {
		c2, s2 = []model.City{}, []model.City{}
	}
	return c2, s2, nil
}

// member returns the profile of member id.
func (s *Server) member(ctx context.Context, id string) (*profile.Profile, error) {
	doc, err := s.document(ctx)
	if err != nil {
		return nil, err
	}
	return profile.Of(doc, s.Ref, id)
}

// parameters reads the engine parameters of a shortlist or an explanation
// from the query string q: top, topic, quota, weights, prefer,
// allow_same_country and year, each as the flag of the same name. Errors
// are keyed by the parameter.
func parameters(q url.Values) (model.Parameters, int, error) {
	p := match.DefaultParameters()
	var errs model.Errors
	number := func(key string, set func(string) error) {
		if v := strings.TrimSpace(q.Get(key)); v != "" {
			if err := set(v); err != nil {
				errs.Add("", key, "%s %q: expected a number", key, v)
			}
		}
	}
	number("top", func(v string) (err error) { p.Top, err = strconv.Atoi(v); return err })
	number("quota", func(v string) (err error) { p.Quota, err = strconv.ParseFloat(v, 64); return err })
	year := 0
	number("year", func(v string) (err error) { year, err = strconv.Atoi(v); return err })
	p.Topic = strings.TrimSpace(q.Get("topic"))
	if v := q.Get("prefer"); v != "" {
		p.Prefer = model.Prefer(v)
	}
	if v := q.Get("allow_same_country"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs.Add("", "allow_same_country", "allow_same_country %q: expected true or false", v)
		}
		p.AllowSameCountry = b
	}
	if v := q.Get("weights"); v != "" {
		w, err := model.ParseWeights(v, p.Weights, "weights")
		if err != nil {
			return p, 0, err
		}
		p.Weights = w
	}
	if err := errs.Err(); err != nil {
		return p, 0, err
	}
	p, err := p.Normalized()
	return p, year, err
}

// scoring reads the engine parameters of q and builds the engine for the
// year q asks for (0: the server's), which the parameters then record.
func (s *Server) scoring(ctx context.Context, q url.Values) (model.Parameters, *builtEngine, error) {
	p, year, err := parameters(q)
	if err != nil {
		return p, nil, err
	}
	be, _, err := s.built(ctx, year)
	if err != nil {
		return p, nil, err
	}
	p.Year = be.e.Year()
	return p, be, nil
}

// shortlist returns the shortlist of beneficiary under the parameters of
// q, and the engine that made it. The shortlist is shared between the
// requests of one store generation (see builtEngine.shortlist): callers
// must not change it.
func (s *Server) shortlist(ctx context.Context, beneficiary string, q url.Values) (*model.Shortlist, *match.Engine, error) {
	p, be, err := s.scoring(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	sl, err := be.shortlist(beneficiary, p)
	return sl, be.e, err
}

// explanation returns the account of the pair under the parameters of q.
func (s *Server) explanation(ctx context.Context, beneficiary, resource string, q url.Values) (*match.Explanation, *match.Engine, error) {
	p, be, err := s.scoring(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	ex, err := be.e.Explain(beneficiary, resource, p)
	return ex, be.e, err
}

// putRule stores r as u's decision and records it in the audit log, in
// one transaction. A
// reason is required: a secretariat must be able to say why a pair was
// pinned or blocked.
func (s *Server) putRule(ctx context.Context, u model.User, r model.Rule) error {
	r.Why = strings.TrimSpace(r.Why)
	if r.Why == "" {
		return &model.Error{Code: model.EINVALID, City: r.Beneficiary, Key: "why", Message: "a reason is required: expected why the pair is pinned or blocked"}
	}
	return s.DB.PutRule(store.Audited(ctx, store.RuleEntry(u.Name, r)), r)
}

// removeRule removes the rule on a pair as u's decision and records it,
// in one transaction.
func (s *Server) removeRule(ctx context.Context, u model.User, beneficiary, resource string) error {
	return s.DB.RemoveRule(store.Audited(ctx, store.RuleRemovalEntry(u.Name, beneficiary, resource)), beneficiary, resource)
}

// ruleView is a stored rule as the pages and the API show it.
type ruleView struct {
	model.Rule
	Created string `json:"created"` // RFC 3339, UTC
}

// rules returns every stored rule, those on member id only when id is set.
func (s *Server) rules(ctx context.Context, id string) ([]ruleView, error) {
	rules, err := s.DB.Rules(ctx)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	out := []ruleView{}
	for _, r := range rules {
		if id == "" || r.Beneficiary == id || r.Resource == id {
			out = append(out, ruleView{r, r.Created.UTC().Format(time.RFC3339)})
		}
	}
	return out, nil
}
