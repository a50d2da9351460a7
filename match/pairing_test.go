package match_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pair(t *testing.T, e *match.Engine, o model.PairingParameters) *model.Pairing {
	t.Helper()
	pl, err := e.Pair(context.Background(), o)
	require.NoError(t, err)
	return pl
}

func checkCapacities(t *testing.T, e *match.Engine, pl *model.Pairing, hosting int) {
	t.Helper()
	hosted := map[string]int{}
	seen := map[[2]string]bool{}
	for _, p := range pl.Pairs {
		hosted[p.Resource]++
		k := [2]string{p.Beneficiary, p.Resource}
		assert.False(t, seen[k], "pair used twice")
		seen[k] = true
		assert.NotEqual(t, p.Beneficiary, p.Resource)
	}
	for _, l := range pl.Load {
		c, ok := e.City(l.Resource)
		require.True(t, ok)
		want := c.EffectiveHosting()
		if hosting >= 0 {
			want = hosting
		}
		assert.Equal(t, want, l.Capacity)
		assert.Equal(t, hosted[l.Resource], l.Hosted)
		assert.LessOrEqual(t, l.Hosted, l.Capacity, "%s over-booked", l.Resource)
	}
}

func TestPairSample(t *testing.T) {
	e := mustEngine(t, fixtures.Sample())
	o := match.DefaultPairingParameters()
	o.Clusters = true
	pl := pair(t, e, o)
	checkCapacities(t, e, pl, -1)
	seoul := map[string]string{}
	for _, p := range pl.Pairs {
		if p.Resource == "seoul" {
			seoul[p.Beneficiary] = p.Topic
		}
	}
	require.NotEmpty(t, seoul, "Seoul hosts beneficiaries")
	for b, topic := range seoul {
		tp, ok := e.Taxonomy().Lookup(topic)
		require.True(t, ok)
		assert.Equal(t, "transport", tp.Sector, "Seoul hosts %s for transport", b)
	}
	// The brochure's transport cluster sits at one table.
	var transport *model.Cluster
	for i, cl := range pl.Clusters {
		if cl.Resource == "seoul" && cl.Sector == "transport" {
			transport = &pl.Clusters[i]
		}
	}
	require.NotNil(t, transport)
	assert.GreaterOrEqual(t, len(transport.Members), 2)

	// Scores are the shortlist's numbers for the same pair.
	for _, p := range pl.Pairs {
		ex, err := e.Explain(p.Beneficiary, p.Resource, o.Parameters)
		require.NoError(t, err)
		assert.Equal(t, ex.Candidate.Score, p.Score)
	}
	assert.Equal(t, pl.Served+len(pl.Unserved), pl.Beneficiaries)
	for _, u := range pl.Unserved {
		assert.NotEmpty(t, u.Reason)
		assert.NotEmpty(t, u.Relax)
	}
}

func TestPairEdgeCases(t *testing.T) {
	e := mustEngine(t, fixtures.Sample())
	t.Run("ZeroCapacity", func(t *testing.T) {
		o := match.DefaultPairingParameters()
		o.Hosting = 0
		pl := pair(t, e, o)
		assert.Empty(t, pl.Pairs)
		assert.Equal(t, pl.Beneficiaries, len(pl.Unserved))
		checkCapacities(t, e, pl, 0)
		for _, u := range pl.Unserved {
			if u.Beneficiary == "palembang" {
				assert.Contains(t, u.Reason, "full")
				assert.Contains(t, u.Reason, "seoul (0/0)")
			}
		}
	})
	t.Run("OneParticipant", func(t *testing.T) {
		o := match.DefaultPairingParameters()
		o.Participants = []string{"palembang"}
		pl := pair(t, e, o)
		assert.Empty(t, pl.Pairs)
		require.Len(t, pl.Unserved, 1)
		assert.Contains(t, pl.Unserved[0].Reason, "no allowed candidate")
	})
	t.Run("NoResources", func(t *testing.T) {
		o := match.DefaultPairingParameters()
		o.Participants = []string{"palembang", "jakarta"}
		o.AllowSameCountry = false
		pl := pair(t, e, o)
		for _, u := range pl.Unserved {
			assert.Contains(t, u.Relax, "allowing same-country pairs", "the two Indonesian cities could meet if allowed")
		}
	})
	t.Run("Workshop", func(t *testing.T) {
		o := match.DefaultPairingParameters()
		o.Participants = []string{"seoul", "yokohama", "palembang", "jakarta", "mumbai", "hanoi"}
		o.Hosting = 2
		pl := pair(t, e, o)
		checkCapacities(t, e, pl, 2)
		for _, p := range pl.Pairs {
			assert.Contains(t, o.Participants, p.Resource)
			assert.Contains(t, o.Participants, p.Beneficiary)
		}
	})
	t.Run("MinScore", func(t *testing.T) {
		o := match.DefaultPairingParameters()
		o.MinScore = 0.99
		pl := pair(t, e, o)
		assert.Empty(t, pl.Pairs)
		found := false
		for _, u := range pl.Unserved {
			if u.Beneficiary == "palembang" {
				found = true
				assert.Contains(t, u.Reason, "below the minimum score 0.99")
				// The relaxation names the score of its best candidate.
				sl, err := e.Shortlist("palembang", match.DefaultParameters())
				require.NoError(t, err)
				require.NotEmpty(t, sl.Candidates)
				assert.Contains(t, u.Relax, fmt.Sprintf("a minimum score of %.4f", sl.Candidates[0].Score))
			}
		}
		assert.True(t, found)
	})
	t.Run("Partners", func(t *testing.T) {
		o := match.DefaultPairingParameters()
		o.Partners = 3
		o.MinDeveloping = 1
		pl := pair(t, e, o)
		checkCapacities(t, e, pl, -1)
		per := map[string]int{}
		dev := map[string]int{}
		for _, p := range pl.Pairs {
			per[p.Beneficiary]++
			if p.Developing {
				dev[p.Beneficiary]++
			}
		}
		for b, n := range per {
			assert.LessOrEqual(t, n, 3)
			short := false
			for _, s := range pl.DevelopingShort {
				short = short || s == b
			}
			assert.True(t, dev[b] >= 1 || short, "%s gets a developing partner or is reported", b)
		}
	})
	t.Run("ObjectiveScore", func(t *testing.T) {
		served := pair(t, e, match.DefaultPairingParameters())
		o := match.DefaultPairingParameters()
		o.Objective = model.MaxScore
		best := pair(t, e, o)
		assert.GreaterOrEqual(t, best.TotalScore, served.TotalScore-1e-9)
		assert.GreaterOrEqual(t, served.Served, best.Served)
	})
	t.Run("ErrBadOptions", func(t *testing.T) {
		o := match.DefaultPairingParameters()
		o.Partners = 0
		o.Participants = []string{"atlantis"}
		_, err := e.Pair(context.Background(), o)
		var es model.Errors
		require.ErrorAs(t, err, &es)
		assert.Len(t, es, 2)
	})
}

