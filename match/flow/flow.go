package flow

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Unlimited is the limit that lets MinCostFlow send as much flow as the
// network carries.
const Unlimited int64 = math.MaxInt64

// Mode is the stopping rule of MinCostFlow.
type Mode int

const (
	// MaxFlow sends as much flow as possible (up to the limit) and, among
	// the flows of that value, one of minimum cost.
	MaxFlow Mode = iota
	// MinCost sends flow only while the next shortest augmenting path has a
	// negative cost, which yields a flow of minimum cost over all values up
	// to the limit (the smallest such value when several tie).
	MinCost
)

// ErrNegativeCycle reports that the residual network holds a cycle of
// negative cost, which successive shortest paths cannot handle.
var ErrNegativeCycle = errors.New("flow: residual network has a negative-cost cycle")

// ErrInfeasible reports that SolveSupplies could not route every supply to a
// demand.
var ErrInfeasible = errors.New("flow: supplies cannot be routed to demands")

// ErrUnbalanced reports that the supplies passed to SetSupply do not sum to
// zero.
var ErrUnbalanced = errors.New("flow: supplies and demands do not sum to zero")

// Result is the outcome of one call of MinCostFlow or SolveSupplies.
type Result struct {
	Flow  int64 // units sent from source to sink (SolveSupplies: units routed)
	Cost  int64 // cost of the flow sent by this call
	Paths int   // augmenting paths used
}

// Graph is a flow network. Nodes are numbered 0..Nodes()-1. Each arc added
// with AddArc is stored with its residual twin: arc i is residual arc 2i,
// its reverse 2i+1.
type Graph struct {
	nodes  int
	to     []int32 // head of each residual arc
	resid  []int64 // residual capacity of each residual arc
	cost   []int64 // cost of each residual arc (the twin has the negation)
	capac  []int64 // capacity of each added arc
	supply []int64 // supply (> 0) or demand (< 0) per node

	// Search state, reused between augmentations.
	start  []int32 // CSR offsets into adj, len nodes+1; nil when stale
	adj    []int32 // residual arcs grouped by tail, in arc order
	pot    []int64 // Johnson potentials
	dist   []int64
	parent []int32 // residual arc into each node on the search tree
	stamp  []int32 // search number in which dist was last written
	done   []int32 // search number in which the node was settled
	epoch  int32
	heap   distHeap
	seen   []int32 // nodes settled by the current search
}

// New returns an empty network with the given number of nodes. It panics if
// nodes is negative.
func New(nodes int) *Graph {
	if nodes < 0 {
		panic("flow: negative node count")
	}
	return &Graph{nodes: nodes, supply: make([]int64, nodes)}
}

// Grow reserves room for at least nodes more nodes and arcs more arcs, so
// that adding them allocates nothing: a caller that knows the size of its
// network saves the copies of growing slices (about half the memory a
// network of a million arcs would otherwise take at its peak). It panics
// if either count is negative.
func (g *Graph) Grow(nodes, arcs int) {
	if nodes < 0 || arcs < 0 {
		panic("flow: negative count to grow by")
	}
	g.supply = slices.Grow(g.supply, nodes)
	g.to = slices.Grow(g.to, 2*arcs)
	g.resid = slices.Grow(g.resid, 2*arcs)
	g.cost = slices.Grow(g.cost, 2*arcs)
	g.capac = slices.Grow(g.capac, arcs)
}

// Nodes returns the number of nodes.
func (g *Graph) Nodes() int { return g.nodes }

// Arcs returns the number of arcs added with AddArc.
func (g *Graph) Arcs() int { return len(g.capac) }

// AddNode adds a node and returns its index.
func (g *Graph) AddNode() int {
	g.nodes++
	g.supply = append(g.supply, 0)
	g.start = nil
	return g.nodes - 1
}

// AddArc adds an arc from one node to another with the given capacity and
// cost per unit of flow, and returns its index, counting from 0 in the order
// of addition. Parallel arcs and self-loops are allowed. It panics if a node
// is out of range or the capacity is negative.
func (g *Graph) AddArc(from, to int, capacity, cost int64) int {
	g.checkNode(from)
	g.checkNode(to)
	if capacity < 0 {
		panic(fmt.Sprintf("flow: negative capacity %d", capacity))
	}
	if len(g.capac) >= math.MaxInt32/2 {
		panic("flow: too many arcs")
	}
	g.to = append(g.to, int32(to), int32(from))
	g.resid = append(g.resid, capacity, 0)
	g.cost = append(g.cost, cost, -cost)
	g.capac = append(g.capac, capacity)
	g.start = nil
	return len(g.capac) - 1
}

