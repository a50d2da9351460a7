package assign_test

import (
	"fmt"

	"github.com/c2cnet/c2c/match/assign"
	"github.com/c2cnet/c2c/model"
)

// Two beneficiaries want one partner each; Seoul can host one, Surabaya
// one. Palembang scores higher with Seoul, but Hanoi can only go to Seoul,
// so serving both sends Palembang to Surabaya; the score alone would
// not.
func ExampleSolve() {
	p := &assign.Problem{
		Beneficiaries: []assign.Beneficiary{{ID: "hanoi", Demand: 1}, {ID: "palembang", Demand: 1}},
		Resources:     []assign.Resource{{ID: "seoul", Capacity: 1}, {ID: "surabaya", Capacity: 1, Developing: true}},
		Arcs: []assign.Arc{
			{Beneficiary: 0, Resource: 0, Score: 0.30},
			{Beneficiary: 1, Resource: 0, Score: 0.45},
			{Beneficiary: 1, Resource: 1, Score: 0.10},
		},
	}
	sol, err := assign.Solve(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, pr := range sol.Pairs {
		fmt.Printf("%s → %s %.2f\n", p.Beneficiaries[pr.Beneficiary].ID, p.Resources[pr.Resource].ID, pr.Score)
	}
	fmt.Printf("served %d, total %.2f, load %v\n", sol.Served, sol.TotalScore, sol.Load)

	// Maximising the score alone leaves Hanoi out.
	p.Objective = model.MaxScore
	sol, _ = assign.Solve(p)
	fmt.Printf("%s: served %d, total %.2f, unserved %s (%s)\n", p.Objective, sol.Served, sol.TotalScore,
		p.Beneficiaries[sol.Unserved[0].Beneficiary].ID, sol.Unserved[0].Reason)
	// Output:
	// hanoi → seoul 0.30
	// palembang → surabaya 0.10
	// served 2, total 0.40, load [1 1]
	// score: served 1, total 0.45, unserved hanoi (candidates-full)
}

// Objectives read and write themselves by name, as parameters and stored
// runs carry them.
func ExampleObjective_UnmarshalText() {
	var o model.Objective
	fmt.Println(o.UnmarshalText([]byte("score")), o)
	b, _ := model.MaxServed.MarshalText()
	fmt.Println(string(b))
	fmt.Println(o.UnmarshalText([]byte("most")))
	// Output:
	// <nil> score
	// served
	// objective: unknown objective "most": expected served or score (served: serve the most beneficiaries, then the best total; score: the best total alone)
}
