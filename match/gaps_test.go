package match_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// gapNetwork is a hand-made network with known gaps: nobody offers urban
// flooding; heat stress only by the member that needs it; waste collection
// is met on its topic; the stray dogs are met by a vets' programme; "zzqx"
// is met by nothing.
func gapNetwork() *model.Document {
	return &model.Document{
		Format: model.FormatVersion,
		Cities: []model.City{
			{ID: "alpha", Name: "Alpha", Country: "ID",
				Challenges: []model.Challenge{{Topic: "urban-flooding", Severity: 4},
					{Topic: "waste-collection", Text: "garbage piles up in the lanes"}, {Text: "zzqx"}},
				Capacities: []model.Capacity{{Topic: "heritage-conservation", Level: 5}}},
			{ID: "bravo", Name: "Bravo", Country: "PH",
				Challenges: []model.Challenge{{Topic: "urban-flooding"}, {Topic: "heat-stress"}},
				Capacities: []model.Capacity{{Topic: "heat-stress", Level: 5}}}, // its own offer does not count
			{ID: "charlie", Name: "Charlie", Country: "FR",
				Challenges: []model.Challenge{{Text: "stray dogs bite children in the park"}}},
			{ID: "delta", Name: "Delta", Country: "KR",
				Capacities: []model.Capacity{{Topic: "waste-collection", Level: 4}}},
			{ID: "echo", Name: "Echo", Country: "FR",
				Capacities: []model.Capacity{{Text: "our vets run a dog vaccination and shelter programme for stray dogs", Level: 4}}},
		},
	}
}

// gapOf returns the gap need of beneficiary b's challenge i in rep, or nil.
func gapOf(rep *model.GapReport, b string, i int) *model.GapNeed {
	for _, g := range rep.Gaps {
		for k := range g.Needs {
			if n := &g.Needs[k]; n.Beneficiary == b && n.Challenge == i {
				return n
			}
		}
	}
	return nil
}

