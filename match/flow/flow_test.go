package flow_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/c2cnet/c2c/match/flow"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// arcSpec is one arc of a test network.
type arcSpec struct {
	from, to  int
	cap, cost int64
}

func build(nodes int, arcs []arcSpec) *flow.Graph {
	g := flow.New(nodes)
	for _, a := range arcs {
		g.AddArc(a.from, a.to, a.cap, a.cost)
	}
	return g
}

// checkFlow asserts that the arc flows of g respect the capacities, conserve
// flow at every node except those in net (which gives each such node's
// outflow minus inflow), and cost what want says.
func checkFlow(t *testing.T, g *flow.Graph, arcs []arcSpec, net map[int]int64, wantCost int64) {
	t.Helper()
	balance := make([]int64, g.Nodes())
	var cost int64
	for i, a := range arcs {
		f := g.Flow(i)
		require.GreaterOrEqual(t, f, int64(0), "arc %d", i)
		require.LessOrEqual(t, f, a.cap, "arc %d", i)
		balance[a.from] += f
		balance[a.to] -= f
		cost += f * a.cost
	}
	for v, b := range balance {
		assert.Equal(t, net[v], b, "balance of node %d", v)
	}
	assert.Equal(t, wantCost, cost, "cost of the arc flows")
}

// TestORToolsSimpleMinCostFlow is OR-Tools' simple_min_cost_flow_program
// (ALGORITHMS.md T11): optimal cost 150.
func TestORToolsSimpleMinCostFlow(t *testing.T) {
	from := []int{0, 0, 1, 1, 1, 2, 2, 3, 4}
	to := []int{1, 2, 2, 3, 4, 3, 4, 4, 2}
	caps := []int64{15, 8, 20, 4, 10, 15, 4, 20, 5}
	costs := []int64{4, 4, 2, 2, 6, 1, 3, 2, 3}
	supplies := []int64{20, 0, 0, -5, -15}
	arcs := make([]arcSpec, len(from))
	for i := range from {
		arcs[i] = arcSpec{from[i], to[i], caps[i], costs[i]}
	}

	t.Run("Supplies", func(t *testing.T) {
		g := build(5, arcs)
		for v, s := range supplies {
			g.SetSupply(v, s)
		}
		res, err := g.SolveSupplies()
		require.NoError(t, err)
		assert.Equal(t, int64(150), res.Cost)
		assert.Equal(t, int64(20), res.Flow)
		checkFlow(t, g, arcs, map[int]int64{0: 20, 3: -5, 4: -15}, 150)
		for v := range supplies {
			assert.Zero(t, g.Supply(v))
		}
	})

	t.Run("SuperSink", func(t *testing.T) {
		// The same problem as source 0 to a super sink 5 fed by the demands.
		g := build(6, append(append([]arcSpec{}, arcs...), arcSpec{3, 5, 5, 0}, arcSpec{4, 5, 15, 0}))
		res, err := g.MinCostFlow(0, 5, flow.Unlimited, flow.MaxFlow)
		require.NoError(t, err)
		assert.Equal(t, flow.Result{Flow: 20, Cost: 150, Paths: res.Paths}, res)
	})
}

// TestGonumMaxFlowCases are gonum's maximum_flow_test.go networks
// (ALGORITHMS.md T16), solved as min-cost max-flow with zero costs.
func TestGonumMaxFlowCases(t *testing.T) {
	tests := []struct {
		name         string
		nodes        int
		arcs         []arcSpec
		source, sink int
		want         int64
	}{
		{"three_disjoint_paths", 5, []arcSpec{{0, 1, 1, 0}, {1, 4, 1, 0}, {0, 2, 1, 0}, {2, 4, 1, 0}, {0, 3, 1, 0}, {3, 4, 1, 0}}, 0, 4, 3},
		{"three_disjoint_paths_parallel", 5, []arcSpec{{0, 1, 1, 0}, {1, 0, 1, 0}, {1, 4, 1, 0}, {0, 2, 1, 0}, {2, 0, 1, 0}, {2, 4, 1, 0}, {0, 3, 1, 0}, {3, 0, 1, 0}, {3, 4, 1, 0}}, 0, 4, 3},
		{"diamond_with_cross", 4, []arcSpec{{0, 1, 10, 0}, {0, 2, 10, 0}, {1, 2, 5, 0}, {1, 3, 10, 0}, {2, 3, 10, 0}}, 0, 3, 20},
		{"diamond_with_cross_to_2", 4, []arcSpec{{0, 1, 10, 0}, {0, 2, 10, 0}, {1, 2, 5, 0}, {1, 3, 10, 0}, {2, 3, 10, 0}}, 0, 2, 15},
		{"disconnected", 7, []arcSpec{{0, 1, 10, 0}, {1, 2, 5, 0}, {2, 3, 7, 0}, {4, 5, 11, 0}, {5, 6, 10, 0}}, 0, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := build(tt.nodes, tt.arcs)
			res, err := g.MinCostFlow(tt.source, tt.sink, flow.Unlimited, flow.MaxFlow)
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Flow)
			checkFlow(t, g, tt.arcs, map[int]int64{tt.source: tt.want, tt.sink: -tt.want}, 0)
		})
	}
}

