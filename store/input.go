package store

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/c2cnet/c2c/model"
)

// Input is one document read from a file or a folder, with what it takes to
// say where each of its keys came from.
type Input struct {
	File string          // the file or folder it was read from
	Doc  *model.Document // the document as read, not yet normalised

	errs model.Errors // errors of keys and types found while reading
	loc  locator      // positions of keys, computed only for failing ones
}

// position is where a key of a document is in its source.
type position struct {
	file   string // the file, for a folder of CSV tables the table's file
	line   int    // 1-based line (CSV: row), 0 when unknown
	column int    // 1-based column (CSV: field), 0 when unknown
	key    string // the key as its source names it: a JSON key path or a CSV column
}

// locator finds document keys such as "cities[3].challenges[0].severity" in
// the source of an Input.
type locator interface {
	locate(keys []string) map[string]position
}

// ReadPath reads the document at path: a JSON file, or a folder of CSV
// tables (see ParseCSV). Errors are as for ParseJSON.
func ReadPath(path string) (*Input, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	if fi.IsDir() {
		return ParseCSV(path, os.DirFS(path))
	}
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return nil, &model.Error{Code: model.EINVALID, File: path,
			Message: "a single CSV file: expected a JSON document or a folder of CSV tables (cities.csv, challenges.csv, ...)"}
	}
	return readJSONFile(path)
}

// ReadPaths reads every path (see ReadPath), collecting the errors of all
// of them so that the user sees every problem at once. An input that could
// be read despite key or value errors is kept: Import reports its reading
// errors together with the validation errors of the whole import. Only
// when some input could not be read at all are the errors returned, and no
// inputs.
func ReadPaths(paths []string) ([]*Input, error) {
	var inputs []*Input
	var errs model.Errors
	fatal := false
	for _, p := range paths {
		in, err := ReadPath(p)
		if in != nil {
			inputs = append(inputs, in)
		} else {
			fatal = true
		}
		if err == nil {
			continue
		}
		var es model.Errors
		var e *model.Error
		switch {
		case errors.As(err, &es):
			errs = append(errs, es...)
		case errors.As(err, &e):
			errs = append(errs, e)
		default:
			return nil, fmt.Errorf("import %s: %w", p, err)
		}
	}
	if fatal {
		return nil, errs.Err()
	}
	return inputs, nil
}

// Validate checks in against the reference tables and returns every error
// of the input as model.Errors, located in its source: those found while
// reading it and those of its values. known holds the ids of cities stored
// elsewhere that its exchanges and rules may name; it may be nil.
func (in *Input) Validate(ref model.Reference, known map[string]bool) error {
	return check(ref, known, []*Input{in})
}

