package store

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/c2cnet/c2c/model"
)

// ParseJSON reads a c2c/v1 JSON document from r; name is the file name its
// errors report. It checks syntax, keys and types: every unknown or repeated
// key, every value of the wrong type and every missing required key is
// reported, together, as model.Errors with line and column. Checks against
// the reference tables and the store are left to Import and Input.Validate.
//
// When the document is well-formed JSON but has such errors, ParseJSON
// returns them together with a non-nil Input, so that Import (or Validate)
// can report them along with every error of the values; Import refuses an
// Input with errors. A syntax error, an empty file or a file that is not
// UTF-8 return a nil Input.
func ParseJSON(name string, r io.Reader) (*Input, error) {
	src, err := readLimited(name, r)
	if err != nil {
		return nil, err
	}
	return parseJSON(name, src, func() ([]byte, error) { return src, nil })
}

// parseJSON parses src; source returns src again when errors need locating,
// so that a caller that can re-read the file need not keep src alive.
func parseJSON(name string, src []byte, source func() ([]byte, error)) (*Input, error) {
	if e := checkText(name, src); e != nil {
		return nil, model.Errors{e}
	}
	p := &jsonParser{scanner: newScanner(src), file: name}
	doc, ok := p.parse()
	if !ok {
		return nil, p.errors()
	}
	in := &Input{File: name, Doc: doc, loc: &jsonLocator{file: name, source: source}, errs: p.errors()}
	if in.errs != nil {
		return in, in.errs
	}
	return in, nil
}

// jsonParser decodes a document by its schema, recording where it is (the
// key path) so that errors can say which key is wrong.
type jsonParser struct {
	*scanner
	file string
	path []pathElem
	errs model.Errors
	more int    // errors past maxErrors, counted only
	city string // id of the city being read, for errors
}

// pathElem is one step of a key path: a key, or an index when key is "".
type pathElem struct {
	key   string
	index int // -1 for a key
}

func (p *jsonParser) key() string {
	var b strings.Builder
	for i, e := range p.path {
		if e.index < 0 {
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(e.key)
		} else {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(e.index))
			b.WriteByte(']')
		}
	}
	return b.String()
}

func (p *jsonParser) errorAt(m mark, format string, args ...any) {
	if len(p.errs) >= maxErrors {
		p.more++
		return
	}
	p.errs = append(p.errs, &model.Error{
		Code: model.EINVALID, File: p.file, Line: m.line, Column: p.column(m),
		City: p.city, Key: p.key(), Message: fmt.Sprintf(format, args...),
	})
}

// errors returns every error recorded, the syntax error last.
func (p *jsonParser) errors() model.Errors {
	if p.more > 0 {
		p.errs = append(p.errs, &model.Error{Code: model.EINVALID, File: p.file,
			Message: fmt.Sprintf("%d more errors not shown", p.more)})
	}
	if len(p.errs) == 0 {
		return nil
	}
	return p.errs
}

// parse reads the whole document; ok is false after a syntax error (the last
// of p.errs) or when the document is not an object at all.
func (p *jsonParser) parse() (doc *model.Document, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			se, isSyntax := r.(syntaxError)
			if !isSyntax {
				panic(r)
			}
			p.errorAt(se.at, "invalid JSON: %s", se.msg)
			doc, ok = nil, false
		}
	}()
	doc = &model.Document{}
	p.ws()
	root := p.mark()
	var haveCities bool
	isObject := p.object("a c2c document (a JSON object)", documentKeys, func(f int) {
		switch f {
		case 0:
			doc.Format, _ = p.stringValue()
		case 1:
			haveCities = true
			doc.Cities = []model.City{}
			p.array("the list of cities (an array)", func(i int) {
				doc.Cities = append(doc.Cities, model.City{})
				p.parseCity(&doc.Cities[len(doc.Cities)-1])
			})
		case 2:
			p.array("the list of exchanges (an array)", func(i int) {
				doc.Exchanges = append(doc.Exchanges, model.Exchange{})
				p.parseExchange(&doc.Exchanges[len(doc.Exchanges)-1])
			})
		case 3:
			p.array("the list of rules (an array)", func(i int) {
				doc.Rules = append(doc.Rules, model.Rule{})
				p.parseRule(&doc.Rules[len(doc.Rules)-1])
			})
		}
	})
	p.ws()
	if p.pos < len(p.src) {
		p.fail("unexpected %s after the document: expected the end of the file", p.describeNext())
	}
	if !isObject {
		return nil, false
	}
	if doc.Format == "" {
		p.path = append(p.path[:0], pathElem{key: "format", index: -1})
		p.errorAt(root, "required key missing: expected \"format\": %q", model.FormatVersion)
	}
	if !haveCities {
		p.path = append(p.path[:0], pathElem{key: "cities", index: -1})
		p.errorAt(root, "required key missing: expected \"cities\": [...], the list of cities")
	}
	p.path = p.path[:0]
	if doc.Cities == nil {
		doc.Cities = []model.City{}
	}
	return doc, true
}

