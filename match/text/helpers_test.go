package text_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
)

// mustTestTaxonomy loads the small taxonomy in testdata/taxonomy.json.
func mustTestTaxonomy(tb testing.TB) *model.Taxonomy {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "taxonomy.json"))
	require.NoError(tb, err)
	var f struct {
		Sectors []model.Sector `json:"sectors"`
		Topics  []model.Topic  `json:"topics"`
	}
	require.NoError(tb, json.Unmarshal(raw, &f))
	tax, err := model.NewTaxonomy(f.Sectors, f.Topics)
	require.NoError(tb, err)
	return tax
}

// topicIDs returns the ids of the topics at the given indexes.
func topicIDs(tax *model.Taxonomy, idx []int) []string {
	ids := make([]string, len(idx))
	for i, k := range idx {
		ids[i] = tax.Topics[k].ID
	}
	return ids
}
