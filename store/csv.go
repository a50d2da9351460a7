package store

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/c2cnet/c2c/model"
)

// csvTable is one CSV file of a folder document: its name, its columns in
// the order they are written, and those a header must have.
type csvTable struct {
	file     string
	columns  []string
	required []string
}

// The tables of a folder document (FORMAT.md, "CSV").
var (
	citiesTable = csvTable{"cities.csv",
		[]string{"id", "name", "country", "kind", "development", "population", "lat", "lon", "languages", "hosting", "political", "community", "cost_sharing"},
		[]string{"id", "name", "country"}}
	challengesTable = csvTable{"challenges.csv", []string{"city", "topic", "text", "severity"}, []string{"city"}}
	capacitiesTable = csvTable{"capacities.csv", []string{"city", "topic", "text", "level"}, []string{"city"}}
	practicesTable  = csvTable{"practices.csv", []string{"city", "title", "text", "topics", "since", "cost", "outcomes"}, []string{"city", "title"}}
	exchangesTable  = csvTable{"exchanges.csv", []string{"resource", "beneficiaries", "topic", "year", "stage", "outcome"}, []string{"resource", "beneficiaries"}}
	rulesTable      = csvTable{"rules.csv", []string{"beneficiary", "resource", "rule", "why", "by", "created"}, []string{"beneficiary", "resource", "rule"}}
	csvTables       = []csvTable{citiesTable, challengesTable, capacitiesTable, practicesTable, exchangesTable, rulesTable}
)

// listSep separates the items of a list in one CSV field.
const listSep = ";"

