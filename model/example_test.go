package model_test

import (
	"encoding/json"
	"fmt"

	"github.com/c2cnet/c2c/model"
)

// Weights are indexed by part; their JSON is an object keyed by part name,
// in PartNames order, and Normalized scales them to sum to 1.
func ExampleWeights() {
	w := model.Weights{model.PartNeed: 2, model.PartText: 2}
	w[model.PartContext] = 1
	raw, _ := json.Marshal(w)
	fmt.Println(string(raw))
	n, _ := w.Normalized()
	fmt.Println(n)
	for i, v := range n {
		if v > 0.3 {
			fmt.Println(model.PartID(i), "weighs", v)
		}
	}
	// Output:
	// {"need":2,"reciprocity":0,"context":1,"evidence":0,"feasibility":0,"history":0,"text":2}
	// need=0.4,reciprocity=0,context=0.2,evidence=0,feasibility=0,history=0,text=0.4
	// need weighs 0.4
	// text weighs 0.4
}

// Weights as a user writes them, on the command line or in a file: parts
// not named keep their base weight; Validate (or Normalized) scales them
// to sum to 1.
func ExampleParseWeights() {
	base := model.Weights{0.15, 0.10, 0.15, 0.10, 0.05, 0.05, 0.40}
	w, err := model.ParseWeights("text=0.6, need=0.2", base, "--weights")
	if err != nil {
		fmt.Println(err)
		return
	}
	n, _ := w.Normalized()
	fmt.Printf("text %.2f need %.2f context %.2f → normalised text %.4f\n", w[model.PartText], w[model.PartNeed], w[model.PartContext], n[model.PartText])

	_, err = model.ParseWeights("txet=0.6", base, "--weights")
	fmt.Println(err)
	// Output:
	// text 0.60 need 0.20 context 0.15 → normalised text 0.4800
	// --weights: txet: unknown part "txet": expected one of need, reciprocity, context, evidence, feasibility, history, text
}
