package match_test

import (
	"strings"
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPairSaysWhatItDid checks that partly served and unserved members are
// told why, in domain words, and what would change it (issue 10, item 13).
func TestPairSaysWhatItDid(t *testing.T) {
	workshop := []string{"seoul", "yokohama", "palembang", "jakarta", "mumbai", "hanoi"}
	tests := []struct {
		name      string
		rules     []model.Rule
		doc       func(*model.Document) // edits the sample, when set
		opts      func(*model.PairingParameters)
		who       string
		partial   bool     // who is partly served, not unserved
		got       int      // partners it got, when partly served
		reason    []string // in the reason
		relax     []string // in what would change it
		notReason []string // never in the reason
	}{
		{
			name: "PartlyServedCandidatesFull",
			opts: func(o *model.PairingParameters) { o.Partners, o.Participants, o.Hosting = 2, workshop, 1 },
			who:  "palembang", partial: true, got: 1,
			reason: []string{"its other candidates are full: seoul (1/1), yokohama (1/1)"},
			relax:  []string{"one more hosting place at seoul, or a larger default hosting, would seat another partner"},
		},
		{
			name: "PartlyServedTooFewCandidates",
			opts: func(o *model.PairingParameters) { o.Partners, o.Participants, o.Hosting = 2, workshop, 1 },
			who:  "seoul", partial: true, got: 1,
			reason: []string{"it has only 1 usable candidate at this event"},
			relax:  []string{"invite a member that offers what it needs"},
		},
		{
			name:  "PartlyServedPinAbsent",
			rules: []model.Rule{{Beneficiary: "palembang", Resource: "yokohama", Rule: model.Pin, Why: "agreed"}},
			opts: func(o *model.PairingParameters) {
				o.Partners, o.Participants = 2, []string{"palembang", "seoul"}
			},
			who: "palembang", partial: true, got: 1,
			reason: []string{"it has only 1 usable candidate at this event", "its pinned partner yokohama is not among the participants of this event"},
			relax:  []string{"inviting yokohama to the event would seat the pin, or remove it (c2c rule rm palembang yokohama)"},
		},
		{
			name:      "UnservedPinAbsent",
			rules:     []model.Rule{{Beneficiary: "palembang", Resource: "yokohama", Rule: model.Pin, Why: "agreed"}},
			opts:      func(o *model.PairingParameters) { o.Participants = []string{"palembang", "jakarta"} },
			who:       "palembang",
			reason:    []string{"its pinned partner yokohama is not among the participants of this event"},
			relax:     []string{"inviting yokohama", "allowing same-country pairs would add 1 candidate(s)"},
			notReason: []string{"no usable candidate", "none covers its needs"},
		},
		{
			name:   "UnservedFullAndPinAbsent",
			rules:  []model.Rule{{Beneficiary: "palembang", Resource: "yokohama", Rule: model.Pin, Why: "agreed"}},
			opts:   func(o *model.PairingParameters) { o.Participants, o.Hosting = []string{"palembang", "seoul"}, 0 },
			who:    "palembang",
			reason: []string{"all its candidates are full: seoul (0/0)", "its pinned partner yokohama is not among the participants of this event"},
			relax:  []string{"one more hosting place at seoul, or a larger default hosting, would serve it", "inviting yokohama to the event"},
		},
		{
			name:  "UnservedPinnedPartnerOffersNothing",
			rules: []model.Rule{{Beneficiary: "palembang", Resource: "newtown", Rule: model.Pin, Why: "agreed"}},
			doc: func(d *model.Document) {
				d.Cities = append(d.Cities, model.City{ID: "newtown", Name: "Newtown", Country: "JP",
					Challenges: []model.Challenge{{Topic: "public-transport", Text: "Buses are slow."}}})
			},
			opts:   func(o *model.PairingParameters) { o.Participants = []string{"palembang", "newtown", "jakarta"} },
			who:    "palembang",
			reason: []string{"its pinned partner newtown is at the event but offers nothing to host"},
			relax:  []string{"recording what newtown offers would seat the pin, or remove it (c2c rule rm palembang newtown)", "allowing same-country pairs"},
		},
		{
			name: "UnservedAllBlocked",
			rules: []model.Rule{
				{Beneficiary: "palembang", Resource: "seoul", Rule: model.Block, Why: "x"},
				{Beneficiary: "palembang", Resource: "mumbai", Rule: model.Block, Why: "x"},
			},
			opts:      func(o *model.PairingParameters) { o.Participants = []string{"palembang", "seoul", "mumbai"} },
			who:       "palembang",
			reason:    []string{"every candidate among the participants is blocked by the secretariat's rules: mumbai, seoul"},
			relax:     []string{"lifting a block (c2c rule rm palembang mumbai) would add a candidate"},
			notReason: []string{"none covers its needs"},
		},
		{
			name:   "UnservedBelowMinimumScore",
			opts:   func(o *model.PairingParameters) { o.MinScore = 0.99 },
			who:    "palembang",
			reason: []string{"allowed candidates score below the minimum score 0.99 (best 0."},
			relax:  []string{"a minimum score of 0."},
		},
		{
			name:      "UnservedNobodyCovers",
			opts:      func(o *model.PairingParameters) { o.Participants = []string{"palembang", "yokohama"} },
			who:       "yokohama",
			reason:    []string{"no allowed candidate among the participants"},
			relax:     []string{"invite a member that offers what it needs"},
			notReason: []string{"blocked", "pinned"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := fixtures.Sample()
			doc.Rules = tt.rules
			if tt.doc != nil {
				tt.doc(doc)
			}
			e := mustEngine(t, doc)
			o := match.DefaultPairingParameters()
			tt.opts(&o)
			pl := pair(t, e, o)
			var reason, relax string
			found := false
			for _, p := range pl.Partial {
				if p.Beneficiary == tt.who {
					found, reason, relax = true, p.Reason, p.Relax
					assert.Equal(t, tt.got, p.Partners)
					assert.Equal(t, o.Partners, p.Wanted)
				}
			}
			assert.Equal(t, tt.partial, found, "%s partly served", tt.who)
			for _, u := range pl.Unserved {
				if u.Beneficiary == tt.who {
					require.False(t, tt.partial, "%s is unserved: %s", tt.who, u.Reason)
					found, reason, relax = true, u.Reason, u.Relax
				}
			}
			require.True(t, found, "%s is reported", tt.who)
			for _, s := range tt.reason {
				assert.Contains(t, reason, s)
			}
			for _, s := range tt.relax {
				assert.Contains(t, relax, s)
			}
			for _, s := range tt.notReason {
				assert.NotContains(t, reason, s)
			}
			assert.NotContains(t, reason, "--", "the reason is in domain words; flags go in what would change it")
		})
	}
}

// TestPairCountsAddUp checks, on synthetic networks under tight hosting,
// that every beneficiary is fully served, partly served or unserved, once,
// and that the partly served got fewer than the partners wanted.
func TestPairCountsAddUp(t *testing.T) {
	for _, seed := range seeds {
		e := mustEngine(t, propertyDoc(t, 200, seed, nil))
		for _, partners := range []int{1, 2, 3} {
			for _, hosting := range []int{0, 1, 2, -1} {
				o := match.DefaultPairingParameters()
				o.Partners, o.Hosting, o.Candidates = partners, hosting, 20
				pl := pair(t, e, o)
				got := map[string]int{}
				for _, p := range pl.Pairs {
					got[p.Beneficiary]++
				}
				assert.Equal(t, pl.Beneficiaries, pl.FullyServed+len(pl.Partial)+len(pl.Unserved), "seed %d partners %d hosting %d", seed, partners, hosting)
				assert.Equal(t, pl.Served, pl.FullyServed+len(pl.Partial))
				assert.Equal(t, pl.Served, len(got))
				seen := map[string]bool{}
				for _, p := range pl.Partial {
					assert.False(t, seen[p.Beneficiary])
					seen[p.Beneficiary] = true
					assert.Less(t, p.Partners, partners)
					assert.GreaterOrEqual(t, p.Partners, 1)
					assert.Equal(t, got[p.Beneficiary], p.Partners)
					assert.Equal(t, partners, p.Wanted)
					assert.NotEmpty(t, p.Reason)
					assert.NotEmpty(t, p.Relax)
				}
				for _, u := range pl.Unserved {
					assert.False(t, seen[u.Beneficiary])
					seen[u.Beneficiary] = true
					assert.Zero(t, got[u.Beneficiary])
					assert.NotEmpty(t, u.Reason)
					assert.NotEmpty(t, u.Relax)
				}
				full := 0
				for b, n := range got {
					if !seen[b] {
						assert.GreaterOrEqual(t, n, partners, "%s is neither partial nor full", b)
						full++
					}
				}
				assert.Equal(t, pl.FullyServed, full)
			}
		}
	}
}

// TestPairClusterTables checks that every member sits at the table of the
// sector its pair met, and that tables are named in words.
func TestPairClusterTables(t *testing.T) {
	tests := []struct {
		name string
		doc  *model.Document
		opts func(*model.PairingParameters)
	}{
		{"Sample", fixtures.Sample(), func(*model.PairingParameters) {}},
		{"SamplePartners2", fixtures.Sample(), func(o *model.PairingParameters) { o.Partners = 2 }},
		{"Synthetic", propertyDoc(t, 300, 2, nil), func(o *model.PairingParameters) { o.Partners, o.Candidates = 2, 20 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEngine(t, tt.doc)
			o := match.DefaultPairingParameters()
			o.Clusters = true
			tt.opts(&o)
			pl := pair(t, e, o)
			require.NotEmpty(t, pl.Clusters)
			byID := map[string]model.Cluster{}
			for _, cl := range pl.Clusters {
				byID[cl.ID] = cl
				r, ok := e.City(cl.Resource)
				require.True(t, ok)
				assert.Equal(t, r.Name+": "+e.Taxonomy().SectorLabel(cl.Sector), cl.Name)
				assert.NotContains(t, cl.Name, cl.Sector+"/")
				for _, m := range cl.Members {
					assert.NotEmpty(t, m.Needs, "%s at %s", m.Beneficiary, cl.Name)
				}
			}
			for _, p := range pl.Pairs {
				tp, ok := e.Taxonomy().Lookup(p.Topic)
				if !ok {
					assert.Empty(t, p.Cluster, "a pair on words alone sits at no table")
					continue
				}
				cl, ok := byID[p.Cluster]
				require.True(t, ok, "%s–%s has a table", p.Beneficiary, p.Resource)
				assert.Equal(t, p.Resource, cl.Resource)
				assert.Equal(t, tp.Sector, cl.Sector, "%s sits at the table of the need its pair met", p.Beneficiary)
				assert.Equal(t, cl.Name, p.Table)
				n := 0
				for _, m := range cl.Members {
					if m.Beneficiary == p.Beneficiary {
						n++
					}
				}
				assert.Equal(t, 1, n)
			}
		})
	}
	// Kathmandu's pair with Makati meets disaster risk reduction first: it
	// sits at Makati's disaster table, not at its solid waste table.
	e := mustEngine(t, fixtures.Sample())
	o := match.DefaultPairingParameters()
	o.Clusters = true
	pl := pair(t, e, o)
	found := false
	for _, p := range pl.Pairs {
		if p.Beneficiary == "kathmandu" && p.Resource == "makati" {
			found = true
			assert.Equal(t, "makati/disaster", p.Cluster)
			assert.True(t, strings.HasPrefix(p.Table, "Makati: "), p.Table)
		}
	}
	require.True(t, found, "the sample pairs Kathmandu with Makati")
}