// ParseCSV reads a folder of CSV tables as one document; name is the
// folder's name, used in errors. cities.csv is required, the other tables
// (challenges.csv, capacities.csv, practices.csv, exchanges.csv, rules.csv)
// are optional, each with a header row naming its columns in any order.
// Lists in one field (languages, topics, beneficiaries) are separated by
// ';'. An empty field means the key is absent.
//
// Every error is reported, together, with the table's file, the row (as
// Line), the column (as Column and Key) and the city. As with ParseJSON, the
// returned Input is non-nil when all the tables could be read but some
// fields were wrong, and nil when a table could not be read at all (a bad
// header, broken quoting, not UTF-8, empty).
func ParseCSV(name string, fsys fs.FS) (*Input, error) {
	p := &csvParser{dir: name, loc: &csvLocator{dir: name, headers: map[string][]string{}}}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fileError(name, err)
	}
	have := map[string]bool{}
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(path.Ext(e.Name()), ".csv") {
			continue
		}
		if !slices.ContainsFunc(csvTables, func(t csvTable) bool { return t.file == e.Name() }) {
			p.add(&model.Error{Code: model.EINVALID, File: p.file(e.Name()),
				Message: fmt.Sprintf("unknown table %q: expected %s", e.Name(), expectedKeys(e.Name(), tableFiles()))})
			p.fatal = true
			continue
		}
		have[e.Name()] = true
	}
	if !have[citiesTable.file] {
		p.add(&model.Error{Code: model.EINVALID, File: name,
			Message: "no cities.csv: expected a folder of CSV tables with at least cities.csv (and challenges.csv, capacities.csv, practices.csv, exchanges.csv, rules.csv as needed)"})
		return nil, p.errors()
	}
	doc := &model.Document{Format: model.FormatVersion, Cities: []model.City{}}
	index := map[string]int{}
	p.table(fsys, citiesTable, func(r *csvRow) {
		c := model.City{ID: r.text("id"), Name: r.text("name"), Country: r.text("country"),
			Kind: model.Kind(r.text("kind")), Development: model.Development(r.text("development"))}
		r.city = c.ID
		if n, ok := r.integer("population"); ok {
			if n == 0 {
				r.errorf("population", "population 0: expected an integer > 0 (leave the field empty when unknown)")
			}
			c.Population = n
		}
		lat, okLat := r.float("lat")
		lon, okLon := r.float("lon")
		switch {
		case okLat && okLon:
			c.Location = &model.Location{Lat: lat, Lon: lon}
		case r.text("lat") != "" && r.text("lon") == "":
			r.errorf("lon", "incomplete location: expected both lat and lon")
		case r.text("lon") != "" && r.text("lat") == "":
			r.errorf("lat", "incomplete location: expected both lat and lon")
		}
		c.Languages = r.list("languages")
		if n, ok := r.integer("hosting"); ok {
			h := int(max(min(n, 1<<31-1), -1<<31))
			c.Hosting = &h
		}
		if r.text("political") != "" || r.text("community") != "" || r.text("cost_sharing") != "" {
			c.Commitment = &model.Commitment{Political: r.checked("political", presentScore), Community: r.checked("community", presentScore)}
			c.Commitment.CostSharing, _ = r.boolean("cost_sharing")
		}
		if _, dup := index[c.ID]; !dup && c.ID != "" {
			index[c.ID] = len(doc.Cities)
		}
		p.loc.cities = append(p.loc.cities, r.line)
		doc.Cities = append(doc.Cities, c)
	})
	p.loc.challenges = make([][]int, len(doc.Cities))
	p.loc.capacities = make([][]int, len(doc.Cities))
	p.loc.practices = make([][]int, len(doc.Cities))
	owner := func(r *csvRow) (int, bool) {
		id := r.text("city")
		r.city = id
		i, ok := index[id]
		switch {
		case ok:
			return i, true
		case id == "":
			r.errorf("city", "required field empty: expected the id of a city in cities.csv")
		default:
			r.errorf("city", "unknown city %q: expected the id of a city in cities.csv%s", id, nearIDs(id, index))
		}
		return 0, false
	}
	p.table(fsys, challengesTable, func(r *csvRow) {
		if i, ok := owner(r); ok {
			c := &doc.Cities[i]
			c.Challenges = append(c.Challenges, model.Challenge{Topic: r.text("topic"), Text: r.text("text"), Severity: r.checked("severity", presentScore)})
			p.loc.challenges[i] = append(p.loc.challenges[i], r.line)
		}
	})
	p.table(fsys, capacitiesTable, func(r *csvRow) {
		if i, ok := owner(r); ok {
			c := &doc.Cities[i]
			c.Capacities = append(c.Capacities, model.Capacity{Topic: r.text("topic"), Text: r.text("text"), Level: r.checked("level", presentScore)})
			p.loc.capacities[i] = append(p.loc.capacities[i], r.line)
		}
	})
	p.table(fsys, practicesTable, func(r *csvRow) {
		if i, ok := owner(r); ok {
			c := &doc.Cities[i]
			c.Practices = append(c.Practices, model.Practice{Title: r.text("title"), Text: r.text("text"),
				Topics: r.list("topics"), Since: r.checked("since", presentYear), Cost: model.Cost(r.text("cost")), Outcomes: r.text("outcomes")})
			p.loc.practices[i] = append(p.loc.practices[i], r.line)
		}
	})
	p.table(fsys, exchangesTable, func(r *csvRow) {
		r.city = r.text("resource")
		doc.Exchanges = append(doc.Exchanges, model.Exchange{Resource: r.text("resource"), Beneficiaries: r.list("beneficiaries"),
			Topic: r.text("topic"), Year: r.checked("year", presentYear), Stage: model.Stage(r.text("stage")), Outcome: r.text("outcome")})
		p.loc.exchanges = append(p.loc.exchanges, r.line)
	})
	p.table(fsys, rulesTable, func(r *csvRow) {
		r.city = r.text("beneficiary")
		rule := model.Rule{Beneficiary: r.text("beneficiary"), Resource: r.text("resource"),
			Rule: model.RuleKind(r.text("rule")), Why: r.text("why"), By: r.text("by")}
		if s := r.text("created"); s != "" {
			var msg string
			if rule.Created, msg = parseCreated(s); msg != "" {
				r.errorf("created", "%s", msg)
			}
		}
		doc.Rules = append(doc.Rules, rule)
		p.loc.rules = append(p.loc.rules, r.line)
	})
	if p.fatal {
		return nil, p.errors()
	}
	in := &Input{File: name, Doc: doc, loc: p.loc, errs: p.errors()}
	if in.errs != nil {
		return in, in.errs
	}
	return in, nil
}

func tableFiles() []string {
	names := make([]string, len(csvTables))
	for i, t := range csvTables {
		names[i] = t.file
	}
	return names
}

