package batch

// Progress is told how far a batch is. The command line draws a bar or
// prints lines; a caller that wants nothing passes Quiet.
type Progress interface {
	Stage(what string)            // a stage without a count begins; "" when all is done
	Start(what string, total int) // a counted stage begins
	Add(n int)                    // n more items of the counted stage are done
	Finish()                      // the counted stage ended; a second call does nothing
}

// Quiet is a Progress that shows nothing.
type Quiet struct{}

// Stage does nothing.
func (Quiet) Stage(string) {}

// Start does nothing.
func (Quiet) Start(string, int) {}

// Add does nothing.
func (Quiet) Add(int) {}

// Finish does nothing.
func (Quiet) Finish() {}
