package store_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	ref := fixtures.Reference()
	docs := []struct {
		name string
		doc  func() *model.Document
	}{
		{"Sample", fixtures.Sample},
		{"Synth200", func() *model.Document { return synth.Generate(synth.Options{Cities: 200, Seed: 7}, ref) }},
		{"Synth50Seed2", func() *model.Document { return synth.Generate(synth.Options{Cities: 50, Seed: 2}, ref) }},
	}
	// Each way out of the store and back in.
	ways := []struct {
		name    string
		through func(t *testing.T, doc *model.Document) (*store.Input, error)
	}{
		{"JSON", func(t *testing.T, doc *model.Document) (*store.Input, error) {
			var buf bytes.Buffer
			require.NoError(t, store.WriteJSON(&buf, doc))
			return store.ParseJSON("export.json", &buf)
		}},
		{"CSV", func(t *testing.T, doc *model.Document) (*store.Input, error) {
			dir := filepath.Join(t.TempDir(), "export")
			require.NoError(t, store.WriteCSVDir(dir, doc))
			return store.ReadPath(dir)
		}},
	}
	for _, tt := range docs {
		for _, way := range ways {
			t.Run(tt.name+"/"+way.name, func(t *testing.T) {
				ctx := t.Context()
				db := storetest.MustOpenDB(t)
				_, err := db.Import(ctx, ref, store.ImportOptions{}, &store.Input{File: "doc", Doc: tt.doc()})
				require.NoError(t, err)
				want, err := db.Document(ctx)
				require.NoError(t, err)

				in, err := way.through(t, want)
				require.NoError(t, err)
				db2 := storetest.MustOpenDB(t)
				_, err = db2.Import(ctx, ref, store.ImportOptions{}, in)
				require.NoError(t, err)
				got, err := db2.Document(ctx)
				require.NoError(t, err)
				assert.Equal(t, want, got)
				assert.Len(t, got.Cities, len(tt.doc().Cities))
			})
		}
	}
}
