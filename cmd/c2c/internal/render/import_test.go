package render

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

func TestMemberLoss(t *testing.T) {
	tests := []struct {
		name string
		mc   store.MemberChange
		want string
	}{
		{"None", store.MemberChange{City: "a"}, ""},
		{"Shrunk", store.MemberChange{Shrunk: []store.ListChange{{List: "challenges", Before: 4, After: 0}, {List: "capacities", Before: 2, After: 1}}},
			"challenges 4 → 0, capacities 2 → 1"},
		{"Lost", store.MemberChange{Lost: []string{"location", "hosting"}}, "location, hosting left out"},
		{"Both", store.MemberChange{Shrunk: []store.ListChange{{List: "languages", Before: 2, After: 1}}, Lost: []string{"location"}},
			"languages 2 → 1; location left out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, MemberLoss(tt.mc)) })
	}
}

func TestImportSummary(t *testing.T) {
	res := store.ImportResult{Added: 1, Replaced: 2, Removed: 3, Exchanges: 4, Rules: 1, RemovedExchanges: 5, RemovedRules: 6}
	tests := []struct {
		name string
		opts store.ImportOptions
		want string
	}{
		{"OK", store.ImportOptions{}, "imported 2 inputs: 1 member added, 2 members replaced, 4 exchanges, 1 rule"},
		{"DryRun", store.ImportOptions{DryRun: true}, "would have imported 2 inputs: 1 member added, 2 members replaced, 4 exchanges, 1 rule"},
		{"Replace", store.ImportOptions{Replace: true},
			"replaced the database with 2 inputs: 1 member added, 2 members replaced, 3 members removed, 4 exchanges, 1 rule (5 exchanges and 6 rules removed)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, ImportSummary(2, tt.opts, res)) })
	}
}

func TestImportPlan(t *testing.T) {
	res := store.ImportResult{Added: 1, Replaced: 1, Members: []store.MemberChange{
		{City: "hanoi", Change: "replaced", Shrunk: []store.ListChange{{List: "challenges", Before: 4, After: 0}}},
		{City: "seoul", Change: "added"},
	}}
	want := "would have imported 1 input: 1 member added, 1 member replaced, 0 exchanges, 0 rules\n" +
		"  replaced  hanoi: challenges 4 → 0\n" +
		"  added     seoul\n" +
		"nothing was changed (--dry-run)\n"
	assert.Equal(t, want, ImportPlan(1, store.ImportOptions{DryRun: true}, res))
}

func TestUnplacedWarnings(t *testing.T) {
	doc := &model.Document{Cities: []model.City{{ID: "a", Challenges: []model.Challenge{
		{Topic: "transport", Text: "no"},
		{Text: "buses"},
		{Text: "flooding of the river destroys homes every monsoon season"},
		{Text: "xyzzy plugh frobnicate quux"},
	}}}}
	got := UnplacedWarnings(fixtures.Taxonomy(), []*store.Input{{File: "a.json", Doc: doc}})
	assert.Equal(t, []string{
		`a.json: city a: challenges[1] "buses" has only 1 content word to match on: say more about the problem`,
		`a.json: city a: challenges[3] "xyzzy plugh frobnicate quux" is on no topic of the taxonomy: it is matched on its words alone, and counts in no sector`,
	}, got)
}

func TestLossNotes(t *testing.T) {
	shrunk := func(city string) store.MemberChange {
		return store.MemberChange{City: city, Change: store.MemberReplaced, Shrunk: []store.ListChange{{List: "languages", Before: 1}}}
	}
	many := store.ImportResult{}
	for i := range MaxLossNotes + 2 {
		many.Members = append(many.Members, shrunk(fmt.Sprintf("city%02d", i)))
	}
	tests := []struct {
		name string
		res  store.ImportResult
		want []string
	}{
		{"None", store.ImportResult{Members: []store.MemberChange{{City: "seoul", Change: store.MemberAdded}, {City: "hanoi", Change: store.MemberReplaced}}}, nil},
		{"One", store.ImportResult{Members: []store.MemberChange{{City: "seoul", Change: store.MemberAdded}, shrunk("hanoi")}},
			[]string{"hanoi replaced whole: languages 1 → 0 (c2c import --dry-run shows this before importing)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, LossNotes(tt.res)) })
	}
	t.Run("Many", func(t *testing.T) {
		notes := LossNotes(many)
		assert.Len(t, notes, MaxLossNotes+1)
		assert.Equal(t, "city19 replaced whole: languages 1 → 0 (c2c import --dry-run shows this before importing)", notes[MaxLossNotes-1])
		assert.Equal(t, "and 2 more members replaced whole with shorter lists (c2c import --dry-run lists them all)", notes[MaxLossNotes])
	})
}

func TestRemoval(t *testing.T) {
	removed := func(n int) []store.MemberChange {
		var ms []store.MemberChange
		for i := range n {
			ms = append(ms, store.MemberChange{City: fmt.Sprintf("c%02d", i), Change: store.MemberRemoved})
		}
		return ms
	}
	tests := []struct {
		name string
		plan store.ImportResult
		want string
	}{
		{"One", store.ImportResult{Members: removed(1)}, "1 member (c00)"},
		{"Ten", store.ImportResult{Members: removed(10)}, "10 members (c00, c01, c02, c03, c04, c05, c06, c07, c08, c09)"},
		{"More", store.ImportResult{Members: removed(12)}, "12 members (c00, c01, c02, c03, c04, c05, c06, c07, c08, c09 and 2 more)"},
		{"WithHistory", store.ImportResult{Members: removed(2), RemovedExchanges: 3}, "2 members (c00, c01), 3 exchanges and 0 rules"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, Removal(tt.plan)) })
	}
}
