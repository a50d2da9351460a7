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

// TestEngineShared: requests share one engine while the network stays the
// same, concurrent first requests build it once, and any change to the
// network (by this server or anyone else) makes the next request build a
// new one that sees the change.
func TestEngineShared(t *testing.T) {
	ctx := t.Context()
	db := storetest.MustOpenDB(t)
	ref := fixtures.Reference()
	_, err := db.Import(ctx, ref, store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	s, err := New(db, ref)
	require.NoError(t, err)
	s.Year = 2026

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