func TestGaps(t *testing.T) {
	e := mustEngine(t, gapNetwork())
	rep, err := e.Gaps(context.Background(), match.GapOptions{Threshold: match.GapThreshold})
	require.NoError(t, err)
	assert.Equal(t, match.GapThreshold, rep.Threshold)
	assert.Equal(t, 3, rep.Beneficiaries)
	assert.Equal(t, 6, rep.Needs)
	assert.Equal(t, 4, rep.GapNeeds)

	tests := []struct {
		name      string
		city      string
		challenge int
		gap       bool
		topic     string
		placed    string
	}{
		{"NobodyOffersIt", "alpha", 0, true, "urban-flooding", model.PlacedGiven},
		{"CoveredOnItsTopic", "alpha", 1, false, "", ""},
		{"NoWordsAnyoneKnows", "alpha", 2, true, "", ""},
		{"SameGapElsewhere", "bravo", 0, true, "urban-flooding", model.PlacedGiven},
		{"OnlyItselfOffersIt", "bravo", 1, true, "heat-stress", model.PlacedGiven},
		{"StrayDogsCovered", "charlie", 0, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := gapOf(rep, tt.city, tt.challenge)
			if !tt.gap {
				assert.Nil(t, g)
				return
			}
			require.NotNil(t, g)
			assert.Equal(t, tt.topic, g.Topic)
			assert.Equal(t, tt.placed, g.Placed)
			if g.Best != nil {
				assert.Less(t, g.Best.Score, match.GapThreshold)
				assert.NotEqual(t, tt.city, g.Best.Resource, "a member does not cover itself")
			}
		})
	}
	t.Run("NoCoverAtAll", func(t *testing.T) {
		g := gapOf(rep, "alpha", 2)
		require.NotNil(t, g)
		assert.Nil(t, g.Best, "nobody's offers meet zzqx")
		assert.Equal(t, "zzqx", g.Need)
	})

	t.Run("GroupedByTopicRankedByBeneficiaries", func(t *testing.T) {
		require.NotEmpty(t, rep.Gaps)
		first := rep.Gaps[0]
		assert.Equal(t, "urban-flooding", first.Topic)
		assert.Equal(t, 2, first.Beneficiaries, "alpha and bravo share it")
		assert.Equal(t, "Urban flooding", first.Label)
		assert.NotEmpty(t, first.SectorLabel)
		last := rep.Gaps[len(rep.Gaps)-1]
		assert.Equal(t, "", last.Topic, "needs placed on no topic come last")
		assert.Equal(t, "Placed on no topic", last.Label)
		total := 0
		for _, g := range rep.Gaps {
			total += len(g.Needs)
		}
		assert.Equal(t, rep.GapNeeds, total)
	})

	t.Run("StrayDogsBestCover", func(t *testing.T) {
		all, err := e.Gaps(context.Background(), match.GapOptions{Threshold: 1})
		require.NoError(t, err)
		g := gapOf(all, "charlie", 0)
		require.NotNil(t, g, "at threshold 1 every need short of a full cover is listed")
		require.NotNil(t, g.Best)
		assert.Equal(t, "echo", g.Best.Resource, "the hard rules do not matter: the same country still covers")
		assert.Contains(t, g.Best.Offer, "vets")
		assert.GreaterOrEqual(t, g.Best.Score, match.GapThreshold)
	})

	t.Run("WasteCoverExact", func(t *testing.T) {
		all, err := e.Gaps(context.Background(), match.GapOptions{Threshold: 1})
		require.NoError(t, err)
		g := gapOf(all, "alpha", 1)
		require.NotNil(t, g)
		require.NotNil(t, g.Best)
		assert.Equal(t, "delta", g.Best.Resource)
		assert.Equal(t, match.CoverByTopic, g.Best.By)
		assert.InDelta(t, 0.8, g.Best.Score, 1e-9, "level 4 of 5 on the need's own topic")
		assert.Equal(t, `Delta capacity "Waste collection"`, g.Best.Offer)
	})

	t.Run("Topic", func(t *testing.T) {
		only, err := e.Gaps(context.Background(), match.GapOptions{Threshold: match.GapThreshold, Topic: "urban-flooding"})
		require.NoError(t, err)
		require.Len(t, only.Gaps, 1)
		assert.Equal(t, 2, only.Needs)
		assert.Equal(t, 2, only.Beneficiaries)
		assert.Equal(t, 2, only.Gaps[0].Beneficiaries)
	})

	t.Run("Cities", func(t *testing.T) {
		some, err := e.Gaps(context.Background(), match.GapOptions{Threshold: match.GapThreshold, Cities: []string{"bravo", "delta"}})
		require.NoError(t, err)
		assert.Equal(t, 1, some.Beneficiaries, "delta records no challenges")
		assert.Equal(t, 2, some.GapNeeds)
		assert.NotNil(t, gapOf(some, "bravo", 1))
		assert.Nil(t, gapOf(some, "alpha", 0))
	})

	t.Run("ThresholdZeroNoGaps", func(t *testing.T) {
		none, err := e.Gaps(context.Background(), match.GapOptions{Threshold: 0})
		require.NoError(t, err)
		assert.Empty(t, none.Gaps)
		assert.Equal(t, 6, none.Needs)
	})
}

