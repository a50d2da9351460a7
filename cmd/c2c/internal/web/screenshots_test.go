package web_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
)

// The screenshots the README shows are readmeShotWidth pixels wide and
// at most readmeShotMax bytes each (the CI refuses tracked binaries over
// 1 MB outside fixtures/; the README loads them all).
const (
	readmeShotWidth = 1200
	readmeShotMax   = 200 << 10
)

// readmeShot saves at most height pixels of the page, from the top of the
// element from finds down, as name.png, for the README, and checks its
// size.
func (b *browser) readmeShot(t *testing.T, name, from string, height float64) {
	t.Helper()
	box, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]float64](`[document.querySelector(`+jsString(from)+`).getBoundingClientRect().top + window.scrollY, document.documentElement.scrollHeight]`))
	require.NoError(t, err, "where %s is", from)
	top := max(0, box[0]-8)
	clip := &page.Viewport{Y: top, Width: readmeShotWidth, Height: min(box[1]-top, height), Scale: 1}
	yes := true
	shot, err := chromedp.Call(b.ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format: page.CaptureScreenshotFormatPng, Clip: clip, CaptureBeyondViewport: &yes, FromSurface: &yes})
	require.NoError(t, err, "screenshot %s", name)
	assert.Less(t, len(shot.Data), readmeShotMax, "%s.png is over %d KiB", name, readmeShotMax>>10)
	require.NoError(t, os.WriteFile(filepath.Join(b.shots, name+".png"), shot.Data, 0o644))
}

// TestBrowserScreenshots walks the main pages over the sample network as
// an editor and takes the screenshots of the README's section on the web
// application. With C2C_SCREENSHOTS set to the folder
// cmd/c2c/internal/web/testdata/screenshots (an absolute path; run this
// test alone, with -run TestBrowserScreenshots, so that no other test
// writes there), it refreshes the committed ones.
func TestBrowserScreenshots(t *testing.T) {
	a := newAppOf(t, fixtures.Sample())
	storeRuns(t, a, 2)
	b := newBrowser(t, a)
	b.signIn(t, "editor")

	b.open(t, "/members", `svg.map`)
	assert.Equal(t, 21, b.count(t, `svg.map a circle`), "a dot per located member")
	assert.Equal(t, 23, b.count(t, `table.members tbody tr`))
	b.readmeShot(t, "members", "body", 1100)

	b.open(t, "/members?country=NP", `svg.map`)
	assert.Equal(t, 4, b.count(t, `svg.map a circle`), "the filtered members only")
	b.do(t,
		chromedp.Click(chromedp.CSS(`svg.map a[href="/members/bharatpur"] circle`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
	)
	assert.Equal(t, "Bharatpur", b.text(t, "h1"), "a dot links to its member")

	b.open(t, "/members/palembang", `dl.facts`)
	b.readmeShot(t, "member", "body", 1100)
	b.open(t, "/members/palembang/shortlist", `section.candidate`)
	b.readmeShot(t, "shortlist", "body", 1100)
	b.open(t, "/explain/palembang/seoul", `p.actions`)
	b.readmeShot(t, "explain", "body", 1100)
	b.open(t, "/members/palembang/edit", `form.edit`)
	b.readmeShot(t, "edit", "body", 1100)

	b.pairSix(t)
	b.readmeShot(t, "workshop", `section.pairing`, 950)

	b.open(t, "/runs", `table.report`)
	assert.Equal(t, 2, b.count(t, `table.report tbody tr`))
	b.readmeShot(t, "runs", "body", 1100)
	b.open(t, "/runs/2", `dl.facts`)
	b.readmeShot(t, "run", "body", 760)
}
