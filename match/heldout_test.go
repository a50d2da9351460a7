package match_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/text"
	"github.com/c2cnet/c2c/model"
)

// evalDoc reads one evaluation set of testdata/eval, normalised.
func evalDoc(t *testing.T, name string) *model.Document {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "eval", name))
	require.NoError(t, err)
	defer f.Close()
	doc, err := fixtures.DecodeDocument(f)
	require.NoError(t, err, name)
	doc.Normalize(fixtures.Reference())
	return doc
}

// tfidfBaseline ranks, for each recorded exchange, every other city by the
// plain TF-IDF cosine between the beneficiary's challenges and the city's
// capacities and practices (one document each), and returns recall@5: the
// independent reference the engine must not fall below.
func tfidfBaseline(doc *model.Document) (hit5, n int) {
	needs := map[string][]string{}
	offers := map[string][]string{}
	var corpus [][]string
	for _, c := range doc.Cities {
		var nb, ob strings.Builder
		for _, ch := range c.Challenges {
			nb.WriteString(ch.Text + ". ")
		}
		for _, ca := range c.Capacities {
			ob.WriteString(ca.Text + ". ")
		}
		for _, pr := range c.Practices {
			ob.WriteString(pr.Title + ". " + pr.Text + ". ")
		}
		needs[c.ID] = text.Analyze(nb.String())
		offers[c.ID] = text.Analyze(ob.String())
		corpus = append(corpus, offers[c.ID])
	}
	m := text.NewModel(text.TFIDF, corpus)
	for _, x := range doc.Exchanges {
		for _, b := range x.Beneficiaries {
			q := m.Vector(needs[b])
			type sc struct {
				id string
				s  float64
			}
			var all []sc
			for _, c := range doc.Cities {
				if c.ID != b {
					all = append(all, sc{c.ID, text.Cosine(q, m.Vector(offers[c.ID]))})
				}
			}
			sort.SliceStable(all, func(i, j int) bool { return all[i].s > all[j].s })
			n++
			for r := 0; r < 5 && r < len(all); r++ {
				if all[r].id == x.Resource {
					hit5++
				}
			}
		}
	}
	return hit5, n
}

// noSharedTarget is the least recall@5 on the cases whose need shares no
// content word (no stem outside the stop words) with the real partner's
// capacities and practices: the words-only case of paraphrase.
const noSharedTarget = 0.45

// sharesContentWord reports whether some challenge of beneficiary b shares
// a stem with the capacities or practices of resource r.
func sharesContentWord(doc *model.Document, b, r string) bool {
	stems := map[string]bool{}
	for _, c := range doc.Cities {
		if c.ID != r {
			continue
		}
		for _, ca := range c.Capacities {
			for _, w := range text.Analyze(ca.Text) {
				stems[w] = true
			}
		}
		for _, pr := range c.Practices {
			for _, w := range text.Analyze(pr.Title + ". " + pr.Text) {
				stems[w] = true
			}
		}
	}
	for _, c := range doc.Cities {
		if c.ID != b {
			continue
		}
		for _, ch := range c.Challenges {
			for _, w := range text.Analyze(ch.Text) {
				if stems[w] {
					return true
				}
			}
		}
	}
	return false
}

