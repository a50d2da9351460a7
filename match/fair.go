package match

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// FairTable returns the FA*IR table of minimum protected counts for a
// ranking of length k (Zehlike et al., CIKM 2017): m[i-1] is the smallest m
// with
//
//	BinomCDF(m; i, p) > alpha
//
// that is, the fewest protected candidates among the first i for the prefix
// to pass the ranked group fairness test at significance alpha.
//
// The table never decreases (one more trial makes every CDF smaller), so
// each entry is searched from the one before: O(k) CDF evaluations, not
// O(k²).
func FairTable(k int, p, alpha float64) []int {
	m := make([]int, k)
	v := 0
	for i := 1; i <= k; i++ {
		d := distuv.Binomial{N: float64(i), P: p}
		for v < i && d.CDF(float64(v)) <= alpha {
			v++
		}
		m[i-1] = v
	}
	return m
}

// QuotaTable returns the minimum protected count at every prefix of a
// top-k under a hard floor: the FA*IR table raised so that at least
// ceil(share·k) of the k are protected, pulled forward only as late as
// possible,
//
//	m(i) = max(m_FAIR(i), q − (k − i)),   q = ceil(share·k)
//
// and capped at the available protected candidates.
func QuotaTable(k int, share, alpha float64, available int) (table []int, required int) {
	q := QuotaRequired(k, share)
	required = min(q, available)
	table = make([]int, k)
	var fair []int
	if share > 0 && share < 1 {
		fair = FairTable(k, share, alpha)
	}
	for i := 1; i <= k; i++ {
		v := q - (k - i)
		if fair != nil {
			v = max(v, fair[i-1])
		}
		table[i-1] = max(0, min(v, available, i))
	}
	return table, required
}

// QuotaRequired is how many of a top-k must be protected under a quota
// share: ceil(share·k), tolerant of floating-point noise (0.4·5 is 2).
func QuotaRequired(k int, share float64) int {
	return int(math.Ceil(share*float64(k) - 1e-9))
}

// ranked is one candidate entering the re-ranking.
type ranked struct {
	j         int     // city index
	score     float64 // total, unrounded
	protected bool
	pinned    bool
	rank      int // 1-based rank by score alone among qualified candidates
}

// rerank chooses and orders the shortlist from candidates sorted by score
// (ties by id). The list has length k, or more when there are more pins
// than k. Its members are every pin, then the best protected candidates
// until the floor of the last position (table[k-1]) is reached, then the
// best of the rest. They are ordered by FA*IR's greedy with a hard floor: at
// every position the best remaining protected member when the prefix would
// otherwise fall below table[i], else the best remaining member. So a
// candidate moves up only as far as needed.
func rerank(cands []ranked, k int, table []int) []ranked {
	pins, pinnedProtected := 0, 0
	for _, c := range cands {
		if c.pinned {
			pins++
			if c.protected {
				pinnedProtected++
			}
		}
	}
	k = min(max(k, pins), len(cands))
	if k == 0 {
		return nil
	}
	need := 0
	if len(table) > 0 {
		need = table[min(k, len(table))-1] - pinnedProtected
	}
	need = min(need, k-pins)
	member := make([]bool, len(cands))
	taken := pins
	for i, c := range cands {
		if c.pinned {
			member[i] = true
		}
	}
	for i, c := range cands {
		if need <= 0 {
			break
		}
		if !member[i] && c.protected {
			member[i] = true
			need--
			taken++
		}
	}
	for i := range cands {
		if taken >= k {
			break
		}
		if !member[i] {
			member[i] = true
			taken++
		}
	}
	var set []ranked
	for i, c := range cands {
		if member[i] {
			set = append(set, c)
		}
	}
	used := make([]bool, len(set))
	out := make([]ranked, 0, len(set))
	protected := 0
	next := func(onlyProtected bool) int {
		for i, c := range set {
			if !used[i] && (!onlyProtected || c.protected) {
				return i
			}
		}
		return -1
	}
	for pos := range set {
		pick := -1
		if pos < len(table) && protected < table[pos] {
			pick = next(true)
		}
		if pick < 0 {
			pick = next(false)
		}
		used[pick] = true
		if set[pick].protected {
			protected++
		}
		out = append(out, set[pick])
	}
	return out
}
