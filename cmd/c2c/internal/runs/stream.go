package runs

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// chunkSize is how many shortlists a batch stores in one transaction while
// it runs, and chunksAhead how many full chunks may wait for the writer.
const (
	chunkSize   = 512
	chunksAhead = 2
)

// runSink stores the shortlists of a running run as the engine makes them:
// it digests each one in order and gathers them in chunks, which a writer
// goroutine encodes on every core and stores, one transaction a chunk,
// while the engine goes on. The batch so holds at most a few chunks of
// explained shortlists (plus, when keep is set, every shortlist, which
// publishing needs); the rows stay invisible until the run is finished.
type runSink struct {
	ctx   context.Context
	db    *store.DB
	run   int64
	dig   *store.ResultDigester
	chunk []model.Shortlist
	keep  *model.RunResults

	chunks chan []model.Shortlist
	done   chan struct{}
	err    error         // the writer's first error, read after done or under mu
	mu     sync.Mutex    // guards err while the writer runs
	stored time.Duration // time the writer spent encoding and storing
}

// newRunSink starts the writer of run r's shortlists.
func newRunSink(ctx context.Context, db *store.DB, r *model.Run, keep bool) *runSink {
	s := &runSink{ctx: ctx, db: db, run: r.ID, dig: store.NewResultDigester(r.Parameters),
		chunks: make(chan []model.Shortlist, chunksAhead), done: make(chan struct{})}
	if keep {
		s.keep = &model.RunResults{Shortlists: []model.Shortlist{}}
	}
	go s.write()
	return s
}

// add takes the next shortlist; it returns the writer's error, if any, so
// that the batch stops.
func (s *runSink) add(sl *model.Shortlist) error {
	if err := s.failed(); err != nil {
		return err
	}
	s.dig.Shortlist(sl)
	s.chunk = append(s.chunk, *sl)
	if s.keep != nil {
		s.keep.Shortlists = append(s.keep.Shortlists, *sl)
	}
	if len(s.chunk) == chunkSize {
		s.chunks <- s.chunk
		s.chunk = make([]model.Shortlist, 0, chunkSize)
	}
	return nil
}

func (s *runSink) failed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// close hands over the last chunk, waits for the writer and returns its
// error.
func (s *runSink) close() error {
	if len(s.chunk) > 0 {
		s.chunks <- s.chunk
		s.chunk = nil
	}
	close(s.chunks)
	<-s.done
	return s.err
}

// write stores the chunks in order until the channel closes; after an
// error it only drains them.
func (s *runSink) write() {
	defer close(s.done)
	next := 0 // seq of the next shortlist
	var enc []store.EncodedShortlist
	encoders := make([]store.ShortlistEncoder, runtime.GOMAXPROCS(0))
	for chunk := range s.chunks {
		if s.failed() != nil {
			continue
		}
		start := time.Now()
		var err error
		enc, err = encodeChunk(chunk, enc, encoders)
		if err == nil {
			err = s.db.PutShortlists(s.ctx, s.run, next, enc)
		}
		clear(enc)
		s.stored += time.Since(start)
		if err != nil {
			s.mu.Lock()
			s.err = err
			s.mu.Unlock()
			continue
		}
		next += len(chunk)
	}
}

// encodeChunk encodes the shortlists of chunk into enc, reusing its room,
// on as many goroutines as there are encoders, each with its own.
func encodeChunk(chunk []model.Shortlist, enc []store.EncodedShortlist, encoders []store.ShortlistEncoder) ([]store.EncodedShortlist, error) {
	enc = append(enc[:0], make([]store.EncodedShortlist, len(chunk))...)
	workers := min(len(encoders), len(chunk))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(chunk); i += workers {
				if enc[i], errs[w] = encoders[w].Encode(&chunk[i]); errs[w] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return enc, err
		}
	}
	return enc, nil
}

// sum finishes the result digest with the pairing.
func (s *runSink) sum(pl *model.Pairing) (string, error) {
	if pl != nil {
		s.dig.Pairing(pl)
	}
	return s.dig.Sum()
}