// nearIDs suggests ids of index close to id, for messages.
func nearIDs(id string, index map[string]int) string {
	ids := make([]string, 0, len(index))
	for k := range index {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	return model.DidYouMean(id, ids)
}

// csvParser reads the tables of one folder document.
type csvParser struct {
	dir   string
	errs  model.Errors
	more  int
	fatal bool // a table could not be read at all
	loc   *csvLocator
}

func (p *csvParser) file(name string) string { return filepath.Join(p.dir, name) }

func (p *csvParser) add(e *model.Error) {
	if len(p.errs) >= maxErrors {
		p.more++
		return
	}
	p.errs = append(p.errs, e)
}

func (p *csvParser) errors() model.Errors {
	if p.more > 0 {
		p.errs = append(p.errs, &model.Error{Code: model.EINVALID, File: p.dir, Message: fmt.Sprintf("%d more errors not shown", p.more)})
	}
	if len(p.errs) == 0 {
		return nil
	}
	return p.errs
}

// csvRow is one data row of a table being read.
type csvRow struct {
	p      *csvParser
	file   string
	line   int
	cols   map[string]int // column name -> field index
	fields []string
	city   string // city the row belongs to, for errors

	decimalComma bool // the table uses ';' between fields, so numbers may use ',' as the decimal mark
}

func (r *csvRow) errorf(col, format string, args ...any) {
	e := &model.Error{Code: model.EINVALID, File: r.file, Line: r.line, City: r.city, Key: col, Message: fmt.Sprintf(format, args...)}
	if i, ok := r.cols[col]; ok {
		e.Column = i + 1
	}
	r.p.add(e)
}

func (r *csvRow) text(col string) string {
	if i, ok := r.cols[col]; ok {
		return r.fields[i]
	}
	return ""
}

func (r *csvRow) list(col string) []string {
	var out []string
	for _, s := range strings.Split(r.text(col), listSep) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// integer reads an integer field; ok is false when it is empty or wrong.
func (r *csvRow) integer(col string) (int64, bool) {
	s := strings.TrimSpace(r.text(col))
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		r.errorf(col, "expected an integer, found %q", s)
		return 0, false
	}
	return n, true
}

func (r *csvRow) float(col string) (float64, bool) {
	s := strings.TrimSpace(r.text(col))
	if s == "" {
		return 0, false
	}
	if r.decimalComma {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v {
		r.errorf(col, "expected a number in decimal degrees, found %q", s)
		return 0, false
	}
	return v, true
}

func (r *csvRow) boolean(col string) (bool, bool) {
	s := strings.TrimSpace(r.text(col))
	if s == "" {
		return false, false
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		r.errorf(col, "expected true or false, found %q", s)
		return false, false
	}
	return v, true
}

// checked reads an integer field and checks it with check, which returns
// the value to keep and what is wrong with it, if anything; an empty field
// is 0.
func (r *csvRow) checked(col string, check func(int64) (int, string)) int {
	n, ok := r.integer(col)
	if !ok {
		return 0
	}
	v, msg := check(n)
	if msg != "" {
		r.errorf(col, "%s", msg)
	}
	return v
}

// table reads table t from fsys, if present, checking its header and the
// length of each row, and calls row for each well-formed data row.
func (p *csvParser) table(fsys fs.FS, t csvTable, row func(r *csvRow)) {
	file := p.file(t.file)
	f, err := fsys.Open(t.file)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	var src []byte
	if err == nil {
		src, err = readLimited(file, f)
		f.Close()
	}
	if err != nil {
		var e *model.Error
		if !errors.As(err, &e) {
			e = &model.Error{Code: model.EINVALID, File: file, Message: "cannot read: " + err.Error(), Err: err}
		}
		p.add(e)
		p.fatal = true
		return
	}
	if e := checkText(file, src); e != nil {
		if e.Line == 0 {
			e.Message = "empty file: expected a header row naming the columns (" + strings.Join(t.columns, ",") + ")"
		}
		p.add(e)
		p.fatal = true
		return
	}
	body := bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	comma, ok := separator(body, t)
	if !ok {
		p.add(&model.Error{Code: model.EINVALID, File: file, Line: 1,
			Message: "the header row seems to use ';' between columns: expected commas (save the sheet as \"CSV UTF-8 (comma delimited)\"), or a header naming the columns " + strings.Join(t.columns, ";")})
		p.fatal = true
		return
	}
	cr := csv.NewReader(bytes.NewReader(body))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		p.csvError(file, err)
		return
	}
	cols, ok := p.header(file, t, header)
	if !ok {
		p.fatal = true
		return
	}
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = strings.TrimSpace(h)
	}
	p.loc.headers[t.file] = names
	r := &csvRow{p: p, file: file, cols: cols, decimalComma: comma == ';'}
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			p.csvError(file, err)
			return
		}
		line, _ := cr.FieldPos(0)
		r.line, r.fields, r.city = line, fields, ""
		if len(fields) != len(header) {
			r.errorf("", "row has %d fields: expected %d (%s)", len(fields), len(header), strings.Join(names, ","))
			continue
		}
		row(r)
	}
}

