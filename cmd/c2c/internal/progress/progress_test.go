package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/c2cnet/c2c/match/batch"
)

func TestNew(t *testing.T) {
	var b bytes.Buffer
	assert.Equal(t, batch.Quiet{}, New(&b, true))
	assert.IsType(t, &Lines{}, New(&b, false), "a buffer is not a terminal")
}

func TestLines(t *testing.T) {
	tests := []struct {
		name  string
		every time.Duration
		want  []string
	}{
		{"OK/Quiet", time.Hour, []string{"c2c: reading", "c2c: shortlists: 0/4", "c2c: shortlists: 4/4 (100%)", "c2c: pairing"}},
		{"EveryAdd", 0, []string{"c2c: reading", "c2c: shortlists: 0/4", "c2c: shortlists: 1/4 (25%)", "c2c: shortlists: 2/4 (50%)",
			"c2c: shortlists: 3/4 (75%)", "c2c: shortlists: 4/4 (100%)", "c2c: pairing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			p := &Lines{w: &b, every: tt.every}
			p.Stage("reading")
			p.Start("shortlists", 4)
			for range 4 {
				p.Add(1)
			}
			p.Finish()
			p.Finish() // the second does nothing
			p.Stage("pairing")
			p.Stage("") // nothing to say
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
				// The rate and the time left vary from run to run.
				if i := strings.Index(l, "%)"); i >= 0 {
					l = l[:i+2]
				}
				got = append(got, l)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
