package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/store"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromium is the browser the end-to-end tests drive: Debian's package
// chromium (.ci/run installs it).
const chromium = "/usr/bin/chromium"

// browser is one headless Chromium with a fresh profile on a test server
// of the application, and the folder its screenshots go to.
type browser struct {
	ctx     context.Context
	url     string
	shots   string
	dialogs *atomic.Int32 // JavaScript dialogs the pages opened: alert(1) would count
}

// newBrowser starts Chromium on a test server of a. Without Chromium the
// test is skipped, unless $CI is set: on CI it must run.
func newBrowser(t *testing.T, a *app) *browser {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("browser test skipped: %s is missing (apt-get install chromium; with $CI set this test fails instead)", chromium)
		}
		t.Fatalf("browser test: %s is missing and $CI is set: .ci/run installs it with apt-get install chromium", chromium)
	}
	ts := httptest.NewServer(a.h)
	t.Cleanup(ts.Close)
	alloc, cancelAlloc := chromedp.NewExecAllocator(t.Context(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	ctx, cancelTab := chromedp.NewContext(alloc)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	b := &browser{ctx: ctx, url: ts.URL, shots: t.TempDir(), dialogs: &atomic.Int32{}}
	if dir := os.Getenv("C2C_SCREENSHOTS"); dir != "" {
		require.NoError(t, os.MkdirAll(dir, 0o755))
		b.shots = dir
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("about:blank")), "start chromium")
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			b.dialogs.Add(1)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return b
}

// do runs steps, failing the test on error.
func (b *browser) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	require.NoError(t, chromedp.Do(b.ctx, steps...))
}

// open goes to path and waits until sel is visible.
func (b *browser) open(t *testing.T, path, sel string) {
	t.Helper()
	b.do(t, chromedp.Navigate(b.url+path), chromedp.WaitVisible(chromedp.CSS(sel)))
}

// text returns the text of the first element sel finds.
func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(t, err, "text of %s", sel)
	return s
}

// count returns how many elements sel finds, without waiting for one.
func (b *browser) count(t *testing.T, sel string) int {
	t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
	require.NoError(t, err)
	return n
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// shot saves a screenshot of the whole page as name.png.
func (b *browser) shot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644))
}

// signIn signs in through the form as name.
func (b *browser) signIn(t *testing.T, name string) {
	t.Helper()
	b.do(t,
		chromedp.Navigate(b.url+"/members"),
		chromedp.WaitVisible(chromedp.CSS(`form.login`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), name),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		chromedp.Submit(chromedp.CSS(`form.login`)),
		chromedp.WaitVisible(chromedp.CSS(`table.members`)),
	)
}