// separator returns the field separator of the table t whose text is
// body: ',' as the format says, or ';' when the header row has no comma and
// splits on ';' into known columns only (as spreadsheets set to a European
// locale save CSV). ok is false when the header has no comma but does have
// a ';' and so seems to use ';' with columns that are not all known.
func separator(body []byte, t csvTable) (comma rune, ok bool) {
	header, _, _ := bytes.Cut(body, []byte("\n"))
	if bytes.IndexByte(header, ',') >= 0 || bytes.IndexByte(header, ';') < 0 {
		return ',', true
	}
	for _, name := range strings.Split(string(header), ";") {
		if !slices.Contains(t.columns, strings.Trim(strings.TrimSpace(name), `"`)) {
			return ',', false
		}
	}
	return ';', true
}

// header checks the header row of t and maps its columns to field indexes.
func (p *csvParser) header(file string, t csvTable, header []string) (map[string]int, bool) {
	ok := true
	cols := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		e := &model.Error{Code: model.EINVALID, File: file, Line: 1, Column: i + 1, Key: h}
		switch {
		case h == "":
			e.Message = fmt.Sprintf("empty column name in the header: expected %s", strings.Join(t.columns, ", "))
		case !slices.Contains(t.columns, h):
			e.Message = fmt.Sprintf("unknown column %q in the header: expected %s", h, expectedKeys(h, t.columns))
		default:
			if _, dup := cols[h]; dup {
				e.Message = fmt.Sprintf("column %q appears twice in the header: expected each column once", h)
			} else {
				cols[h] = i
				continue
			}
		}
		p.add(e)
		ok = false
	}
	for _, c := range t.required {
		if _, have := cols[c]; !have {
			p.add(&model.Error{Code: model.EINVALID, File: file, Line: 1, Key: c,
				Message: fmt.Sprintf("required column %q missing from the header: expected the columns %s", c, strings.Join(t.columns, ","))})
			ok = false
		}
	}
	return cols, ok
}

// csvError reports a row the CSV reader could not split, such as one with a
// stray quote; the rest of the table is not read.
func (p *csvParser) csvError(file string, err error) {
	p.fatal = true
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.add(&model.Error{Code: model.EINVALID, File: file, Line: pe.Line,
			Message: fmt.Sprintf("invalid CSV: %v: expected fields separated by commas, quoted with '\"' when they hold commas, quotes or line breaks", pe.Err)})
		return
	}
	p.add(&model.Error{Code: model.EINVALID, File: file, Message: "cannot read: " + err.Error(), Err: err})
}

// csvLocator maps document keys to the rows and columns of the tables they
// were read from.
type csvLocator struct {
	dir                               string
	headers                           map[string][]string // table file -> column names in its order
	cities                            []int               // row of cities[i]
	challenges, capacities, practices [][]int             // row of cities[i].challenges[j], ...
	exchanges, rules                  []int
}

func (l *csvLocator) locate(keys []string) map[string]position {
	out := make(map[string]position, len(keys))
	for _, k := range keys {
		if pos, ok := l.locateKey(parseKeyPath(k)); ok {
			out[k] = pos
		}
	}
	return out
}

// locateKey finds the row and column of the key path elems.
func (l *csvLocator) locateKey(elems []pathElem) (position, bool) {
	at := func(rows []int, i int) (int, bool) {
		if i < 0 || i >= len(rows) {
			return 0, false
		}
		return rows[i], true
	}
	if len(elems) < 2 || elems[0].index >= 0 || elems[1].index < 0 {
		return position{}, false
	}
	i := elems[1].index
	var table string
	var line int
	var ok bool
	rest := elems[2:]
	switch elems[0].key {
	case "cities":
		table = citiesTable.file
		line, ok = at(l.cities, i)
		if len(rest) >= 2 && rest[1].index >= 0 && i < len(l.cities) {
			j := rest[1].index
			switch rest[0].key {
			case "challenges":
				table = challengesTable.file
				line, ok = at(l.challenges[i], j)
				rest = rest[2:]
			case "capacities":
				table = capacitiesTable.file
				line, ok = at(l.capacities[i], j)
				rest = rest[2:]
			case "practices":
				table = practicesTable.file
				line, ok = at(l.practices[i], j)
				rest = rest[2:]
			}
		}
	case "exchanges":
		table = exchangesTable.file
		line, ok = at(l.exchanges, i)
	case "rules":
		table = rulesTable.file
		line, ok = at(l.rules, i)
	}
	if !ok {
		return position{}, false
	}
	col := ""
	if len(rest) > 0 {
		col = rest[0].key
		switch {
		case col == "location" && len(rest) > 1:
			col = rest[1].key
		case col == "location":
			col = "lat"
		case col == "commitment" && len(rest) > 1:
			col = rest[1].key
		case col == "commitment":
			col = "political"
		}
	}
	pos := position{file: filepath.Join(l.dir, table), line: line, key: col}
	if i := slices.Index(l.headers[table], col); i >= 0 && col != "" {
		pos.column = i + 1
	}
	return pos, true
}

