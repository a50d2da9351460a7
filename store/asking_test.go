package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// TestImportAsking checks that an import removing members asks first,
// with no transaction open, and imports only on a yes to the same
// removals.
func TestImportAsking(t *testing.T) {
	ref := fixtures.Reference()
	replace := store.ImportOptions{Replace: true}
	tests := []struct {
		name     string
		opts     store.ImportOptions
		ask      func(t *testing.T, db *store.DB) func(store.ImportResult) error
		asked    bool
		wantErr  error
		wantCode string
		changed  bool
	}{
		{"Yes", replace, func(*testing.T, *store.DB) func(store.ImportResult) error {
			return func(store.ImportResult) error { return nil }
		}, true, nil, "", true},
		{"No", replace, func(*testing.T, *store.DB) func(store.ImportResult) error {
			return func(store.ImportResult) error { return errNo }
		}, true, errNo, "", false},
		{"NoQuestionWithoutRemovals", store.ImportOptions{}, func(*testing.T, *store.DB) func(store.ImportResult) error {
			return func(store.ImportResult) error { return errNo }
		}, false, nil, "", true},
		{"NoQuestionOnDryRun", store.ImportOptions{Replace: true, DryRun: true}, func(*testing.T, *store.DB) func(store.ImportResult) error {
			return func(store.ImportResult) error { return errNo }
		}, false, nil, "", false},
		{"NilAskImports", replace, func(*testing.T, *store.DB) func(store.ImportResult) error { return nil }, false, nil, "", true},
		{"ErrChangedWhileAsking", replace, func(t *testing.T, db *store.DB) func(store.ImportResult) error {
			return func(store.ImportResult) error {
				// No transaction is open: the store can be written meanwhile.
				_, err := db.Import(t.Context(), ref, store.ImportOptions{}, mustParse(t,
					`{"format": "c2c/v1", "cities": [{"id": "newcomer", "name": "Newcomer", "country": "TH"}]}`))
				require.NoError(t, err)
				return nil
			}
		}, true, nil, model.ECONFLICT, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			db := seededDB(t)
			before, err := db.Document(ctx)
			require.NoError(t, err)
			ask := tt.ask(t, db)
			asked := false
			if ask != nil {
				inner := ask
				ask = func(plan store.ImportResult) error {
					asked = true
					assert.Len(t, plan.RemovedCities(), 22, "the question shows the removals")
					return inner(plan)
				}
			}
			res, err := db.ImportAsking(ctx, ref, tt.opts, ask, mustParse(t, partialHanoi))
			assert.Equal(t, tt.asked, asked, "asked")
			switch {
			case tt.wantErr != nil:
				require.ErrorIs(t, err, tt.wantErr)
			case tt.wantCode != "":
				require.Equal(t, tt.wantCode, model.ErrorCode(err), "%v", err)
				assert.ErrorContains(t, err, "the database changed while you answered")
			default:
				require.NoError(t, err)
				assert.Equal(t, 1, res.Added)
			}
			after, err := db.Document(ctx)
			require.NoError(t, err)
			if tt.changed {
				assert.NotEqual(t, before, after)
			} else if tt.wantCode == "" {
				assert.Equal(t, before, after, "nothing changed")
			} else {
				assert.Len(t, after.Cities, len(before.Cities)+1, "only the import made while asking")
			}
		})
	}
}

// errNo is the answer no to ImportAsking's question.
var errNo = errors.New("no")

func TestReadPaths(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	require.NoError(t, os.WriteFile(good, []byte(partialHanoi), 0o644))
	badValue := filepath.Join(dir, "bad-value.json")
	require.NoError(t, os.WriteFile(badValue, []byte(`{"format": "c2c/v1", "cities": [{"id": "x", "name": "X", "country": "TH", "hosting": "many"}]}`), 0o644))
	tests := []struct {
		name       string
		paths      []string
		wantInputs int
		wantErrs   []string // the files the errors name
	}{
		{"One", []string{good}, 1, nil},
		{"ReadableDespiteErrors", []string{good, badValue}, 2, nil},
		{"ErrMissing", []string{good, filepath.Join(dir, "missing.json")}, 0, []string{filepath.Join(dir, "missing.json")}},
		{"ErrEvery", []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "missing.json")}, 0,
			[]string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "missing.json")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := store.ReadPaths(tt.paths)
			assert.Len(t, inputs, tt.wantInputs)
			if tt.wantErrs == nil {
				require.NoError(t, err)
				return
			}
			var errs model.Errors
			require.ErrorAs(t, err, &errs)
			var files []string
			for _, e := range errs {
				files = append(files, e.File)
			}
			assert.Equal(t, tt.wantErrs, files)
		})
	}
}
