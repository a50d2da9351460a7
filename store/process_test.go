package store_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The environment of a child process: the test binary re-executed to
// import a document into a database as a separate process.
const (
	envChild  = "C2C_STORE_CHILD"  // the child's mode: import, import-slow, import-hang or stream-hang
	envDB     = "C2C_STORE_DB"     // database file
	envDoc    = "C2C_STORE_DOC"    // document to import
	envSignal = "C2C_STORE_SIGNAL" // file the child creates once inside the import transaction
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(envChild); mode != "" {
		os.Exit(runChild(mode))
	}
	os.Exit(m.Run())
}

// runChild imports the document named by the environment and prints the
// result and the peak resident memory of the process in kB.
func runChild(mode string) int {
	ctx := context.Background()
	switch mode {
	case "import-slow", "import-hang":
		store.SetImportHook(func() {
			if err := os.WriteFile(os.Getenv(envSignal), nil, 0o644); err != nil {
				panic(err)
			}
			if mode == "import-hang" {
				time.Sleep(time.Minute) // until killed
			}
			time.Sleep(500 * time.Millisecond)
		})
	case "import":
	case "stream-hang":
		return runStreamChild(ctx)
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", mode)
		return 2
	}
	db, err := store.Open(ctx, os.Getenv(envDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	in, err := store.ReadPath(os.Getenv(envDoc))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	res, err := db.Import(ctx, fixtures.Reference(), store.ImportOptions{}, in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("added %d\npeak-kb %d\n", res.Added, peakRSS())
	return 0
}

// peakRSS returns the peak resident set size of this process in kB (VmHWM),
// or 0 where /proc is missing.
func peakRSS() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	return 0
}

// child returns the command that runs this test binary as a child in mode.
func child(t *testing.T, mode, db, doc, signal string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"="+mode, envDB+"="+db, envDoc+"="+doc, envSignal+"="+signal)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	return cmd, &out
}

// waitForFile waits until path exists or the process ends.
func waitForFile(t *testing.T, path string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		select {
		case err := <-done:
			t.Fatalf("child ended before signalling: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("child did not signal within a minute")
}

// writeDoc writes doc as JSON under dir and returns its path.
func writeDoc(t *testing.T, dir, name string, doc *model.Document) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, store.WriteFileAtomic(path, func(w io.Writer) error { return store.WriteJSON(w, doc) }))
	return path
}

// prefixIDs renames every city of doc to prefix+id, references included,
// so that two generated documents share no id.
func prefixIDs(doc *model.Document, prefix string) {
	for i := range doc.Cities {
		doc.Cities[i].ID = prefix + doc.Cities[i].ID
	}
	for i := range doc.Exchanges {
		e := &doc.Exchanges[i]
		e.Resource = prefix + e.Resource
		for j := range e.Beneficiaries {
			e.Beneficiaries[j] = prefix + e.Beneficiaries[j]
		}
	}
	for i := range doc.Rules {
		doc.Rules[i].Beneficiary = prefix + doc.Rules[i].Beneficiary
		doc.Rules[i].Resource = prefix + doc.Rules[i].Resource
	}
}

func TestConcurrentImportsFromTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	ref := fixtures.Reference()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "c2c.db")
	docA := synth.Generate(synth.Options{Cities: 300, Seed: 1}, ref)
	docB := synth.Generate(synth.Options{Cities: 300, Seed: 2}, ref)
	prefixIDs(docB, "b-")
	pathA, pathB := writeDoc(t, dir, "a.json", docA), writeDoc(t, dir, "b.json", docB)
	signal := filepath.Join(dir, "inside")

	// A holds its import transaction open for a while; B starts meanwhile
	// and must wait for it rather than fail.
	a, outA := child(t, "import-slow", dbPath, pathA, signal)
	require.NoError(t, a.Start())
	doneA := make(chan error, 1)
	go func() { doneA <- a.Wait() }()
	waitForFile(t, signal, doneA)
	b, outB := child(t, "import", dbPath, pathB, filepath.Join(dir, "unused"))
	require.NoError(t, b.Run(), outB.String())
	require.NoError(t, <-doneA, outA.String())
	assert.Contains(t, outA.String(), "added 300")
	assert.Contains(t, outB.String(), "added 300")

	// The store holds both documents, as if imported one after the other.
	db, err := store.Open(t.Context(), dbPath)
	require.NoError(t, err)
	defer db.Close()
	got, err := db.Document(t.Context())
	require.NoError(t, err)
	want := &model.Document{Format: model.FormatVersion}
	for _, d := range []*model.Document{docA, docB} {
		d.Normalize(ref)
		want.Cities = append(want.Cities, d.Cities...)
		want.Exchanges = append(want.Exchanges, d.Exchanges...)
		want.Rules = append(want.Rules, d.Rules...)
	}
	want.SortCities()
	assert.Equal(t, want.Cities, got.Cities)
	assert.Equal(t, canonical(t, want.Exchanges), canonical(t, got.Exchanges))
	assert.Len(t, got.Rules, len(want.Rules))
}

