package match_test

import (
	"fmt"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/text"
)

// ExampleEngine_Shortlist ranks resource cities for Palembang on the
// embedded sample network.
func ExampleEngine_Shortlist() {
	ref := fixtures.Reference()
	doc := fixtures.Sample()
	doc.Normalize(ref)
	e, err := match.NewEngine(doc, ref, text.NewInferrer(ref.Topics), 2026)
	if err != nil {
		panic(err)
	}
	sl, err := e.Shortlist("palembang", match.DefaultParameters())
	if err != nil {
		panic(err)
	}
	for _, c := range sl.Candidates {
		fmt.Printf("%d %-13s %-10s %.4f = need %.4f + ...\n", c.Rank, c.Name, c.Development, c.Score, c.Parts.Need.Contribution)
	}
	fmt.Println("quota met:", sl.Quota.Met)
	// Output:
	// 1 Seoul         developed  0.3425 = need 0.0818 + ...
	// 2 Penang Island developing 0.1817 = need 0.0327 + ...
	// 3 Mumbai        developing 0.1714 = need 0.0327 + ...
	// quota met: true
}

// The FA*IR table for a top 10 in which 40% should be developing cities, at
// significance 0.1: m[i-1] developing cities are needed among the first i.
func ExampleFairTable() {
	fmt.Println(match.FairTable(10, 0.4, 0.1))
	// Output:
	// [0 0 0 0 1 1 1 1 2 2]
}

// The quota table of a top 5 with a hard floor of 40% (2 of 5): the FA*IR
// table raised so that the last prefix holds the floor, and how many are
// required when only one developing candidate qualifies.
func ExampleQuotaTable() {
	table, required := match.QuotaTable(5, 0.4, 0.1, 10)
	fmt.Println(table, required)
	table, required = match.QuotaTable(5, 0.4, 0.1, 1)
	fmt.Println(table, required)
	// Output:
	// [0 0 0 1 2] 2
	// [0 0 0 1 1] 1
}
