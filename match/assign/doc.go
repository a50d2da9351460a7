// Package assign pairs beneficiary cities with resource cities under
// capacities: each beneficiary wants a number of partners (its demand), each
// resource can host a number of beneficiaries (its capacity), and each
// allowed pair carries a score in (0,1]. Solve returns an exact optimum, not
// a greedy one, by reduction to min-cost flow (package match/flow).
//
// # Priorities
//
// The objective is lexicographic. With Objective model.MaxServed (the
// default), Solve maximises, in this order:
//
//  1. the number of served beneficiaries (those with at least one partner);
//  2. the developing-city guarantee: the sum over beneficiaries of
//     min(developing partners, MinDeveloping);
//  3. the total score of the pairs.
//
// With model.MaxScore the first level is dropped: the developing-city
// guarantee still comes before the score, and the score is maximised
// alone.
//
// Serving comes first because a beneficiary with no partner gets nothing from
// the round at all, while one with a developed-city partner still learns;
// the guarantee comes before the score because the network asks for
// developing-city partners even when a developed city scores a little higher
// (DESIGN.md, principle 1).
//
// # Network
//
// For each beneficiary b with u_b = Demand − pins units still to place:
//
//	b ──(cap 1, cost −M)──────────┐           (only if MaxServed and b has no pin)
//	b ──(cap u_b − 1, cost 0)─────┴─> hub_b ──(cap 1, cost −K·s)──> r  (other r)
//	hub_b ──(cap n_b, cost −D)──┐
//	hub_b ──(cap rest, cost 0)──┴─> dev_b ──(cap 1, cost −K·s)──> r  (developing r)
//	b ──(cap u_b, cost 0)──> t                 (units left unplaced)
//	r ──(cap capacity − pins, cost 0)──> t
//
// where n_b = MinDeveloping minus b's developing pins, s is the pair's score,
// K = ScoreScale, each score is rounded to a multiple of 1/K (and to at least
// 1/K, so that every allowed pair is worth taking), D = U·K + 1 and
// M = U'·D + U·K + 1, with U the most pairs any solution can add and U' the
// most developing units that can earn D. Node b supplies u_b units and t
// absorbs them all; every unit either reaches a resource or goes straight to
// t at no cost, so a minimum-cost flow is an optimum of the lexicographic
// objective: one more served beneficiary (−M) outweighs any change in the
// other two levels, one more guaranteed developing unit (−D) any change in
// the score. The network's constraint sets nest (laminar), so the optimum is
// integral. Problems so large that these constants would overflow int64 are
// rejected with an error.
//
// # Pins
//
// Pinned arcs are always in the solution. They count toward their
// beneficiary's demand (a beneficiary pinned beyond its demand keeps every
// pin and gets nothing more), toward the served count and the developing
// guarantee, and they use up the resource's capacity. Pins that exceed a
// resource's capacity, or the same pair pinned twice, are an error naming
// every offending pair.
//
// # Determinism
//
// Beneficiaries, resources and arcs are ordered by id before the network is
// built, so equal problems give identical solutions, and a problem whose
// slices are permuted gives the same pairs by id. Among optima of equal
// (scaled) value the flow solver's fixed scan order decides. Duplicate
// unpinned arcs for one pair are merged, keeping the higher score; a pair is
// used at most once.
//
// # Complexity
//
// With B beneficiaries, R resources, A arcs and F = Σ demand, building the
// network is O(A log A) and the flow is O(V·A + F·(A + V)·log V) with
// V = O(B + R), though each shortest-path search usually stops after a small
// neighbourhood of the beneficiary it starts from.
package assign
