package batch_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/c2cnet/c2c/match/batch"
	"github.com/c2cnet/c2c/model"
)

func TestVerification(t *testing.T) {
	stored := &model.Run{ID: 7, Version: "v1", InputDigest: "in", ResultDigest: "res", Inputs: digests("city:a", "1")}
	p := batch.Parameters{Year: 2026}
	tests := []struct {
		name       string
		now        string
		digest     string              // input digest of the current profiles
		current    []model.InputDigest // their per-input digests
		kept       bool
		computed   string // "" when it cannot re-run
		reproduces bool
		verdict    string
	}{
		{"OK/StoredInput", "v1", "in", digests("city:a", "1"), true, "res", true, "reproduces from its stored input"},
		{"OK/StoredInputProfilesChanged", "v1", "other", digests("city:a", "2"), true, "res", true,
			"reproduces from its stored input (the profiles changed since: cities edited: a)"},
		{"OK/CurrentProfiles", "v1", "in", digests("city:a", "1"), false, "res", true, "reproduces"},
		{"EngineChanged", "v2", "in", digests("city:a", "1"), true, "new", false, "does not reproduce: same input, engine changed from v1 to v2"},
		{"SameEngine", "v1", "in", digests("city:a", "1"), true, "new", false,
			"does not reproduce: same input and engine version, different results (the engine changed without a new version, or the reference tables did)"},
		{"NotKept", "v1", "other", digests("city:b", "1"), false, "", false,
			"cannot be verified: its input was not kept (stored before c2c kept the input of runs) and the profiles changed since (cities added: b; cities removed: a)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := batch.NewVerification(stored, p, tt.now, tt.digest, tt.current, tt.kept)
			assert.Equal(t, tt.computed != "", v.Rerunnable())
			if v.Rerunnable() {
				v.Conclude(tt.computed)
			}
			assert.Equal(t, tt.reproduces, v.Reproduces)
			assert.Equal(t, tt.verdict, v.Verdict)
			assert.Equal(t, tt.computed, v.ComputedDigest)
			assert.Equal(t, int64(7), v.Run)
			assert.Equal(t, 2026, v.Year)
			assert.Equal(t, "res", v.StoredDigest)
		})
	}
}

func TestNotKept(t *testing.T) {
	ch := batch.CompareInputs(digests("city:a", "1"), nil)
	assert.Equal(t, "run 4 cannot be re-run: its input was not kept (it was stored before c2c kept the input of runs) and the profiles changed since (cities removed: a)", batch.NotKept(4, ch))
}
