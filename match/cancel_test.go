package match_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/text"
)

// TestNewEngineCancelled: building the engine stops soon after its context
// ends, before vectorising (an ended context) and in the middle of a large
// network, with an error that says so.
func TestNewEngineCancelled(t *testing.T) {
	ref := fixtures.Reference()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := match.NewEngineContext(ctx, fixtures.Sample(), ref, inferrer, 2026)
	require.ErrorIs(t, err, context.Canceled)

	if testing.Short() {
		t.Skip("a network of 4,000 members takes seconds to vectorise")
	}
	doc := synthDoc(4000, 3)
	// A fresh inferrer: the shared one remembers earlier texts.
	inf := withVectors(text.NewInferrer(fixtures.Taxonomy()))
	start := time.Now()
	full, err := match.NewEngine(doc, ref, inf, 2026)
	require.NoError(t, err)
	whole := time.Since(start)
	require.NotNil(t, full)

	inf = withVectors(text.NewInferrer(fixtures.Taxonomy()))
	ctx, cancel = context.WithTimeout(context.Background(), whole/4)
	defer cancel()
	start = time.Now()
	e, err := match.NewEngineContext(ctx, doc, ref, inf, 2026)
	took := time.Since(start)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Nil(t, e)
	assert.Less(t, took, whole/4+time.Second, "stops within a second of the end (whole build %v)", whole)
}