func TestGapsErrors(t *testing.T) {
	e := mustEngine(t, gapNetwork())
	for _, th := range []float64{-0.1, 1.5, math.NaN()} {
		_, err := e.Gaps(context.Background(), match.GapOptions{Threshold: th})
		var me *model.Error
		require.True(t, errors.As(err, &me), "threshold %v", th)
		assert.Equal(t, model.EINVALID, me.Code)
	}
	_, err := e.Gaps(context.Background(), match.GapOptions{Threshold: 0.3, Topic: "urban-floding"})
	var me *model.Error
	require.True(t, errors.As(err, &me))
	assert.Equal(t, model.EINVALID, me.Code)
	assert.Contains(t, me.Message, "urban-flooding")

	_, err = e.Gaps(context.Background(), match.GapOptions{Threshold: 0.3, Cities: []string{"alhpa"}})
	require.True(t, errors.As(err, &me))
	assert.Equal(t, model.ENOTFOUND, me.Code)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = e.Gaps(ctx, match.GapOptions{Threshold: 0.3})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestGroupGaps(t *testing.T) {
	tax := fixtures.Taxonomy()
	cov := func(id string, s float64) *model.Cover { return &model.Cover{Resource: id, Score: s} }
	needs := []model.GapNeed{
		{Beneficiary: "b", Challenge: 1, Topic: "landfill", Best: cov("x", 0.2)},
		{Beneficiary: "a", Challenge: 0, Topic: "urban-flooding"},
		{Beneficiary: "b", Challenge: 0, Topic: "landfill", Best: cov("y", 0.25)},
		{Beneficiary: "z", Challenge: 0},
		{Beneficiary: "c", Challenge: 2, Topic: "urban-flooding", Best: cov("x", 0.1)},
		{Beneficiary: "d", Challenge: 0, Topic: "air-pollution"},
	}
	got := match.GroupGaps(tax, needs)
	require.Len(t, got, 4)
	tests := []struct {
		topic         string
		beneficiaries int
		needs         int
		closest       string
	}{
		{"urban-flooding", 2, 2, "x"}, // two beneficiaries
		{"landfill", 1, 2, "y"},       // one beneficiary, two needs
		{"air-pollution", 1, 1, ""},   // one need; before "" by topic
		{"", 1, 1, ""},                // placed on no topic: last
	}
	for i, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			g := got[i]
			assert.Equal(t, tt.topic, g.Topic)
			assert.Equal(t, tt.beneficiaries, g.Beneficiaries)
			assert.Len(t, g.Needs, tt.needs)
			if tt.closest == "" {
				assert.Nil(t, g.Closest)
			} else {
				require.NotNil(t, g.Closest)
				assert.Equal(t, tt.closest, g.Closest.Resource)
			}
		})
	}
	assert.Equal(t, 0, got[1].Needs[0].Challenge, "needs by beneficiary, then challenge")
	assert.Equal(t, "a", got[0].Needs[0].Beneficiary)
	assert.Empty(t, match.GroupGaps(tax, nil))
}

// TestShortlistGapNotes: a shortlist names its needs that are gaps of the
// network, with the same numbers as Gaps.
func TestShortlistGapNotes(t *testing.T) {
	e := mustEngine(t, gapNetwork())
	rep, err := e.Gaps(context.Background(), match.GapOptions{Threshold: match.GapThreshold})
	require.NoError(t, err)
	for _, id := range e.Beneficiaries() {
		sl, err := e.Shortlist(id, match.DefaultParameters())
		require.NoError(t, err)
		var want []model.GapNeed
		for _, g := range rep.Gaps {
			for _, n := range g.Needs {
				if n.Beneficiary == id {
					want = append(want, n)
				}
			}
		}
		assert.ElementsMatch(t, want, sl.Gaps, id)
	}
}

// withCover returns doc with one more member, from a country of its own,
// whose only offer is a capacity with the given text.
func withCover(doc *model.Document, text string) *model.Document {
	doc.Cities = append(doc.Cities, model.City{ID: "zz-cover", Name: "Cover", Country: "NZ",
		Capacities: []model.Capacity{{Text: text, Level: 3}}})
	return doc
}

// TestPropertyCoveringOfferRemovesGap: a member added with an offer whose
// text is exactly a gap need's text removes that gap: the need's cover
// becomes full (1), above any threshold.
func TestPropertyCoveringOfferRemovesGap(t *testing.T) {
	t.Run("HandMade", func(t *testing.T) {
		rep, err := mustEngine(t, gapNetwork()).Gaps(context.Background(), match.GapOptions{Threshold: match.GapThreshold})
		require.NoError(t, err)
		for _, g := range rep.Gaps {
			for _, n := range g.Needs {
				after, err := mustEngine(t, withCover(gapNetwork(), n.Need)).Gaps(context.Background(), match.GapOptions{Threshold: match.GapThreshold})
				require.NoError(t, err)
				assert.Nil(t, gapOf(after, n.Beneficiary, n.Challenge), "%s's %q", n.Beneficiary, n.Need)
			}
		}
	})
	for _, seed := range seeds {
		// At threshold 1 every need short of a full cover is a gap.
		rep, err := mustEngine(t, propertyDoc(t, 120, seed, nil)).Gaps(context.Background(), match.GapOptions{Threshold: 1})
		require.NoError(t, err)
		require.NotEmpty(t, rep.Gaps, "seed %d", seed)
		for k, g := range rep.Gaps {
			if k == 4 {
				break
			}
			n := g.Needs[0]
			after, err := mustEngine(t, withCover(propertyDoc(t, 120, seed, nil), n.Need)).Gaps(context.Background(), match.GapOptions{Threshold: 1})
			require.NoError(t, err)
			if c := gapOf(after, n.Beneficiary, n.Challenge); c != nil {
				t.Errorf("seed %d: %s's %q is still short of a full cover: %+v", seed, n.Beneficiary, n.Need, c.Best)
			}
		}
	}
}

