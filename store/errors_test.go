package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// located is an expected error: where it is (line, and the text the column
// points at on that line), which city and key, and part of its message.
type located struct {
	file   string // for CSV: the table's file name; "" for the input itself
	line   int
	at     string // text at the error's column on line; "" for column 0
	field  int    // for CSV: the error's column is this field number
	city   string
	key    string
	inText string // the message contains this
}

// seededDB returns a store holding the sample and one rule, so that a
// failed import has something to leave unchanged.
func seededDB(t *testing.T) *store.DB {
	t.Helper()
	db := storetest.MustOpenDB(t)
	_, err := db.Import(t.Context(), fixtures.Reference(), store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	require.NoError(t, db.PutRule(t.Context(), model.Rule{Beneficiary: "palembang", Resource: "seoul", Rule: model.Pin, Why: "test"}))
	return db
}

// importErrors reads an input with read and imports it into db, requiring
// that this fails and leaves the store exactly as it was, and returns the
// errors reported.
func importErrors(t *testing.T, db *store.DB, read func() (*store.Input, error)) model.Errors {
	t.Helper()
	ctx := t.Context()
	before, err := db.Document(ctx)
	require.NoError(t, err)
	in, err := read()
	if in != nil {
		parseErr := err
		_, err = db.Import(ctx, fixtures.Reference(), store.ImportOptions{}, in)
		require.Error(t, err, "import must fail")
		if parseErr != nil {
			for _, e := range parseErr.(model.Errors) {
				assert.Contains(t, err.(model.Errors), e, "import must report the errors found while reading")
			}
		}
	}
	require.Error(t, err)
	var errs model.Errors
	require.True(t, errors.As(err, &errs), "want model.Errors, got %T: %v", err, err)
	for _, e := range errs {
		assert.Equal(t, model.EINVALID, e.Code, e.Error())
	}
	after, err := db.Document(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, after, "a failed import must leave the store unchanged")
	return errs
}

// checkLocated compares errs with want; lines holds the source of each
// file by name, so that want can give columns as the text they point at.
func checkLocated(t *testing.T, errs model.Errors, want []located, base string, lines map[string][]string) {
	t.Helper()
	var gotList, wantList []string
	for _, e := range errs {
		gotList = append(gotList, formatLocated(e.File, e.Line, e.Column, e.City, e.Key))
	}
	for _, w := range want {
		file := base
		if w.file != "" {
			file = filepath.Join(base, w.file)
		}
		col := w.field
		if w.at != "" {
			src := lines[w.file]
			require.Less(t, w.line-1, len(src), "line %d of %q", w.line, w.file)
			i := strings.Index(src[w.line-1], w.at)
			require.GreaterOrEqual(t, i, 0, "%q not on line %d of %q", w.at, w.line, w.file)
			col = len([]rune(src[w.line-1][:i])) + 1
		}
		wantList = append(wantList, formatLocated(file, w.line, col, w.city, w.key))
	}
	require.Equal(t, wantList, gotList, "errors:\n%v", errs)
	for i, w := range want {
		assert.Contains(t, errs[i].Message, w.inText, "error %d", i)
	}
}

func formatLocated(file string, line, col int, city, key string) string {
	return strings.Join([]string{file, strconv.Itoa(line), strconv.Itoa(col), city, key}, " | ")
}

func TestImportJSONErrors(t *testing.T) {
	tests := []struct {
		name string
		src  []string // the document, one string per line
		want []located
	}{
		{
			name: "MalformedTrailingComma",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "name": "A", "country": "ID",}`,
				`]}`,
			},
			want: []located{{line: 2, at: "}", city: "a", key: "cities[0]", inText: "trailing comma"}},
		},
		{
			name: "MalformedUnterminatedString",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "name": "A, "country": "ID"}`,
				`]}`,
			},
			want: []located{{line: 2, at: `country"`, city: "a", key: "cities[0]", inText: "expected ',' or '}', found 'c'"}},
		},
		{
			name: "MalformedAfterOtherErrors",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "nmae": "A", "country": "ID"},`,
				`  {"id": "b" "name": "B", "country": "ID"}`,
				`]}`,
			},
			want: []located{
				{line: 2, at: `"nmae"`, city: "a", key: "cities[0].nmae", inText: `unknown key "nmae": expected "name"`},
				{line: 3, at: `"name"`, city: "b", key: "cities[1]", inText: "invalid JSON: expected ',' or '}', found a string"},
			},
		},
		{
			name: "UnknownKeysAtEveryLevel",
			src: []string{
				`{"format": "c2c/v1", "exchangs": [],`,
				` "cities": [`,
				`  {"id": "a", "nmae": "A", "name": "A", "country": "ID",`,
				`   "location": {"lat": 1, "lon": 2, "alt": 3},`,
				`   "challenges": [{"topic": "brt", "severty": 4}]}`,
				`]}`,
			},
			want: []located{
				{line: 1, at: `"exchangs"`, key: "exchangs", inText: `unknown key "exchangs": expected "exchanges"`},
				{line: 3, at: `"nmae"`, city: "a", key: "cities[0].nmae", inText: `expected "name"`},
				{line: 4, at: `"alt"`, city: "a", key: "cities[0].location.alt", inText: "lat, lon"},
				{line: 5, at: `"severty"`, city: "a", key: "cities[0].challenges[0].severty", inText: `expected "severity"`},
			},
		},
		{
			name: "RepeatedKey",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "name": "A", "country": "ID", "name": "B"}`,
				`]}`,
			},
			want: []located{{line: 2, at: `"name": "B"`, city: "a", key: "cities[0].name", inText: "appears twice"}},
		},
		{
			name: "WrongTypes",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "name": "A", "country": "ID", "population": "many",`,
				`   "languages": "en", "hosting": 2.5, "commitment": {"cost_sharing": "yes"},`,
				`   "challenges": [{"topic": "brt", "severity": "high"}], "capacities": {}},`,
				`  "b"`,
				`]}`,
			},
			want: []located{
				{line: 2, at: `"many"`, city: "a", key: "cities[0].population", inText: "expected an integer, found a string"},
				{line: 3, at: `"en"`, city: "a", key: "cities[0].languages", inText: "expected the working languages (an array of strings), found a string"},
				{line: 3, at: `2.5`, city: "a", key: "cities[0].hosting", inText: "expected an integer, found 2.5"},
				{line: 3, at: `"yes"`, city: "a", key: "cities[0].commitment.cost_sharing", inText: "expected true or false, found a string"},
				{line: 4, at: `"high"`, city: "a", key: "cities[0].challenges[0].severity", inText: "expected an integer"},
				{line: 4, at: `{}}`, city: "a", key: "cities[0].capacities", inText: "expected the capacities (an array), found an object"},
				{line: 5, at: `"b"`, key: "cities[1]", inText: "expected a city (a JSON object), found a string"},
			},
		},
		{
			name: "MissingRequiredKeys",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "country": "ID"},`,
				`  {"id": "b", "name": "B"},`,
				`  {"name": "C", "country": "ID", "practices": [{"text": "no title"}]}`,
				`],`,
				` "exchanges": [{"resource": "a"}]}`,
			},
			want: []located{
				{line: 2, at: `{"id": "a"`, city: "a", key: "cities[0].name", inText: "required key missing"},
				{line: 3, at: `{"id": "b"`, city: "b", key: "cities[1].country", inText: "required key missing"},
				{line: 4, at: `{"name": "C"`, key: "cities[2].id", inText: "required key missing"},
				{line: 4, at: `{"text"`, key: "cities[2].practices[0].title", inText: "required key missing"},
				{line: 6, at: `{"resource"`, city: "a", key: "exchanges[0].beneficiaries", inText: "required key missing"},
			},
		},
		{
			name: "MissingCitiesAndFormat",
			src:  []string{`{"exchanges": []}`},
			want: []located{
				{line: 1, at: `{`, key: "format", inText: `required key missing: expected "format": "c2c/v1"`},
				{line: 1, at: `{`, key: "cities", inText: `required key missing: expected "cities"`},
			},
		},
		{
			name: "NotAnObject",
			src:  []string{`["seoul"]`},
			want: []located{{line: 1, at: `[`, inText: "expected a c2c document (a JSON object), found an array"}},
		},
		{
			name: "DuplicateCityID",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "name": "A", "country": "ID"},`,
				`  {"id": "a", "name": "A2", "country": "ID"}`,
				`]}`,
			},
			want: []located{{line: 3, at: `"id"`, city: "a", key: "cities[1].id", inText: `duplicate city id "a"`}},
		},
		{
			name: "BadCityID",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "Palembang City", "name": "Palembang", "country": "ID"}`,
				`]}`,
			},
			want: []located{{line: 2, at: `"id"`, city: "Palembang City", key: "cities[0].id", inText: "expected lower-case letters, digits and '-'"}},
		},
		{
			name: "UnknownCountry",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "name": "A", "country": "IDN"},`,
				`  {"id": "b", "name": "B", "country": "XQ"}`,
				`]}`,
			},
			want: []located{
				{line: 2, at: `"country"`, city: "a", key: "cities[0].country", inText: "did you mean ID?"},
				{line: 3, at: `"country"`, city: "b", key: "cities[1].country", inText: `unknown country code "XQ"`},
			},
		},
		{
			name: "UnknownTopic",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "name": "A", "country": "ID",`,
				`   "challenges": [{"topic": "air-polution"}],`,
				`   "practices": [{"title": "T", "topics": ["brt", "bus-rapid"]}]}`,
				`]}`,
			},
			want: []located{
				{line: 3, at: `"topic"`, city: "a", key: "cities[0].challenges[0].topic", inText: "closest known topics are air-pollution"},
				{line: 4, at: `"bus-rapid"`, city: "a", key: "cities[0].practices[0].topics[1]", inText: `unknown topic "bus-rapid"`},
			},
		},
		{
			name: "OutOfRange",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "name": "A", "country": "ID", "population": -5,`,
				`   "location": {"lat": 95, "lon": -200},`,
				`   "commitment": {"political": 6},`,
				`   "challenges": [{"topic": "brt", "severity": 7}],`,
				`   "capacities": [{"topic": "brt", "level": 0}]}`,
				`]}`,
			},
			want: []located{
				{line: 2, at: `"population"`, city: "a", key: "cities[0].population", inText: "expected an integer > 0"},
				{line: 3, at: `"lat"`, city: "a", key: "cities[0].location.lat", inText: "expected -90..90"},
				{line: 3, at: `"lon"`, city: "a", key: "cities[0].location.lon", inText: "expected -180..180"},
				{line: 4, at: `"political"`, city: "a", key: "cities[0].commitment.political", inText: "expected 1..5"},
				{line: 5, at: `"severity"`, city: "a", key: "cities[0].challenges[0].severity", inText: "severity 7 out of range: expected 1..5"},
				{line: 6, at: `0}`, city: "a", key: "cities[0].capacities[0].level", inText: "expected 1..5"},
			},
		},
		{
			name: "UnknownCityInExchangeAndRule",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				`  {"id": "a", "name": "A", "country": "ID"}`,
				`],`,
				` "exchanges": [{"resource": "a", "beneficiaries": ["seoul", "palembangg"]}],`,
				` "rules": [{"beneficiary": "zzz", "resource": "a", "rule": "block"}]}`,
			},
			want: []located{
				{line: 4, at: `"palembangg"`, city: "palembangg", key: "exchanges[0].beneficiaries[1]", inText: `did you mean "palembang"`},
				{line: 5, at: `"beneficiary"`, city: "zzz", key: "rules[0].beneficiary", inText: `unknown city "zzz"`},
			},
		},
		{
			name: "NotUTF8",
			src: []string{
				`{"format": "c2c/v1", "cities": [`,
				` {"id": "a", "name": "Caf` + "\xe9" + `", "country": "FR"}]}`,
			},
			want: []located{{line: 2, at: "\xe9", inText: "byte 0xe9 at offset 58 is not valid UTF-8"}},
		},
		{
			name: "Empty",
			src:  []string{""},
			want: []located{{inText: "empty file"}},
		},
		{
			name: "OnlyWhiteSpace",
			src:  []string{"  ", "\t", ""},
			want: []located{{inText: "empty file"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := seededDB(t)
			path := filepath.Join(t.TempDir(), "doc.json")
			require.NoError(t, os.WriteFile(path, []byte(strings.Join(tt.src, "\n")), 0o644))
			errs := importErrors(t, db, func() (*store.Input, error) { return store.ReadPath(path) })
			checkLocated(t, errs, tt.want, path, map[string][]string{"": tt.src})
			// The same from a reader, which keeps the bytes for locating.
			errs = importErrors(t, db, func() (*store.Input, error) {
				return store.ParseJSON("doc.json", strings.NewReader(strings.Join(tt.src, "\n")))
			})
			checkLocated(t, errs, tt.want, "doc.json", map[string][]string{"": tt.src})
		})
	}
}

func TestImportCSVErrors(t *testing.T) {
	const cities = "id,name,country\na,A,ID\nb,B,KR\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []located
	}{
		{
			name:  "WrongHeader",
			files: map[string]string{"cities.csv": "id,nmae,country\na,A,ID\n"},
			want: []located{
				{file: "cities.csv", line: 1, field: 2, key: "nmae", inText: `unknown column "nmae" in the header: expected "name"`},
				{file: "cities.csv", line: 1, key: "name", inText: `required column "name" missing`},
			},
		},
		{
			name:  "ShortRow",
			files: map[string]string{"cities.csv": cities, "challenges.csv": "city,topic,text,severity\na,brt,,4\na,brt\nb,brt,,3\n"},
			want:  []located{{file: "challenges.csv", line: 3, city: "", inText: "row has 2 fields: expected 4 (city,topic,text,severity)"}},
		},
		{
			name: "ValueErrors",
			files: map[string]string{
				"cities.csv":     "id,name,country,population,lat,lon\na,A,ID,-5,,\nb,B,KR,,91,10\n",
				"challenges.csv": "city,topic,text,severity\na,brt,,9\nc,brt,,3\n",
				"practices.csv":  "city,title,topics\nb,Buses,brt;bus-rapid\n",
				"rules.csv":      "beneficiary,resource,rule\na,seol,block\n",
			},
			want: []located{
				{file: "cities.csv", line: 2, field: 4, city: "a", key: "population", inText: "expected an integer > 0"},
				{file: "cities.csv", line: 3, field: 5, city: "b", key: "lat", inText: "expected -90..90"},
				{file: "challenges.csv", line: 2, field: 4, city: "a", key: "severity", inText: "severity 9 out of range"},
				{file: "challenges.csv", line: 3, field: 1, city: "c", key: "city", inText: `unknown city "c": expected the id of a city in cities.csv`},
				{file: "practices.csv", line: 2, field: 3, city: "b", key: "topics", inText: `unknown topic "bus-rapid"`},
				{file: "rules.csv", line: 2, field: 2, city: "seol", key: "resource", inText: `did you mean "seoul"`},
			},
		},
		{
			name:  "BadNumber",
			files: map[string]string{"cities.csv": "id,name,country,hosting\na,A,ID,three\n"},
			want:  []located{{file: "cities.csv", line: 2, field: 4, city: "a", key: "hosting", inText: `expected an integer, found "three"`}},
		},
		{
			name:  "NotUTF8",
			files: map[string]string{"cities.csv": "id,name,country\na,Caf\xe9,FR\n"},
			want:  []located{{file: "cities.csv", line: 2, at: "\xe9", inText: "not UTF-8"}},
		},
		{
			name:  "EmptyTable",
			files: map[string]string{"cities.csv": cities, "challenges.csv": ""},
			want:  []located{{file: "challenges.csv", inText: "empty file: expected a header row"}},
		},
		{
			name:  "StrayQuote",
			files: map[string]string{"cities.csv": "id,name,country\na,\"A,ID\n"},
			want:  []located{{file: "cities.csv", line: 2, inText: "invalid CSV"}},
		},
		{
			name:  "UnknownTable",
			files: map[string]string{"cities.csv": cities, "challenge.csv": "city,topic\na,brt\n"},
			want:  []located{{file: "challenge.csv", inText: `unknown table "challenge.csv": expected "challenges.csv"`}},
		},
		{
			name:  "NoCities",
			files: map[string]string{"challenges.csv": "city,topic\na,brt\n"},
			want:  []located{{inText: "no cities.csv"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := seededDB(t)
			dir := filepath.Join(t.TempDir(), "tables")
			require.NoError(t, os.Mkdir(dir, 0o755))
			lines := map[string][]string{}
			for name, body := range tt.files {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
				lines[name] = strings.Split(body, "\n")
			}
			errs := importErrors(t, db, func() (*store.Input, error) { return store.ReadPath(dir) })
			checkLocated(t, errs, tt.want, dir, lines)
		})
	}
}

// TestImportManyInputsAllOrNothing checks that inputs are imported as one:
// an error in one leaves out the others too, a city may be in only one
// input, and an input may refer to the cities of another.
func TestImportManyInputsAllOrNothing(t *testing.T) {
	db := seededDB(t)
	ctx := t.Context()
	ref := fixtures.Reference()
	parse := func(name, src string) *store.Input {
		in, err := store.ParseJSON(name, strings.NewReader(src))
		require.NoError(t, err)
		return in
	}
	good := `{"format": "c2c/v1", "cities": [{"id": "a", "name": "A", "country": "ID"}]}`
	bad := "{\"format\": \"c2c/v1\", \"cities\": [\n{\"id\": \"b\", \"name\": \"B\", \"country\": \"ZZ\"},\n{\"id\": \"a\", \"name\": \"A\", \"country\": \"ID\"}]}"
	before, err := db.Document(ctx)
	require.NoError(t, err)
	_, err = db.Import(ctx, ref, store.ImportOptions{}, parse("good.json", good), parse("bad.json", bad))
	var errs model.Errors
	require.ErrorAs(t, err, &errs)
	checkLocated(t, errs, []located{
		{line: 2, at: `"country"`, city: "b", key: "cities[0].country", inText: `unknown country code "ZZ"`},
		{line: 3, at: `"id"`, city: "a", key: "cities[1].id", inText: "already defined in good.json"},
	}, "bad.json", map[string][]string{"": strings.Split(bad, "\n")})
	after, err := db.Document(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, after)

	history := `{"format": "c2c/v1", "cities": [{"id": "b", "name": "B", "country": "KR"}],
		"exchanges": [{"resource": "b", "beneficiaries": ["a", "seoul"], "year": 2020}],
		"rules": [{"beneficiary": "a", "resource": "b", "rule": "block"}]}`
	res, err := db.Import(ctx, ref, store.ImportOptions{}, parse("good.json", good), parse("history.json", history))
	require.NoError(t, err)
	assert.Equal(t, store.ImportResult{Added: 2, Exchanges: 1, Rules: 1}, counts(res))
}
