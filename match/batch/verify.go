package batch

import (
	"fmt"

	"github.com/c2cnet/c2c/model"
)

// Verification is what re-running a stored run found.
type Verification struct {
	Run            int64        `json:"run"`                    // the run's id
	Reproduces     bool         `json:"reproduces"`             // the re-run's result digest is the stored one
	StoredDigest   string       `json:"stored_result_digest"`   // the result digest stored with the run
	ComputedDigest string       `json:"computed_result_digest"` // the re-run's result digest, "" when it could not re-run
	InputUnchanged bool         `json:"input_unchanged"`        // the current profiles are still the run's input
	Inputs         InputChanges `json:"input_changes"`          // what changed in the profiles since the run
	StoredVersion  string       `json:"stored_version"`         // the engine version that made the run
	CurrentVersion string       `json:"current_version"`        // the engine version that re-ran it
	Year           int          `json:"year"`                   // the reference year of the run and the re-run
	StoredInput    bool         `json:"stored_input"`           // re-run on the input stored with the run; false: on the current profiles (a run stored before c2c kept inputs)
	Verdict        string       `json:"verdict"`                // in words, see Conclude
}

// NewVerification starts the verification of the done run r with
// parameters p by the engine version now: currentDigest and current are
// the input digests of the profiles now, and kept says whether the run's
// own input was stored with it. When it was not and the profiles changed,
// the run cannot be re-run, and the verdict already says so.
func NewVerification(r *model.Run, p Parameters, now, currentDigest string, current []model.InputDigest, kept bool) *Verification {
	v := &Verification{Run: r.ID, StoredDigest: r.ResultDigest, StoredVersion: r.Version, CurrentVersion: now, Year: p.Year,
		InputUnchanged: currentDigest == r.InputDigest, Inputs: CompareInputs(r.Inputs, current), StoredInput: kept}
	if !v.Rerunnable() {
		v.Verdict = "cannot be verified: its input was not kept (stored before c2c kept the input of runs) and the profiles changed since (" + v.Inputs.String() + ")"
	}
	return v
}

// Rerunnable reports whether the run can be re-run: on its stored input,
// or on the current profiles while they are still its input.
func (v *Verification) Rerunnable() bool { return v.StoredInput || v.InputUnchanged }

// Conclude records the result digest of the re-run and the verdict.
func (v *Verification) Conclude(computed string) {
	v.ComputedDigest = computed
	v.Reproduces = v.ComputedDigest == v.StoredDigest
	v.Verdict = v.verdict()
}

// verdict says in words what the verification found.
func (v *Verification) verdict() string {
	since := ""
	if !v.InputUnchanged {
		since = " (the profiles changed since: " + v.Inputs.String() + ")"
	}
	switch {
	case v.Reproduces && v.StoredInput:
		return "reproduces from its stored input" + since
	case v.Reproduces:
		return "reproduces"
	case v.StoredVersion != v.CurrentVersion:
		return fmt.Sprintf("does not reproduce: same input, engine changed from %s to %s", v.StoredVersion, v.CurrentVersion)
	default:
		return "does not reproduce: same input and engine version, different results (the engine changed without a new version, or the reference tables did)"
	}
}

// NotKept is the message for run id whose input was not kept and whose
// profiles changed since, as ch says.
func NotKept(id int64, ch InputChanges) string {
	return fmt.Sprintf("run %d cannot be re-run: its input was not kept (it was stored before c2c kept the input of runs) and the profiles changed since (%s)", id, ch)
}
