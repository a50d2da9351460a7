package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestImportReportsReadingAndValidationErrorsTogether checks that a
// document with an unknown key and a bad value gets both errors in one
// report, and that nothing is stored.
func TestImportReportsReadingAndValidationErrorsTogether(t *testing.T) {
	db := sampleDB(t)
	before := exportJSON(t, db)
	doc := testFile(t, "bad.json")
	r := runC2C(t, "--db", db, "import", doc)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `popullation`)
	assert.Contains(t, r.stderr, "severity 9 out of range")
	assert.Contains(t, r.stderr, "bad.json:2:")
	assert.Contains(t, r.stderr, "bad.json:3:")
	assert.Equal(t, before, exportJSON(t, db), "nothing stored")
}