var (
	documentKeys   = []string{"format", "cities", "exchanges", "rules"}
	cityKeys       = []string{"id", "name", "country", "kind", "development", "population", "location", "languages", "hosting", "commitment", "challenges", "capacities", "practices"}
	locationKeys   = []string{"lat", "lon"}
	commitmentKeys = []string{"political", "community", "cost_sharing"}
	challengeKeys  = []string{"topic", "text", "severity"}
	capacityKeys   = []string{"topic", "text", "level"}
	practiceKeys   = []string{"title", "text", "topics", "since", "cost", "outcomes"}
	exchangeKeys   = []string{"resource", "beneficiaries", "topic", "year", "stage", "outcome"}
	ruleKeys       = []string{"beneficiary", "resource", "rule", "why", "by", "created"}
)

func (p *jsonParser) parseCity(c *model.City) {
	first := len(p.errs)
	p.city = ""
	p.object("a city (a JSON object)", cityKeys, func(f int) {
		switch f {
		case 0:
			c.ID, _ = p.stringValue()
			p.city = c.ID
		case 1:
			c.Name, _ = p.stringValue()
		case 2:
			c.Country, _ = p.stringValue()
		case 3:
			s, _ := p.stringValue()
			c.Kind = model.Kind(s)
		case 4:
			s, _ := p.stringValue()
			c.Development = model.Development(s)
		case 5:
			m := p.mark()
			if n, ok := p.intValue(); ok {
				if n == 0 {
					p.errorAt(m, "population 0: expected an integer > 0 (leave the key out when unknown)")
				}
				c.Population = n
			}
		case 6:
			loc := &model.Location{}
			var have [2]bool
			m := p.mark()
			if p.object("a location (an object with lat and lon)", locationKeys, func(f int) {
				have[f] = true
				if v, ok := p.floatValue(); ok {
					if f == 0 {
						loc.Lat = v
					} else {
						loc.Lon = v
					}
				}
			}) {
				if !have[0] || !have[1] {
					p.errorAt(m, "incomplete location: expected both \"lat\" and \"lon\"")
				}
				c.Location = loc
			}
		case 7:
			c.Languages = p.stringList("the working languages (an array of strings)")
		case 8:
			m := p.mark()
			if n, ok := p.intValue(); ok {
				if n > math.MaxInt32 {
					p.errorAt(m, "hosting %d: expected a small integer >= 0", n)
				}
				h := int(n)
				c.Hosting = &h
			}
		case 9:
			cm := &model.Commitment{}
			if p.object("the commitment (an object)", commitmentKeys, func(f int) {
				switch f {
				case 0:
					cm.Political = p.checkedInt(presentScore)
				case 1:
					cm.Community = p.checkedInt(presentScore)
				case 2:
					cm.CostSharing, _ = p.boolValue()
				}
			}) {
				c.Commitment = cm
			}
		case 10:
			p.array("the challenges (an array)", func(i int) {
				c.Challenges = append(c.Challenges, model.Challenge{})
				ch := &c.Challenges[len(c.Challenges)-1]
				p.topicEntry("a challenge (an object)", challengeKeys, &ch.Topic, &ch.Text, &ch.Severity)
			})
		case 11:
			p.array("the capacities (an array)", func(i int) {
				c.Capacities = append(c.Capacities, model.Capacity{})
				ca := &c.Capacities[len(c.Capacities)-1]
				p.topicEntry("a capacity (an object)", capacityKeys, &ca.Topic, &ca.Text, &ca.Level)
			})
		case 12:
			p.array("the practices (an array)", func(i int) {
				c.Practices = append(c.Practices, model.Practice{})
				p.parsePractice(&c.Practices[len(c.Practices)-1])
			})
		}
	})
	p.fillCity(first, c.ID)
}

