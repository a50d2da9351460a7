package store_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// refusalDoc is a document with two new cities, one of which hosts one
// beneficiary, and room for the entries and rules of one case.
func refusalDoc(tinyExtra, rules string) string {
	return `{"format": "c2c/v1", "cities": [
{"id": "tiny", "name": "Tiny", "country": "TH", "hosting": 1` + tinyExtra + `},
{"id": "none", "name": "None", "country": "LA", "hosting": 0}],
"rules": [` + rules + `]}`
}

// TestImportRefusals checks every refusal of an import with its exact,
// located message, and that the store is left unchanged.
func TestImportRefusals(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "PinAndBlockOnOnePair",
			src: refusalDoc("", `{"beneficiary": "hanoi", "resource": "tiny", "rule": "pin", "why": "agreed"},
{"beneficiary": "hanoi", "resource": "tiny", "rule": "block", "why": "not now"}`),
			want: []string{`in.json:5:1: city hanoi: rules[1]: pin and block on the same pair hanoi → tiny (rules[0] is a pin): expected at most one rule per pair (a pin keeps a pair in, a block keeps it out)`},
		},
		{
			name: "SameRuleTwice",
			src: refusalDoc("", `{"beneficiary": "hanoi", "resource": "seoul", "rule": "block"},
{"beneficiary": "hanoi", "resource": "seoul", "rule": "block"}`),
			want: []string{`in.json:5:1: city hanoi: rules[1]: a second block rule on the pair hanoi → seoul (rules[0]): expected at most one rule per pair (a pin keeps a pair in, a block keeps it out)`},
		},
		{
			name: "PinToHostingZero",
			src:  refusalDoc("", `{"beneficiary": "hanoi", "resource": "none", "rule": "pin", "why": "agreed"}`),
			want: []string{`in.json:4:11: city none: rules[0]: cannot pin hanoi to none: none hosts no beneficiaries (hosting 0): expected a resource with hosting of at least 1 (raise none's hosting, or block instead of pin)`},
		},
		{
			name: "MorePinsThanHosting",
			src: refusalDoc("", `{"beneficiary": "hanoi", "resource": "tiny", "rule": "pin"},
{"beneficiary": "dhaka", "resource": "tiny", "rule": "pin"}`),
			want: []string{`in.json:5:1: city tiny: rules[1]: cannot pin dhaka to tiny: tiny hosts at most 1 beneficiary and would have 2 pins (dhaka, hanoi): expected no more pins than its hosting (raise tiny's hosting, or remove a pin with c2c rule rm)`},
		},
		{
			name: "PunctuationOnlyChallenge",
			src:  refusalDoc(`, "challenges": [{"text": "?!"}]`, ""),
			want: []string{`in.json:2:79: city tiny: cities[0].challenges[0].text: text "?!" has no words: expected a letter or a digit (leave the key out when there is nothing to say)`},
		},
		{
			name: "BlankChallenge",
			src:  refusalDoc(`, "challenges": [{"text": "   ", "severity": 4}]`, ""),
			want: []string{`in.json:2:79: city tiny: cities[0].challenges[0].text: text "   " has no words: expected a letter or a digit (leave the key out when there is nothing to say)`},
		},
		{
			name: "EmptyCapacity",
			src:  refusalDoc(`, "capacities": [{"text": "", "level": 4}]`, ""),
			want: []string{`in.json:2:78: city tiny: cities[0].capacities[0]: expected a topic, a text or both`},
		},
		{
			name: "PunctuationOnlyCapacityWithTopic",
			src:  refusalDoc(`, "capacities": [{"topic": "brt", "text": "..."}]`, ""),
			want: []string{`in.json:2:95: city tiny: cities[0].capacities[0].text: text "..." has no words: expected a letter or a digit (leave the key out when there is nothing to say)`},
		},
		{
			name: "PunctuationOnlyPractice",
			src:  refusalDoc(`, "practices": [{"title": "--", "text": "- - -"}]`, ""),
			want: []string{
				`in.json:2:78: city tiny: cities[0].practices[0].title: title "--" has no words: expected a letter or a digit`,
				`in.json:2:93: city tiny: cities[0].practices[0].text: text "- - -" has no words: expected a letter or a digit (leave the key out when there is nothing to say)`,
			},
		},
		{
			name: "NULInText",
			src:  refusalDoc(`, "challenges": [{"text": "floods\u0000"}]`, ""),
			want: []string{`in.json:2:79: city tiny: cities[0].challenges[0].text: text holds a NUL character at character 7: expected plain text`},
		},
		{
			name: "LoneSurrogate",
			src:  refusalDoc(`, "challenges": [{"text": "floods \ud800"}]`, ""),
			want: []string{`in.json:2:79: city tiny: cities[0].challenges[0].text: text holds an invalid character (a lone surrogate or a byte that is not UTF-8) at character 8: expected plain text`},
		},
		{
			name: "NameTooLong",
			src:  strings.Replace(refusalDoc("", ""), `"Tiny"`, `"`+strings.Repeat("Ti", 101)+`"`, 1),
			want: []string{`in.json:2:16: city tiny: cities[0].name: name of 202 characters: expected at most 200`},
		},
		{
			name: "DuplicateLanguage",
			src:  refusalDoc(`, "languages": ["th", "TH"]`, ""),
			want: []string{`in.json:2:83: city tiny: cities[0].languages[1]: language "TH" twice: already languages[0]; expected each language once`},
		},
		{
			name: "CreatedWithoutZone",
			src:  refusalDoc("", `{"beneficiary": "hanoi", "resource": "seoul", "rule": "block", "why": "x", "created": "2026-12-03 10:00"}`),
			want: []string{`in.json:4:97: city hanoi: rules[0].created: created "2026-12-03 10:00": expected an RFC 3339 time with a zone, such as "2026-12-03T10:11:05Z" or "2026-12-03T17:11:05+07:00"`},
		},
		{
			name: "EmptyWhy",
			src:  refusalDoc("", `{"beneficiary": "hanoi", "resource": "seoul", "rule": "block", "why": " . "}`),
			want: []string{`in.json:4:74: city hanoi: rules[0].why: why " . " has no words: expected a letter or a digit (leave the key out when there is nothing to say)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := seededDB(t)
			errs := importErrors(t, db, func() (*store.Input, error) {
				return store.ParseJSON("in.json", strings.NewReader(tt.src))
			})
			assert.Equal(t, tt.want, messages(errs))
		})
	}
}

// messages returns the text of every error.
func messages(errs model.Errors) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}

// TestImportCSVRefusals checks the refusals that are particular to folders
// of CSV tables.
func TestImportCSVRefusals(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "SemicolonsWithUnknownColumns",
			files: map[string]string{"cities.csv": "id;name;country;town\na;A;ID;x\n"},
			want:  []string{`tables/cities.csv:1: the header row seems to use ';' between columns: expected commas (save the sheet as "CSV UTF-8 (comma delimited)"), or a header naming the columns id;name;country;kind;development;population;lat;lon;languages;hosting;political;community;cost_sharing`},
		},
		{
			name:  "NULByte",
			files: map[string]string{"cities.csv": "id,name,country\na,A\x00,ID\n"},
			want:  []string{`tables/cities.csv:2:4: NUL byte at offset 19: expected a UTF-8 text file (is it a spreadsheet or a UTF-16 file? save it as CSV UTF-8 or JSON)`},
		},
		{
			name: "FieldCountFirst",
			files: map[string]string{
				"cities.csv":     "id,name,country\na,A,ID,extra\n",
				"challenges.csv": "city,text\na,floods every year\n",
			},
			want: []string{
				`tables/cities.csv:2: row has 4 fields: expected 3 (id,name,country)`,
				`tables/challenges.csv:2:1: city a: city: unknown city "a": expected the id of a city in cities.csv`,
			},
		},
		{
			name: "PinAndBlockOnOnePair",
			files: map[string]string{
				"cities.csv": "id,name,country\na,A,ID\n",
				"rules.csv":  "beneficiary,resource,rule,why\na,seoul,pin,agreed\na,seoul,block,not now\n",
			},
			want: []string{`tables/rules.csv:3: city a: pin and block on the same pair a → seoul (rules[0] is a pin): expected at most one rule per pair (a pin keeps a pair in, a block keeps it out)`},
		},
		{
			name:  "PunctuationOnlyChallenge",
			files: map[string]string{"cities.csv": "id,name,country\na,A,ID\n", "challenges.csv": "city,text\na,--\n"},
			want:  []string{`tables/challenges.csv:2:2: city a: text: text "--" has no words: expected a letter or a digit (leave the key out when there is nothing to say)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := seededDB(t)
			fsys := fstest.MapFS{}
			for name, body := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			errs := importErrors(t, db, func() (*store.Input, error) { return store.ParseCSV("tables", fsys) })
			assert.Equal(t, tt.want, messages(errs))
		})
	}
}

