package store

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"sort"
	"time"

	"github.com/c2cnet/c2c/model"
)

// InputDigests returns the digest of doc, SHA-256 over its canonical JSON
// (WriteJSON), and the digest of each of its inputs: every city
// ("city:<id>"), every rule ("rule:<beneficiary>/<resource>") and the
// exchange history as a whole ("exchanges"), sorted by key. A rule's author
// and time are left out (see withoutRuleProvenance). doc should come from
// DB.Document, which orders it canonically.
func InputDigests(doc *model.Document) (string, []model.InputDigest, error) {
	doc = withoutRuleProvenance(doc)
	h := sha256.New()
	if err := WriteJSON(h, doc); err != nil {
		return "", nil, fmt.Errorf("input digest: %w", err)
	}
	total := hex.EncodeToString(h.Sum(nil))
	inputs := make([]model.InputDigest, 0, len(doc.Cities)+len(doc.Rules)+1)
	add := func(key model.InputKey, v any) error {
		sum, err := jsonDigest(v)
		if err != nil {
			return fmt.Errorf("input digest %s: %w", key, err)
		}
		inputs = append(inputs, model.InputDigest{Key: key.String(), Digest: sum})
		return nil
	}
	for i := range doc.Cities {
		if err := add(model.CityInput(doc.Cities[i].ID), &doc.Cities[i]); err != nil {
			return "", nil, err
		}
	}
	for _, r := range doc.Rules {
		if err := add(model.RuleInput(r.Beneficiary, r.Resource), r); err != nil {
			return "", nil, err
		}
	}
	if len(doc.Exchanges) > 0 {
		if err := add(model.ExchangesInput(), doc.Exchanges); err != nil {
			return "", nil, err
		}
	}
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].Key < inputs[j].Key })
	return total, inputs, nil
}

// withoutRuleProvenance returns doc with its rules' authors and times left
// out: they change no result, and runs stored before rules had them keep
// their digests.
func withoutRuleProvenance(doc *model.Document) *model.Document {
	if len(doc.Rules) == 0 {
		return doc
	}
	out := *doc
	out.Rules = make([]model.Rule, len(doc.Rules))
	for i, r := range doc.Rules {
		r.By, r.Created = "", time.Time{}
		out.Rules[i] = r
	}
	return &out
}