// topicEntry reads a challenge or a capacity: keys are its topic, text and
// 1..5 strength (severity or level).
func (p *jsonParser) topicEntry(what string, keys []string, topic, text *string, strength *int) {
	p.object(what, keys, func(f int) {
		switch f {
		case 0:
			*topic, _ = p.stringValue()
		case 1:
			*text, _ = p.stringValue()
		case 2:
			*strength = p.checkedInt(presentScore)
		}
	})
}

// fillCity names city on the errors recorded since first that were found
// before the city's id was read.
func (p *jsonParser) fillCity(first int, city string) {
	for _, e := range p.errs[min(first, len(p.errs)):] {
		if e.City == "" {
			e.City = city
		}
	}
	p.city = ""
}

func (p *jsonParser) parsePractice(pr *model.Practice) {
	p.object("a practice (an object)", practiceKeys, func(f int) {
		switch f {
		case 0:
			pr.Title, _ = p.stringValue()
		case 1:
			pr.Text, _ = p.stringValue()
		case 2:
			pr.Topics = p.stringList("the topic ids (an array of strings)")
		case 3:
			pr.Since = p.checkedInt(presentYear)
		case 4:
			s, _ := p.stringValue()
			pr.Cost = model.Cost(s)
		case 5:
			pr.Outcomes, _ = p.stringValue()
		}
	})
}

func (p *jsonParser) parseExchange(e *model.Exchange) {
	first := len(p.errs)
	p.object("an exchange (an object)", exchangeKeys, func(f int) {
		switch f {
		case 0:
			e.Resource, _ = p.stringValue()
		case 1:
			e.Beneficiaries = p.stringList("the beneficiary city ids (an array of strings)")
		case 2:
			e.Topic, _ = p.stringValue()
		case 3:
			e.Year = p.checkedInt(presentYear)
		case 4:
			s, _ := p.stringValue()
			e.Stage = model.Stage(s)
		case 5:
			e.Outcome, _ = p.stringValue()
		}
	})
	p.fillCity(first, e.Resource)
}

func (p *jsonParser) parseRule(r *model.Rule) {
	first := len(p.errs)
	p.object("a rule (an object)", ruleKeys, func(f int) {
		switch f {
		case 0:
			r.Beneficiary, _ = p.stringValue()
		case 1:
			r.Resource, _ = p.stringValue()
		case 2:
			s, _ := p.stringValue()
			r.Rule = model.RuleKind(s)
		case 3:
			r.Why, _ = p.stringValue()
		case 4:
			r.By, _ = p.stringValue()
		case 5:
			at := p.mark()
			if s, ok := p.stringValue(); ok {
				var msg string
				if r.Created, msg = parseCreated(s); msg != "" {
					p.errorAt(at, "%s", msg)
				}
			}
		}
	})
	p.fillCity(first, r.Beneficiary)
}

// object reads an object whose known keys are fields, calling member with
// the index of each known key whose value is not null, the scanner at the
// value. Unknown and repeated keys are reported and their values skipped.
// It reports a value that is not an object as expected what, and returns
// whether the value was an object.
func (p *jsonParser) object(what string, fields []string, member func(field int)) bool {
	p.ws()
	if p.peek() != '{' {
		p.typeError(what)
		return false
	}
	p.enter()
	p.pos++
	p.ws()
	if p.peek() == '}' {
		p.pos++
		p.depth--
		return true
	}
	var seen uint64
	for {
		p.ws()
		km := p.mark()
		raw, escaped := p.stringRaw()
		field := -1
		var key string
		if escaped {
			key = unescape(raw)
			field = indexOf(fields, key)
		} else {
			for i, f := range fields {
				if string(raw) == f {
					field, key = i, f
					break
				}
			}
			if field < 0 {
				key = string(raw)
			}
		}
		p.expect(':', "':' after the key")
		p.path = append(p.path, pathElem{key: key, index: -1})
		p.ws()
		switch {
		case field < 0:
			p.errorAt(km, "unknown key %q: expected %s", key, expectedKeys(key, fields))
			p.skip()
		case seen&(1<<field) != 0:
			p.errorAt(km, "key %q appears twice: expected each key once", key)
			p.skip()
		case p.peek() == 'n':
			seen |= 1 << field
			p.literal("null")
		default:
			seen |= 1 << field
			member(field)
		}
		p.path = p.path[:len(p.path)-1]
		if p.closeOrNext('}') {
			p.depth--
			return true
		}
	}
}

