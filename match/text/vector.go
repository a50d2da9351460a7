package text

import (
	"math"
	"sort"
)

// Vector is a sparse vector: Value[k] is the component at Index[k], and
// Index is strictly increasing. The zero value is the zero vector.
type Vector struct {
	Index []int     // term ids, strictly increasing
	Value []float64 // the components, same length as Index
}

// Len returns the number of stored (non-zero) components.
func (v Vector) Len() int { return len(v.Index) }

// At returns the component at term id i, 0 when it is not stored.
func (v Vector) At(i int) float64 {
	k := sort.SearchInts(v.Index, i)
	if k < len(v.Index) && v.Index[k] == i {
		return v.Value[k]
	}
	return 0
}

// Dot returns the dot product of v and w,
//
//	sum_i v_i·w_i
//
// by merging the two sorted index lists.
func (v Vector) Dot(w Vector) float64 {
	var s float64
	i, j := 0, 0
	for i < len(v.Index) && j < len(w.Index) {
		switch a, b := v.Index[i], w.Index[j]; {
		case a == b:
			s += v.Value[i] * w.Value[j]
			i++
			j++
		case a < b:
			i++
		default:
			j++
		}
	}
	return s
}

// Norm returns the Euclidean norm of v.
func (v Vector) Norm() float64 {
	var s float64
	for _, x := range v.Value {
		s += x * x
	}
	return math.Sqrt(s)
}

// Cosine returns the cosine of the angle between a and b,
//
//	a·b / (|a|·|b|)
//
// and 0 when either is the zero vector.
func Cosine(a, b Vector) float64 {
	na, nb := a.Norm(), b.Norm()
	if na == 0 || nb == 0 {
		return 0
	}
	return a.Dot(b) / (na * nb)
}

// normalize scales v in place to unit Euclidean norm (the zero vector stays
// zero).
func (v Vector) normalize() {
	n := v.Norm()
	if n == 0 {
		return
	}
	for k := range v.Value {
		v.Value[k] /= n
	}
}