// canonical returns the JSON of each element, sorted, to compare lists
// whose order may differ.
func canonical[T any](t *testing.T, list []T) []string {
	var out []string
	for _, v := range list {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

func TestKilledImportLeavesStoreUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	ref := fixtures.Reference()
	ctx := t.Context()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "c2c.db")
	db, err := store.Open(ctx, dbPath)
	require.NoError(t, err)
	_, err = db.Import(ctx, ref, store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
	require.NoError(t, err)
	before, err := db.Document(ctx)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	// The new document replaces a stored city and adds many.
	doc := synth.Generate(synth.Options{Cities: 2000, Seed: 3}, ref)
	seoul := &fixtures.Sample().Cities[0]
	seoul.Name = "Replaced"
	doc.Cities = append(doc.Cities, *seoul)
	path := writeDoc(t, dir, "doc.json", doc)
	signal := filepath.Join(dir, "inside")
	cmd, out := child(t, "import-hang", dbPath, path, signal)
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	waitForFile(t, signal, done)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	err = <-done
	require.Error(t, err, "the child was killed: %s", out.String())

	db, err = store.Open(ctx, dbPath)
	require.NoError(t, err)
	defer db.Close()
	after, err := db.Document(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, after, "a killed import must leave the store as it was")

	// The store is usable: the same import now goes through.
	in, err := store.ReadPath(path)
	require.NoError(t, err)
	res, err := db.Import(ctx, ref, store.ImportOptions{}, in)
	require.NoError(t, err)
	stored := before.CityIndex()
	replaced := 0
	for _, c := range doc.Cities {
		if _, ok := stored[c.ID]; ok {
			replaced++
		}
	}
	assert.Equal(t, store.ImportResult{Added: len(doc.Cities) - replaced, Replaced: replaced,
		Exchanges: len(doc.Exchanges), Rules: len(doc.Rules)}, counts(res))
	seoul, err = db.City(ctx, "seoul")
	require.NoError(t, err)
	assert.Equal(t, "Replaced", seoul.Name)
}

// TestImportLargeDocument imports a document of about 50 MB in a child
// process and checks its peak memory; with one bad key at the very end the
// same document fails cleanly, with the error located, and changes nothing.
func TestImportLargeDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and imports a 50 MB document")
	}
	const maxPeakKB = 1 << 20 // 1 GiB
	ref := fixtures.Reference()
	dir := t.TempDir()
	doc := synth.Generate(synth.Options{Cities: 25000, Seed: 5}, ref)
	path := writeDoc(t, dir, "large.json", doc)
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Greater(t, len(src), 48<<20)
	peak := func(out string) int {
		_, after, ok := strings.Cut(out, "peak-kb ")
		require.True(t, ok, out)
		n, err := strconv.Atoi(strings.TrimSpace(after))
		require.NoError(t, err)
		return n
	}

	t.Run("Works", func(t *testing.T) {
		dbPath := filepath.Join(t.TempDir(), "c2c.db")
		start := time.Now()
		cmd, out := child(t, "import", dbPath, path, "")
		require.NoError(t, cmd.Run(), out.String())
		kb := peak(out.String())
		t.Logf("imported %d MB, %d cities in %v, peak RSS %d MB", len(src)>>20, len(doc.Cities), time.Since(start).Round(time.Millisecond), kb>>10)
		assert.Contains(t, out.String(), fmt.Sprintf("added %d\n", len(doc.Cities)))
		assert.Less(t, kb, maxPeakKB)
	})
	t.Run("FailsCleanly", func(t *testing.T) {
		i := bytes.LastIndex(src, []byte(`"name": `))
		require.Greater(t, i, 0)
		bad := append(append(append([]byte(nil), src[:i]...), `"nmae": `...), src[i+len(`"name": `):]...)
		badPath := filepath.Join(t.TempDir(), "bad.json")
		require.NoError(t, os.WriteFile(badPath, bad, 0o644))
		line := bytes.Count(bad[:i], []byte("\n")) + 1

		dbPath := filepath.Join(t.TempDir(), "c2c.db")
		db, err := store.Open(t.Context(), dbPath)
		require.NoError(t, err)
		defer db.Close()
		_, err = db.Import(t.Context(), ref, store.ImportOptions{}, &store.Input{File: "sample", Doc: fixtures.Sample()})
		require.NoError(t, err)
		before, err := db.Document(t.Context())
		require.NoError(t, err)

		cmd, out := child(t, "import", dbPath, badPath, "")
		require.Error(t, cmd.Run())
		assert.Contains(t, out.String(), fmt.Sprintf("%s:%d:", badPath, line))
		assert.Contains(t, out.String(), `unknown key "nmae": expected "name"`)
		after, err := db.Document(t.Context())
		require.NoError(t, err)
		assert.Equal(t, before, after)
	})
}
