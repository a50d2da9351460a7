package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/cmd/c2c/internal/web"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// editForm is the profile form of member id as the edit page fills it:
// its version and every entry, without the blank rows.
func editForm(t *testing.T, a *app, id string) url.Values {
	t.Helper()
	res, body := a.do(t, editor, "GET", "/members/"+id+"/edit", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	m := regexp.MustCompile(`name="version" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	require.NotNil(t, m, "the form carries the version")
	c, err := a.db.City(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, store.Version(c), m[1])
	f := url.Values{"version": {m[1]}}
	for _, ch := range c.Challenges {
		f.Add("challenge_topic", ch.Topic)
		f.Add("challenge_text", ch.Text)
		f.Add("challenge_severity", strconv.Itoa(ch.Severity))
	}
	for _, ca := range c.Capacities {
		f.Add("capacity_topic", ca.Topic)
		f.Add("capacity_text", ca.Text)
		f.Add("capacity_level", strconv.Itoa(ca.Level))
	}
	for _, p := range c.Practices {
		f.Add("practice_title", p.Title)
		f.Add("practice_text", p.Text)
		f.Add("practice_topics", strings.Join(p.Topics, ","))
		f.Add("practice_since", strconv.Itoa(p.Since))
		f.Add("practice_cost", string(p.Cost))
		f.Add("practice_outcomes", p.Outcomes)
	}
	if c.Hosting != nil {
		f.Set("hosting", strconv.Itoa(*c.Hosting))
	}
	return f
}

func TestEditOnlyForEditors(t *testing.T) {
	a := newApp(t)
	res, _ := a.do(t, viewer, "POST", "/members/palembang/edit", editForm(t, a, "palembang"))
	assert.Equal(t, http.StatusForbidden, res.StatusCode, "a viewer's edit is refused")
	_, body := a.do(t, viewer, "GET", "/members/palembang", nil)
	assert.NotContains(t, body, `/members/palembang/edit"`, "a viewer gets no edit link")
	_, body = a.do(t, editor, "GET", "/members/palembang", nil)
	assert.Contains(t, body, `href="/members/palembang/edit"`, "an editor does")
	assert.Zero(t, audited(t, a, web.ActionCityEdit), "nothing was saved")
}

func TestEditSaved(t *testing.T) {
	a := newApp(t)
	f := editForm(t, a, "palembang")
	f["challenge_text"][0] = "Floods close the markets every rainy season"
	f["challenge_topic"][0] = ""
	f.Set("hosting", "2")
	f.Set("political", "4")
	f.Add("capacity_topic", "")
	f.Add("capacity_text", "") // a blank row is dropped
	f.Add("capacity_level", "")
	res, body := a.do(t, editor, "POST", "/members/palembang/edit", f)
	require.Equal(t, http.StatusSeeOther, res.StatusCode, body)
	assert.Equal(t, "/members/palembang", res.Header.Get("Location"))

	c, err := a.db.City(t.Context(), "palembang")
	require.NoError(t, err)
	assert.Equal(t, "Floods close the markets every rainy season", c.Challenges[0].Text)
	assert.Empty(t, c.Challenges[0].Topic, "inferred from the text")
	require.NotNil(t, c.Hosting)
	assert.Equal(t, 2, *c.Hosting)
	require.NotNil(t, c.Commitment)
	assert.Equal(t, 4, c.Commitment.Political)
	assert.Len(t, c.Capacities, len(f["capacity_text"])-1)

	log, err := a.db.AuditLog(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, []string{"editor", web.ActionCityEdit, "palembang", "from version " + f.Get("version")},
		[]string{log[0].User, log[0].Action, log[0].Target, log[0].Detail})
}

func TestEditStaleRefused(t *testing.T) {
	a := newApp(t)
	first, second := editForm(t, a, "palembang"), editForm(t, a, "palembang")
	first["challenge_text"][0] = "first editor's words"
	second["challenge_text"][0] = "second editor's words"
	res, body := a.do(t, editor, "POST", "/members/palembang/edit", first)
	require.Equal(t, http.StatusSeeOther, res.StatusCode, body)
	res, body = a.do(t, editor, "POST", "/members/palembang/edit", second)
	assert.Equal(t, http.StatusConflict, res.StatusCode)
	assert.Contains(t, body, "was changed by someone else since this edit began")
	assert.Contains(t, body, "second editor&#39;s words", "the form keeps what was typed")
	c, err := a.db.City(t.Context(), "palembang")
	require.NoError(t, err)
	assert.Equal(t, "first editor's words", c.Challenges[0].Text, "not overwritten")
	edits := audited(t, a, web.ActionCityEdit)
	assert.Equal(t, 1, edits, "only the saved edit is audited")
}

func TestEditInvalidLocated(t *testing.T) {
	a := newApp(t)
	before, err := a.db.City(t.Context(), "palembang")
	require.NoError(t, err)
	tests := []struct {
		name string
		set  func(url.Values)
		want []string
	}{
		{"Severity", func(f url.Values) {
			f["challenge_topic"] = append([]string{"", ""}, f["challenge_topic"]...)
			f["challenge_text"] = append([]string{"", ""}, f["challenge_text"]...) // two blank rows first
			f["challenge_severity"] = append([]string{"", ""}, f["challenge_severity"]...)
			f["challenge_severity"][2] = "9"
		}, []string{"<code>challenges[2].severity</code>", "severity"}},
		{"NotANumber", func(f url.Values) { f["challenge_severity"][0] = "high" }, []string{"<code>challenges[0].severity</code>", "expected a severity from 1 to 5"}},
		{"Topic", func(f url.Values) { f["challenge_topic"][0] = "flying-cars" }, []string{"<code>challenges[0].topic</code>", "flying-cars"}},
		{"Hosting", func(f url.Values) { f.Set("hosting", "-1") }, []string{"<code>hosting</code>"}},
		{"Cost", func(f url.Values) {
			f.Add("practice_title", "Night buses")
			f.Add("practice_cost", "free")
		}, []string{"practices[", "unknown cost"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := editForm(t, a, "palembang")
			tt.set(f)
			res, body := a.do(t, editor, "POST", "/members/palembang/edit", f)
			assert.Equal(t, http.StatusBadRequest, res.StatusCode, body)
			for _, w := range tt.want {
				assert.Contains(t, body, w)
			}
			after, err := a.db.City(t.Context(), "palembang")
			require.NoError(t, err)
			assert.Equal(t, before, after, "nothing stored")
		})
	}
}

func TestEditCrossOriginRefused(t *testing.T) {
	a := newApp(t)
	f := editForm(t, a, "palembang")
	f["challenge_text"][0] = "forged"
	r := httptest.NewRequest("POST", "/members/palembang/edit", strings.NewReader(f.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", "https://evil.example")
	res, _ := a.send(t, editor, r)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	c, err := a.db.City(t.Context(), "palembang")
	require.NoError(t, err)
	assert.NotEqual(t, "forged", c.Challenges[0].Text)
}

func TestEditHostileEscaped(t *testing.T) {
	a := newApp(t)
	res, body := a.do(t, editor, "GET", "/members/hostile/edit", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.NotContains(t, body, "<script")
	assert.NotContains(t, body, "<img")
	f := editForm(t, a, "hostile")
	f["challenge_text"][0] = `<script>alert(4)</script> flooding`
	res, body = a.do(t, editor, "POST", "/members/hostile/edit", f)
	require.Equal(t, http.StatusSeeOther, res.StatusCode, body)
	_, body = a.do(t, viewer, "GET", "/members/hostile", nil)
	assert.NotContains(t, body, "<script")
	assert.Contains(t, body, "&lt;script&gt;alert(4)&lt;/script&gt; flooding")
	c, err := a.db.City(t.Context(), "hostile")
	require.NoError(t, err)
	assert.Equal(t, model.KindCity, c.Kind)
}

func TestAPIPutMember(t *testing.T) {
	a := newApp(t)
	put := func(who as, id, ifMatch, body string) (*http.Response, string) {
		r := httptest.NewRequest("PUT", "/api/v1/members/"+id, strings.NewReader(body))
		if ifMatch != "" {
			r.Header.Set("If-Match", ifMatch)
		}
		return a.send(t, who, r)
	}
	res, body := a.do(t, as{model.Viewer, true}, "GET", "/api/v1/members/palembang", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	c, err := a.db.City(t.Context(), "palembang")
	require.NoError(t, err)
	etag := res.Header.Get("ETag")
	assert.Equal(t, `"`+store.Version(c)+`"`, etag, "the ETag is the version")
	assert.Contains(t, body, `"id": "palembang"`)

	edited := `{"name": "Palembang", "country": "ID", "hosting": 1, "challenges": [{"text": "The landfill is full", "topic": "landfill", "severity": 5}]}`
	byEditor := as{model.Editor, true}
	res, _ = put(as{model.Viewer, true}, "palembang", etag, edited)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	res, body = put(byEditor, "palembang", "", edited)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, `"key": "If-Match"`)
	res, body = put(byEditor, "palembang", etag, `{"challenges": [{"text": "x", "severity": 9}], "name": "P", "country": "ID"}`)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, `"key": "challenges[0].severity"`)
	res, body = put(byEditor, "palembang", etag, `{"id": "seoul", "name": "P", "country": "ID"}`)
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, body, `"key": "id"`)
	res, _ = put(byEditor, "nowhere", etag, edited)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)

	res, body = put(byEditor, "palembang", etag, edited)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Contains(t, body, "The landfill is full")
	assert.NotEqual(t, etag, res.Header.Get("ETag"), "a new version")
	res, body = put(byEditor, "palembang", etag, edited)
	assert.Equal(t, http.StatusConflict, res.StatusCode, "the old version is stale now")
	assert.Contains(t, body, "changed by someone else")

	edits := audited(t, a, web.ActionCityEdit)
	assert.Equal(t, 1, edits)
}

func TestEditHostingBelowPinsWarns(t *testing.T) {
	a := newApp(t)
	for _, b := range []string{"palembang", "hanoi"} {
		f := pin("agreed")
		f.Set("beneficiary", b)
		res, body := a.do(t, editor, "POST", "/rules", f)
		require.Equal(t, http.StatusSeeOther, res.StatusCode, body)
	}
	f := editForm(t, a, "seoul")
	f.Set("hosting", "1")
	res, body := a.do(t, editor, "POST", "/members/seoul/edit", f)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Contains(t, body, "Saved, with a warning")
	assert.Contains(t, body, "seoul hosts 1 beneficiary and has 2 pins")
	c, err := a.db.City(t.Context(), "seoul")
	require.NoError(t, err)
	require.NotNil(t, c.Hosting)
	assert.Equal(t, 1, *c.Hosting, "saved")
}