// expectedKeys describes the keys allowed where key was found, with the
// closest one first when key looks like a typo of it.
func expectedKeys(key string, fields []string) string {
	s := "one of " + strings.Join(fields, ", ")
	if near := model.ClosestIDs(key, fields, 1); len(near) > 0 {
		s = fmt.Sprintf("%q (or one of %s)", near[0], strings.Join(fields, ", "))
	}
	return s
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// array reads an array, calling elem for each element with the scanner at
// it. It reports a value that is not an array as expected what.
func (p *jsonParser) array(what string, elem func(i int)) {
	p.ws()
	if p.peek() != '[' {
		p.typeError(what)
		return
	}
	p.enter()
	p.pos++
	p.ws()
	if p.peek() == ']' {
		p.pos++
		p.depth--
		return
	}
	for i := 0; ; i++ {
		p.path = append(p.path, pathElem{index: i})
		p.ws()
		elem(i)
		p.path = p.path[:len(p.path)-1]
		if p.closeOrNext(']') {
			p.depth--
			return
		}
	}
}

// typeError reports the value at the scanner as not being what, and skips it.
func (p *jsonParser) typeError(what string) {
	p.ws()
	p.errorAt(p.mark(), "expected %s, found %s", what, p.describeNext())
	p.skip()
}

func (p *jsonParser) stringValue() (string, bool) {
	if p.peek() != '"' {
		p.typeError("a string")
		return "", false
	}
	return p.str(), true
}

func (p *jsonParser) stringList(what string) []string {
	var list []string
	p.array(what, func(i int) {
		s, ok := p.stringValue()
		if ok {
			list = append(list, s)
		}
	})
	return list
}

func (p *jsonParser) boolValue() (bool, bool) {
	switch p.peek() {
	case 't':
		p.literal("true")
		return true, true
	case 'f':
		p.literal("false")
		return false, true
	}
	p.typeError("true or false")
	return false, false
}

func (p *jsonParser) floatValue() (float64, bool) {
	c := p.peek()
	if c != '-' && (c < '0' || c > '9') {
		p.typeError("a number")
		return 0, false
	}
	m := p.mark()
	text := p.number()
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		p.errorAt(m, "number %s out of range", text)
		return 0, false
	}
	return v, true
}

// intValue reads an integer; a number with a fraction or exponent is
// accepted when its value is a whole number.
func (p *jsonParser) intValue() (int64, bool) {
	c := p.peek()
	if c != '-' && (c < '0' || c > '9') {
		p.typeError("an integer")
		return 0, false
	}
	m := p.mark()
	text := p.number()
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, true
	} else if errors.Is(err, strconv.ErrRange) {
		p.errorAt(m, "integer %s out of range", text)
		return 0, false
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || v != math.Trunc(v) || v < math.MinInt64 || v >= math.MaxInt64 {
		p.errorAt(m, "expected an integer, found %s", text)
		return 0, false
	}
	return int64(v), true
}

// checkedInt reads an integer and checks it with check, which returns the
// value to keep and what is wrong with it, if anything.
func (p *jsonParser) checkedInt(check func(int64) (int, string)) int {
	m := p.mark()
	n, ok := p.intValue()
	if !ok {
		return 0
	}
	v, msg := check(n)
	if msg != "" {
		p.errorAt(m, "%s", msg)
	}
	return v
}

// jsonLocator finds keys of a JSON source by a second scan.
type jsonLocator struct {
	file   string
	source func() ([]byte, error)
}

