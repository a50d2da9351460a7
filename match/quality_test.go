package match_test

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQualityLeaveOneOut measures the shortlist engine on the network's
// real exchanges: for every (resource, beneficiary) pair the brochure
// records, the exchange is removed from the history (so neither its
// evidence nor its continuity can help), the history part is switched off,
// and the real resource's rank is read from the beneficiary's shortlist on
// the exchange's sector. It reports hit@1, hit@3 and the mean reciprocal
// rank; run with -v to see each case.
func TestQualityLeaveOneOut(t *testing.T) {
	sample := fixtures.Sample()
	tax := fixtures.Taxonomy()
	p := match.DefaultParameters()
	p.Weights[model.PartHistory] = 0
	p.Top = 10
	var n, hit1, hit3 int
	var mrr float64
	for xi, x := range sample.Exchanges {
		doc := fixtures.Sample()
		doc.Exchanges = append(doc.Exchanges[:xi:xi], doc.Exchanges[xi+1:]...)
		e := mustEngine(t, doc)
		sector := ""
		if tp, ok := tax.Lookup(x.Topic); ok {
			sector = tp.Sector
		}
		for _, b := range x.Beneficiaries {
			q := p
			if topics := needTopics(t, e, b, sector); len(topics) > 0 {
				q.Topic = topics[0]
				for _, tp := range topics {
					if tp == x.Topic {
						q.Topic = tp
					}
				}
			}
			sl, err := e.Shortlist(b, q)
			require.NoError(t, err)
			r := rankOf(sl, x.Resource)
			n++
			if r == 1 {
				hit1++
			}
			if r >= 1 && r <= 3 {
				hit3++
			}
			if r > 0 {
				mrr += 1 / float64(r)
			}
			t.Logf("%-10s → %-10s on %-28s rank %d of %d (%s)", x.Resource, b, x.Topic, r, len(sl.Candidates), q.Topic)
		}
	}
	mrr /= float64(n)
	t.Logf("leave-one-out over %d recorded pairs: hit@1 %d/%d, hit@3 %d/%d, MRR %.3f", n, hit1, n, hit3, n, mrr)
	assert.GreaterOrEqual(t, float64(hit3)/float64(n), 0.8, "the real resource is in the top 3 for most recorded exchanges")
	assert.GreaterOrEqual(t, mrr, 0.7)
}

// TestMatchHasNoSQL enforces the architecture: the engine knows nothing of
// SQL or of the store.
func TestMatchHasNoSQL(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/c2cnet/c2c/match/...").Output()
	var stderr []byte
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		stderr = ee.Stderr
	}
	// A check that cannot run is a failure, not a pass: the go command is
	// part of the toolchain every test run has.
	require.NoError(t, err, "go list -deps: %s", stderr)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/c2cnet/c2c/match", "go list listed the engine itself")
	for _, dep := range deps {
		assert.NotEqual(t, "database/sql", dep)
		assert.False(t, strings.HasPrefix(dep, "github.com/c2cnet/c2c/store"), dep)
		assert.False(t, strings.HasPrefix(dep, "github.com/mattn/"), dep)
	}
}