func TestBrowserEditorPinsAPair(t *testing.T) {
	a := newApp(t)
	b := newBrowser(t, a)
	b.signIn(t, "editor")
	b.shot(t, "members")

	// Find Palembang.
	b.do(t,
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "Palembang"),
		chromedp.Submit(chromedp.CSS(`form.filters`)),
		// The value attribute is the new page's: typing sets only the property.
		chromedp.WaitVisible(chromedp.CSS(`input[name=q][value="Palembang"]`)),
	)
	assert.Equal(t, 1, b.count(t, `table.members tbody tr`), "one member matches")
	b.do(t,
		chromedp.Click(chromedp.CSS(`table.members a[href="/members/palembang"]`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
	)
	assert.Equal(t, "Palembang", b.text(t, "h1"))
	b.shot(t, "member-palembang")

	// Read its shortlist and the reasons.
	b.do(t,
		chromedp.Click(chromedp.CSS(`a.button[href="/members/palembang/shortlist"]`)),
		chromedp.WaitVisible(chromedp.CSS(`section.candidate`)),
	)
	assert.Equal(t, "Shortlist for Palembang", b.text(t, "h1"))
	first := b.text(t, `section.candidate h3`)
	assert.Contains(t, first, "Seoul", "Seoul comes first")
	assert.Contains(t, b.text(t, `dd.quota`), "met")
	assert.Equal(t, 7, b.count(t, `section.candidate:first-of-type meter`), "a bar per part")
	reasons := b.text(t, `section.candidate ul.for`)
	assert.NotEmpty(t, reasons)
	b.shot(t, "shortlist-palembang")

	// The full explanation of the pair.
	b.do(t,
		chromedp.Click(chromedp.CSS(`section.candidate a.explain`)),
		chromedp.WaitVisible(chromedp.CSS(`p.actions a[href^="/api/v1/explain/"]`)), // on the explanation only
	)
	assert.Contains(t, b.text(t, "h1"), "Seoul for Palembang")
	assert.Contains(t, b.text(t, "dl.facts"), "ranks 1 of")
	b.shot(t, "explain-palembang-seoul")

	// Pin the second candidate with a reason.
	b.do(t,
		chromedp.Navigate(b.url+"/members/palembang/shortlist"),
		chromedp.WaitVisible(chromedp.CSS(`section.candidate`)),
	)
	second := b.text(t, `section.candidate:nth-of-type(2) h3 a`)
	b.do(t,
		chromedp.SendKeys(chromedp.CSS(`section.candidate:nth-of-type(2) input[name=why]`), "agreed at the 2026 congress"),
		chromedp.Submit(chromedp.CSS(`section.candidate:nth-of-type(2) form.ruleform`)),
		chromedp.WaitVisible(chromedp.CSS(`table.rules`)),
	)
	assert.Contains(t, b.text(t, `table.rules tbody`), "agreed at the 2026 congress")
	assert.Contains(t, b.text(t, `body`), "pinned")

	b.do(t, chromedp.Navigate(b.url+"/rules"), chromedp.WaitVisible(chromedp.CSS(`table.rules`)))
	rules := b.text(t, `table.rules tbody`)
	assert.Contains(t, rules, "palembang")
	assert.Contains(t, rules, "agreed at the 2026 congress")

	b.do(t, chromedp.Navigate(b.url+"/audit"), chromedp.WaitVisible(chromedp.CSS(`table.audit`)))
	row := b.text(t, `table.audit tbody tr`)
	assert.Contains(t, row, "rule.pin")
	assert.Contains(t, row, "editor")
	assert.Contains(t, row, "agreed at the 2026 congress")
	b.shot(t, "audit")
	t.Logf("pinned %s; screenshots in %s", second, b.shots)
}

func TestBrowserViewerCannotEdit(t *testing.T) {
	a := newApp(t)
	b := newBrowser(t, a)
	b.signIn(t, "viewer")
	b.do(t,
		chromedp.Navigate(b.url+"/members/palembang/shortlist"),
		chromedp.WaitVisible(chromedp.CSS(`section.candidate`)),
	)
	assert.Zero(t, b.count(t, `form.ruleform`), "no rule form for a viewer")
	assert.Zero(t, b.count(t, `nav a[href="/audit"]`))
	b.do(t, chromedp.Navigate(b.url+"/audit"), chromedp.WaitVisible(chromedp.CSS(`div.errors`)))
	assert.Contains(t, b.text(t, `div.errors`), "this needs the editor role")
	b.shot(t, "viewer-audit-refused")

	b.open(t, "/members/palembang", `dl.facts`)
	assert.Zero(t, b.count(t, `a[href="/members/palembang/edit"]`), "no edit link for a viewer")
	b.open(t, "/members/palembang/edit", `div.errors`)
	assert.Contains(t, b.text(t, `div.errors`), "this needs the editor role")
	assert.Zero(t, b.count(t, `form.edit`), "no profile form for a viewer")
}

func TestBrowserHostileNameIsText(t *testing.T) {
	a := newApp(t)
	locate(t, a, "hostile", 48.86, 2.35) // Paris: on the members map
	b := newBrowser(t, a)
	b.signIn(t, "viewer")
	b.do(t,
		chromedp.Navigate(b.url+"/members/hostile"),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
	)
	assert.Equal(t, hostileName, b.text(t, "h1"), "the name shows as text")
	assert.Zero(t, b.count(t, `main script, main img`), "no element made from profile text")
	b.do(t, chromedp.Navigate(b.url+"/members"), chromedp.WaitVisible(chromedp.CSS(`table.members`)))
	assert.Contains(t, b.text(t, `table.members`), hostileName)
	title, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('svg.map a[href="/members/hostile"] title').textContent`))
	require.NoError(t, err, "the hostile member has a dot")
	assert.Equal(t, hostileName+" (FR, developed)", title, "its hover title is the name as text")
	assert.Zero(t, b.count(t, `svg.map script, svg.map foreignObject`))
	b.shot(t, "hostile")
	assert.Zero(t, b.dialogs.Load(), "no alert ran")
}

// pairSix pairs the six on the workshop page, two partners each, seated
// at tables by sector, and waits for the pairing.
func (b *browser) pairSix(t *testing.T) {
	t.Helper()
	b.open(t, "/workshop", `form.workshop`)
	for _, id := range six {
		b.do(t, chromedp.Click(chromedp.CSS(`input[name=participant][value="`+id+`"]`)))
	}
	b.do(t,
		chromedp.SetValue(chromedp.CSS(`input[name=partners]`), "2"),
		chromedp.Click(chromedp.CSS(`input[name=clusters]`)),
		chromedp.Click(chromedp.CSS(`button[value=page]`)),
		chromedp.WaitVisible(chromedp.CSS(`section.pairing`)),
	)
}

func TestBrowserWorkshopOfSix(t *testing.T) {
	a := newApp(t)
	b := newBrowser(t, a)
	b.signIn(t, "viewer")
	b.pairSix(t)
	assert.Contains(t, b.text(t, `dd.served`), "of ")
	assert.Positive(t, b.count(t, `table.pairs tbody tr`))
	assert.Equal(t, 6, b.count(t, `input[name=participant]:checked`), "the six stay ticked")
	over, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("table.load tbody tr")].filter(r => +r.querySelector(".hosted").textContent > +r.querySelector(".capacity").textContent).length`))
	require.NoError(t, err)
	assert.Zero(t, over, "no resource over its capacity")
	assert.Positive(t, b.count(t, `table.load tbody tr`))
	b.shot(t, "workshop-six")
}

