package match

import "github.com/c2cnet/c2c/model"

// DefaultWeights are the weights used unless the user sets others: need
// dominates, because a partner that cannot help is no partner; context and
// evidence say whether the help will transfer; reciprocity, feasibility and
// history refine; text, the words of the profiles meeting, weighs most.
// They sum to 1.
var DefaultWeights = model.Weights{
	model.PartNeed:        0.15,
	model.PartReciprocity: 0.10,
	model.PartContext:     0.15,
	model.PartEvidence:    0.10,
	model.PartFeasibility: 0.05,
	model.PartHistory:     0.05,
	model.PartText:        0.40,
}