func TestMinCostFlowCases(t *testing.T) {
	tests := []struct {
		name         string
		nodes        int
		arcs         []arcSpec
		limit        int64
		mode         flow.Mode
		wantFlow     int64
		wantCost     int64
		wantErr      error
		source, sink int
	}{
		{
			name:  "cheap path first",
			nodes: 4, arcs: []arcSpec{{0, 1, 2, 1}, {0, 2, 2, 5}, {1, 3, 2, 1}, {2, 3, 2, 1}},
			limit: flow.Unlimited, mode: flow.MaxFlow, wantFlow: 4, wantCost: 2*2 + 2*6, sink: 3,
		},
		{
			name:  "limit",
			nodes: 4, arcs: []arcSpec{{0, 1, 2, 1}, {0, 2, 2, 5}, {1, 3, 2, 1}, {2, 3, 2, 1}},
			limit: 3, mode: flow.MaxFlow, wantFlow: 3, wantCost: 2*2 + 6, sink: 3,
		},
		{
			name:  "zero limit",
			nodes: 2, arcs: []arcSpec{{0, 1, 2, -1}},
			limit: 0, mode: flow.MaxFlow, wantFlow: 0, wantCost: 0, sink: 1,
		},
		{
			name:  "negative costs, max flow",
			nodes: 4, arcs: []arcSpec{{0, 1, 1, -5}, {0, 2, 1, 2}, {1, 3, 1, 0}, {2, 3, 1, 0}},
			limit: flow.Unlimited, mode: flow.MaxFlow, wantFlow: 2, wantCost: -3, sink: 3,
		},
		{
			name:  "negative costs, min cost stops at the first non-negative path",
			nodes: 4, arcs: []arcSpec{{0, 1, 1, -5}, {0, 2, 1, 2}, {1, 3, 1, 0}, {2, 3, 1, 0}},
			limit: flow.Unlimited, mode: flow.MinCost, wantFlow: 1, wantCost: -5, sink: 3,
		},
		{
			name:  "min cost sends nothing when every path costs something",
			nodes: 2, arcs: []arcSpec{{0, 1, 3, 0}},
			limit: flow.Unlimited, mode: flow.MinCost, wantFlow: 0, wantCost: 0, sink: 1,
		},
		{
			name:  "negative cost needs a reroute",
			nodes: 4,
			// The shortest first path 0-1-2-3 blocks the second; the optimum
			// of value 2 uses 0-1-3 and 0-2-3.
			arcs:  []arcSpec{{0, 1, 1, 1}, {0, 2, 1, 4}, {1, 2, 1, -3}, {1, 3, 1, 5}, {2, 3, 1, 1}},
			limit: flow.Unlimited, mode: flow.MaxFlow, wantFlow: 2, wantCost: 1 + 5 + 4 + 1, sink: 3,
		},
		{
			name:  "zero capacities",
			nodes: 3, arcs: []arcSpec{{0, 1, 0, -10}, {1, 2, 5, 0}, {0, 2, 0, 1}},
			limit: flow.Unlimited, mode: flow.MaxFlow, wantFlow: 0, wantCost: 0, sink: 2,
		},
		{
			name:  "parallel arcs",
			nodes: 2, arcs: []arcSpec{{0, 1, 1, 7}, {0, 1, 2, 3}, {0, 1, 1, -1}},
			limit: flow.Unlimited, mode: flow.MaxFlow, wantFlow: 4, wantCost: -1 + 6 + 7, sink: 1,
		},
		{
			name:  "disconnected sink",
			nodes: 4, arcs: []arcSpec{{0, 1, 4, 1}, {2, 3, 4, 1}},
			limit: flow.Unlimited, mode: flow.MaxFlow, wantFlow: 0, wantCost: 0, sink: 3,
		},
		{
			name:  "self-loop with positive cost is ignored",
			nodes: 2, arcs: []arcSpec{{0, 0, 4, 1}, {0, 1, 1, 2}},
			limit: flow.Unlimited, mode: flow.MaxFlow, wantFlow: 1, wantCost: 2, sink: 1,
		},
		{
			name:  "negative cycle",
			nodes: 4, arcs: []arcSpec{{0, 1, 1, 1}, {1, 2, 1, -2}, {2, 1, 1, 1}, {2, 3, 1, 0}},
			limit: flow.Unlimited, mode: flow.MaxFlow, wantErr: flow.ErrNegativeCycle, sink: 3,
		},
		{
			name:  "negative cycle unreachable from the source",
			nodes: 4, arcs: []arcSpec{{0, 3, 1, 1}, {1, 2, 1, -2}, {2, 1, 1, 1}},
			limit: flow.Unlimited, mode: flow.MaxFlow, wantErr: flow.ErrNegativeCycle, sink: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := build(tt.nodes, tt.arcs)
			res, err := g.MinCostFlow(tt.source, tt.sink, tt.limit, tt.mode)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				for i := range tt.arcs {
					assert.Zero(t, g.Flow(i))
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantFlow, res.Flow)
			assert.Equal(t, tt.wantCost, res.Cost)
			checkFlow(t, g, tt.arcs, map[int]int64{tt.source: tt.wantFlow, tt.sink: -tt.wantFlow}, tt.wantCost)
		})
	}
}

