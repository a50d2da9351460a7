package flow_test

import (
	"fmt"

	"github.com/c2cnet/c2c/match/flow"
)

// Two resource cities can send 2 and 1 experts; two beneficiaries need 2
// and 1. Each arc costs what a visit costs; SolveSupplies sends every
// expert at the least total cost.
func ExampleGraph_SolveSupplies() {
	g := flow.New(4) // 0 Seoul, 1 Yokohama, 2 Hanoi, 3 Dhaka
	g.SetSupply(0, 2)
	g.SetSupply(1, 1)
	g.SetSupply(2, -2)
	g.SetSupply(3, -1)
	arcs := [][4]int64{{0, 2, 2, 4}, {0, 3, 2, 6}, {1, 2, 1, 3}, {1, 3, 1, 9}}
	for _, a := range arcs {
		g.AddArc(int(a[0]), int(a[1]), a[2], a[3])
	}
	res, err := g.SolveSupplies()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("routed %d at cost %d\n", res.Flow, res.Cost)
	for i, a := range arcs {
		if f := g.Flow(i); f > 0 {
			fmt.Printf("%d → %d: %d\n", a[0], a[1], f)
		}
	}
	// Output:
	// routed 3 at cost 13
	// 0 → 2: 1
	// 0 → 3: 1
	// 1 → 2: 1
}