// check validates inputs as one import against ref, with known the ids of
// stored cities their exchanges and rules may name besides their own. A
// city id may appear in only one of the inputs. It returns every error,
// located, in input order, or nil.
func check(ref model.Reference, known map[string]bool, inputs []*Input) error {
	ids := make(map[string]bool, len(known))
	for id := range known {
		ids[id] = true
	}
	definedIn := make(map[string]int)
	for i, in := range inputs {
		if in == nil || in.Doc == nil {
			return model.Errorf(model.EINVALID, "input %d has no document: expected the result of ReadPath, ParseJSON or ParseCSV", i+1)
		}
		for _, c := range in.Doc.Cities {
			if c.ID != "" {
				ids[c.ID] = true
			}
		}
	}
	type ruleAt struct {
		input, index int
		kind         model.RuleKind
	}
	rules := make(map[[2]string]ruleAt)
	var all model.Errors
	for i, in := range inputs {
		var found model.Errors
		if err := in.Doc.Validate(ref, ids); err != nil && !errors.As(err, &found) {
			return fmt.Errorf("validate %s: %w", in.File, err)
		}
		for j, c := range in.Doc.Cities {
			if c.ID == "" {
				continue
			}
			if k, ok := definedIn[c.ID]; ok && k != i {
				found = append(found, &model.Error{Code: model.EINVALID, City: c.ID, Key: fmt.Sprintf("cities[%d].id", j),
					Message: fmt.Sprintf("duplicate city id %q: already defined in %s; expected each city in one input only", c.ID, inputs[k].File)})
			} else if !ok {
				definedIn[c.ID] = i
			}
		}
		for j, r := range in.Doc.Rules {
			pair := [2]string{r.Beneficiary, r.Resource}
			prev, dup := rules[pair]
			if !dup {
				rules[pair] = ruleAt{i, j, r.Rule}
				continue
			}
			where := fmt.Sprintf("rules[%d]", prev.index)
			if prev.input != i {
				where += " of " + inputs[prev.input].File
			}
			what := fmt.Sprintf("a second %s rule on the pair %s → %s (%s)", r.Rule, r.Beneficiary, r.Resource, where)
			if prev.kind != r.Rule {
				what = fmt.Sprintf("%s and %s on the same pair %s → %s (%s is a %s)", prev.kind, r.Rule, r.Beneficiary, r.Resource, where, prev.kind)
			}
			found = append(found, &model.Error{Code: model.EINVALID, City: r.Beneficiary, Key: fmt.Sprintf("rules[%d]", j),
				Message: what + ": expected at most one rule per pair (a pin keeps a pair in, a block keeps it out)"})
		}
		found = withoutFollowOn(found, in.errs)
		in.locateErrors(found)
		found = append(found, in.errs...)
		slices.SortStableFunc(found, func(a, b *model.Error) int {
			return cmp.Or(cmp.Compare(tableRank(a.File), tableRank(b.File)), cmp.Compare(a.File, b.File),
				cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
		})
		all = append(all, found...)
	}
	if len(all) > maxErrors {
		more := len(all) - maxErrors
		all = append(all[:maxErrors:maxErrors], &model.Error{Code: model.EINVALID, Message: fmt.Sprintf("%d more errors not shown", more)})
	}
	return all.Err()
}

// withoutFollowOn drops the validation errors that only repeat an error of
// reading: those at, inside or around a key that was already reported (an
// id of the wrong type is also a missing id).
func withoutFollowOn(found, read model.Errors) model.Errors {
	if len(read) == 0 {
		return found
	}
	bad := make(map[string]bool)    // keys with errors
	around := make(map[string]bool) // keys enclosing them
	for _, e := range read {
		if e.Key == "" {
			continue
		}
		bad[e.Key] = true
		for k := parentKey(e.Key); k != ""; k = parentKey(k) {
			around[k] = true
		}
	}
	out := found[:0]
	for _, e := range found {
		drop := around[e.Key]
		for k := e.Key; k != "" && !drop; k = parentKey(k) {
			drop = bad[k]
		}
		if !drop {
			out = append(out, e)
		}
	}
	return out
}

// locateErrors fills in file, line and column of errors from validation.
func (in *Input) locateErrors(errs model.Errors) {
	if len(errs) == 0 {
		return
	}
	for _, e := range errs {
		e.File = in.File
	}
	if in.loc == nil {
		return
	}
	keys := make([]string, 0, len(errs))
	for _, e := range errs {
		keys = append(keys, e.Key)
	}
	at := in.loc.locate(keys)
	for _, e := range errs {
		p, ok := at[e.Key]
		if !ok {
			continue
		}
		if p.file != "" {
			e.File = p.file
		}
		e.Line, e.Column, e.Key = p.line, p.column, p.key
	}
}

// presentScore checks a 1..5 score present in an input. A present 0 is an
// error, since leaving the key out is how a document asks for the default;
// other values out of range are left to model validation, which names them.
func presentScore(n int64) (int, string) {
	switch {
	case n == 0:
		return 0, "0 out of range: expected 1..5 (leave it out for the default)"
	case n < math.MinInt32 || n > math.MaxInt32:
		return 0, fmt.Sprintf("%d out of range: expected 1..5", n)
	}
	return int(n), ""
}

// presentYear checks a year present in an input, as presentScore does.
func presentYear(n int64) (int, string) {
	switch {
	case n == 0:
		return 0, "year 0: expected a year such as 2015 (leave it out when unknown)"
	case n < math.MinInt32 || n > math.MaxInt32:
		return 0, fmt.Sprintf("year %d: expected a year such as 2015", n)
	}
	return int(n), ""
}

// parseCreated reads the created time of a rule: RFC 3339 with a zone
// ("2026-12-03T10:11:05Z", "2026-12-03T17:11:05+07:00"). It returns the
// time and what is wrong with s, if anything.
func parseCreated(s string) (time.Time, string) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Sprintf("created %q: expected an RFC 3339 time with a zone, such as \"2026-12-03T10:11:05Z\" or \"2026-12-03T17:11:05+07:00\"", s)
	}
	return t, ""
}

// tableRank orders the errors of a folder document by table, cities.csv
// first, so that a cause (a broken cities.csv row) comes before what
// follows from it (rows of challenges.csv naming that city). Files that are
// not tables rank first.
func tableRank(file string) int {
	base := filepath.Base(file)
	return 1 + slices.IndexFunc(csvTables, func(t csvTable) bool { return t.file == base })
}