func TestMinCostFlowResumes(t *testing.T) {
	// Two calls with limits 1 and 2 end where one call with limit 3 does.
	arcs := []arcSpec{{0, 1, 2, 1}, {0, 2, 2, 5}, {1, 3, 2, 1}, {2, 3, 2, 1}, {1, 2, 1, -4}}
	g := build(4, arcs)
	r1, err := g.MinCostFlow(0, 3, 1, flow.MaxFlow)
	require.NoError(t, err)
	r2, err := g.MinCostFlow(0, 3, 2, flow.MaxFlow)
	require.NoError(t, err)
	h := build(4, arcs)
	r3, err := h.MinCostFlow(0, 3, 3, flow.MaxFlow)
	require.NoError(t, err)
	assert.Equal(t, r3.Flow, r1.Flow+r2.Flow)
	assert.Equal(t, r3.Cost, r1.Cost+r2.Cost)
}

func TestSolveSuppliesErrors(t *testing.T) {
	t.Run("ErrUnbalanced", func(t *testing.T) {
		g := build(2, []arcSpec{{0, 1, 5, 1}})
		g.SetSupply(0, 2)
		g.SetSupply(1, -1)
		_, err := g.SolveSupplies()
		require.ErrorIs(t, err, flow.ErrUnbalanced)
	})
	t.Run("ErrInfeasible", func(t *testing.T) {
		g := build(3, []arcSpec{{0, 1, 1, 1}, {2, 1, 5, 1}})
		g.SetSupply(0, 2)
		g.SetSupply(1, -2)
		res, err := g.SolveSupplies()
		require.ErrorIs(t, err, flow.ErrInfeasible)
		assert.Equal(t, int64(1), res.Flow)
		assert.Equal(t, int64(1), g.Supply(0))
	})
	t.Run("ErrNegativeCycle", func(t *testing.T) {
		g := build(2, []arcSpec{{0, 1, 1, -1}, {1, 0, 1, -1}})
		_, err := g.SolveSupplies()
		require.ErrorIs(t, err, flow.ErrNegativeCycle)
	})
}

