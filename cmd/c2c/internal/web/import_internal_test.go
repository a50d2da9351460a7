package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zeros are the bytes of the uploads of pendingOf, shared.
var zeros = make([]byte, pendingMaxBytes+1)

// pendingOf is a dry run of owner with an upload of n bytes.
func pendingOf(owner string, n int) *pendingImport {
	return &pendingImport{owner: owner, upload: importUpload{documents: []uploadFile{{name: "a.json", data: zeros[:n]}}}}
}

func TestPendingImportsExpire(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	p := &pendingImports{now: func() time.Time { return now }}
	token := p.add(pendingOf("session:a", 10))
	_, ok := p.get(token, "session:a")
	require.True(t, ok)
	_, ok = p.get(token, "session:b")
	assert.False(t, ok, "bound to the session that made it")

	now = now.Add(pendingTTL - time.Second)
	_, ok = p.get(token, "session:a")
	assert.True(t, ok, "still there within the time")
	now = now.Add(time.Second)
	_, ok = p.get(token, "session:a")
	assert.False(t, ok, "expired")
	_, ok = p.claim(token, "session:a")
	assert.False(t, ok)
}

func TestPendingImportsBounded(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	p := &pendingImports{now: func() time.Time { now = now.Add(time.Millisecond); return now }}
	first := p.add(pendingOf("session:a", 1))
	second := p.add(pendingOf("session:a", 1))
	_, ok := p.get(first, "session:a")
	assert.False(t, ok, "a new upload of the session replaces its dry run")
	_, ok = p.get(second, "session:a")
	assert.True(t, ok)

	var tokens []string
	for i := range pendingMax + 3 {
		tokens = append(tokens, p.add(pendingOf(fmt.Sprint("session:", i), 1)))
	}
	assert.Len(t, p.byKey, pendingMax, "no more than pendingMax")
	_, ok = p.get(tokens[0], "session:0")
	assert.False(t, ok, "the oldest went first")
	_, ok = p.get(tokens[len(tokens)-1], fmt.Sprint("session:", len(tokens)-1))
	assert.True(t, ok)

	p = &pendingImports{now: p.now}
	big := pendingMaxBytes / 3
	a, b, c := p.add(pendingOf("session:a", big)), p.add(pendingOf("session:b", big)), p.add(pendingOf("session:c", big))
	d := p.add(pendingOf("session:d", big))
	assert.LessOrEqual(t, p.bytes(), pendingMaxBytes)
	for token, want := range map[string]bool{a: false, b: true, c: true, d: true} {
		_, ok := p.byKey[token]
		assert.Equal(t, want, ok, token)
	}
	alone := p.add(pendingOf("session:e", pendingMaxBytes+1))
	assert.Contains(t, p.byKey, alone, "one upload within its own limit is kept, the others dropped")
	assert.Len(t, p.byKey, 1)
}

func TestPendingImportsClaimOnce(t *testing.T) {
	p := &pendingImports{}
	token := p.add(pendingOf("session:a", 1))
	imp, ok := p.claim(token, "session:a")
	require.True(t, ok)
	assert.False(t, imp.busy || imp.done, "the first claim imports")
	imp, ok = p.claim(token, "session:a")
	require.True(t, ok)
	assert.True(t, imp.busy, "a second one waits for it")

	p.finish(token, nil, false)
	imp, _ = p.claim(token, "session:a")
	assert.False(t, imp.busy, "a failed import may be confirmed again")
	p.finish(token, &importPlan{Summary: "imported"}, false)
	imp, _ = p.get(token, "session:a")
	assert.True(t, imp.done)
	assert.Equal(t, "imported", imp.plan.Summary)
	assert.Zero(t, imp.upload.size(), "the files are dropped once imported")

	other := p.add(pendingOf("session:b", 1))
	p.claim(other, "session:b")
	p.finish(other, nil, true)
	_, ok = p.get(other, "session:b")
	assert.False(t, ok, "a stale dry run is dropped")
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{32 << 20: "32 MiB", 64 << 10: "64 KiB", 1000: "1000 bytes", 3<<20 + 1: "3145729 bytes"} {
		assert.Equal(t, want, byteSize(n))
	}
}
