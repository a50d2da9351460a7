package match_test

import (
	"fmt"
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// needTopics returns the topics of city's needs in the given sectors, as
// the engine places them (given or inferred).
func needTopics(t *testing.T, e *match.Engine, city string, sectors ...string) []string {
	t.Helper()
	sl, err := e.Shortlist(city, match.DefaultParameters())
	require.NoError(t, err)
	var out []string
	tax := e.Taxonomy()
	for _, label := range sl.Needs {
		for _, tp := range tax.Topics {
			if tp.Label != label {
				continue
			}
			for _, s := range sectors {
				if tp.Sector == s {
					out = append(out, tp.ID)
				}
			}
		}
	}
	return out
}

func rankOf(sl *model.Shortlist, resource string) int {
	for _, c := range sl.Candidates {
		if c.Resource == resource {
			return c.Rank
		}
	}
	return 0
}

// TestBrochureExchanges checks the engine against the exchanges the
// network's brochure reports: on the embedded sample, the real resource
// city ranks in the top 3 for each beneficiary's need on the exchange's
// sector — with the recorded history counting (prefer continue) and
// without it (history weight 0, so the profiles alone decide).
func TestBrochureExchanges(t *testing.T) {
	e := mustEngine(t, fixtures.Sample())
	cases := []struct {
		resource      string
		beneficiaries []string
		sectors       []string
	}{
		{"seoul", []string{"palembang", "jakarta", "mumbai"}, []string{"transport"}},
		{"yokohama", []string{"colombo", "danang", "dhaka", "makati"}, []string{"waste", "education"}},
		{"yokohama", []string{"hanoi"}, []string{"water"}},
	}
	noHistory := match.DefaultParameters()
	noHistory.Weights[model.PartHistory] = 0
	for _, tc := range cases {
		for _, b := range tc.beneficiaries {
			topics := needTopics(t, e, b, tc.sectors...)
			if !assert.NotEmpty(t, topics, "%s records no need in %v", b, tc.sectors) {
				continue
			}
			for _, topic := range topics {
				for name, p := range map[string]model.Parameters{"default": match.DefaultParameters(), "no history": noHistory} {
					t.Run(fmt.Sprintf("%s/%s/%s/%s", tc.resource, b, topic, name), func(t *testing.T) {
						p.Topic = topic
						sl, err := e.Shortlist(b, p)
						require.NoError(t, err)
						r := rankOf(sl, tc.resource)
						assert.True(t, r >= 1 && r <= 3, "%s ranks %d for %s's %s (0 = absent): %v", tc.resource, r, b, topic, ids(sl))
					})
				}
			}
		}
	}
}

// TestDevelopingPracticeForWaste checks the first principle on the sample:
// a developing city's tested waste practice (Phnom Penh's biogas
// initiative, San Fernando's waste management) appears for a waste need.
func TestDevelopingPracticeForWaste(t *testing.T) {
	e := mustEngine(t, fixtures.Sample())
	found := map[string]bool{}
	for _, b := range e.Beneficiaries() {
		for _, topic := range needTopics(t, e, b, "waste") {
			p := match.DefaultParameters()
			p.Topic = topic
			sl, err := e.Shortlist(b, p)
			require.NoError(t, err)
			for _, c := range sl.Candidates {
				if c.Resource == "phnom-penh" || c.Resource == "san-fernando" {
					found[b+"/"+topic+"/"+c.Resource] = true
				}
			}
		}
	}
	assert.NotEmpty(t, found)
	t.Logf("developing-city waste resources shortlisted: %v", found)
}

// TestSampleQuotaMet checks that every shortlist of the sample meets its
// quota or says why not, and that the quota holds at every prefix.
func TestSampleQuotaMet(t *testing.T) {
	e := mustEngine(t, fixtures.Sample())
	sl, err := e.Shortlist("palembang", match.DefaultParameters())
	require.NoError(t, err)
	assert.True(t, sl.Quota.Met, sl.Quota.Note)
	assert.Equal(t, 2, sl.Quota.Required)
	assert.NotZero(t, rankOf(sl, "seoul"))
}
