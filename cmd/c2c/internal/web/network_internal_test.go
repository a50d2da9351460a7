package web

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// sampleServer returns a server, for 2026, over a new store holding the
// sample network.
func sampleServer(t *testing.T) (*Server, *store.DB) {
	t.Helper()
	db := storetest.MustOpenDB(t)
	ref := fixtures.Reference()
	_, err := db.Import(t.Context(), ref, store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	s, err := New(db, ref)
	require.NoError(t, err)
	s.Year = 2026
	return s, db
}

// TestEngineShared: requests share one engine while the network stays the
// same, concurrent first requests build it once, and any change to the
// network (by this server or anyone else) makes the next request build a
// new one that sees the change.
func TestEngineShared(t *testing.T) {
	ctx := t.Context()
	s, db := sampleServer(t)

	engines := make([]*match.Engine, 16)
	var wg sync.WaitGroup
	for i := range engines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, _, err := s.engine(ctx, 0)
			assert.NoError(t, err)
			engines[i] = e
		}()
	}
	wg.Wait()
	for _, e := range engines {
		require.Same(t, engines[0], e, "one engine for concurrent first requests")
	}
	again, doc, err := s.engine(ctx, 2026)
	require.NoError(t, err)
	assert.Same(t, engines[0], again, "year 0 is s.Year")
	d2, err := s.document(ctx)
	require.NoError(t, err)
	assert.Same(t, doc, d2, "the document is shared too")
	other, _, err := s.engine(ctx, 2020)
	require.NoError(t, err)
	assert.NotSame(t, engines[0], other, "another year, another engine")

	before, err := engines[0].Shortlist("palembang", match.DefaultParameters())
	require.NoError(t, err)
	require.NotEmpty(t, before.Candidates)
	top := before.Candidates[0].Resource
	require.NoError(t, db.PutRule(ctx, model.Rule{Beneficiary: "palembang", Resource: top, Rule: model.Block, Why: "test", By: "t"}))
	after, _, err := s.engine(ctx, 0)
	require.NoError(t, err)
	require.NotSame(t, engines[0], after, "a new rule: a new engine")
	sl, err := after.Shortlist("palembang", match.DefaultParameters())
	require.NoError(t, err)
	for _, c := range sl.Candidates {
		assert.NotEqual(t, top, c.Resource, "the new engine sees the block")
	}
	same, _, err := s.engine(ctx, 0)
	require.NoError(t, err)
	assert.Same(t, after, same)
}

// TestMembersWithoutNetwork: the members list asks the store for the
// members alone until the server holds the network, and reads the network
// once it does; both answer the same, inferred topics included.
func TestMembersWithoutNetwork(t *testing.T) {
	ctx := t.Context()
	s, _ := sampleServer(t)
	queries := []memberQuery{
		{}, {Country: "id"}, {Development: "Developing", Kind: "city"}, {Kind: "ngo"},
		{Needs: "urban-flooding"}, {Offers: "waste-collection"}, {Topic: "brt", Search: "a"}, {Search: "Seoul"},
	}
	type listed struct{ cities, shown []model.City }
	var before []listed
	for _, mq := range queries {
		cities, shown, err := s.members(ctx, mq)
		require.NoError(t, err)
		before = append(before, listed{cities, shown})
	}
	held, err := s.held(ctx)
	require.NoError(t, err)
	require.Nil(t, held, "listing members does not load the network")

	_, err = s.document(ctx)
	require.NoError(t, err)
	held, err = s.held(ctx)
	require.NoError(t, err)
	require.NotNil(t, held)
	for i, mq := range queries {
		cities, shown, err := s.members(ctx, mq)
		require.NoError(t, err)
		assert.Equal(t, before[i], listed{cities, shown}, "%+v", mq)
	}
	flooding := 0
	for _, c := range before[4].shown {
		for _, ch := range c.Challenges {
			if ch.Topic == "urban-flooding~" {
				flooding++
			}
		}
	}
	assert.Positive(t, flooding, "an inferred need is found")
}

// TestShortlistsKept: the same shortlist under the same parameters is made
// once per engine, other parameters make another, the memo never grows
// past shortlistMemo, and a change to the network gives a new shortlist
// that sees it.
func TestShortlistsKept(t *testing.T) {
	ctx := t.Context()
	s, db := sampleServer(t)
	first, _, err := s.shortlist(ctx, "palembang", nil)
	require.NoError(t, err)
	again, _, err := s.shortlist(ctx, "palembang", map[string][]string{"year": {"2026"}})
	require.NoError(t, err)
	assert.Same(t, first, again, "the same shortlist, made once")
	top3, _, err := s.shortlist(ctx, "palembang", map[string][]string{"top": {"3"}})
	require.NoError(t, err)
	assert.NotSame(t, first, top3)
	assert.Len(t, top3.Candidates, 3)

	be, _, err := s.built(ctx, 0)
	require.NoError(t, err)
	p := *first.Parameters
	for i := range shortlistMemo + 10 {
		p.Quota = float64(i) / float64(shortlistMemo+10)
		_, err := be.shortlist("palembang", p)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(be.shortlists), shortlistMemo)
	}

	blocked := first.Candidates[0].Resource
	require.NoError(t, db.PutRule(ctx, model.Rule{Beneficiary: "palembang", Resource: blocked, Rule: model.Block, Why: "test", By: "t"}))
	after, _, err := s.shortlist(ctx, "palembang", nil)
	require.NoError(t, err)
	assert.NotEqual(t, blocked, after.Candidates[0].Resource, "the block is seen at once")
}
