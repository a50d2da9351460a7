package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/cmd/c2c/internal/web"
	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/fixtures/synth"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
	"github.com/c2cnet/c2c/store/storetest"
)

// Load of BenchmarkLoad: clients reading at once, and for how long (a
// short run with -short, as CI runs every benchmark once).
const (
	loadClients  = 200
	loadDuration = 30 * time.Second
	loadShort    = 2 * time.Second
)

// BenchmarkLoad serves the web application on loopback to 200 concurrent
// clients, each reading shortlists and member pages (HTML and JSON) of
// random members as fast as it can, while an import replaces the whole
// network once (so that every engine is rebuilt under load). It fails on
// any error or non-200 answer and reports the latency percentiles, over
// the sample network and a synthetic one of 2,000 members.
func BenchmarkLoad(b *testing.B) {
	for _, size := range []int{0, 2000} {
		name := "sample"
		if size > 0 {
			name = fmt.Sprint(size)
		}
		b.Run(name, func(b *testing.B) {
			ref := fixtures.Reference()
			doc := fixtures.Sample()
			if size > 0 {
				doc = synth.Generate(synth.Options{Cities: size, Seed: 1}, ref)
			}
			ctx := context.Background()
			db, s := benchServer(b, ref, doc)
			s.Year = 2026
			s.Logins = web.NewLimiter(1<<30, time.Minute)
			hash, err := account.Hash(password)
			if err != nil {
				b.Fatal(err)
			}
			if err := db.AddUser(ctx, model.User{Name: "viewer", Role: model.Viewer}, hash, "bench"); err != nil {
				b.Fatal(err)
			}
			session, sh := account.NewToken()
			if err := db.AddSession(ctx, "viewer", sh, time.Now().Add(time.Hour)); err != nil {
				b.Fatal(err)
			}
			token, th := account.NewToken()
			if err := db.AddToken(ctx, "viewer", th, "bench"); err != nil {
				b.Fatal(err)
			}
			srv := httptest.NewServer(s.Handler())
			defer srv.Close()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadClients}, Timeout: time.Minute}

			var ids []string
			for _, c := range doc.Cities {
				if len(c.Challenges) > 0 {
					ids = append(ids, c.ID)
				}
			}
			duration := loadDuration
			if testing.Short() {
				duration = loadShort
			}
			for b.Loop() {
				lat, errs, imported := runLoad(b, client, srv.URL, session, token, ids, duration, func() error {
					_, err := db.Import(ctx, ref, store.ImportOptions{Replace: true}, &store.Input{File: "network", Doc: doc})
					return err
				})
				if errs > 0 {
					b.Fatalf("%d requests failed", errs)
				}
				if imported != nil {
					b.Fatalf("the import under load failed: %v", imported)
				}
				slices.Sort(lat)
				pct := func(p float64) float64 {
					return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
				}
				b.ReportMetric(float64(len(lat))/duration.Seconds(), "req/s")
				b.ReportMetric(pct(0.50), "p50-ms")
				b.ReportMetric(pct(0.99), "p99-ms")
				b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
			}
		})
	}
}

// runLoad runs the clients against base for d, starting the import after a
// tenth of it, and returns every request's latency, the number of failed
// requests and the import's error.
func runLoad(b *testing.B, client *http.Client, base, session, token string, ids []string, d time.Duration, importer func() error) ([]time.Duration, int64, error) {
	var (
		mu       sync.Mutex
		all      []time.Duration
		failed   atomic.Int64
		imported error
		wg       sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(d / 10)
		imported = importer()
	}()
	for k := range loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for i := k; time.Now().Before(deadline); i++ {
				id := ids[(i*7919)%len(ids)]
				var path string
				switch i % 4 {
				case 0:
					path = "/members/" + id + "/shortlist"
				case 1:
					path = "/api/v1/members/" + id + "/shortlist"
				case 2:
					path = "/members/" + id
				default:
					path = "/api/v1/members/" + id
				}
				req, err := http.NewRequest(http.MethodGet, base+path, nil)
				if err != nil {
					b.Error(err)
					return
				}
				if i%2 == 1 {
					req.Header.Set("Authorization", "Bearer "+token)
				} else {
					req.AddCookie(&http.Cookie{Name: "c2c_session", Value: session})
				}
				start := time.Now()
				res, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if err == nil && res.StatusCode != http.StatusOK {
						err = fmt.Errorf("GET %s: %s", path, res.Status)
					}
				}
				mine = append(mine, time.Since(start))
				if err != nil {
					if failed.Add(1) <= 3 {
						b.Log(err)
					}
				}
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all, failed.Load(), imported
}

// benchServer returns a new store holding doc and a server over it.
func benchServer(b *testing.B, ref model.Reference, doc *model.Document) (*store.DB, *web.Server) {
	b.Helper()
	db := storetest.MustOpenDB(b)
	if _, err := db.Import(context.Background(), ref, store.ImportOptions{Replace: true}, &store.Input{File: "network", Doc: doc}); err != nil {
		b.Fatal(err)
	}
	s, err := web.New(db, ref)
	if err != nil {
		b.Fatal(err)
	}
	return db, s
}

// BenchmarkMembersPage renders the members page, with its map, over a
// synthetic network of 2,000 members: every member, and those of one
// development level.
func BenchmarkMembersPage(b *testing.B) {
	ref := fixtures.Reference()
	doc := synth.Generate(synth.Options{Cities: 2000, Seed: 1}, ref)
	ctx := context.Background()
	db, s := benchServer(b, ref, doc)
	if err := db.AddUser(ctx, model.User{Name: "viewer", Role: model.Viewer}, "x", "bench"); err != nil {
		b.Fatal(err)
	}
	session, sh := account.NewToken()
	if err := db.AddSession(ctx, "viewer", sh, time.Now().Add(time.Hour)); err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	for _, query := range []string{"", "?development=developing"} {
		b.Run("members"+query, func(b *testing.B) {
			size := 0
			for b.Loop() {
				r := httptest.NewRequest(http.MethodGet, "/members"+query, nil)
				r.AddCookie(&http.Cookie{Name: "c2c_session", Value: session})
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("GET /members%s: %d", query, w.Code)
				}
				size = w.Body.Len()
			}
			b.ReportMetric(float64(size)/1024, "KiB/page")
		})
	}
}