// Flow returns the flow on arc i. It panics if i is out of range.
func (g *Graph) Flow(i int) int64 {
	if i < 0 || i >= len(g.capac) {
		panic(fmt.Sprintf("flow: arc %d out of range [0,%d)", i, len(g.capac)))
	}
	return g.resid[2*i+1]
}

// Capacity returns the capacity of arc i. It panics if i is out of range.
func (g *Graph) Capacity(i int) int64 {
	if i < 0 || i >= len(g.capac) {
		panic(fmt.Sprintf("flow: arc %d out of range [0,%d)", i, len(g.capac)))
	}
	return g.capac[i]
}

// SetSupply sets the supply of a node: positive for a source of that many
// units, negative for a demand. It panics if the node is out of range.
func (g *Graph) SetSupply(node int, supply int64) {
	g.checkNode(node)
	g.supply[node] = supply
}

// Supply returns the supply still to be routed at a node: its SetSupply
// value minus what SolveSupplies has already sent (demands count up to 0).
func (g *Graph) Supply(node int) int64 {
	g.checkNode(node)
	return g.supply[node]
}

func (g *Graph) checkNode(v int) {
	if v < 0 || v >= g.nodes {
		panic(fmt.Sprintf("flow: node %d out of range [0,%d)", v, g.nodes))
	}
}

// MinCostFlow sends flow from source to sink on top of any flow already in
// the network, up to limit units (Unlimited for no limit), and returns the
// value and cost of the flow it added. In MaxFlow mode it sends as much as
// possible at minimum cost; in MinCost mode it stops before the first
// shortest augmenting path whose cost is not negative. It returns
// ErrNegativeCycle, with no flow changed, if the residual network has a
// negative-cost cycle. It panics if a node is out of range, source equals
// sink, or limit is negative.
func (g *Graph) MinCostFlow(source, sink int, limit int64, mode Mode) (Result, error) {
	g.checkNode(source)
	g.checkNode(sink)
	if source == sink {
		panic("flow: source equals sink")
	}
	if limit < 0 {
		panic("flow: negative limit")
	}
	if mode != MaxFlow && mode != MinCost {
		panic(fmt.Sprintf("flow: unknown mode %d", mode))
	}
	if err := g.prepare(); err != nil {
		return Result{}, err
	}
	var res Result
	src, snk := int32(source), int32(sink)
	for res.Flow < limit {
		target := g.search(src, func(v int32) bool { return v == snk })
		if target < 0 {
			break
		}
		amount, cost := g.path(src, target)
		if mode == MinCost && cost >= 0 {
			break
		}
		amount = min(amount, limit-res.Flow)
		g.augment(src, target, amount)
		res.Flow += amount
		res.Cost += amount * cost
		res.Paths++
	}
	return res, nil
}

// SolveSupplies routes the supplies and demands set with SetSupply at
// minimum cost, on top of any flow already in the network, and returns the
// units routed and their cost. It returns ErrUnbalanced if the supplies do
// not sum to zero, ErrNegativeCycle if the residual network has a
// negative-cost cycle, and ErrInfeasible if some supply cannot reach a
// demand; in the last case the flow routed so far is kept and optimal for
// the supplies it moved.
func (g *Graph) SolveSupplies() (Result, error) {
	var sum int64
	for _, s := range g.supply {
		sum += s
	}
	if sum != 0 {
		return Result{}, ErrUnbalanced
	}
	if err := g.prepare(); err != nil {
		return Result{}, err
	}
	var res Result
	isDeficit := func(v int32) bool { return g.supply[v] < 0 }
	for u := range g.nodes {
		for g.supply[u] > 0 {
			target := g.search(int32(u), isDeficit)
			if target < 0 {
				return res, ErrInfeasible
			}
			amount, cost := g.path(int32(u), target)
			amount = min(amount, g.supply[u], -g.supply[target])
			g.augment(int32(u), target, amount)
			g.supply[u] -= amount
			g.supply[target] += amount
			res.Flow += amount
			res.Cost += amount * cost
			res.Paths++
		}
	}
	return res, nil
}

// prepare builds the adjacency index if needed and computes potentials under
// which every residual arc has a non-negative reduced cost.
func (g *Graph) prepare() error {
	n := g.nodes
	if g.start == nil {
		g.start = make([]int32, n+1)
		// Residual arc a leaves node g.to[a^1].
		for a := range g.to {
			g.start[g.to[a^1]+1]++
		}
		for v := range n {
			g.start[v+1] += g.start[v]
		}
		g.adj = make([]int32, len(g.to))
		fill := make([]int32, n)
		copy(fill, g.start[:n])
		for a := range g.to {
			u := g.to[a^1]
			g.adj[fill[u]] = int32(a)
			fill[u]++
		}
		g.pot = make([]int64, n)
		g.dist = make([]int64, n)
		g.parent = make([]int32, n)
		g.stamp = make([]int32, n)
		g.done = make([]int32, n)
		g.epoch = 0
	}
	clear(g.pot)
	negative := false
	for a, c := range g.cost {
		if c < 0 && g.resid[a] > 0 {
			negative = true
			break
		}
	}
	if negative {
		return g.bellmanFord()
	}
	return nil
}

