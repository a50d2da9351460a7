package pairing_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/c2cnet/c2c/cmd/c2c/internal/pairing"
	"github.com/c2cnet/c2c/model"
)

// FuzzParticipants: any file of participants, read as c2c pair
// --participants and the workshop upload read it, gives trimmed, non-empty
// ids of one line each, or a located EINVALID error; it never panics.
func FuzzParticipants(f *testing.F) {
	for _, s := range []string{
		"", "seoul\nhanoi\n", "city\nseoul\n", "name,city\nSeoul,seoul\n", "\ufeffcity,x\r\nhanoi,1\r\n",
		"# only a comment\n", "a,\"b\n", "city\n\"han\noi\"\n", ",\n,,\n", "CITY\n  seoul  \n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ids, err := pairing.Participants("p.csv", text)
		if err != nil {
			var me *model.Error
			if !errors.As(err, &me) || me.Code != model.EINVALID || me.File != "p.csv" {
				t.Fatalf("error %v: expected a located EINVALID *model.Error", err)
			}
			return
		}
		for _, id := range ids {
			if id == "" || id != strings.TrimSpace(id) {
				t.Fatalf("id %q: expected a trimmed, non-empty id", id)
			}
			if strings.Contains(id, "\n") && !strings.Contains(text, "\"") {
				t.Fatalf("id %q spans lines outside a quoted CSV field", id)
			}
		}
	})
}