// locate scans the source once, descending only into values on the way to
// a wanted key, and returns the position of each key (of its name for an
// object member, of its value for an array element), or of its nearest
// enclosing key when the key itself is missing.
func (l *jsonLocator) locate(keys []string) map[string]position {
	out := make(map[string]position, len(keys))
	src, err := l.source()
	if err != nil {
		return out
	}
	want := make(map[string]bool)
	for _, k := range keys {
		for i := 0; i < len(k); i++ {
			if k[i] == '.' || k[i] == '[' {
				want[k[:i]] = true
			}
		}
		want[k] = true
	}
	s := newScanner(src)
	found := make(map[string]mark)
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(syntaxError); !ok {
					panic(r)
				}
			}
		}()
		s.ws()
		found[""] = s.mark()
		locateValue(s, "", want, found)
	}()
	for _, k := range keys {
		at := k
		for {
			if m, ok := found[at]; ok {
				out[k] = position{file: l.file, line: m.line, column: s.column(m), key: k}
				break
			}
			if at == "" {
				out[k] = position{file: l.file, key: k}
				break
			}
			at = parentKey(at)
		}
	}
	return out
}

// parentKey returns the key path enclosing k: "a.b[2]" -> "a.b" -> "a" -> "".
func parentKey(k string) string {
	i := strings.LastIndexAny(k, ".[")
	if i < 0 {
		return ""
	}
	return k[:i]
}

func locateValue(s *scanner, path string, want map[string]bool, found map[string]mark) {
	s.ws()
	switch s.peek() {
	case '{':
		s.enter()
		defer func() { s.depth-- }()
		s.pos++
		s.ws()
		if s.peek() == '}' {
			s.pos++
			return
		}
		for {
			s.ws()
			km := s.mark()
			key := s.str()
			s.expect(':', "':'")
			child := key
			if path != "" {
				child = path + "." + key
			}
			if want[child] {
				if _, dup := found[child]; !dup {
					found[child] = km
				}
				locateValue(s, child, want, found)
			} else {
				s.skip()
			}
			if s.closeOrNext('}') {
				return
			}
		}
	case '[':
		s.enter()
		defer func() { s.depth-- }()
		s.pos++
		s.ws()
		if s.peek() == ']' {
			s.pos++
			return
		}
		for i := 0; ; i++ {
			s.ws()
			child := path + "[" + strconv.Itoa(i) + "]"
			if want[child] {
				found[child] = s.mark()
				locateValue(s, child, want, found)
			} else {
				s.skip()
			}
			if s.closeOrNext(']') {
				return
			}
		}
	default:
		s.skip()
	}
}

// readJSONFile parses the JSON file at path without keeping its bytes: they
// are read again if errors need locating.
func readJSONFile(path string) (*Input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	src, err := readLimited(path, f)
	f.Close()
	if err != nil {
		return nil, err
	}
	return parseJSON(path, src, func() ([]byte, error) { return os.ReadFile(path) })
}

// maxDocumentBytes is model.MaxDocumentBytes; tests lower it.
var maxDocumentBytes int64 = model.MaxDocumentBytes

// readLimited reads all of r, the source called name, refusing a source of
// more than maxDocumentBytes (such as /dev/zero) once it has read that much.
func readLimited(name string, r io.Reader) ([]byte, error) {
	src, err := io.ReadAll(io.LimitReader(r, maxDocumentBytes+1))
	if err != nil {
		return nil, fileError(name, err)
	}
	if int64(len(src)) > maxDocumentBytes {
		return nil, &model.Error{Code: model.EINVALID, File: name,
			Message: fmt.Sprintf("larger than %d MiB: expected a document of at most %d MiB (split the network into several files and import them together)", maxDocumentBytes>>20, maxDocumentBytes>>20)}
	}
	return src, nil
}

// fileError turns a failure to open an input into an error the user can act
// on.
func fileError(path string, err error) error {
	code := model.EINVALID
	if errors.Is(err, os.ErrNotExist) {
		code = model.ENOTFOUND
	}
	return &model.Error{Code: code, File: path, Message: "cannot read: " + err.Error(), Err: err}
}