// TestImportSemicolonCSV checks that tables saved with ';' between fields
// (and ',' as the decimal mark) import as the comma-separated ones do.
func TestImportSemicolonCSV(t *testing.T) {
	comma := fstest.MapFS{
		"cities.csv":     {Data: []byte("id,name,country,lat,lon,languages\nbrno,Brno,CZ,49.19,16.61,cs;en\n")},
		"challenges.csv": {Data: []byte("city,text,severity\nbrno,\"trams are full, buses late\",4\n")},
	}
	semicolon := fstest.MapFS{
		"cities.csv":     {Data: []byte("\xEF\xBB\xBFid;name;country;lat;lon;languages\r\nbrno;Brno;CZ;49,19;16,61;\"cs;en\"\r\n")},
		"challenges.csv": {Data: []byte("city;text;severity\r\nbrno;trams are full, buses late;4\r\n")},
	}
	var docs []*model.Document
	for _, fsys := range []fstest.MapFS{comma, semicolon} {
		in, err := store.ParseCSV("tables", fsys)
		require.NoError(t, err)
		require.NoError(t, in.Validate(fixtures.Reference(), nil))
		docs = append(docs, in.Doc)
	}
	assert.Equal(t, docs[0], docs[1])
	assert.Equal(t, []string{"cs", "en"}, docs[1].Cities[0].Languages)
}

// TestReadSizeLimit checks that an endless or oversized source is refused
// once the limit has been read, for a JSON file as for a CSV table.
func TestReadSizeLimit(t *testing.T) {
	store.SetMaxDocumentBytes(t, 1<<20)
	_, err := store.ReadPath("/dev/zero")
	assert.Equal(t, model.EINVALID, model.ErrorCode(err))
	assert.EqualError(t, err, "/dev/zero: larger than 1 MiB: expected a document of at most 1 MiB (split the network into several files and import them together)")

	fsys := fstest.MapFS{"cities.csv": {Data: []byte("id,name,country\n" + strings.Repeat("a,A,ID\n", 200_000))}}
	_, err = store.ParseCSV("tables", fsys)
	assert.EqualError(t, err, "tables/cities.csv: larger than 1 MiB: expected a document of at most 1 MiB (split the network into several files and import them together)")
}
