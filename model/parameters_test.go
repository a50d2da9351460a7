package model_test

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
)

// base are weights to parse on top of, as the engine's defaults.
var base = model.Weights{0.15, 0.10, 0.15, 0.10, 0.05, 0.05, 0.40}

// params are valid parameters.
func params() model.Parameters {
	return model.Parameters{Top: 5, Quota: 0.4, Alpha: 0.1, Weights: base, Prefer: model.PreferContinue}
}

func TestPartNames(t *testing.T) {
	require.Len(t, model.PartNames, model.NParts)
	for i, name := range model.PartNames {
		assert.Equal(t, name, model.PartID(i).String())
	}
	assert.Equal(t, "need", model.PartNeed.String())
	assert.Equal(t, "text", model.PartText.String())
	assert.Equal(t, "PartID(7)", model.PartID(model.NParts).String())
}

func TestParseWeights(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    model.Weights
		errKeys []string
	}{
		{name: "OK", in: "need=0.5,reciprocity=0.2", want: func() model.Weights {
			w := base
			w[model.PartNeed], w[model.PartReciprocity] = 0.5, 0.2
			return w
		}()},
		{name: "File", in: "# weights\nneed: 1\nhistory=0 # off\n", want: func() model.Weights {
			w := base
			w[model.PartNeed], w[model.PartHistory] = 1, 0
			return w
		}()},
		{name: "ErrUnknownPart", in: "need=1,popularity=2", errKeys: []string{"popularity"}},
		{name: "ErrNegative", in: "context=-1", errKeys: []string{"context"}},
		{name: "ErrNotANumber", in: "evidence=lots,feasibility=NaN", errKeys: []string{"evidence", "feasibility"}},
		{name: "ErrNoEquals", in: "need", errKeys: []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := model.ParseWeights(tt.in, base, "--weights")
			if tt.errKeys == nil {
				require.NoError(t, err)
				assert.Equal(t, tt.want, w)
				return
			}
			require.Error(t, err)
			assert.Equal(t, base, w, "a refused text leaves the base")
			assert.Equal(t, model.EINVALID, model.ErrorCode(err))
			var es model.Errors
			require.ErrorAs(t, err, &es)
			var keys []string
			for _, e := range es {
				keys = append(keys, e.Key)
				assert.Equal(t, "--weights", e.File)
			}
			assert.Equal(t, tt.errKeys, keys)
		})
	}
}

func TestWeightsNormalized(t *testing.T) {
	w := model.Weights{model.PartNeed: 2, model.PartReciprocity: 1, model.PartContext: 1}
	n, err := w.Normalized()
	require.NoError(t, err)
	assert.InDelta(t, 0.5, n[model.PartNeed], 1e-12)
	assert.InDelta(t, 0.25, n[model.PartContext], 1e-12)
	assert.Equal(t, 2.0, w[model.PartNeed], "Normalized changed its receiver")

	_, err = model.Weights{}.Normalized()
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	var me *model.Error
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "weights", me.Key)

	bad := base
	bad[model.PartEvidence] = math.Inf(1)
	_, err = bad.Normalized()
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "weights.evidence", me.Key)

	round, err := model.ParseWeights(base.String(), model.Weights{}, "x")
	require.NoError(t, err)
	assert.Equal(t, base, round)
}

// TestWeightsJSON: the weights write the object the named-field struct
// they replace wrote, byte for byte, and read it back; a key that names
// no part, or a weight that is not a number, is refused keyed by it.
func TestWeightsJSON(t *testing.T) {
	type named struct {
		Need        float64 `json:"need"`
		Reciprocity float64 `json:"reciprocity"`
		Context     float64 `json:"context"`
		Evidence    float64 `json:"evidence"`
		Feasibility float64 `json:"feasibility"`
		History     float64 `json:"history"`
		Text        float64 `json:"text"`
	}
	for _, w := range []model.Weights{base, {}, {1e-7, 1e21, 0.1 + 0.2, 1, 2, 3, 1.0 / 3}} {
		got, err := json.Marshal(w)
		require.NoError(t, err)
		want, err := json.Marshal(named{w[0], w[1], w[2], w[3], w[4], w[5], w[6]})
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
		var back model.Weights
		require.NoError(t, json.Unmarshal(got, &back))
		assert.Equal(t, w, back)
	}
	got, err := json.Marshal(params())
	require.NoError(t, err)
	assert.Equal(t, `{"top":5,"quota":0.4,"alpha":0.1,"weights":{"need":0.15,"reciprocity":0.1,"context":0.15,"evidence":0.1,"feasibility":0.05,"history":0.05,"text":0.4},"prefer":"continue","allow_same_country":false}`, string(got))

	// Parts left out, and null, keep their weight.
	w := base
	require.NoError(t, json.Unmarshal([]byte(`{"text": 1, "Need": 0.5, "history": null}`), &w))
	want := base
	want[model.PartText], want[model.PartNeed] = 1, 0.5
	assert.Equal(t, want, w)
	require.NoError(t, json.Unmarshal([]byte(`null`), &w))
	assert.Equal(t, want, w)

	for _, tt := range []struct {
		name, in string
		keys     []string
	}{
		{"ErrUnknownPart", `{"need": 1, "popularity": 2, "txet": 3}`, []string{"weights.popularity", "weights.txet"}},
		{"ErrNotANumber", `{"need": "lots"}`, []string{"weights.need"}},
		{"ErrNotAnObject", `[1, 2]`, []string{"weights"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := base
			err := json.Unmarshal([]byte(tt.in), &w)
			require.Error(t, err)
			assert.Equal(t, base, w, "a refused object leaves the weights")
			assert.Equal(t, model.EINVALID, model.ErrorCode(err))
			assert.Equal(t, tt.keys, keysOf(err))
		})
	}
	var p model.Parameters
	err = json.Unmarshal([]byte(`{"top": 5, "weights": {"popularity": 1}}`), &p)
	var me *model.Error
	require.ErrorAs(t, err, &me, "the error of the weights reaches the caller as it is")
	assert.Equal(t, "weights.popularity", me.Key)
}

