package web

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/profile"
	"github.com/c2cnet/c2c/match"
	"github.com/c2cnet/c2c/model"
)

// network holds what the server builds from one generation of the store
// (store.DB.Generation): the document and, per reference year, the engine.
// Requests share them until the network changes, instead of each reading
// every profile and vectorising the network again; a change made by this
// server, another process or the command line raises the generation, and
// the next request builds anew.
type network struct {
	mu      sync.Mutex
	gen     int64
	doc     *model.Document
	engines map[int]*builtEngine
}

// builtEngine is the engine of one year, built once by whichever request
// needs it first while the others wait.
type builtEngine struct {
	once sync.Once
	e    *match.Engine
	err  error

	// The explained shortlists this engine made, by beneficiary and
	// parameters: a shortlist is the same for the same store generation,
	// year and parameters, and the pages and the API ask for the same few
	// many times. At most shortlistMemo are kept; the memo is emptied when
	// full, and goes with the engine when the generation moves.
	mu         sync.Mutex
	shortlists map[shortlistKey]*model.Shortlist
}

// shortlistKey names one shortlist of an engine.
type shortlistKey struct {
	beneficiary string
	p           model.Parameters
}

// shortlistMemo is the most shortlists one engine keeps.
const shortlistMemo = 4096

// shortlist returns the explained shortlist of beneficiary under p, made
// once per engine (shared: callers must not change it).
func (be *builtEngine) shortlist(beneficiary string, p model.Parameters) (*model.Shortlist, error) {
	k := shortlistKey{beneficiary, p}
	be.mu.Lock()
	sl, ok := be.shortlists[k]
	be.mu.Unlock()
	if ok {
		return sl, nil
	}
	sl, err := be.e.Shortlist(beneficiary, p)
	if err != nil {
		return nil, err
	}
	be.mu.Lock()
	if be.shortlists == nil || len(be.shortlists) >= shortlistMemo {
		be.shortlists = make(map[shortlistKey]*model.Shortlist)
	}
	be.shortlists[k] = sl
	be.mu.Unlock()
	return sl, nil
}

// current returns the document of the store's current generation and the
// slot of year's engine in it, reading the document again if the
// generation moved.
func (s *Server) current(ctx context.Context, year int) (*model.Document, *builtEngine, error) {
	gen, err := s.DB.Generation(ctx)
	if err != nil {
		return nil, nil, err
	}
	n := &s.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.doc == nil || n.gen != gen {
		// Read after the generation: the document is at least as new as
		// gen, so a write in between only makes the next request reload.
		doc, err := s.DB.Document(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("load profiles: %w", err)
		}
		n.gen, n.doc, n.engines = gen, doc, map[int]*builtEngine{}
	}
	be := n.engines[year]
	if be == nil {
		be = &builtEngine{}
		n.engines[year] = be
	}
	return n.doc, be, nil
}

// held returns the document of the store's current generation when the
// server holds it already, else nil: what lists members without needing the
// network reads it then instead of asking the store.
func (s *Server) held(ctx context.Context) (*model.Document, error) {
	gen, err := s.DB.Generation(ctx)
	if err != nil {
		return nil, err
	}
	n := &s.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.doc == nil || n.gen != gen {
		return nil, nil
	}
	return n.doc, nil
}

// document returns every profile of the store as one document, shared by
// the requests of one generation: callers must not change it.
func (s *Server) document(ctx context.Context) (*model.Document, error) {
	doc, _, err := s.current(ctx, 0)
	return doc, err
}

// engine returns the engine over the store's current profiles for year (0:
// s.Year, else this year), as the commands build it, and the document it
// was built from (shared: callers must not change it).
func (s *Server) engine(ctx context.Context, year int) (*match.Engine, *model.Document, error) {
	be, doc, err := s.built(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	return be.e, doc, nil
}

// built is engine with the engine's slot, which also keeps its shortlists.
func (s *Server) built(ctx context.Context, year int) (*builtEngine, *model.Document, error) {
	if year == 0 {
		year = s.Year
	}
	if year == 0 {
		year = time.Now().Year()
	}
	doc, be, err := s.current(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	be.once.Do(func() {
		be.e, be.err = match.NewEngine(doc, s.Ref, profile.Inferrer(s.Ref.Topics), year)
	})
	if be.err != nil {
		return nil, nil, be.err
	}
	return be, doc, nil
}
