package match

import "gonum.org/v1/gonum/mat"

// denseParts returns õ, E and L as dense T×N matrices, row t = every
// city's weight on topic t: the independent reference of the engine's
// compressed rows (see Engine.topicPtr).
func (e *Engine) denseParts() (offer, evid, low *mat.Dense) {
	T := len(e.tax.Topics)
	offers := make([][]topicWeight, len(e.profiles))
	for i := range e.profiles {
		offers[i] = e.profiles[i].offer
	}
	return dense(T, offers, nil), dense(T, e.evid, nil), dense(T, e.low, nil)
}

// dense writes sparse topic vectors as the rows of a T×N matrix transposed:
// row t holds every city's weight on topic t, so that one beneficiary's
// scores against all resources are sums of scaled rows.
func dense(T int, vecs [][]topicWeight, scale []float64) *mat.Dense {
	n := len(vecs)
	m := mat.NewDense(T, max(n, 1), nil)
	for j, v := range vecs {
		s := 1.0
		if scale != nil {
			s = scale[j]
		}
		for _, tw := range v {
			m.Set(tw.topic, j, tw.weight*s)
		}
	}
	return m
}