func TestPairPins(t *testing.T) {
	doc := fixtures.Sample()
	doc.Rules = []model.Rule{{Beneficiary: "palembang", Resource: "yokohama", Rule: model.Pin, Why: "agreed"}}
	e := mustEngine(t, doc)
	pl := pair(t, e, match.DefaultPairingParameters())
	found := false
	for _, p := range pl.Pairs {
		if p.Beneficiary == "palembang" && p.Resource == "yokohama" {
			found = p.Pinned
		}
	}
	assert.True(t, found, "pinned pairs are always in")

	doc = fixtures.Sample()
	for _, b := range []string{"palembang", "jakarta", "mumbai"} {
		doc.Rules = append(doc.Rules, model.Rule{Beneficiary: b, Resource: "seoul", Rule: model.Pin})
	}
	e = mustEngine(t, doc)
	o := match.DefaultPairingParameters()
	o.Hosting = 2
	pl = pair(t, e, o) // three pins on a resource hosting two: the network is still planned
	checkCapacities(t, e, pl, 2)
	pinned := 0
	for _, p := range pl.Pairs {
		if p.Resource == "seoul" && p.Pinned {
			pinned++
		}
	}
	assert.Equal(t, 2, pinned, "the pins seoul can host are kept")
	require.Len(t, pl.PinConflicts, 1)
	assert.Regexp(t, `^seoul can host 2 and has 3 pinned beneficiaries: the pin of (palembang|jakarta|mumbai) set aside in this pairing \(raise seoul's hosting, or remove pins with c2c rule rm\)$`, pl.PinConflicts[0])
	assert.Greater(t, pl.Served, 3, "everyone else is planned")
}

// TestShortlistsAndPairMatchesSeparateRuns checks the one-pass batch
// against Shortlists followed by Pair, on the sample and a synthetic
// network with pins and blocks.
func TestShortlistsAndPairMatchesSeparateRuns(t *testing.T) {
	ruled := synth.Generate(synth.Options{Cities: 400, Seed: 4, Rules: 40}, fixtures.Reference())
	for _, doc := range []*model.Document{fixtures.Sample(), propertyDoc(t, 400, 3, nil), ruled} {
		e := mustEngine(t, doc)
		p := match.DefaultParameters()
		o := match.DefaultPairingParameters()
		o.Candidates = 20
		o.Clusters = true
		var sep, fused []*model.Shortlist
		_, err := e.Shortlists(context.Background(), e.Beneficiaries(), p, func(sl *model.Shortlist) error {
			sep = append(sep, sl)
			return nil
		})
		require.NoError(t, err)
		want := pair(t, e, o)
		tm, got, err := e.ShortlistsAndPair(context.Background(), p, o, func(sl *model.Shortlist) error {
			fused = append(fused, sl)
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, sep, fused)
		assert.Equal(t, want, got)
		assert.Positive(t, tm.Pair)
	}
}
