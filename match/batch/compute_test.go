package batch_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/match/text"
)

// recorder is a Progress that records what it is told.
type recorder struct {
	events []string
	added  int
}

func (r *recorder) Stage(what string) { r.events = append(r.events, "stage "+what) }

func (r *recorder) Start(what string, total int) {
	r.events = append(r.events, fmt.Sprintf("start %s %d", what, total))
}

func (r *recorder) Add(n int) { r.added += n }

func (r *recorder) Finish() { r.events = append(r.events, "finish") }

var _ batch.Progress = (*recorder)(nil)
var _ batch.Progress = batch.Quiet{}

func sampleEngine(t testing.TB) *match.Engine {
	t.Helper()
	e, err := match.NewEngine(fixtures.Sample(), fixtures.Reference(), text.NewInferrer(fixtures.Taxonomy()), 2026)
	require.NoError(t, err)
	return e
}

func TestCompute(t *testing.T) {
	e := sampleEngine(t)
	n := len(e.Beneficiaries())
	require.Positive(t, n)
	var prog recorder
	var tm batch.Timing
	res, err := batch.Compute(t.Context(), e, batch.DefaultParameters(2026), &prog, &tm)
	require.NoError(t, err)
	assert.Len(t, res.Shortlists, n)
	require.NotNil(t, res.Pairing)
	assert.Positive(t, res.Pairing.Served)
	assert.Equal(t, n, prog.added)
	assert.Equal(t, []string{fmt.Sprintf("start shortlists %d", n), "finish", fmt.Sprintf("stage pairing %d beneficiaries", n), "finish"}, prog.events)
	assert.Positive(t, tm.Shortlist)

	// One pass is deterministic: the same input gives the same results.
	again, err := batch.Compute(t.Context(), e, batch.DefaultParameters(2026), nil, &batch.Timing{})
	require.NoError(t, err)
	assert.Equal(t, res, again)

	// Every member with challenges has a shortlist: no unlisted gaps.
	gaps, err := batch.UnlistedGaps(t.Context(), e, batch.DefaultParameters(2026), res)
	require.NoError(t, err)
	assert.Empty(t, gaps)
}

func TestComputeCancelled(t *testing.T) {
	e := sampleEngine(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := batch.Compute(ctx, e, batch.DefaultParameters(2026), batch.Quiet{}, &batch.Timing{})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestUnlistedGaps(t *testing.T) {
	e := sampleEngine(t)
	res, err := batch.Compute(t.Context(), e, batch.DefaultParameters(2026), batch.Quiet{}, &batch.Timing{})
	require.NoError(t, err)
	// Without its shortlists the gap needs of every member come from the
	// gap analysis instead.
	var want int
	for _, sl := range res.Shortlists {
		want += len(sl.Gaps)
	}
	require.Positive(t, want, "the sample has gap needs")
	res.Shortlists = nil
	gaps, err := batch.UnlistedGaps(t.Context(), e, batch.DefaultParameters(2026), res)
	require.NoError(t, err)
	assert.Len(t, gaps, want)
}