// jsonDigest is SHA-256 (hex) over the JSON encoding of v.
func jsonDigest(v any) (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ResultDigester computes the result digest of a run incrementally: SHA-256
// over the run's parameters (as JSON) and then one line of JSON per
// shortlist, in order, and one for the pairing, each without its
// parameters (they are digested once, first). The same results always give
// the same digest, whether fresh from the engine or read back from the
// store.
type ResultDigester struct {
	h   hash.Hash
	enc *json.Encoder
	err error
}

// NewResultDigester starts a digest over results made with parameters.
func NewResultDigester(parameters json.RawMessage) *ResultDigester {
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.SetEscapeHTML(false)
	d := &ResultDigester{h: h, enc: enc}
	var compact bytes.Buffer
	if err := json.Compact(&compact, parameters); err != nil {
		d.err = fmt.Errorf("result digest: parameters: %w", err)
		return d
	}
	compact.WriteByte('\n')
	h.Write(compact.Bytes())
	return d
}

// Shortlist adds the next shortlist.
func (d *ResultDigester) Shortlist(sl *model.Shortlist) {
	c := *sl
	c.Parameters = nil
	d.encode(&c)
}

// Pairing adds the pairing.
func (d *ResultDigester) Pairing(p *model.Pairing) {
	c := *p
	c.Parameters = nil
	d.encode(&c)
}

func (d *ResultDigester) encode(v any) {
	if d.err == nil {
		if err := d.enc.Encode(v); err != nil {
			d.err = fmt.Errorf("result digest: %w", err)
		}
	}
}

// Sum returns the digest in hex, or the first error met.
func (d *ResultDigester) Sum() (string, error) {
	if d.err != nil {
		return "", d.err
	}
	return hex.EncodeToString(d.h.Sum(nil)), nil
}

// ResultDigest returns the result digest of res made with parameters (see
// ResultDigester).
func ResultDigest(parameters json.RawMessage, res *model.RunResults) (string, error) {
	d := NewResultDigester(parameters)
	for i := range res.Shortlists {
		d.Shortlist(&res.Shortlists[i])
	}
	if res.Pairing != nil {
		d.Pairing(res.Pairing)
	}
	return d.Sum()
}

// runNotFound is the ENOTFOUND error for run id.
func runNotFound(id int64) error {
	return &model.Error{Code: model.ENOTFOUND, Message: fmt.Sprintf("run %d not found: see c2c runs for the stored runs", id)}
}

// StartRun stores r as a new run, running since now, with its inputs, and
// sets r.ID, r.Started and r.Status. doc is the canonical input of the run
// (what r.InputDigest was computed over, from DB.Document); it is stored
// gzip-compressed so that the run can be re-run and republished later (see
// RunInput). A nil doc keeps no input, as for runs stored before c2c kept
// them. It is committed at once, so that a run that never finishes is
// still on record.
func (db *DB) StartRun(ctx context.Context, r *model.Run, doc *model.Document) error {
	var packed []byte
	if doc != nil {
		var err error
		if packed, err = packDocument(doc); err != nil {
			return fmt.Errorf("start run: input: %w", err)
		}
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("start run: %w", err)
	}
	defer tx.Rollback()
	r.Started = db.now()
	r.Status = model.RunRunning
	params := r.Parameters
	if len(params) == 0 {
		params = json.RawMessage("{}")
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO runs (started, status, version, parameters, input_digest, cities, host, pid)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		formatTime(r.Started), string(r.Status), r.Version, string(params), r.InputDigest, r.Cities, r.Host, r.PID)
	if err != nil {
		return fmt.Errorf("start run: %w", mapError(err))
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("start run: %w", err)
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO run_inputs (run, key, digest) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("start run: %w", mapError(err))
	}
	defer st.Close()
	for i, in := range r.Inputs {
		sum, err := hex.DecodeString(in.Digest)
		if err != nil || len(sum) != sha256.Size {
			return &model.Error{Code: model.EINVALID, Key: in.Key, Message: fmt.Sprintf("input digest %q: expected 64 hex digits", in.Digest)}
		}
		if _, err := st.ExecContext(context.WithoutCancel(ctx), r.ID, in.Key, sum); err != nil {
			return fmt.Errorf("start run: input %s: %w", in.Key, mapError(err))
		}
		if i%4096 == 0 && ctx.Err() != nil {
			return fmt.Errorf("start run: %w", ctx.Err())
		}
	}
	if packed != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO run_input (run, encoding, document) VALUES (?, 'gzip', ?)`, r.ID, packed); err != nil {
			return fmt.Errorf("start run: input: %w", mapError(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("start run: commit: %w", mapError(err))
	}
	return nil
}

// packDocument returns doc as WriteJSON writes it, gzip-compressed.
func packDocument(doc *model.Document) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := WriteJSON(zw, doc); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	return buf.Bytes(), nil
}

// RunInput returns the canonical input stored with run id (see StartRun),
// decoded, or nil when the run has none: it was stored before c2c kept the
// input of runs. It returns ENOTFOUND for an unknown run and EINVALID when
// the stored input is damaged or does not match the run's input digest.
func (db *DB) RunInput(ctx context.Context, id int64) (*model.Document, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("run %d input: %w", id, err)
	}
	defer tx.Rollback()
	var digest string
	var packed []byte
	err = tx.QueryRowContext(ctx, `SELECT r.input_digest, i.document FROM runs r LEFT JOIN run_input i ON i.run = r.id WHERE r.id = ?`, id).Scan(&digest, &packed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, runNotFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("run %d input: %w", id, mapError(err))
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("run %d input: %w", id, mapError(err))
	}
	if packed == nil {
		return nil, nil
	}
	damaged := func(err error) error {
		return &model.Error{Code: model.EINVALID, Message: fmt.Sprintf("run %d: the stored input is damaged: %v", id, err), Err: err}
	}
	zr, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		return nil, damaged(err)
	}
	doc := &model.Document{}
	if err := json.NewDecoder(zr).Decode(doc); err != nil {
		return nil, damaged(err)
	}
	got, _, err := InputDigests(doc)
	if err != nil {
		return nil, fmt.Errorf("run %d input: %w", id, err)
	}
	if got != digest {
		return nil, damaged(fmt.Errorf("its digest %s is not the run's input digest %s", got, digest))
	}
	return doc, nil
}

// FinishRun stores the results of the running run r.ID and marks it done,
// all in one transaction: r.ResultDigest and r.Timing are stored as given,
// r.Ended is set to now unless already set, and the counts are taken from
// res. It returns ENOTFOUND when the run does not exist and ECONFLICT when
// it is no longer running (removed, or marked interrupted by another
// process). When ctx ends before the commit, nothing is stored and the
// error wraps ctx.Err(), whatever the statement it stopped reported; r is
// marked done, a draft for review, only once the commit succeeded.
func (db *DB) FinishRun(ctx context.Context, r *model.Run, res *model.RunResults) error {
	if err := db.finishRun(ctx, r, res.Shortlists, res.Pairing); err != nil {
		return interrupted(ctx, err)
	}
	r.Status, r.Message, r.Review = model.RunDone, "", &model.Review{State: model.ReviewDraft}
	return nil
}

// finishRun stores shortlists (after any PutShortlists stored) and pl as
// the results of run r and marks it done, in one transaction.
func (db *DB) finishRun(ctx context.Context, r *model.Run, shortlists []model.Shortlist, pl *model.Pairing) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, err)
	}
	defer tx.Rollback()
	if err := requireRunning(ctx, tx, r.ID); err != nil {
		return err
	}
	if r.Ended.IsZero() {
		r.Ended = db.now()
	}
	w, err := newRunWriter(ctx, tx)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, err)
	}
	defer w.close()
	var enc ShortlistEncoder
	for i := range shortlists {
		if i%256 == 0 && ctx.Err() != nil {
			return fmt.Errorf("finish run %d: %w", r.ID, ctx.Err())
		}
		sl := &shortlists[i]
		es, err := enc.Encode(sl)
		if err != nil {
			return fmt.Errorf("finish run %d: shortlist %s: %w", r.ID, sl.Beneficiary, err)
		}
		if err := w.putShortlist(ctx, r.ID, i, &es); err != nil {
			return fmt.Errorf("finish run %d: shortlist %s: %w", r.ID, sl.Beneficiary, err)
		}
	}
	return w.finish(ctx, tx, r, pl)
}

// finish stores the pairing of run r, takes r's counts from the stored
// rows, marks r done and commits tx.
func (w *runWriter) finish(ctx context.Context, tx *sql.Tx, r *model.Run, pl *model.Pairing) error {
	pairing := ""
	r.Pairs, r.Served = 0, 0
	if pl != nil {
		for i, p := range pl.Pairs {
			if _, err := w.pair.ExecContext(context.WithoutCancel(ctx), r.ID, i, p.Beneficiary, p.Resource, p.Score, p.Topic, p.Cluster, p.Pinned, p.Developing); err != nil {
				return fmt.Errorf("finish run %d: pair %s/%s: %w", r.ID, p.Beneficiary, p.Resource, mapError(err))
			}
		}
		r.Pairs, r.Served = len(pl.Pairs), pl.Served
		rest := *pl
		rest.Parameters, rest.Pairs = nil, nil
		b, err := json.Marshal(&rest)
		if err != nil {
			return fmt.Errorf("finish run %d: pairing: %w", r.ID, err)
		}
		pairing = string(b)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, ctx.Err())
	}
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM run_shortlists WHERE run = ?), (SELECT COUNT(*) FROM run_candidates WHERE run = ?)`,
		r.ID, r.ID).Scan(&r.Beneficiaries, &r.Candidates); err != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, mapError(err))
	}
	if _, err := tx.ExecContext(ctx, `UPDATE runs SET ended = ?, status = ?, message = '', result_digest = ?,
		beneficiaries = ?, candidates = ?, pairs = ?, served = ?, timing = ?, pairing = ? WHERE id = ?`,
		formatTime(r.Ended), string(model.RunDone), r.ResultDigest, r.Beneficiaries, r.Candidates, r.Pairs, r.Served,
		string(r.Timing), pairing, r.ID); err != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, mapError(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("finish run %d: commit: %w", r.ID, mapError(err))
	}
	return nil
}