// keysOf returns the keys of the errors in err: of each of an Errors, or
// of the one *Error.
func keysOf(err error) []string {
	var es model.Errors
	if errors.As(err, &es) {
		keys := make([]string, len(es))
		for i, e := range es {
			keys[i] = e.Key
		}
		return keys
	}
	var me *model.Error
	if errors.As(err, &me) {
		return []string{me.Key}
	}
	return nil
}

// TestValidateLeavesParameters: Validate checks without changing its
// receiver; Normalized gives the copy the engine scores with; every
// problem is reported, keyed by its parameter.
func TestValidateLeavesParameters(t *testing.T) {
	p := params()
	p.Weights[model.PartText] = 1.4 // the weights sum to 2
	before := p
	require.NoError(t, p.Validate())
	assert.Equal(t, before, p, "Validate changed its receiver")
	n, err := p.Normalized()
	require.NoError(t, err)
	assert.InDelta(t, 0.7, n.Weights[model.PartText], 1e-12)
	assert.Equal(t, before, p, "Normalized changed its receiver")

	p = model.Parameters{Quota: 2, Prefer: "sometimes", Weights: model.Weights{model.PartNeed: -1}}
	err = p.Validate()
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	assert.Equal(t, []string{"top", "quota", "alpha", "prefer", "weights.need"}, keysOf(err))
}

func TestPairingParametersNormalized(t *testing.T) {
	o := model.PairingParameters{Parameters: params(), Partners: 1, Hosting: -1}
	o.Weights[model.PartText] = 1.4
	n, err := o.Normalized()
	require.NoError(t, err)
	assert.InDelta(t, 0.7, n.Weights[model.PartText], 1e-12)
	assert.Equal(t, 1.4, o.Weights[model.PartText], "Normalized changed its receiver")

	bad := model.PairingParameters{Parameters: params(), MinScore: 2, MinDeveloping: -1, Objective: 7, Candidates: -1}
	assert.Equal(t, []string{"partners", "min-score", "min-developing", "objective", "candidates"}, keysOf(bad.Validate()))

	// The scoring parameters are refused alone, first.
	bad.Top = 0
	assert.Equal(t, []string{"top"}, keysOf(bad.Validate()))
}

func TestObjectiveText(t *testing.T) {
	for _, o := range []model.Objective{model.MaxServed, model.MaxScore} {
		b, err := o.MarshalText()
		require.NoError(t, err)
		var back model.Objective
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, o, back)
	}
	assert.Equal(t, "served", model.MaxServed.String())
	var o model.Objective
	var me *model.Error
	require.ErrorAs(t, o.UnmarshalText([]byte("most")), &me)
	assert.Equal(t, "objective", me.Key)
	_, err := model.Objective(7).MarshalText()
	assert.Error(t, err)
}

// FuzzParseWeights checks ParseWeights on any text: it never panics; a
// refusal is EINVALID, located in the source it was given, and returns the
// base weights unchanged; an accepted text gives finite weights ≥ 0 that
// String writes back in a form ParseWeights reads to the same weights, and
// that JSON carries unchanged.
func FuzzParseWeights(f *testing.F) {
	for _, s := range []string{
		"need=0.5,reciprocity=0.2",
		"# weights\nneed: 1\nhistory=0 # off\n",
		"text=0.4\ncontext=0.15,evidence=0.1",
		"need=1,popularity=2",
		"context=-1",
		"evidence=lots,feasibility=NaN",
		"need=+Inf",
		"need",
		"=,=:,:\n#",
		"NEED = 1e-300 , Text=1e300",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := model.ParseWeights(s, base, "weights.txt")
		if err != nil {
			assert.Equal(t, base, w, "a refused text leaves the base")
			assert.Equal(t, model.EINVALID, model.ErrorCode(err))
			var es model.Errors
			require.ErrorAs(t, err, &es)
			require.NotEmpty(t, es)
			for _, e := range es {
				assert.Equal(t, "weights.txt", e.File)
				assert.NotEmpty(t, e.Message)
			}
			return
		}
		for i, v := range w {
			assert.False(t, math.IsNaN(v) || math.IsInf(v, 0) || v < 0, "%s=%v", model.PartID(i), v)
		}
		back, err := model.ParseWeights(w.String(), model.Weights{}, "round trip")
		require.NoError(t, err, "String wrote %q", w.String())
		assert.Equal(t, w, back)
		raw, err := json.Marshal(w)
		require.NoError(t, err)
		var fromJSON model.Weights
		require.NoError(t, json.Unmarshal(raw, &fromJSON), "%s", raw)
		assert.Equal(t, w, fromJSON)
	})
}