// TestHeldOutExchanges measures the engine on real, documented exchanges
// that no phrase or weight was tuned on (testdata/eval/SOURCES.md; weights
// were chosen on tune.json), in the cities' own words and in lay
// paraphrase. The targets are recall@5 ≥ 0.95 and MRR ≥ 0.8 in own words,
// ≥ 0.90 in paraphrase, ≥ 0.45 on the paraphrased cases that share no
// content word with the real partner's text, never below a plain TF-IDF
// cosine, no failed shortlist. The ones the engine meets are asserted (met); the others are
// logged as BELOW TARGET until the engine reaches them, then asserted too.
func TestHeldOutExchanges(t *testing.T) {
	for _, tc := range []struct {
		file    string
		recall5 float64
		mrr     float64
		met     map[string]bool // targets asserted
	}{
		{"heldout.json", 0.95, 0.8, map[string]bool{"mrr": true, "recall": true, "baseline": true}},
		{"heldout-lay.json", 0.90, 0, map[string]bool{"mrr": true, "baseline": true, "noshare": true}},
		// The tuning sets, measured the same way: these are the sets that
		// phrases, weights and thresholds may be chosen on.
		{"tune.json", 0.95, 0.8, map[string]bool{}},
		{"tune-lay.json", 0.90, 0, map[string]bool{}},
		{"tune2.json", 0.95, 0.8, map[string]bool{}},
		{"tune2-lay.json", 0.90, 0, map[string]bool{}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			doc := evalDoc(t, tc.file)
			ref := fixtures.Reference()
			ev, err := match.Evaluate(context.Background(), doc, ref, inferrer, 2026, match.DefaultParameters())
			require.NoError(t, err)
			for _, c := range ev.Cases {
				t.Logf("%-14s → %-14s rank %d of %d %s", c.Resource, c.Beneficiary, c.Rank, c.Candidates, c.Reason)
				if c.Rank == 0 && !strings.Contains(c.Reason, "covers none") {
					t.Errorf("%s: its shortlist failed: %s", c.Beneficiary, c.Reason)
				}
			}
			base, n := tfidfBaseline(doc)
			require.Equal(t, ev.N, n)
			ns, nsHit := 0, 0
			for _, c := range ev.Cases {
				if !sharesContentWord(doc, c.Beneficiary, c.Resource) {
					ns++
					if c.Rank >= 1 && c.Rank <= 5 {
						nsHit++
					}
				}
			}
			if ns > 0 {
				t.Logf("%s: %d cases share no content word with the real partner's text; recall@5 on them %d/%d = %.2f",
					tc.file, ns, nsHit, ns, float64(nsHit)/float64(ns))
			}
			recall := float64(ev.Hit5) / float64(ev.N)
			t.Logf("%s: %d cases, recall@5 %d/%d = %.2f, hit@1 %d, MRR %.3f; plain TF-IDF recall@5 %d/%d", tc.file, ev.N, ev.Hit5, ev.N, recall, ev.Hit1, ev.MRR, base, n)
			check := func(name string, ok bool, what string) {
				switch {
				case tc.met[name]:
					assert.True(t, ok, what)
				case !ok:
					t.Logf("BELOW TARGET: %s", what)
				}
			}
			check("recall", recall >= tc.recall5, fmt.Sprintf("recall@5 %.3f, target %.2f", recall, tc.recall5))
			check("mrr", ev.MRR >= tc.mrr, fmt.Sprintf("MRR %.3f, target %.2f", ev.MRR, tc.mrr))
			if ns >= 5 {
				check("noshare", float64(nsHit)/float64(ns) >= noSharedTarget, fmt.Sprintf("recall@5 %d/%d where no content word is shared, target %.2f", nsHit, ns, noSharedTarget))
			}
			check("baseline", ev.Hit5 >= base, fmt.Sprintf("recall@5 %d/%d, plain TF-IDF %d/%d", ev.Hit5, n, base, n))
		})
	}
}

// TestHeldOutFitted measures, without refitting, the weights fitted on
// tune.json (match.FitWeights) against the defaults on the held-out sets:
// the figures behind the decision whether to adopt them (README, Quality).
// It is a measurement: it asserts only that the fit ran on the tuning set.
func TestHeldOutFitted(t *testing.T) {
	f := fitTune(t)
	t.Logf("fitted on tune.json: %v (cross-validated MRR %.4f → %.4f, recall@5 %d/%d → %d/%d)",
		f.Weights, f.CVBefore.MRR, f.CVAfter.MRR, f.CVBefore.Hit5, f.CVBefore.N, f.CVAfter.Hit5, f.CVAfter.N)
	for _, file := range []string{"heldout.json", "heldout-lay.json"} {
		doc := evalDoc(t, file)
		for _, w := range []struct {
			name string
			w    model.Weights
		}{{"default", match.DefaultWeights}, {"fitted", f.Weights}} {
			p := match.DefaultParameters()
			p.Weights = w.w
			ev, err := match.Evaluate(context.Background(), doc, fixtures.Reference(), inferrer, 2026, p)
			require.NoError(t, err)
			t.Logf("%-16s %-7s recall@5 %d/%d, hit@1 %d, MRR %.4f", file, w.name, ev.Hit5, ev.N, ev.Hit1, ev.MRR)
		}
	}
}