// TestPropertyThresholdMonotone: raising the threshold never removes a gap,
// and every listed need's best cover is below the threshold.
func TestPropertyThresholdMonotone(t *testing.T) {
	e := mustEngine(t, propertyDoc(t, 150, 7, nil))
	prev := map[[2]any]bool{}
	for _, th := range []float64{0, 0.1, 0.2, 0.3, 0.5, 0.8, 1} {
		rep, err := e.Gaps(context.Background(), match.GapOptions{Threshold: th})
		require.NoError(t, err)
		cur := map[[2]any]bool{}
		for _, g := range rep.Gaps {
			for _, n := range g.Needs {
				cur[[2]any{n.Beneficiary, n.Challenge}] = true
				if n.Best != nil {
					assert.Less(t, n.Best.Score, th)
				}
			}
		}
		for k := range prev {
			assert.True(t, cur[k], "threshold %v keeps %v", th, k)
		}
		prev = cur
	}
}

// TestUnpartnered: every member with challenges that a batch leaves
// without a partner is listed, with the rule that kept each out.
func TestUnpartnered(t *testing.T) {
	run := func(doc *model.Document, prefer ...model.Prefer) map[string]model.Unpartnered {
		t.Helper()
		e := mustEngine(t, doc)
		res := &model.RunResults{}
		p := match.DefaultParameters()
		o := match.DefaultPairingParameters()
		if len(prefer) > 0 {
			o.Prefer = prefer[0] // the shortlists and the pairing run apart
		}
		_, pl, err := e.ShortlistsAndPair(context.Background(), p, o, func(sl *model.Shortlist) error {
			res.Shortlists = append(res.Shortlists, *sl)
			return nil
		})
		require.NoError(t, err)
		res.Pairing = pl
		out := map[string]model.Unpartnered{}
		for _, u := range e.Unpartnered(res, p) {
			out[u.Beneficiary] = u
		}
		return out
	}
	t.Run("Reasons", func(t *testing.T) {
		got := run(gapNetwork())
		assert.NotContains(t, got, "alpha", "Delta is its partner")
		assert.NotContains(t, got, "delta", "no challenges: not a beneficiary")
		require.Contains(t, got, "bravo")
		assert.Contains(t, got["bravo"].Reason, "no candidate: every other member is excluded (4 cover none of its needs)")
		assert.Contains(t, got["bravo"].Reason, "nobody in the network covers any of its needs well")
		require.Contains(t, got, "charlie")
		assert.Contains(t, got["charlie"].Reason, "1 in the same country (FR)")
		assert.NotContains(t, got["charlie"].Reason, "nobody in the network covers", "Echo covers it, from the same country")
		assert.Contains(t, got["charlie"].Relax, "allowing same-country pairs")
	})
	t.Run("Full", func(t *testing.T) {
		doc := gapNetwork()
		doc.Cities[3].Hosting = intp(0)
		got := run(doc)
		require.Contains(t, got, "alpha")
		assert.Equal(t, "unserved by the pairing: all its candidates are full: delta (0/0)", got["alpha"].Reason)
		assert.Contains(t, got["alpha"].Relax, "one more hosting place at delta")
	})
	t.Run("WordsOnly", func(t *testing.T) {
		doc := gapNetwork()
		// Words neither the taxonomy nor the vectors know: no topic places
		// them, and the batch pairs them on their words alone.
		doc.Cities = append(doc.Cities,
			model.City{ID: "foxtrot", Name: "Foxtrot", Country: "DE", Challenges: []model.Challenge{{Text: "qwzx vrrbl"}}},
			model.City{ID: "golf", Name: "Golf", Country: "AT", Capacities: []model.Capacity{{Text: "qwzx vrrbl", Level: 3}}})
		for _, prefer := range []model.Prefer{model.PreferContinue, model.PreferNew} {
			got := run(doc, prefer)
			assert.NotContains(t, got, "foxtrot", "prefer %s: paired with Golf on its words", prefer)
		}
	})
}
