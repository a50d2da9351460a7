// Package jsonout writes a result as JSON the one way c2c prints it, so
// that --format json on the command line and the web application's API
// give the same bytes for the same value.
package jsonout

import (
	"encoding/json"
	"fmt"
	"io"
)

// Write writes v as JSON indented by two spaces, without HTML escaping
// ("<" stays "<": the output is data, not markup), ending in a newline.
func Write(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}
