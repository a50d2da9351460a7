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
	// 3 Mumbai        developing 0.1803 = need 0.0327 + ...
	// quota met: true
}