// requireRunning returns ENOTFOUND if run id does not exist and ECONFLICT
// if it is not running.
func requireRunning(ctx context.Context, tx *sql.Tx, id int64) error {
	var status string
	err := tx.QueryRowContext(ctx, `SELECT status FROM runs WHERE id = ?`, id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return runNotFound(id)
	}
	if err != nil {
		return fmt.Errorf("run %d: %w", id, mapError(err))
	}
	if model.RunStatus(status) != model.RunRunning {
		return &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is %s, not running: its results cannot be stored", id, status)}
	}
	return nil
}

// runWriter holds the prepared statements that store a run's results.
type runWriter struct {
	shortlist, candidate, pair *sql.Stmt
}

func newRunWriter(ctx context.Context, tx *sql.Tx) (*runWriter, error) {
	w := &runWriter{}
	var err error
	if w.shortlist, err = tx.PrepareContext(ctx, `INSERT INTO run_shortlists
		(run, seq, beneficiary, name, needs, quota, qualified, developing, candidates, nearest, gaps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		return nil, mapError(err)
	}
	if w.candidate, err = tx.PrepareContext(ctx, `INSERT INTO run_candidates
		(run, shortlist, rank, resource, name, score) VALUES (?, ?, ?, ?, ?, ?)`); err != nil {
		w.close()
		return nil, mapError(err)
	}
	if w.pair, err = tx.PrepareContext(ctx, `INSERT INTO run_pairs
		(run, seq, beneficiary, resource, score, topic, cluster, pinned, developing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		w.close()
		return nil, mapError(err)
	}
	return w, nil
}

func (w *runWriter) close() {
	for _, st := range []*sql.Stmt{w.shortlist, w.candidate, w.pair} {
		if st != nil {
			st.Close()
		}
	}
}

// EncodedShortlist is one shortlist of a run made ready to store: its
// header as JSON and its candidates as DEFLATE-compressed JSON, which is
// most of the work of storing it. A ShortlistEncoder makes one; several
// goroutines, each with its own encoder, may encode at once while one
// stores (see DB.PutShortlists).
type EncodedShortlist struct {
	Beneficiary string
	name        string
	needs       string
	quota       string
	nearest     string
	gaps        string
	qualified   int
	developing  int
	candidates  []byte
	ranked      []RankedCandidate
}

// ShortlistEncoder encodes shortlists for DB.PutShortlists, reusing its
// buffer and its compressor (about a megabyte of tables, which a fresh
// compressor per shortlist would allocate and the collector reclaim
// 20,000 times in a large batch). The zero value is ready to use; an
// encoder is not safe for concurrent use.
type ShortlistEncoder struct {
	buf bytes.Buffer
	zip *flate.Writer
}

// Encode encodes sl; the result shares no memory with the encoder.
func (e *ShortlistEncoder) Encode(sl *model.Shortlist) (EncodedShortlist, error) {
	es := EncodedShortlist{Beneficiary: sl.Beneficiary, name: sl.Name, qualified: sl.Qualified, developing: sl.Developing}
	needs, err := json.Marshal(sl.Needs)
	if err != nil {
		return es, err
	}
	quota, err := json.Marshal(sl.Quota)
	if err != nil {
		return es, err
	}
	es.needs, es.quota = string(needs), string(quota)
	if es.nearest, err = jsonOrEmpty(sl.Nearest, len(sl.Nearest)); err != nil {
		return es, err
	}
	if es.gaps, err = jsonOrEmpty(sl.Gaps, len(sl.Gaps)); err != nil {
		return es, err
	}
	if e.zip == nil {
		e.zip, _ = flate.NewWriter(nil, flate.BestSpeed) // the level is valid
	}
	e.buf.Reset()
	e.zip.Reset(&e.buf)
	enc := json.NewEncoder(e.zip)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sl.Candidates); err != nil {
		return es, err
	}
	if err := e.zip.Close(); err != nil {
		return es, err
	}
	es.candidates = bytes.Clone(e.buf.Bytes())
	es.ranked = make([]RankedCandidate, len(sl.Candidates))
	for i, c := range sl.Candidates {
		es.ranked[i] = RankedCandidate{Beneficiary: sl.Beneficiary, Rank: c.Rank, Resource: c.Resource, Name: c.Name, Score: c.Score}
	}
	return es, nil
}

