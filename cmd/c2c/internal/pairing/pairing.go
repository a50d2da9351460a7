// Package pairing holds what c2c pair and the web workshop share around
// the engine's pairing (match.Engine.Pair): reading a list of
// participants, from a file or typed as ids (the objective reads itself by name, model.Objective, and
// the pairing's CSV table is render.PairingCSV).
// The pairing itself is the engine's; nothing here seats anyone.
package pairing

import (
	"encoding/csv"
	"os"
	"strings"

	"github.com/c2cnet/c2c/model"
)

// Participants reads a list of participants from text, the contents of
// file (named in errors): a CSV whose header has a city column when the
// first line holds a comma or is "city", else one id per line, blank lines
// and # comments skipped. Ids are trimmed; they are not looked up.
func Participants(file, text string) ([]string, error) {
	text = strings.TrimPrefix(text, "\ufeff")
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if strings.Contains(lines[0], ",") || strings.EqualFold(strings.TrimSpace(lines[0]), "city") {
		rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			return nil, &model.Error{Code: model.EINVALID, File: file, Message: "participants CSV: " + err.Error()}
		}
		col := -1
		for i, h := range rows[0] {
			if strings.EqualFold(strings.TrimSpace(h), "city") {
				col = i
			}
		}
		if col < 0 {
			return nil, &model.Error{Code: model.EINVALID, File: file, Line: 1, Message: "participants CSV: expected a header with a city column"}
		}
		var ids []string
		for _, r := range rows[1:] {
			if col < len(r) && strings.TrimSpace(r[col]) != "" {
				ids = append(ids, strings.TrimSpace(r[col]))
			}
		}
		return ids, nil
	}
	var ids []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			ids = append(ids, l)
		}
	}
	return ids, nil
}

// ReadParticipants reads the participants c2c pair --participants names
// by v: the file v (see Participants), or, when no such file can be read
// and v does not look like a path (no slash, not .txt or .csv), ids
// separated by commas.
func ReadParticipants(v string) ([]string, error) {
	raw, err := os.ReadFile(v)
	if err != nil {
		if strings.ContainsAny(v, "/\\") || strings.HasSuffix(v, ".txt") || strings.HasSuffix(v, ".csv") {
			return nil, &model.Error{Code: model.EINVALID, File: v, Message: "cannot read the participants file", Err: err}
		}
		var ids []string
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
		return ids, nil
	}
	return Participants(v, string(raw))
}