func TestBrowserEditChallengeThenRecordExchange(t *testing.T) {
	a := newApp(t)
	b := newBrowser(t, a)
	b.signIn(t, "editor")
	b.open(t, "/members/palembang/shortlist", `section.candidate`)
	before := b.text(t, `section.candidate h3 a`)

	b.open(t, "/members/palembang", `dl.facts`)
	b.do(t,
		chromedp.Click(chromedp.CSS(`a.button[href="/members/palembang/edit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.edit`)),
	)
	b.shot(t, "edit-palembang")
	// Every need of Palembang is emptied, and one on its landfill typed.
	_, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("table.challenges input, table.challenges textarea")].map(e => e.value = "").length`))
	require.NoError(t, err)
	b.do(t,
		chromedp.SendKeys(chromedp.CSS(`table.challenges tbody tr:first-of-type input[name=challenge_topic]`), "landfill"),
		chromedp.SendKeys(chromedp.CSS(`table.challenges tbody tr:first-of-type textarea[name=challenge_text]`), "The landfill is full and burns every dry season"),
		chromedp.Click(chromedp.CSS(`form.edit button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
	)
	assert.Contains(t, b.text(t, `main`), "The landfill is full")
	b.open(t, "/members/palembang/shortlist", `section.candidate`)
	after := b.text(t, `section.candidate h3 a`)
	assert.NotEqual(t, before, after, "the shortlist follows the edited need")
	b.shot(t, "shortlist-palembang-edited")

	// Record what a visit to the new first candidate produced.
	b.open(t, "/members/palembang", `form.exchangeform`)
	b.do(t,
		chromedp.SendKeys(chromedp.CSS(`form.exchangeform input[name=resource]`), strings.ToLower(after)),
		chromedp.SendKeys(chromedp.CSS(`form.exchangeform input[name=year]`), "2026"),
		chromedp.SendKeys(chromedp.CSS(`form.exchangeform input[name=outcome]`), "a plan to close the landfill"),
		chromedp.Submit(chromedp.CSS(`form.exchangeform`)),
	)
	// It comes back to the same page, at its history: wait for that one.
	require.Eventually(t, func() bool {
		back, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`location.hash === "#history" && document.readyState === "complete"`))
		return err == nil && back
	}, 20*time.Second, 50*time.Millisecond, "back on the member page after recording")
	assert.Contains(t, b.text(t, `main`), "a plan to close the landfill")

	b.open(t, "/audit", `table.audit`)
	row := b.text(t, `table.audit tbody tr`)
	assert.Contains(t, row, "exchange.add")
	assert.Contains(t, b.text(t, `table.audit tbody`), "city.edit")
	assert.Contains(t, row, "palembang")
	t.Logf("first candidate %s before the edit, %s after", before, after)
}