func (w *runWriter) putShortlist(ctx context.Context, run int64, seq int, es *EncodedShortlist) error {
	ctx = context.WithoutCancel(ctx)
	if _, err := w.shortlist.ExecContext(ctx, run, seq, es.Beneficiary, es.name, es.needs, es.quota,
		es.qualified, es.developing, es.candidates, es.nearest, es.gaps); err != nil {
		return mapError(err)
	}
	for _, c := range es.ranked {
		if _, err := w.candidate.ExecContext(ctx, run, seq, c.Rank, c.Resource, c.Name, c.Score); err != nil {
			return mapError(err)
		}
	}
	return nil
}

// PutShortlists stores shortlists first, first+1, … of the running run id
// in one transaction, while the run goes on: the rows stay invisible to
// every reader (RunResults, RunCandidates, diffs) until FinishStreamedRun
// marks the run done, and DiscardUnfinished removes them if it never is.
// It returns ECONFLICT when the run is no longer running, and stores
// nothing when ctx ends first.
func (db *DB) PutShortlists(ctx context.Context, id int64, first int, chunk []EncodedShortlist) error {
	if err := db.putShortlists(ctx, id, first, chunk); err != nil {
		return interrupted(ctx, err)
	}
	return nil
}

func (db *DB) putShortlists(ctx context.Context, id int64, first int, chunk []EncodedShortlist) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store shortlists of run %d: %w", id, err)
	}
	defer tx.Rollback()
	if err := requireRunning(ctx, tx, id); err != nil {
		return err
	}
	w, err := newRunWriter(ctx, tx)
	if err != nil {
		return fmt.Errorf("store shortlists of run %d: %w", id, err)
	}
	defer w.close()
	for i := range chunk {
		if err := w.putShortlist(ctx, id, first+i, &chunk[i]); err != nil {
			return fmt.Errorf("store shortlists of run %d: shortlist %s: %w", id, chunk[i].Beneficiary, err)
		}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("store shortlists of run %d: %w", id, ctx.Err())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store shortlists of run %d: commit: %w", id, mapError(err))
	}
	return nil
}

