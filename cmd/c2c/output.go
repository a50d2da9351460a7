package main

import (
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
)

// write prints a command's result in format f to m.Stdout: value as JSON,
// or report (see render.Write).
func (m *Main) write(f render.Format, value any, report render.Report) error {
	return render.Write(m.Stdout, f, m.Width, value, report)
}
