package store

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/c2cnet/c2c/model"
)

// maxDepth bounds the nesting of JSON values, so that a hostile document
// cannot exhaust the stack.
const maxDepth = 256

// maxErrors bounds how many errors one input reports; past it a last error
// says how many more there were.
const maxErrors = 1000

// scanner reads JSON from a byte slice and knows where it is: the byte
// offset, the line and the start of the line. Newlines can only occur
// between tokens (a raw newline inside a string is a syntax error), so
// skipping white space is the only place that counts lines.
type scanner struct {
	src       []byte
	pos       int
	line      int // 1-based line of pos
	lineStart int // offset of the first byte of line
	depth     int
}

// mark is a remembered position in the source.
type mark struct{ off, line, lineStart int }

// syntaxError aborts a scan; the parser recovers it at the top.
type syntaxError struct {
	at  mark
	msg string
}

func newScanner(src []byte) *scanner {
	s := &scanner{src: src, line: 1}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		s.pos, s.lineStart = 3, 3 // a UTF-8 byte order mark is not content
	}
	return s
}

func (s *scanner) mark() mark { return mark{s.pos, s.line, s.lineStart} }

// column returns the 1-based column of m in characters.
func (s *scanner) column(m mark) int {
	end := min(m.off, len(s.src))
	return utf8.RuneCount(s.src[m.lineStart:end]) + 1
}

func (s *scanner) fail(format string, args ...any) {
	panic(syntaxError{at: s.mark(), msg: fmt.Sprintf(format, args...)})
}

func (s *scanner) ws() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\r':
			s.pos++
		case '\n':
			s.pos++
			s.line++
			s.lineStart = s.pos
		default:
			return
		}
	}
}

// peek returns the next byte, 0 at the end of the input.
func (s *scanner) peek() byte {
	if s.pos >= len(s.src) {
		return 0
	}
	return s.src[s.pos]
}

func (s *scanner) expect(c byte, what string) {
	s.ws()
	if s.peek() != c {
		s.fail("expected %s, found %s", what, s.describeNext())
	}
	s.pos++
}

// describeNext names what is at the current position, for messages.
func (s *scanner) describeNext() string {
	if s.pos >= len(s.src) {
		return "the end of the file"
	}
	c := s.src[s.pos]
	switch {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '-' || c >= '0' && c <= '9':
		return "a number"
	}
	r, _ := utf8.DecodeRune(s.src[s.pos:])
	return strconv.QuoteRune(r)
}

// literal consumes one of true, false and null.
func (s *scanner) literal(word string) {
	if !bytes.HasPrefix(s.src[s.pos:], []byte(word)) {
		s.fail("invalid literal: expected %s", word)
	}
	s.pos += len(word)
}

// stringRaw consumes a string and returns its contents between the quotes,
// still escaped, and whether it holds escapes.
func (s *scanner) stringRaw() (raw []byte, escaped bool) {
	if s.peek() != '"' {
		s.fail("expected a string in double quotes, found %s", s.describeNext())
	}
	s.pos++
	start := s.pos
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '"':
			raw = s.src[start:s.pos]
			s.pos++
			return raw, escaped
		case c == '\\':
			escaped = true
			s.pos++
			if s.pos >= len(s.src) {
				s.fail("unterminated string: expected a closing '\"'")
			}
			switch s.src[s.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos++
			case 'u':
				for i := 1; i <= 4; i++ {
					if s.pos+i >= len(s.src) || !isHex(s.src[s.pos+i]) {
						s.fail("invalid \\u escape: expected four hexadecimal digits")
					}
				}
				s.pos += 5
			default:
				s.fail("invalid escape '\\%c' in string", s.src[s.pos])
			}
		case c < 0x20:
			if c == '\n' {
				s.fail("unterminated string: expected a closing '\"' before the end of the line")
			}
			s.fail("control character %#x in string: expected it escaped", c)
		default:
			s.pos++
		}
	}
	s.fail("unterminated string: expected a closing '\"'")
	return nil, false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// str consumes a string and returns its value.
func (s *scanner) str() string {
	raw, escaped := s.stringRaw()
	if !escaped {
		return string(raw)
	}
	return unescape(raw)
}