// FinishStreamedRun stores the pairing of run r, whose shortlists
// PutShortlists stored, and marks it done, as FinishRun does: r.Ended is
// set to now unless already set and its counts are taken from the stored
// rows. The same errors as FinishRun.
func (db *DB) FinishStreamedRun(ctx context.Context, r *model.Run, pl *model.Pairing) error {
	if err := db.finishRun(ctx, r, nil, pl); err != nil {
		return interrupted(ctx, err)
	}
	r.Status, r.Message, r.Review = model.RunDone, "", &model.Review{State: model.ReviewDraft}
	return nil
}

// DiscardUnfinished marks every running run whose process is gone
// (alive(host, pid) false) as interrupted, and removes the stored results
// of every run that is not done and not running (interrupted or failed,
// from PutShortlists), so that no half-stored run takes room or can be
// read. It returns the runs whose results it removed. alive decides for
// the caller's machine; store does not know processes.
func (db *DB) DiscardUnfinished(ctx context.Context, alive func(host string, pid int) bool) ([]int64, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("discard unfinished runs: %w", err)
	}
	defer tx.Rollback()
	type proc struct {
		id   int64
		host string
		pid  int
	}
	var running []proc
	err = queryEach(ctx, tx, `SELECT id, host, pid FROM runs WHERE status = 'running'`, nil, func(rows *sql.Rows) error {
		var p proc
		err := rows.Scan(&p.id, &p.host, &p.pid)
		running = append(running, p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("discard unfinished runs: %w", err)
	}
	for _, p := range running {
		if alive(p.host, p.pid) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE runs SET status = 'interrupted', message = ?, ended = ? WHERE id = ? AND status = 'running'`,
			fmt.Sprintf("process %d on %s ended before the run finished", p.pid, p.host), formatTime(db.now()), p.id); err != nil {
			return nil, fmt.Errorf("discard unfinished runs: run %d: %w", p.id, mapError(err))
		}
	}
	var ids []int64
	err = queryEach(ctx, tx, `SELECT id FROM runs WHERE status IN ('interrupted', 'failed')
		AND (EXISTS (SELECT 1 FROM run_shortlists WHERE run = runs.id) OR EXISTS (SELECT 1 FROM run_pairs WHERE run = runs.id))
		ORDER BY id`, nil, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("discard unfinished runs: %w", err)
	}
	for _, id := range ids {
		for _, table := range []string{"run_candidates", "run_shortlists", "run_pairs"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE run = ?`, id); err != nil {
				return nil, fmt.Errorf("discard unfinished runs: run %d: %w", id, mapError(err))
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("discard unfinished runs: commit: %w", mapError(err))
	}
	return ids, nil
}

// jsonOrEmpty returns the JSON of the list v of n elements, or "" when it
// is empty, as the nearest and gaps columns store it.
func jsonOrEmpty(v any, n int) (string, error) {
	if n == 0 {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// EndRun marks the running run id as interrupted or failed, with a message
// saying why. A run that is no longer running is left as it is.
func (db *DB) EndRun(ctx context.Context, id int64, status model.RunStatus, message string) error {
	if status != model.RunInterrupted && status != model.RunFailed {
		return &model.Error{Code: model.EINVALID, Message: fmt.Sprintf("end run %d as %q: expected interrupted or failed", id, status)}
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("end run %d: %w", id, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE runs SET status = ?, message = ?, ended = ? WHERE id = ? AND status = 'running'`,
		string(status), message, formatTime(db.now()), id); err != nil {
		return fmt.Errorf("end run %d: %w", id, mapError(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("end run %d: commit: %w", id, mapError(err))
	}
	return nil
}

const runColumns = `id, started, ended, status, message, version, parameters, input_digest, result_digest,
	cities, beneficiaries, candidates, pairs, served, host, pid, timing, approved_by, approved, published_by, published`

func scanRun(row interface{ Scan(...any) error }) (model.Run, error) {
	var r model.Run
	var started, ended, status, params, timing, approvedBy, approved, publishedBy, published string
	if err := row.Scan(&r.ID, &started, &ended, &status, &r.Message, &r.Version, &params, &r.InputDigest, &r.ResultDigest,
		&r.Cities, &r.Beneficiaries, &r.Candidates, &r.Pairs, &r.Served, &r.Host, &r.PID, &timing,
		&approvedBy, &approved, &publishedBy, &published); err != nil {
		return r, err
	}
	r.Status = model.RunStatus(status)
	r.Parameters = json.RawMessage(params)
	if timing != "" {
		r.Timing = json.RawMessage(timing)
	}
	var err error
	if r.Review, err = newReview(r.Status, approvedBy, approved, publishedBy, published); err != nil {
		return r, fmt.Errorf("run %d: %w", r.ID, err)
	}
	if r.Started, err = time.Parse(time.RFC3339Nano, started); err != nil {
		return r, fmt.Errorf("run %d: start time %q: %w", r.ID, started, err)
	}
	if ended != "" {
		if r.Ended, err = time.Parse(time.RFC3339Nano, ended); err != nil {
			return r, fmt.Errorf("run %d: end time %q: %w", r.ID, ended, err)
		}
	}
	return r, nil
}

// Runs returns every stored run, oldest first, without their inputs.
func (db *DB) Runs(ctx context.Context) ([]model.Run, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	defer tx.Rollback()
	var runs []model.Run
	err = queryEach(ctx, tx, `SELECT `+runColumns+` FROM runs ORDER BY id`, nil, func(rows *sql.Rows) error {
		r, err := scanRun(rows)
		runs = append(runs, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	return runs, tx.Commit()
}

// Run returns the stored run id with its inputs, or ENOTFOUND.
func (db *DB) Run(ctx context.Context, id int64) (*model.Run, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("run %d: %w", id, err)
	}
	defer tx.Rollback()
	r, err := scanRun(tx.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, runNotFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("run %d: %w", id, mapError(err))
	}
	err = queryEach(ctx, tx, `SELECT key, digest FROM run_inputs WHERE run = ? ORDER BY key`, []any{id}, func(rows *sql.Rows) error {
		var in model.InputDigest
		var sum []byte
		if err := rows.Scan(&in.Key, &sum); err != nil {
			return err
		}
		in.Digest = hex.EncodeToString(sum)
		r.Inputs = append(r.Inputs, in)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("run %d: inputs: %w", id, err)
	}
	return &r, tx.Commit()
}

// RunResults returns the shortlists and the pairing of the done run id,
// exactly as they were stored but for their parameters, which are the
// run's. It returns ENOTFOUND for an unknown run and ECONFLICT for a run
// that has no results (not done).
func (db *DB) RunResults(ctx context.Context, id int64) (*model.RunResults, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("run %d results: %w", id, err)
	}
	defer tx.Rollback()
	pairing, err := donePairing(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	res := &model.RunResults{Shortlists: []model.Shortlist{}}
	zr := flate.NewReader(nil)
	var raw bytes.Buffer
	err = queryEach(ctx, tx, `SELECT beneficiary, name, needs, quota, qualified, developing, candidates, nearest, gaps
		FROM run_shortlists WHERE run = ? ORDER BY seq`, []any{id}, func(rows *sql.Rows) error {
		var sl model.Shortlist
		var needs, quota, nearest, gaps string
		var packed []byte
		if err := rows.Scan(&sl.Beneficiary, &sl.Name, &needs, &quota, &sl.Qualified, &sl.Developing, &packed, &nearest, &gaps); err != nil {
			return err
		}
		if nearest != "" {
			if err := json.Unmarshal([]byte(nearest), &sl.Nearest); err != nil {
				return fmt.Errorf("shortlist %s: nearest: %w", sl.Beneficiary, err)
			}
		}
		if gaps != "" {
			if err := json.Unmarshal([]byte(gaps), &sl.Gaps); err != nil {
				return fmt.Errorf("shortlist %s: gaps: %w", sl.Beneficiary, err)
			}
		}
		if err := json.Unmarshal([]byte(needs), &sl.Needs); err != nil {
			return fmt.Errorf("shortlist %s: needs: %w", sl.Beneficiary, err)
		}
		if err := json.Unmarshal([]byte(quota), &sl.Quota); err != nil {
			return fmt.Errorf("shortlist %s: quota: %w", sl.Beneficiary, err)
		}
		if err := zr.(flate.Resetter).Reset(bytes.NewReader(packed), nil); err != nil {
			return err
		}
		raw.Reset()
		if _, err := io.Copy(&raw, zr); err != nil {
			return fmt.Errorf("shortlist %s: candidates: %w", sl.Beneficiary, err)
		}
		if err := json.Unmarshal(raw.Bytes(), &sl.Candidates); err != nil {
			return fmt.Errorf("shortlist %s: candidates: %w", sl.Beneficiary, err)
		}
		res.Shortlists = append(res.Shortlists, sl)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("run %d results: %w", id, err)
	}
	if res.Pairing, err = loadPairing(ctx, tx, id, pairing); err != nil {
		return nil, fmt.Errorf("run %d results: %w", id, err)
	}
	return res, tx.Commit()
}

// RunPairing returns the pairing of the done run id (nil if it has none),
// or ENOTFOUND, or ECONFLICT for a run that is not done.
func (db *DB) RunPairing(ctx context.Context, id int64) (*model.Pairing, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("run %d pairing: %w", id, err)
	}
	defer tx.Rollback()
	pairing, err := donePairing(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	pl, err := loadPairing(ctx, tx, id, pairing)
	if err != nil {
		return nil, fmt.Errorf("run %d pairing: %w", id, err)
	}
	return pl, tx.Commit()
}

// donePairing returns the stored pairing (without pairs) of run id,
// ENOTFOUND, or ECONFLICT when the run is not done.
func donePairing(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var status, pairing string
	err := tx.QueryRowContext(ctx, `SELECT status, pairing FROM runs WHERE id = ?`, id).Scan(&status, &pairing)
	if errors.Is(err, sql.ErrNoRows) {
		return "", runNotFound(id)
	}
	if err != nil {
		return "", fmt.Errorf("run %d: %w", id, mapError(err))
	}
	if model.RunStatus(status) != model.RunDone {
		return "", &model.Error{Code: model.ECONFLICT, Message: fmt.Sprintf("run %d is %s: only a done run has results", id, status)}
	}
	return pairing, nil
}

// loadPairing decodes the stored pairing of run id and reads its pairs,
// each with the name of its cluster table.
func loadPairing(ctx context.Context, tx *sql.Tx, id int64, pairing string) (*model.Pairing, error) {
	if pairing == "" {
		return nil, nil
	}
	pl := &model.Pairing{}
	if err := json.Unmarshal([]byte(pairing), pl); err != nil {
		return nil, fmt.Errorf("pairing: %w", err)
	}
	pl.Pairs = []model.PairingPair{}
	err := queryEach(ctx, tx, `SELECT beneficiary, resource, score, topic, cluster, pinned, developing
		FROM run_pairs WHERE run = ? ORDER BY seq`, []any{id}, func(rows *sql.Rows) error {
		var p model.PairingPair
		if err := rows.Scan(&p.Beneficiary, &p.Resource, &p.Score, &p.Topic, &p.Cluster, &p.Pinned, &p.Developing); err != nil {
			return err
		}
		pl.Pairs = append(pl.Pairs, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pairs: %w", err)
	}
	// A pair's table name is its cluster's, stored once with the clusters.
	tables := make(map[string]string, len(pl.Clusters))
	for _, cl := range pl.Clusters {
		tables[cl.ID] = cl.Name
	}
	for i := range pl.Pairs {
		pl.Pairs[i].Table = tables[pl.Pairs[i].Cluster]
	}
	return pl, nil
}

// RankedCandidate is one candidate of a stored shortlist as listings and
// diffs read it: without the explanations.
type RankedCandidate struct {
	Beneficiary string  // city id
	Rank        int     // 1-based
	Resource    string  // city id
	Name        string  // the resource's display name
	Score       float64 // 0..1
}

// RunCandidates calls fn with every candidate of every shortlist of run id,
// by shortlist and rank, without unpacking the explanations; a shortlist
// without candidates gives one RankedCandidate with Rank 0 and no
// resource. It returns ENOTFOUND for an unknown run and ECONFLICT for a
// run that is not done.
func (db *DB) RunCandidates(ctx context.Context, id int64, fn func(RankedCandidate) error) error {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return fmt.Errorf("run %d candidates: %w", id, err)
	}
	defer tx.Rollback()
	if _, err := donePairing(ctx, tx, id); err != nil {
		return err
	}
	err = queryEach(ctx, tx, `SELECT s.beneficiary, IFNULL(c.rank, 0), IFNULL(c.resource, ''), IFNULL(c.name, ''), IFNULL(c.score, 0)
		FROM run_shortlists s LEFT JOIN run_candidates c ON c.run = s.run AND c.shortlist = s.seq
		WHERE s.run = ? ORDER BY s.seq, c.rank`, []any{id}, func(rows *sql.Rows) error {
		var c RankedCandidate
		if err := rows.Scan(&c.Beneficiary, &c.Rank, &c.Resource, &c.Name, &c.Score); err != nil {
			return err
		}
		return fn(c)
	})
	if err != nil {
		return fmt.Errorf("run %d candidates: %w", id, err)
	}
	return tx.Commit()
}

// RemoveRun deletes run id and all its results, or returns ENOTFOUND.
func (db *DB) RemoveRun(ctx context.Context, id int64) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("remove run %d: %w", id, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("remove run %d: %w", id, mapError(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("remove run %d: %w", id, err)
	} else if n == 0 {
		return runNotFound(id)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("remove run %d: commit: %w", id, mapError(err))
	}
	return nil
}