func TestBrowserImportDryRunThenConfirm(t *testing.T) {
	a := newApp(t)
	b := newBrowser(t, a)
	dir := t.TempDir()
	doc, broken := filepath.Join(dir, "ghent.json"), filepath.Join(dir, "hanoi.json")
	require.NoError(t, os.WriteFile(doc, []byte(ghentJSON), 0o644))
	require.NoError(t, os.WriteFile(broken, []byte(brokenJSON), 0o644))
	b.signIn(t, "editor")

	// A refused file: every error located, nothing changed.
	b.do(t,
		chromedp.Click(chromedp.CSS(`nav a[href="/import"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.import`)),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=document]`), []string{broken}),
		chromedp.Click(chromedp.CSS(`form.import button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.importerrors`)),
	)
	row := b.text(t, `table.importerrors tbody tr`)
	for _, want := range []string{"hanoi.json", "3:", "cities[0].challenges[0].severity", "hanoi"} {
		assert.Contains(t, row, want)
	}
	b.shot(t, "import-refused")

	b.do(t, chromedp.SetUploadFiles(chromedp.CSS(`input[name=document]`), []string{doc}))
	b.shot(t, "import-form")
	b.do(t,
		chromedp.Click(chromedp.CSS(`form.import button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.confirm`)),
	)
	assert.Equal(t, "Import: dry run", b.text(t, "h1"))
	assert.Contains(t, b.text(t, `p.notice`), "would have imported 1 input: 1 member added")
	assert.Contains(t, b.text(t, `table.importplan tbody`), "would be added")
	assert.Contains(t, b.text(t, `table.importplan tbody`), "ghent")
	assert.Contains(t, b.text(t, `ul.warnings`), "<b>xyzzy</b> plugh", "the warning shows the text as typed")
	b.shot(t, "import-dry-run")
	_, err := a.db.City(t.Context(), "ghent")
	require.Error(t, err, "the dry run imported nothing")

	b.do(t,
		chromedp.Click(chromedp.CSS(`form.confirm button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.added`)),
	)
	assert.Equal(t, "Imported", b.text(t, "h1"))
	assert.Contains(t, b.text(t, `p.added`), "imported 1 input: 1 member added")
	b.shot(t, "import-done")
	b.do(t,
		chromedp.Click(chromedp.CSS(`table.importplan a[href="/members/ghent"]`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
	)
	assert.Equal(t, "Ghent <script>alert(4)</script>", b.text(t, "h1"), "the member, its name as text")
	assert.Contains(t, b.text(t, `main`), "Traffic fumes in the old centre")
	b.shot(t, "import-member-ghent")
	assert.Zero(t, b.dialogs.Load(), "no alert ran")
}

func TestBrowserReviewRunAndLetter(t *testing.T) {
	a := newApp(t)
	storeRuns(t, a, 1)
	b := newBrowser(t, a)
	b.signIn(t, "editor")

	// Open the run from the list: a draft.
	b.open(t, "/runs", `table.report`)
	assert.Contains(t, b.text(t, `table.report tbody`), "draft")
	b.do(t,
		chromedp.Click(chromedp.CSS(`table.report a[href="/runs/1"]`)),
		chromedp.WaitVisible(chromedp.CSS(`section.review.draft`)),
	)
	assert.Contains(t, b.text(t, `section.review p.state`), "draft")
	assert.Zero(t, b.count(t, `form.publish`), "a draft cannot be published")
	b.shot(t, "run-draft")

	// Approve it, then publish it.
	b.do(t,
		chromedp.Click(chromedp.CSS(`form.approve button`)),
		chromedp.WaitVisible(chromedp.CSS(`section.review.approved`)),
	)
	assert.Contains(t, b.text(t, `section.review p.state`), "approved by editor at")
	b.shot(t, "run-approved")
	b.do(t,
		chromedp.Click(chromedp.CSS(`form.publish button`)),
		chromedp.WaitVisible(chromedp.CSS(`section.review.published`)),
	)
	state := b.text(t, `section.review p.state`)
	assert.Contains(t, state, "published")
	assert.Contains(t, state, "approved by editor at")
	assert.Contains(t, state, "published by editor at")
	assert.Contains(t, b.text(t, `dl.facts`), "published by editor at")
	b.shot(t, "run-published")
	b.open(t, "/runs", `table.report`)
	assert.Contains(t, b.text(t, `table.report tbody`), "published by editor")
	b.open(t, "/audit", `table.audit`)
	log := b.text(t, `table.audit tbody`)
	assert.Contains(t, log, "run.approve")
	assert.Contains(t, log, "run.publish")

	// The letter of a beneficiary, from its profile.
	b.open(t, "/members/palembang", `dl.facts`)
	b.do(t,
		chromedp.Click(chromedp.CSS(`a.letterlink`)),
		chromedp.WaitVisible(chromedp.CSS(`article.letter`)),
	)
	assert.Equal(t, "Partner cities for Palembang", b.text(t, "h1"))
	assert.Positive(t, b.count(t, `article.letter ol.partners > li`))
	// The stylesheet may still be loading when the letter shows.
	require.Eventually(t, func() bool {
		styled, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector("article.letter")).fontFamily.includes("Georgia")`))
		return err == nil && styled
	}, 10*time.Second, 50*time.Millisecond, "the stylesheet styles the letter")
	assert.Contains(t, b.text(t, `article.letter .letterhead`), "The C2C network", "the network's name starts the letterhead, capitalised")
	b.shot(t, "letter-palembang")

	// Printed, the letter stands alone.
	_, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	require.NoError(t, err)
	hidden, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`["header", "p.actions"].every(s => getComputedStyle(document.querySelector(s)).display === "none")`))
	require.NoError(t, err)
	assert.True(t, hidden, "the site around the letter is not printed")
	b.shot(t, "letter-palembang-print")
	_, err = chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
	require.NoError(t, err)

	// A hostile name stays text in its letter.
	b.open(t, "/members/hostile/letter", `article.letter`)
	assert.Equal(t, "Partner cities for "+hostileName, b.text(t, "h1"))
	assert.Zero(t, b.count(t, `main script, main img`), "no element made from profile text")
	assert.Zero(t, b.dialogs.Load(), "no alert ran")
}