// unescape decodes the escapes of a string already checked by stringRaw.
// Unpaired surrogates become U+FFFD, as in encoding/json.
func unescape(raw []byte) string {
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		switch raw[i+1] {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := hex4(raw[i+2 : i+6])
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					if r2 := utf16.DecodeRune(r, hex4(raw[i+2:i+6])); r2 != utf8.RuneError {
						b.WriteRune(r2)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			b.WriteRune(r)
			continue
		default: // '"', '\\', '/'
			b.WriteByte(raw[i+1])
		}
		i += 2
	}
	return b.String()
}

func hex4(h []byte) rune {
	var r rune
	for _, c := range h {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		default:
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}

// number consumes a number in strict JSON grammar and returns its text.
func (s *scanner) number() string {
	start := s.pos
	digits := func() int {
		n := 0
		for s.pos < len(s.src) && s.src[s.pos] >= '0' && s.src[s.pos] <= '9' {
			s.pos++
			n++
		}
		return n
	}
	if s.peek() == '-' {
		s.pos++
	}
	switch {
	case s.peek() == '0':
		s.pos++
	case digits() == 0:
		s.fail("invalid number: expected a digit")
	}
	if s.peek() == '.' {
		s.pos++
		if digits() == 0 {
			s.fail("invalid number: expected a digit after '.'")
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.pos++
		if c := s.peek(); c == '+' || c == '-' {
			s.pos++
		}
		if digits() == 0 {
			s.fail("invalid number: expected a digit in the exponent")
		}
	}
	return string(s.src[start:s.pos])
}

// skip consumes one value of any type.
func (s *scanner) skip() {
	s.ws()
	switch c := s.peek(); {
	case c == '{':
		s.enter()
		s.pos++
		s.ws()
		if s.peek() == '}' {
			s.pos++
			s.depth--
			return
		}
		for {
			s.ws()
			s.stringRaw()
			s.expect(':', "':' after the key")
			s.skip()
			if s.closeOrNext('}') {
				s.depth--
				return
			}
		}
	case c == '[':
		s.enter()
		s.pos++
		s.ws()
		if s.peek() == ']' {
			s.pos++
			s.depth--
			return
		}
		for {
			s.skip()
			if s.closeOrNext(']') {
				s.depth--
				return
			}
		}
	case c == '"':
		s.stringRaw()
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		s.number()
	default:
		s.fail("expected a value, found %s", s.describeNext())
	}
}

func (s *scanner) enter() {
	s.depth++
	if s.depth > maxDepth {
		s.fail("values nested more than %d deep", maxDepth)
	}
}

// closeOrNext consumes the ',' between members or elements, or the closing
// bracket, and reports whether it was the closing one.
func (s *scanner) closeOrNext(closing byte) bool {
	s.ws()
	switch s.peek() {
	case ',':
		s.pos++
		s.ws()
		if s.peek() == closing {
			s.fail("trailing comma: expected another value after ','")
		}
		return false
	case closing:
		s.pos++
		return true
	}
	s.fail("expected ',' or '%c', found %s", closing, s.describeNext())
	return false
}

// checkText reports a source that is empty, not UTF-8 or holds a NUL byte,
// with the position of the first bad byte.
func checkText(file string, src []byte) *model.Error {
	body := src
	if len(body) >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF {
		body = body[3:]
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return &model.Error{Code: model.EINVALID, File: file, Message: "empty file: expected a c2c document"}
	}
	valid := utf8.Valid(src)
	if valid && bytes.IndexByte(src, 0) < 0 {
		return nil
	}
	line, lineStart, off := 1, 0, 0
	for off < len(src) {
		r, n := utf8.DecodeRune(src[off:])
		if (r == utf8.RuneError && n == 1) || r == 0 {
			break
		}
		if r == '\n' {
			line++
			lineStart = off + n
		}
		off += n
	}
	e := &model.Error{Code: model.EINVALID, File: file, Line: line, Column: utf8.RuneCount(src[lineStart:off]) + 1}
	if src[off] == 0 {
		e.Message = fmt.Sprintf("NUL byte at offset %d: expected a UTF-8 text file (is it a spreadsheet or a UTF-16 file? save it as CSV UTF-8 or JSON)", off)
	} else {
		e.Message = fmt.Sprintf("not UTF-8: byte %#02x at offset %d is not valid UTF-8: expected a UTF-8 text file (save it as UTF-8)", src[off], off)
	}
	return e
}