// bellmanFord sets g.pot to shortest distances from a virtual root joined
// to every node by a zero-cost arc, with a FIFO queue (SPFA). A node entering
// the queue n times proves a negative cycle.
func (g *Graph) bellmanFord() error {
	n := g.nodes
	inQueue := make([]bool, n)
	count := make([]int32, n)
	// Each node is queued at most once at a time, so a ring of n slots holds
	// the queue.
	ring := make([]int32, n)
	for v := range n {
		ring[v] = int32(v)
		inQueue[v] = true
	}
	head, size := 0, n
	for size > 0 {
		u := ring[head]
		head = (head + 1) % n
		size--
		inQueue[u] = false
		for _, a := range g.adj[g.start[u]:g.start[u+1]] {
			if g.resid[a] == 0 {
				continue
			}
			v := g.to[a]
			if d := g.pot[u] + g.cost[a]; d < g.pot[v] {
				g.pot[v] = d
				if !inQueue[v] {
					count[v]++
					if int(count[v]) > n {
						clear(g.pot)
						return ErrNegativeCycle
					}
					inQueue[v] = true
					ring[(head+size)%n] = v
					size++
				}
			}
		}
	}
	return nil
}

// search runs Dijkstra on reduced costs from source until it settles a node
// for which isTarget holds, updates the potentials and returns that node, or
// -1 if no such node is reachable (potentials then stay unchanged, which
// keeps them feasible).
func (g *Graph) search(source int32, isTarget func(int32) bool) int32 {
	g.epoch++
	if g.epoch == math.MaxInt32 {
		clear(g.stamp)
		clear(g.done)
		g.epoch = 1
	}
	ep := g.epoch
	g.heap = g.heap[:0]
	g.seen = g.seen[:0]
	g.dist[source] = 0
	g.stamp[source] = ep
	g.parent[source] = -1
	g.heap.push(entry{0, source})
	target := int32(-1)
	for len(g.heap) > 0 {
		e := g.heap.pop()
		u := e.node
		if g.done[u] == ep || e.dist != g.dist[u] {
			continue
		}
		g.done[u] = ep
		g.seen = append(g.seen, u)
		if u != source && isTarget(u) {
			target = u
			break
		}
		pu := g.pot[u]
		du := e.dist
		for _, a := range g.adj[g.start[u]:g.start[u+1]] {
			if g.resid[a] == 0 {
				continue
			}
			v := g.to[a]
			if g.done[v] == ep {
				continue
			}
			nd := du + g.cost[a] + pu - g.pot[v]
			if g.stamp[v] != ep || nd < g.dist[v] {
				g.stamp[v] = ep
				g.dist[v] = nd
				g.parent[v] = a
				g.heap.push(entry{nd, v})
			}
		}
	}
	if target < 0 {
		return -1
	}
	dt := g.dist[target]
	for _, v := range g.seen {
		g.pot[v] += g.dist[v] - dt
	}
	return target
}

// path returns the bottleneck residual capacity and the cost of the search
// tree path from source to target.
func (g *Graph) path(source, target int32) (amount, cost int64) {
	amount = math.MaxInt64
	for v := target; v != source; {
		a := g.parent[v]
		amount = min(amount, g.resid[a])
		cost += g.cost[a]
		v = g.to[a^1]
	}
	return amount, cost
}

// augment pushes amount units along the search tree path to target.
func (g *Graph) augment(source, target int32, amount int64) {
	for v := target; v != source; {
		a := g.parent[v]
		g.resid[a] -= amount
		g.resid[a^1] += amount
		v = g.to[a^1]
	}
}

type entry struct {
	dist int64
	node int32
}

func (e entry) less(f entry) bool {
	return e.dist < f.dist || (e.dist == f.dist && e.node < f.node)
}

// distHeap is a binary min-heap of entries ordered by distance, then node.
type distHeap []entry

func (h *distHeap) push(e entry) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !s[i].less(s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *distHeap) pop() entry {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(s) {
			break
		}
		m := l
		if r := l + 1; r < len(s) && s[r].less(s[l]) {
			m = r
		}
		if !s[m].less(s[i]) {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	*h = s
	return top
}
