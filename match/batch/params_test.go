package batch_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
)

func TestStoredParameters(t *testing.T) {
	p := batch.Parameters{Year: 2026, Shortlists: match.DefaultParameters(), Pairing: match.DefaultPairingParameters()}
	p.Pairing.Objective = model.MaxScore
	raw, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"objective":"score"`, "the objective is stored by name")
	tests := []struct {
		name string
		raw  string
		code string // "" for no error
	}{
		{"OK", string(raw), ""},
		{"ErrNotBatch", `[1,2]`, model.EINVALID},
		{"ErrObjective", `{"year":2026,"pairing":{"objective":"most"}}`, model.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := batch.StoredParameters(&model.Run{ID: 2, Parameters: json.RawMessage(tt.raw)})
			if tt.code != "" {
				var me *model.Error
				require.True(t, errors.As(err, &me), "%v", err)
				assert.Equal(t, tt.code, me.Code)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, 2026, got.Year)
			assert.Equal(t, model.MaxScore, got.Pairing.Objective)
		})
	}
}

func TestTimingString(t *testing.T) {
	tm := batch.Timing{Load: 1500 * time.Microsecond, Shortlist: 2 * time.Second, Total: 3*time.Second + 400*time.Microsecond}
	assert.Equal(t, "load 2ms, digest 0s, vectorise 0s, shortlists 2s (score 0s, select 0s, explain 0s on all cores), pair 0s, write 0s, store 0s; total 3s", tm.String())
}

func TestDefaultParameters(t *testing.T) {
	p := batch.DefaultParameters(2031)
	assert.Equal(t, 2031, p.Year)
	assert.Equal(t, 2031, p.Shortlists.Year)
	assert.Equal(t, 2031, p.Pairing.Year)
	assert.Equal(t, batch.Candidates, p.Pairing.Candidates)
	assert.True(t, p.Pairing.Clusters)
	assert.Equal(t, match.DefaultParameters().Weights, p.Shortlists.Weights)
	require.NoError(t, p.Shortlists.Validate())
}

// TestParametersStoredOnce: the stored parameters hold each value once, and
// read back as they were, for the batch's defaults, a pairing that scores
// otherwise than the shortlists, and the form of runs stored before.
func TestParametersStoredOnce(t *testing.T) {
	def := batch.DefaultParameters(2026)
	raw, err := json.Marshal(def)
	require.NoError(t, err)
	s := string(raw)
	assert.Equal(t, 1, strings.Count(s, `"year"`), s)
	assert.Equal(t, 1, strings.Count(s, `"weights"`), s)
	assert.Equal(t, 1, strings.Count(s, `"top"`), s)
	assert.NotContains(t, s, `"scoring"`, "the pairing scores as the shortlists do")
	var back batch.Parameters
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, def, back)

	other := batch.DefaultParameters(2026)
	other.Pairing.Prefer = model.PreferNew
	other.Pairing.Weights[model.PartText] = 0.9
	other.Pairing.Participants = []string{"seoul", "hanoi"}
	raw, err = json.Marshal(other)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"scoring"`)
	back = batch.Parameters{}
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, other, back)

	// Before: every scoring parameter and the year repeated under the
	// pairing, as runs of earlier versions stored them.
	legacy := `{"year":2026,"shortlists":{"top":5,"quota":0.4,"alpha":0.1,"weights":{"need":0.15,"reciprocity":0.1,"context":0.15,"evidence":0.1,"feasibility":0.05,"history":0.05,"text":0.4},"prefer":"continue","allow_same_country":false,"year":2026},` +
		`"pairing":{"top":5,"quota":0.4,"alpha":0.1,"weights":{"need":0.15,"reciprocity":0.1,"context":0.15,"evidence":0.1,"feasibility":0.05,"history":0.05,"text":0.4},"prefer":"continue","allow_same_country":false,"year":2026,` +
		`"partners":1,"hosting":-1,"min_score":0,"min_developing":0,"objective":"served","candidates":50,"clusters":true}}`
	back = batch.Parameters{}
	require.NoError(t, json.Unmarshal([]byte(legacy), &back))
	assert.Equal(t, def, back, "a run stored before reads as the same parameters")
}