func TestBrowserBatchProgressThenRun(t *testing.T) {
	a := newApp(t)
	ref := fixtures.Reference()
	doc := synth.Generate(synth.Options{Cities: 600, Seed: 3}, ref)
	_, err := a.db.Import(t.Context(), ref, store.ImportOptions{Replace: true}, &store.Input{File: "synth", Doc: doc})
	require.NoError(t, err)
	b := newBrowser(t, a)
	b.signIn(t, "editor")

	b.open(t, "/runs", `form.workshop`)
	b.do(t,
		chromedp.Click(chromedp.CSS(`form.workshop button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
	)
	assert.Equal(t, "/runs/current", b.path(t), "starting a batch leads to its progress")
	if b.count(t, `dl.facts[data-running]`) == 1 {
		// The page follows the server-sent events by itself: the script
		// counts the events it applied.
		b.do(t, chromedp.WaitVisible(chromedp.CSS(`dl.facts[data-events], dl.facts:not([data-running])`)))
		b.shot(t, "batch-running")
	}
	// When the batch ends the page reloads by itself and links the run.
	b.do(t, chromedp.WaitVisible(chromedp.CSS(`dl.facts:not([data-running]) a[href="/runs/1"]`)))
	assert.Equal(t, "done", b.text(t, `dd.status`))
	b.shot(t, "batch-done")

	b.do(t,
		chromedp.Click(chromedp.CSS(`dl.facts a[href="/runs/1"]`)),
		chromedp.WaitVisible(chromedp.CSS(`section.review`)),
	)
	assert.Contains(t, b.text(t, `main`), "600 members", "the run page shows the run as c2c runs show does")
	assert.Zero(t, b.dialogs.Load(), "no alert ran")
}

// path returns the path of the page the browser shows.
func (b *browser) path(t *testing.T) string {
	t.Helper()
	p, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.pathname`))
	require.NoError(t, err)
	return p
}
