package match_test

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// flagLike is a command-line flag in a text: "--top", "--allow-same-country".
var flagLike = regexp.MustCompile(`--[a-z]`)

// flagsIn returns each flag-like word of s with some text around it.
func flagsIn(s string) []string {
	var out []string
	for _, m := range flagLike.FindAllStringIndex(s, 5) {
		out = append(out, s[max(0, m[0]-60):min(len(s), m[1]+40)])
	}
	return out
}

// TestEngineSpeaksItsOwnTerms: no message, note, reason or hint of the
// engine names a command-line flag, since the web application shows the
// same texts; errors carry the parameter as their key instead, which the
// command line maps to its flag.
func TestEngineSpeaksItsOwnTerms(t *testing.T) {
	doc := fixtures.Sample()
	doc.Normalize(fixtures.Reference())
	e := mustEngine(t, doc)
	ctx := context.Background()

	for _, p := range []model.Parameters{
		match.DefaultParameters(),
		func() model.Parameters {
			p := match.DefaultParameters()
			p.Prefer = model.PreferNew
			p.Quota = 0
			return p
		}(),
		func() model.Parameters {
			p := match.DefaultParameters()
			p.AllowSameCountry = true
			p.Top = 20
			return p
		}(),
	} {
		for _, o := range []model.PairingParameters{
			func() model.PairingParameters { o := match.DefaultPairingParameters(); o.Parameters = p; return o }(),
			func() model.PairingParameters {
				o := match.DefaultPairingParameters()
				o.Parameters, o.Partners, o.MinScore = p, 3, 0.3
				return o
			}(),
		} {
			var all []model.Shortlist
			_, pl, err := e.ShortlistsAndPair(ctx, p, o, func(sl *model.Shortlist) error {
				all = append(all, *sl)
				return nil
			})
			require.NoError(t, err)
			for _, id := range e.Beneficiaries()[:3] {
				for _, r := range e.Beneficiaries() {
					if r == id {
						continue
					}
					x, err := e.Explain(id, r, p)
					require.NoError(t, err)
					b, err := json.Marshal(x)
					require.NoError(t, err)
					assert.Empty(t, flagsIn(string(b)), "explanation %s→%s", id, r)
				}
			}
			b, err := json.Marshal(struct {
				S []model.Shortlist
				P *model.Pairing
				U []model.Unpartnered
			}{all, pl, e.Unpartnered(&model.RunResults{Shortlists: all, Pairing: pl}, p)})
			require.NoError(t, err)
			assert.Empty(t, flagsIn(string(b)))
		}
	}

	bad := match.DefaultParameters()
	bad.Top, bad.Quota, bad.Prefer = 0, 2, "sometimes"
	err := bad.Validate()
	require.Error(t, err)
	assert.Empty(t, flagsIn(err.Error()))
	var errs model.Errors
	require.ErrorAs(t, err, &errs)
	var keys []string
	for _, x := range errs {
		keys = append(keys, x.Key)
	}
	assert.Equal(t, []string{"top", "quota", "prefer"}, keys)

	o := match.DefaultPairingParameters()
	o.Partners, o.MinScore, o.MinDeveloping, o.Candidates = 0, 2, -1, -1
	_, err = e.Pair(ctx, o)
	require.Error(t, err)
	assert.Empty(t, flagsIn(err.Error()))
	require.ErrorAs(t, err, &errs)
	keys = keys[:0]
	for _, x := range errs {
		keys = append(keys, x.Key)
	}
	assert.Equal(t, []string{"partners", "min-score", "min-developing", "candidates"}, keys)
}