// parseKeyPath splits "cities[3].challenges[0].severity" into its steps.
func parseKeyPath(k string) []pathElem {
	var out []pathElem
	for _, part := range strings.Split(k, ".") {
		name, idx, _ := strings.Cut(part, "[")
		if name != "" {
			out = append(out, pathElem{key: name, index: -1})
		}
		for idx != "" {
			num, after, _ := strings.Cut(idx, "]")
			n, err := strconv.Atoi(num)
			if err != nil {
				break
			}
			out = append(out, pathElem{index: n})
			_, idx, _ = strings.Cut(after, "[")
		}
	}
	return out
}

// WriteCSVDir writes doc as a folder of CSV tables (see ParseCSV), creating
// dir if needed. Every table is written, empty ones as a header row, each
// atomically (see WriteFileAtomic).
func WriteCSVDir(dir string, doc *model.Document) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	for _, t := range csvTables {
		err := WriteFileAtomic(filepath.Join(dir, t.file), func(w io.Writer) error {
			cw := csv.NewWriter(w)
			if err := cw.Write(t.columns); err != nil {
				return err
			}
			if err := writeRows(cw, t, doc); err != nil {
				return err
			}
			cw.Flush()
			return cw.Error()
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeRows writes the rows of table t of doc.
func writeRows(cw *csv.Writer, t csvTable, doc *model.Document) error {
	num := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	switch t.file {
	case citiesTable.file:
		for _, c := range doc.Cities {
			var lat, lon, hosting, political, community, costSharing string
			if c.Location != nil {
				lat = strconv.FormatFloat(c.Location.Lat, 'g', -1, 64)
				lon = strconv.FormatFloat(c.Location.Lon, 'g', -1, 64)
			}
			if c.Hosting != nil {
				hosting = strconv.Itoa(*c.Hosting)
			}
			if cm := c.Commitment; cm != nil {
				political, community = num(int64(cm.Political)), num(int64(cm.Community))
				costSharing = strconv.FormatBool(cm.CostSharing)
			}
			if err := cw.Write([]string{c.ID, c.Name, strings.ToUpper(c.Country), string(c.Kind), string(c.Development),
				num(c.Population), lat, lon, strings.Join(c.Languages, listSep), hosting, political, community, costSharing}); err != nil {
				return err
			}
		}
	case challengesTable.file:
		for _, c := range doc.Cities {
			for _, ch := range c.Challenges {
				if err := cw.Write([]string{c.ID, ch.Topic, ch.Text, num(int64(ch.Severity))}); err != nil {
					return err
				}
			}
		}
	case capacitiesTable.file:
		for _, c := range doc.Cities {
			for _, ca := range c.Capacities {
				if err := cw.Write([]string{c.ID, ca.Topic, ca.Text, num(int64(ca.Level))}); err != nil {
					return err
				}
			}
		}
	case practicesTable.file:
		for _, c := range doc.Cities {
			for _, pr := range c.Practices {
				if err := cw.Write([]string{c.ID, pr.Title, pr.Text, strings.Join(pr.Topics, listSep),
					num(int64(pr.Since)), string(pr.Cost), pr.Outcomes}); err != nil {
					return err
				}
			}
		}
	case exchangesTable.file:
		for _, e := range doc.Exchanges {
			if err := cw.Write([]string{e.Resource, strings.Join(e.Beneficiaries, listSep), e.Topic,
				num(int64(e.Year)), string(e.Stage), e.Outcome}); err != nil {
				return err
			}
		}
	case rulesTable.file:
		for _, r := range doc.Rules {
			created := ""
			if !r.Created.IsZero() {
				created = r.Created.Format(time.RFC3339Nano)
			}
			if err := cw.Write([]string{r.Beneficiary, r.Resource, string(r.Rule), r.Why, r.By, created}); err != nil {
				return err
			}
		}
	}
	return nil
}
