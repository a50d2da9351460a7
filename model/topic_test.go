package model_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/model"
)

func TestCheckSector(t *testing.T) {
	tax := &model.Taxonomy{Sectors: []model.Sector{{ID: "transport"}, {ID: "waste"}, {ID: "water"}}}
	tests := []struct {
		name, sector, wantErr string
	}{
		{"Known", "waste", ""},
		{"Close", "transprot", `unknown sector "transprot": did you mean transport?`},
		{"Far", "zzz", `unknown sector "zzz": expected one of transport, waste, water`},
		{"CaseMatters", "Waste", `unknown sector "Waste": did you mean waste, water?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tax.CheckSector(tt.sector)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			var e *model.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, model.EINVALID, e.Code)
			assert.Equal(t, "sector", e.Key)
			assert.Equal(t, tt.wantErr, e.Message)
		})
	}
}
