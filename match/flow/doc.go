// Package flow solves exact minimum-cost flow problems on directed graphs
// with integer capacities and int64 costs.
//
// # Method
//
// The solver is successive shortest paths (SSP) with Johnson potentials
// (Ahuja, Magnanti & Orlin, "Network Flows", 1993, §9.7). One queue-based
// Bellman-Ford pass, O(V·E), computes feasible potentials when some residual
// arc has a negative cost; a residual negative-cost cycle is reported as
// ErrNegativeCycle. Every augmenting path is then a shortest path in reduced
// costs found by Dijkstra with a binary heap, stopped as soon as a target
// node is settled; the potentials of the settled nodes are updated with
// p(v) += min(d(v), d(target)), which keeps every reduced cost non-negative.
//
// With F the total flow sent, the running time is O(V·E + F·(E + V)·log V);
// in practice each search settles only the nodes closer than the target.
// Memory is O(V + E).
//
// Two entry points share the search:
//
//   - MinCostFlow sends flow from one source to one sink, either as much as
//     possible at minimum cost (MaxFlow) or only while the next shortest
//     path has a negative cost (MinCost), in both cases up to a limit.
//   - SolveSupplies meets node supplies and demands set with SetSupply,
//     augmenting from the lowest-numbered node with excess to the nearest
//     node with a deficit each time.
//
// # Determinism
//
// Arcs are scanned in the order they were added, the heap breaks distance
// ties by node index and excess nodes are served in index order, so the same
// graph built in the same order always yields the same flow.
package flow