func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		fn   func()
		msg  string
	}{
		{"negative nodes", func() { flow.New(-1) }, "flow: negative node count"},
		{"node out of range", func() { flow.New(2).AddArc(0, 2, 1, 0) }, "flow: node 2 out of range [0,2)"},
		{"negative capacity", func() { flow.New(2).AddArc(0, 1, -1, 0) }, "flow: negative capacity -1"},
		{"arc out of range", func() { flow.New(2).Flow(0) }, "flow: arc 0 out of range [0,0)"},
		{"source is sink", func() { _, _ = flow.New(2).MinCostFlow(1, 1, 1, flow.MaxFlow) }, "flow: source equals sink"},
		{"negative limit", func() { _, _ = flow.New(2).MinCostFlow(0, 1, -1, flow.MaxFlow) }, "flow: negative limit"},
		{"unknown mode", func() { _, _ = flow.New(2).MinCostFlow(0, 1, 1, flow.Mode(7)) }, "flow: unknown mode 7"},
		{"negative growth", func() { flow.New(2).Grow(1, -1) }, "flow: negative count to grow by"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tt.msg, tt.fn)
		})
	}
}

func TestAddNode(t *testing.T) {
	g := flow.New(1)
	v := g.AddNode()
	assert.Equal(t, 1, v)
	assert.Equal(t, 2, g.Nodes())
	a := g.AddArc(0, v, 3, 2)
	assert.Equal(t, 0, a)
	assert.Equal(t, 1, g.Arcs())
	assert.Equal(t, int64(3), g.Capacity(a))
	res, err := g.MinCostFlow(0, v, flow.Unlimited, flow.MaxFlow)
	require.NoError(t, err)
	assert.Equal(t, flow.Result{Flow: 3, Cost: 6, Paths: 1}, res)
}

// TestGrow checks that a network grown to its size takes its nodes and arcs
// without allocating, and solves as the same network built without Grow.
func TestGrow(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	const n, m = 40, 300
	arcs := randomNetwork(rng, n, m, 5, -3, 9, true)
	build := func(g *flow.Graph) {
		for g.Nodes() < n {
			g.AddNode()
		}
		for _, a := range arcs {
			g.AddArc(a.from, a.to, a.cap, a.cost)
		}
	}
	// Averaged over many runs (as testing.AllocsPerRun does), so that an
	// allocation by another goroutine of the test binary (the race
	// detector's, the runtime's) does not count.
	grow := func() *flow.Graph {
		g := flow.New(1)
		g.Grow(n-1, m)
		return g
	}
	empty := testing.AllocsPerRun(50, func() { grow() })
	full := testing.AllocsPerRun(50, func() { build(grow()) })
	assert.Equal(t, empty, full, "a grown network allocates no more")
	assert.Greater(t, testing.AllocsPerRun(50, func() { build(flow.New(1)) }), full, "an ungrown one does")
	grown := grow()
	build(grown)
	plain := flow.New(1)
	build(plain)
	want, err := plain.MinCostFlow(0, n-1, flow.Unlimited, flow.MaxFlow)
	require.NoError(t, err)
	got, err := grown.MinCostFlow(0, n-1, flow.Unlimited, flow.MaxFlow)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	for i := 0; i < m; i++ {
		assert.Equal(t, plain.Flow(i), grown.Flow(i), "arc %d", i)
	}
}

// randomNetwork returns a random network on n nodes with m arcs.
func randomNetwork(rng *rand.Rand, n, m int, maxCap int64, minCost, maxCost int64, dag bool) []arcSpec {
	arcs := make([]arcSpec, m)
	for i := range arcs {
		u, v := rng.IntN(n), rng.IntN(n)
		if dag {
			for u == v {
				u, v = rng.IntN(n), rng.IntN(n)
			}
			u, v = min(u, v), max(u, v)
		}
		arcs[i] = arcSpec{u, v, rng.Int64N(maxCap + 1), minCost + rng.Int64N(maxCost-minCost+1)}
	}
	return arcs
}

// bruteForce enumerates every integer flow on arcs and returns, per value
// sent from s to t (index = value), the least cost of a flow of that value;
// math.MaxInt64 marks values no flow has.
func bruteForce(n int, arcs []arcSpec, s, t int) []int64 {
	var total int64
	for _, a := range arcs {
		if a.from == s {
			total += a.cap
		}
	}
	best := make([]int64, total+1)
	for i := range best {
		best[i] = math.MaxInt64
	}
	f := make([]int64, len(arcs))
	bal := make([]int64, n)
	var rec func(i int, cost int64)
	rec = func(i int, cost int64) {
		if i == len(arcs) {
			for v, b := range bal {
				if v != s && v != t && b != 0 {
					return
				}
			}
			val := bal[s]
			if val < 0 || val != -bal[t] {
				return
			}
			best[val] = min(best[val], cost)
			return
		}
		a := arcs[i]
		for x := int64(0); x <= a.cap; x++ {
			f[i] = x
			bal[a.from] += x
			bal[a.to] -= x
			rec(i+1, cost+x*a.cost)
			bal[a.from] -= x
			bal[a.to] += x
		}
	}
	rec(0, 0)
	return best
}

func TestMinCostFlowBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 17))
	negCycles := 0
	for trial := range 400 {
		n := 2 + rng.IntN(4)
		m := 1 + rng.IntN(7)
		arcs := randomNetwork(rng, n, m, 2, -4, 6, false)
		s, tt := 0, n-1
		best := bruteForce(n, arcs, s, tt)
		maxVal := int64(-1)
		for v, c := range best {
			if c != math.MaxInt64 {
				maxVal = int64(v)
			}
		}
		limit := rng.Int64N(4)
		for _, mode := range []flow.Mode{flow.MaxFlow, flow.MinCost} {
			for _, lim := range []int64{flow.Unlimited, limit} {
				name := fmt.Sprintf("trial%d/mode%d/limit%d", trial, mode, lim)
				g := build(n, arcs)
				res, err := g.MinCostFlow(s, tt, lim, mode)
				if best[0] < 0 {
					// A circulation of negative cost is a negative cycle.
					require.ErrorIs(t, err, flow.ErrNegativeCycle, name)
					negCycles++
					continue
				}
				require.NoError(t, err, name)
				var wantVal int64
				switch mode {
				case flow.MaxFlow:
					wantVal = min(maxVal, lim)
				case flow.MinCost:
					// The cheapest value within the limit, the smallest on ties.
					for v := int64(1); v <= min(maxVal, lim); v++ {
						if best[v] < best[wantVal] {
							wantVal = v
						}
					}
				}
				require.Equal(t, wantVal, res.Flow, name)
				require.Equal(t, best[wantVal], res.Cost, name)
				checkFlow(t, g, arcs, map[int]int64{s: wantVal, tt: -wantVal}, res.Cost)
			}
		}
	}
	assert.Positive(t, negCycles, "the generator should produce some negative cycles")
}

// lpMinCost solves min Σ cost·f subject to conservation with the given
// supplies and 0 ≤ f ≤ cap with gonum's simplex.
func lpMinCost(t *testing.T, n int, arcs []arcSpec, supply []int64) float64 {
	t.Helper()
	// One conservation row per node, except one node per weakly connected
	// component, whose row the others imply (gonum needs full row rank).
	comp := make([]int, n)
	for v := range comp {
		comp[v] = v
	}
	var find func(int) int
	find = func(v int) int {
		if comp[v] != v {
			comp[v] = find(comp[v])
		}
		return comp[v]
	}
	for _, a := range arcs {
		if ru, rv := find(a.from), find(a.to); ru != rv {
			comp[max(ru, rv)] = min(ru, rv)
		}
	}
	row := make([]int, n)
	rows := 0
	for v := range n {
		row[v] = -1
		if find(v) != v { // the component's lowest node carries no row
			row[v] = rows
			rows++
		}
	}
	m := len(arcs)
	A := mat.NewDense(rows+m, 2*m, nil)
	b := make([]float64, rows+m)
	c := make([]float64, 2*m)
	for i, a := range arcs {
		c[i] = float64(a.cost)
		if r := row[a.from]; r >= 0 {
			A.Set(r, i, A.At(r, i)+1)
		}
		if r := row[a.to]; r >= 0 {
			A.Set(r, i, A.At(r, i)-1)
		}
		A.Set(rows+i, i, 1)
		A.Set(rows+i, m+i, 1)
		b[rows+i] = float64(a.cap)
	}
	for v := range n {
		if row[v] >= 0 {
			b[row[v]] = float64(supply[v])
		}
	}
	opt, _, err := lp.Simplex(c, A, b, 1e-10, nil)
	require.NoError(t, err)
	return opt
}

func TestSolveSuppliesAgainstLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for trial := range 60 {
		n := 4 + rng.IntN(6)
		m := n + rng.IntN(3*n)
		// A DAG (arcs from lower to higher index) may have negative costs
		// without negative cycles.
		arcs := randomNetwork(rng, n, m, 6, -5, 10, true)
		// Supplies from a random feasible flow, so the problem is feasible.
		supply := make([]int64, n)
		for _, a := range arcs {
			x := rng.Int64N(a.cap + 1)
			supply[a.from] += x
			supply[a.to] -= x
		}
		g := build(n, arcs)
		net := map[int]int64{}
		for v, s := range supply {
			g.SetSupply(v, s)
			net[v] = s
		}
		res, err := g.SolveSupplies()
		require.NoError(t, err, "trial %d", trial)
		want := lpMinCost(t, n, arcs, supply)
		assert.InDelta(t, want, float64(res.Cost), 1e-6, "trial %d", trial)
		checkFlow(t, g, arcs, net, res.Cost)
	}
}

func TestMaxFlowAgainstGonumDinic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 100 {
		n := 3 + rng.IntN(8)
		arcs := randomNetwork(rng, n, 2*n+rng.IntN(2*n), 9, 0, 5, false)
		// gonum's simple graphs keep one edge per ordered pair, without
		// self-loops: merge parallel arcs (summing capacities) for it.
		caps := map[[2]int]int64{}
		for _, a := range arcs {
			if a.from != a.to {
				caps[[2]int{a.from, a.to}] += a.cap
			}
		}
		wg := simple.NewWeightedDirectedGraph(0, 0)
		for v := range n {
			wg.AddNode(simple.Node(v))
		}
		for k, c := range caps {
			if c > 0 {
				wg.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(k[0]), T: simple.Node(k[1]), W: float64(c)})
			}
		}
		want := network.MaxFlowDinic(wg, simple.Node(0), simple.Node(n-1), 0)
		g := build(n, arcs)
		res, err := g.MinCostFlow(0, n-1, flow.Unlimited, flow.MaxFlow)
		require.NoError(t, err)
		assert.InDelta(t, want, float64(res.Flow), 1e-9, "trial %d", trial)
		// Min cost at that value agrees with the LP.
		supply := make([]int64, n)
		supply[0], supply[n-1] = res.Flow, -res.Flow
		assert.InDelta(t, lpMinCost(t, n, arcs, supply), float64(res.Cost), 1e-6, "trial %d", trial)
	}
}

func TestDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	arcs := randomNetwork(rng, 30, 200, 3, 0, 4, false)
	var first []int64
	for range 5 {
		g := build(30, arcs)
		_, err := g.MinCostFlow(0, 29, flow.Unlimited, flow.MaxFlow)
		require.NoError(t, err)
		flows := make([]int64, len(arcs))
		for i := range arcs {
			flows[i] = g.Flow(i)
		}
		if first == nil {
			first = flows
			continue
		}
		assert.Equal(t, first, flows)
	}
}

// bipartite builds source 0, n left nodes, n right nodes and sink 2n+1 with
// every left–right arc, unit capacities and random costs.
func bipartite(n int, seed uint64) (*flow.Graph, int, int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	g := flow.New(2*n + 2)
	s, t := 0, 2*n+1
	for i := range n {
		g.AddArc(s, 1+i, 1, 0)
		g.AddArc(1+n+i, t, 1, 0)
	}
	for i := range n {
		for j := range n {
			g.AddArc(1+i, 1+n+j, 1, -rng.Int64N(1_000_000))
		}
	}
	return g, s, t
}

func BenchmarkMinCostFlowAssignment(b *testing.B) {
	for _, n := range []int{50, 200} {
		b.Run(fmt.Sprintf("%dx%d", n, n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g, s, t := bipartite(n, 1)
				if _, err := g.MinCostFlow(s, t, flow.Unlimited, flow.MaxFlow); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSolveSuppliesGrid(b *testing.B) {
	// A 60×60 grid with random costs, one corner supplying the other.
	const side = 60
	rng := rand.New(rand.NewPCG(2, 2))
	var arcs []arcSpec
	id := func(r, c int) int { return r*side + c }
	for r := range side {
		for c := range side {
			if c+1 < side {
				arcs = append(arcs, arcSpec{id(r, c), id(r, c+1), 3 + rng.Int64N(5), rng.Int64N(100)})
			}
			if r+1 < side {
				arcs = append(arcs, arcSpec{id(r, c), id(r+1, c), 3 + rng.Int64N(5), rng.Int64N(100)})
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		g := build(side*side, arcs)
		g.SetSupply(0, 5)
		g.SetSupply(side*side-1, -5)
		if _, err := g.SolveSupplies(); err != nil {
			b.Fatal(err)
		}
	}
}
