package render

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRoundedCount(t *testing.T) {
	for n, want := range map[int64]string{0: "", 950: "950", 9999: "9999", 12_400: "12k", 999_499: "999k", 999_500: "1.0M", 1_668_848: "1.7M", 12_400_000: "12.4M"} {
		assert.Equal(t, want, RoundedCount(n), "%d", n)
	}
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 950: "950", 1000: "1,000", 1_668_848: "1,668,848", 12_400_000: "12,400,000", -1234: "-1,234"} {
		assert.Equal(t, want, GroupDigits(n), "%d", n)
	}
}
