package store_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireUserErrors fails unless err is a *model.Error or model.Errors of
// EINVALID errors with a message.
func requireUserErrors(t *testing.T, err error) {
	t.Helper()
	var es model.Errors
	if errors.As(err, &es) {
		require.NotEmpty(t, es)
		for _, e := range es {
			require.Equal(t, model.EINVALID, e.Code, e.Error())
			require.NotEmpty(t, e.Message)
		}
		return
	}
	var e *model.Error
	require.True(t, errors.As(err, &e), "want *model.Error or model.Errors, got %T: %v", err, err)
	require.NotEmpty(t, e.Message)
}

// checkParsed validates what a parser returned: errors must be user
// errors, an Input with errors must fail validation too, and an Input that
// validates must still validate once written out and read back.
func checkParsed(t *testing.T, in *store.Input, err error, reread func(*model.Document) (*store.Input, error)) {
	t.Helper()
	ref := fixtures.Reference()
	if err != nil {
		requireUserErrors(t, err)
	}
	if in == nil {
		require.Error(t, err, "no input and no error")
		return
	}
	verr := in.Validate(ref, nil)
	if err != nil {
		require.Error(t, verr, "an input read with errors must not validate")
	}
	if verr != nil {
		requireUserErrors(t, verr)
		return
	}
	in.Doc.Normalize(ref)
	again, err := reread(in.Doc)
	require.NoError(t, err)
	require.NoError(t, again.Validate(ref, nil))
	again.Doc.Normalize(ref)
	assert.Len(t, again.Doc.Cities, len(in.Doc.Cities))
}

func FuzzParseJSON(f *testing.F) {
	// The sample in parts of a few cities each: small inputs keep the
	// fuzzer fast.
	sample := fixtures.Sample()
	for i := 0; i < len(sample.Cities); i += 4 {
		part := &model.Document{Format: model.FormatVersion, Cities: sample.Cities[i:min(i+4, len(sample.Cities))]}
		var buf bytes.Buffer
		require.NoError(f, store.WriteJSON(&buf, part))
		f.Add(buf.Bytes())
	}
	for _, s := range []string{
		`{"format": "c2c/v1", "cities": []}`,
		`{"format": "c2c/v1", "cities": [{"id": "a", "name": "A", "country": "id", "location": {"lat": -0, "lon": 1e2},
		  "commitment": {"political": 5, "cost_sharing": true}, "hosting": 0, "languages": ["EN"],
		  "challenges": [{"text": "caf\u00e9 \ud83d\ude00 \"q\""}]}, {"id": "b", "name": "B", "country": "KR"}],
		  "exchanges": [{"resource": "a", "beneficiaries": ["b"], "stage": "pilot", "year": 2001}],
		  "rules": [{"beneficiary": "b", "resource": "a", "rule": "pin"}]}`,
		`{"format": "c2c/v1", "cities": [{"id": "a", "nmae": "A",}]}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`,
		"\xef\xbb\xbf{\"format\": \"c2c/v1\", \"cities\": [{\"id\": \"\xff\"}]}",
		`{"format": "c2c/v1", "cities": [{"id": "a", "name": "A", "country": "ID", "hosting": 1}, {"id": "b", "name": "B", "country": "KR"}],
		  "rules": [{"beneficiary": "b", "resource": "a", "rule": "pin", "why": "agreed", "by": "Ana", "created": "2026-03-04T17:30:00.5+07:00"},
		            {"beneficiary": "a", "resource": "b", "rule": "block", "why": "?", "created": "2026-03-04 17:30"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		in, err := store.ParseJSON("fuzz.json", bytes.NewReader(src))
		checkParsed(t, in, err, func(doc *model.Document) (*store.Input, error) {
			var buf bytes.Buffer
			require.NoError(t, store.WriteJSON(&buf, doc))
			again, err := store.ParseJSON("again.json", &buf)
			if err == nil {
				again.Doc.Normalize(fixtures.Reference())
				assert.Equal(t, doc, again.Doc, "a valid document must survive WriteJSON and ParseJSON")
			}
			return again, err
		})
	})
}

func FuzzParseCSV(f *testing.F) {
	dir := f.TempDir()
	require.NoError(f, store.WriteCSVDir(dir, fixtures.Sample()))
	cities, err := os.ReadFile(filepath.Join(dir, "cities.csv"))
	require.NoError(f, err)
	challenges, err := os.ReadFile(filepath.Join(dir, "challenges.csv"))
	require.NoError(f, err)
	f.Add(cities, challenges)
	f.Add([]byte("id,name,country\na,A,ID\n"), []byte("city,topic,text,severity\na,brt,,4\na,brt\n"))
	f.Add([]byte("id,nmae,country\na,\"A,ID\n"), []byte(""))
	f.Add([]byte("\xef\xbb\xbfid,name,country,lat,lon,languages,political,cost_sharing\r\na,A,id,1.5,,en;FR,3,yes\r\n"), []byte("city,severity\n\xff,0\n"))
	f.Add([]byte("id;name;country;lat;lon;languages\r\na;A;CZ;49,5;16,6;\"cs;en\"\r\n"), []byte("city;text\na;trams are full, buses late\n"))
	f.Add([]byte("id;name;town\na;A;x\n"), []byte("city,text\na,--\n"))
	f.Fuzz(func(t *testing.T, cities, challenges []byte) {
		fsys := fstest.MapFS{
			"cities.csv":     {Data: cities},
			"challenges.csv": {Data: challenges},
		}
		in, err := store.ParseCSV("fuzz", fsys)
		checkParsed(t, in, err, func(doc *model.Document) (*store.Input, error) {
			out := filepath.Join(t.TempDir(), "tables")
			require.NoError(t, store.WriteCSVDir(out, doc))
			return store.ReadPath(out)
		})
	})
}
