package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	"github.com/c2cnet/c2c/cmd/c2c/internal/account"
	"github.com/c2cnet/c2c/cmd/c2c/internal/render"
	"github.com/c2cnet/c2c/model"
	"github.com/c2cnet/c2c/store"
)

// An editor imports by upload what c2c import reads from files: JSON
// documents, or the CSV tables of one folder, or both. The upload is read
// by the store's own parsers (store.ParseJSON, store.ParseCSV) and checked
// by a dry run of the same store.DB.Import the command calls; the page
// shows its plan per member, the warnings, or the located errors. The
// files stay on the server, in memory, for the Confirm that imports them:
// bound to the session that uploaded them, for pendingTTL, and no more of
// them than pendingMax and pendingMaxBytes allow. Keeping them, rather than
// asking for the files again, makes what is confirmed exactly what was
// checked (a browser cannot send a file again by itself, and a person
// choosing the files anew may choose others). The confirmation is refused
// when the network's generation moved since the dry run: the plan shown is
// then no longer what the import would do.

// Limits of an import by upload.
const (
	defaultMaxImport = 32 << 20         // bytes of one upload (the request body), unless Server.MaxImport says otherwise
	pendingTTL       = 15 * time.Minute // how long a dry run can be confirmed
	pendingMax       = 16               // dry runs kept at once, the oldest dropped first
	pendingMaxBytes  = 128 << 20        // bytes of uploads kept at once, the oldest dropped first
	uploadTimeout    = 5 * time.Minute  // how long an upload and its dry run may take, beside the server's time-outs of other requests
)

// csvFolder is the name the CSV tables of an upload are read under, as if
// they were the folder c2c import DIR reads: errors name "tables/cities.csv".
const csvFolder = "tables"

// importUpload is what an import sends: JSON documents, each one input,
// and CSV tables, together one input as a folder of them.
type importUpload struct {
	documents []uploadFile
	tables    []uploadFile
	replace   bool
}

// uploadFile is one file of an upload.
type uploadFile struct {
	name string // its base name, as the browser sent it
	data []byte
}

// size is how many bytes the files of up hold.
func (up importUpload) size() int {
	n := 0
	for _, f := range slices.Concat(up.documents, up.tables) {
		n += len(f.data)
	}
	return n
}

// names are the files of up, as the audit log records the inputs: the
// documents, then the tables ("tables (cities.csv, challenges.csv)").
func (up importUpload) names() string {
	var names []string
	for _, f := range up.documents {
		names = append(names, f.name)
	}
	if len(up.tables) > 0 {
		var tables []string
		for _, f := range up.tables {
			tables = append(tables, f.name)
		}
		names = append(names, fmt.Sprintf("%s (%s)", csvFolder, strings.Join(tables, ", ")))
	}
	return strings.Join(names, ", ")
}

// inputs reads the files of up with the store's parsers. As c2c import
// does, it keeps an input that could be read despite errors of its keys
// and values, for Import to report them with every other error, and
// returns the errors alone when some input could not be read at all.
func (up importUpload) inputs() ([]*store.Input, error) {
	if len(up.documents)+len(up.tables) == 0 {
		return nil, &model.Error{Code: model.EINVALID, Key: "document",
			Message: "no file: expected a c2c/v1 JSON document or the CSV tables of a folder (cities.csv, challenges.csv, ...)"}
	}
	var inputs []*store.Input
	var errs model.Errors
	fatal := false
	add := func(in *store.Input, err error) error {
		if in != nil {
			inputs = append(inputs, in)
		} else {
			fatal = true
		}
		if err == nil {
			return nil
		}
		found := modelErrors(err)
		if len(found) == 0 {
			return fmt.Errorf("read the upload: %w", err)
		}
		errs = append(errs, found...)
		return nil
	}
	for _, f := range up.documents {
		if err := add(store.ParseJSON(f.name, bytes.NewReader(f.data))); err != nil {
			return nil, err
		}
	}
	if len(up.tables) > 0 {
		folder := fstest.MapFS{} // the standard library's file system in memory
		for _, f := range up.tables {
			folder[f.name] = &fstest.MapFile{Data: f.data, Mode: 0o444}
		}
		if err := add(store.ParseCSV(csvFolder, folder)); err != nil {
			return nil, err
		}
	}
	if fatal {
		return nil, errs.Err()
	}
	return inputs, nil
}

// readUpload reads a multipart/form-data body: files in the fields
// document (JSON) and tables (CSV), and the option replace. The tables may
// be a whole folder (the form's folder picker sends every file in it, the
// file names relative to it): only its CSV files are kept, by their base
// names, as c2c import DIR reads a folder. A body over the limit is refused
// with what the limit is.
func (s *Server) readUpload(r *http.Request) (importUpload, error) {
	var up importUpload
	mr, err := r.MultipartReader()
	if err != nil {
		return up, &model.Error{Code: model.EINVALID, Message: "cannot read the upload: " + err.Error() + ": expected a multipart/form-data body (a form with enctype=\"multipart/form-data\")", Err: err}
	}
	seen := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return up, nil
		}
		if err != nil {
			return up, s.uploadError(err)
		}
		field := part.FormName()
		data, err := io.ReadAll(part)
		if err != nil {
			return up, s.uploadError(err)
		}
		name := part.FileName()
		switch field {
		case "replace":
			up.replace = isTrue(string(data))
			continue
		case "document", "tables":
		default:
			return up, &model.Error{Code: model.EINVALID, Key: field, Message: fmt.Sprintf("unknown field %q: expected the files as document (JSON) or tables (CSV), and replace", field)}
		}
		if name == "" && len(data) == 0 {
			continue // a file input left empty
		}
		if name == "" {
			name = field
		}
		isCSV := strings.EqualFold(filepath.Ext(name), ".csv")
		if field == "tables" && !isCSV {
			continue // a folder's other files, which c2c import DIR leaves out too
		}
		if seen[name] {
			return up, &model.Error{Code: model.EINVALID, File: name, Key: field, Message: fmt.Sprintf("two files named %s: expected each file once", name)}
		}
		seen[name] = true
		switch {
		case field == "document" && isCSV:
			return up, &model.Error{Code: model.EINVALID, File: name, Key: field,
				Message: "a CSV table as a JSON document: expected the tables of a folder (cities.csv, challenges.csv, ...) among the CSV tables"}
		case field == "document":
			up.documents = append(up.documents, uploadFile{name, data})
		default:
			up.tables = append(up.tables, uploadFile{name, data})
		}
	}
}

// uploadError is err from reading an upload: a body over the limit says
// what the limit is; anything else is a malformed body.
func (s *Server) uploadError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return s.tooLargeError()
	}
	return &model.Error{Code: model.EINVALID, Message: "cannot read the upload: " + err.Error(), Err: err}
}

// tooLargeError refuses an upload over s.MaxImport.
func (s *Server) tooLargeError() error {
	return &model.Error{Code: ETOOLARGE, Message: fmt.Sprintf(
		"the upload is over %s, the most an import here takes: nothing was imported; import a larger network with c2c import on the server", byteSize(s.maxImport()))}
}

// maxImport is the limit of an import's body, s.MaxImport or the default.
func (s *Server) maxImport() int64 {
	if s.MaxImport > 0 {
		return s.MaxImport
	}
	return defaultMaxImport
}

// byteSize writes n bytes in the largest unit that keeps it whole: "32
// MiB", "64 KiB", "1000 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// isTrue reads a boolean option of a form or a query: "1", "true", "on"
// (a ticked checkbox) or "yes".
func isTrue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

// importPlan is what an import does or, in a dry run, would do: the
// counts of store.ImportResult, the change to each member, and the
// warnings c2c import prints. The API writes it as it is.
type importPlan struct {
	DryRun     bool   `json:"dry_run"`
	Replace    bool   `json:"replace"`
	Inputs     string `json:"inputs"`     // the files imported, as the audit log names them
	Generation int64  `json:"generation"` // the network's generation the dry run was made at, or read right after the import
	Summary    string `json:"summary"`    // the line c2c import prints

	Added            int `json:"added"`
	Replaced         int `json:"replaced"`
	Removed          int `json:"removed"`
	Exchanges        int `json:"exchanges"`
	Rules            int `json:"rules"`
	RemovedExchanges int `json:"removed_exchanges"`
	RemovedRules     int `json:"removed_rules"`

	Members  []memberChange `json:"members"`
	Warnings []string       `json:"warnings"`
}

// memberChange is what an import does to one member.
type memberChange struct {
	City   string       `json:"city"`
	Change string       `json:"change"`           // added, replaced or removed
	Loss   string       `json:"loss,omitempty"`   // what a replaced member loses, in words
	Shrunk []listChange `json:"shrunk,omitempty"` // the lists a replaced member has fewer entries in
	Lost   []string     `json:"lost,omitempty"`   // the keys a replaced member had and the input leaves out
}

// listChange is a list of a profile that an import shortens.
type listChange struct {
	List   string `json:"list"`   // languages, challenges, capacities or practices
	Before int    `json:"before"` // entries stored
	After  int    `json:"after"`  // entries in the input
}

// planOf is the plan of an import of up with result res and warnings.
func planOf(up importUpload, opts store.ImportOptions, res store.ImportResult, gen int64, warnings []string) importPlan {
	p := importPlan{DryRun: opts.DryRun, Replace: opts.Replace, Inputs: up.names(), Generation: gen,
		Summary: render.ImportSummary(len(up.documents)+min(len(up.tables), 1), opts, res),
		Added:   res.Added, Replaced: res.Replaced, Removed: res.Removed, Exchanges: res.Exchanges, Rules: res.Rules,
		RemovedExchanges: res.RemovedExchanges, RemovedRules: res.RemovedRules,
		Members: []memberChange{}, Warnings: warnings}
	if p.Warnings == nil {
		p.Warnings = []string{}
	}
	for _, mc := range res.Members {
		m := memberChange{City: mc.City, Change: mc.Change, Loss: render.MemberLoss(mc), Lost: mc.Lost}
		for _, l := range mc.Shrunk {
			m.Shrunk = append(m.Shrunk, listChange(l))
		}
		p.Members = append(p.Members, m)
	}
	return p
}

// importCheck is what a confirmed import checks in its transaction before
// anything is written.
type importCheck struct {
	generation int64 // the generation of the dry run; -1: any
	yes        bool  // removing members is agreed to
}

// runImport imports up as u, or with dryRun only works out what it would
// do: the store's Import, audited as c2c import is (store.ActionImport;
// a dry run's entry goes with its rollback). A real import is refused,
// changing nothing, when the network's generation is no longer
// check.generation, or when it would remove members and check.yes is not
// set, as c2c import refuses off a terminal without --yes.
func (s *Server) runImport(ctx context.Context, u model.User, up importUpload, dryRun bool, check importCheck) (importPlan, error) {
	inputs, err := up.inputs()
	if err != nil {
		return importPlan{}, err
	}
	opts := store.ImportOptions{Replace: up.replace, DryRun: dryRun}
	var gen int64
	opts.Confirm = func(plan store.ImportResult) error {
		// The import's transaction holds the write lock: the generation
		// read now is the one the import starts from.
		var err error
		if gen, err = s.DB.Generation(ctx); err != nil {
			return err
		}
		if dryRun {
			return nil
		}
		if check.generation >= 0 && gen != check.generation {
			return &model.Error{Code: model.ECONFLICT, Key: "generation", Message: fmt.Sprintf(
				"the network changed since the dry run (generation %d, now %d): nothing was imported; run the dry run again to see what the import would do now", check.generation, gen)}
		}
		if removed := plan.RemovedCities(); len(removed) > 0 && !check.yes {
			return &model.Error{Code: model.EINVALID, Key: "yes", Message: fmt.Sprintf(
				"the import would remove %s (%s): expected yes=1 to confirm (dry_run=1 lists every change); nothing was changed",
				render.Plural(len(removed), "member"), strings.Join(removed, ", "))}
		}
		return nil
	}
	ctx = store.Audited(ctx, store.ImportEntry(u.Name, up.names(), opts))
	res, err := s.DB.Import(ctx, s.Ref, opts, inputs...)
	if err != nil {
		return importPlan{}, err
	}
	if !dryRun {
		if gen, err = s.DB.Generation(ctx); err != nil {
			return importPlan{}, err
		}
	}
	warnings := slices.Concat(render.UnplacedWarnings(s.Ref.Topics, inputs), res.PinWarnings)
	return planOf(up, opts, res, gen, warnings), nil
}

// pendingImport is a dry run kept for its confirmation, or, once
// confirmed, what the import did.
type pendingImport struct {
	owner   string // the credential that made it: only it may confirm or read it
	upload  importUpload
	plan    importPlan
	created time.Time
	busy    bool // a Confirm is importing it
	done    bool // plan is what the import did; upload is dropped
}

// pendingImports holds the dry runs awaiting confirmation, by token.
type pendingImports struct {
	mu    sync.Mutex
	now   func() time.Time // nil: time.Now
	byKey map[string]*pendingImport
}

// clock is the time of p.
func (p *pendingImports) clock() time.Time {
	if p.now != nil {
		return p.now()
	}
	return time.Now()
}

// add keeps imp and returns its token. It drops what has expired, the
// other unconfirmed dry runs of imp's owner (a new upload replaces them),
// and the oldest until the limits hold.
func (p *pendingImports) add(imp *pendingImport) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.prune()
	for k, e := range p.byKey {
		if e.owner == imp.owner && !e.done && !e.busy {
			delete(p.byKey, k)
		}
	}
	imp.created = p.clock()
	token := rand.Text()
	if p.byKey == nil {
		p.byKey = map[string]*pendingImport{}
	}
	p.byKey[token] = imp
	for len(p.byKey) > pendingMax || p.bytes() > pendingMaxBytes {
		oldest := ""
		for k, e := range p.byKey {
			if k != token && (oldest == "" || e.created.Before(p.byKey[oldest].created)) {
				oldest = k
			}
		}
		if oldest == "" {
			break // imp alone is within the limits: an upload is at most MaxImport
		}
		delete(p.byKey, oldest)
	}
	return token
}

// bytes is how many bytes of uploads p holds.
func (p *pendingImports) bytes() int {
	n := 0
	for _, e := range p.byKey {
		n += e.upload.size()
	}
	return n
}

// prune drops what has expired.
func (p *pendingImports) prune() {
	cut := p.clock().Add(-pendingTTL)
	for k, e := range p.byKey {
		if !e.created.After(cut) && !e.busy {
			delete(p.byKey, k)
		}
	}
}

// get returns a copy of the dry run or import of token, if owner made it
// and it has not expired.
func (p *pendingImports) get(token, owner string) (pendingImport, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e := p.lookup(token, owner); e != nil {
		return *e, true
	}
	return pendingImport{}, false
}

// lookup returns the dry run of token if owner made it and it has not
// expired, else nil; p.mu must be held.
func (p *pendingImports) lookup(token, owner string) *pendingImport {
	p.prune()
	if e, ok := p.byKey[token]; ok && e.owner == owner {
		return e
	}
	return nil
}

// claim returns the dry run of token for owner to import and marks it
// busy, so that a second Confirm does not import it twice. It returns
// false when the dry run is gone or not owner's, and a copy with busy or
// done set when another Confirm has it.
func (p *pendingImports) claim(token, owner string) (pendingImport, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.lookup(token, owner)
	if e == nil {
		return pendingImport{}, false
	}
	imp := *e
	if !e.busy && !e.done {
		e.busy = true
	}
	return imp, true
}

// finish ends the import of token's dry run: with plan, what it did, when
// it succeeded (the files are dropped); else the dry run is dropped when
// drop is set (what was checked is no longer what would be imported) and
// may be confirmed again otherwise.
func (p *pendingImports) finish(token string, plan *importPlan, drop bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.byKey[token]
	switch {
	case !ok:
	case plan != nil:
		e.busy, e.done, e.plan, e.upload = false, true, *plan, importUpload{}
	case drop:
		delete(p.byKey, token)
	default:
		e.busy = false
	}
}

// owner is the credential of r that a dry run is bound to: the hash of its
// session cookie or of its bearer token.
func owner(r *http.Request) string {
	if auth := r.Header.Get("Authorization"); auth != "" {
		return "token:" + hex.EncodeToString(account.TokenHash(strings.TrimSpace(strings.TrimPrefix(auth, "Bearer "))))
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return "session:" + hex.EncodeToString(account.TokenHash(c.Value))
	}
	return ""
}

// importData is what the import page shows.
type importData struct {
	Replace   bool        // the option, as last sent
	Plan      *importPlan // the dry run to confirm, or what the import did
	Token     string      // what Confirm sends
	Done      bool        // Plan is what the import did
	Errors    []apiError  // why the upload or the confirmation was refused
	MaxImport string      // the limit of an upload, in words
}

// importPage shows the upload form.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	return s.showImport(w, r, u, http.StatusOK, importData{})
}

// showImport renders the import page with d.
func (s *Server) showImport(w http.ResponseWriter, r *http.Request, u model.User, status int, d importData) error {
	d.MaxImport = byteSize(s.maxImport())
	title := "Import"
	switch {
	case d.Done:
		title = "Imported"
	case d.Plan != nil:
		title = "Import: dry run"
	}
	s.render(w, r, status, "import.html", u, title, d)
	return nil
}

// importSubmit reads an upload and makes its dry run: refused, the page
// shows why with the form; checked, the upload is kept and the browser
// goes to the dry run's page, where it may be confirmed.
func (s *Server) importSubmit(w http.ResponseWriter, r *http.Request, u model.User) error {
	allowSlowUpload(w)
	up, err := s.readUpload(r)
	if err == nil {
		var plan importPlan
		if plan, err = s.runImport(r.Context(), u, up, true, importCheck{}); err == nil {
			token := s.imports.add(&pendingImport{owner: owner(r), upload: up, plan: plan})
			http.Redirect(w, r, "/import/"+url.PathEscape(token), http.StatusSeeOther)
			return nil
		}
	}
	return s.refusedImport(w, r, u, importData{Replace: up.replace}, err)
}

// refusedImport shows the import page with why err refused it, or returns
// err when it is not the user's to fix.
func (s *Server) refusedImport(w http.ResponseWriter, r *http.Request, u model.User, d importData, err error) error {
	switch model.ErrorCode(err) {
	case model.EINVALID, model.ENOTFOUND, model.ECONFLICT:
		var status int
		status, d.Errors = s.located(r, err)
		return s.showImport(w, r, u, status, d)
	}
	return err
}

// importResultPage shows the dry run of a token with its Confirm button,
// or, once confirmed, what the import did.
func (s *Server) importResultPage(w http.ResponseWriter, r *http.Request, u model.User) error {
	token := r.PathValue("token")
	imp, ok := s.imports.get(token, owner(r))
	if !ok {
		return expiredImport()
	}
	return s.showImport(w, r, u, http.StatusOK, importData{Replace: imp.plan.Replace, Plan: &imp.plan, Token: token, Done: imp.done})
}

// expiredImport is the error of a dry run that is gone.
func expiredImport() error {
	return &model.Error{Code: model.ENOTFOUND, Key: "token", Message: fmt.Sprintf(
		"no such dry run in this session: a dry run can be confirmed for %s by the session that made it (and not after the server restarts); upload the files again", pendingTTL)}
}

// importConfirm imports the upload of a dry run, unless the network changed
// since, then goes to the page of what it did.
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request, u model.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	token := r.PostForm.Get("token")
	imp, ok := s.imports.claim(token, owner(r))
	if !ok {
		return s.refusedImport(w, r, u, importData{}, expiredImport())
	}
	if imp.busy || imp.done {
		// A second click of Confirm: the first imports it.
		http.Redirect(w, r, "/import/"+url.PathEscape(token), http.StatusSeeOther)
		return nil
	}
	plan, err := s.runImport(r.Context(), u, imp.upload, false, importCheck{generation: imp.plan.Generation, yes: true})
	if err != nil {
		var e *model.Error
		stale := errors.As(err, &e) && e.Key == "generation"
		s.imports.finish(token, nil, stale)
		return s.refusedImport(w, r, u, importData{Replace: imp.upload.replace}, err)
	}
	s.imports.finish(token, &plan, false)
	http.Redirect(w, r, "/import/"+url.PathEscape(token), http.StatusSeeOther)
	return nil
}

// apiImport imports the body, as c2c import does: a multipart/form-data
// upload of document (JSON) and tables (CSV) files, or one c2c/v1 JSON
// document. ?replace=1 makes it the whole network; ?dry_run=1 changes
// nothing and returns the plan, with the generation it was made at as the
// ETag; an If-Match with that generation refuses the import (409) if the
// network changed since. An import that would remove members needs
// ?yes=1, as the command needs --yes off a terminal.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request, u model.User) error {
	allowSlowUpload(w)
	q := r.URL.Query()
	var up importUpload
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		var err error
		if up, err = s.readUpload(r); err != nil {
			return err
		}
	} else {
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return s.uploadError(err)
		}
		up.documents = []uploadFile{{name: "request body", data: data}}
	}
	if v := q.Get("replace"); v != "" {
		up.replace = isTrue(v)
	}
	check := importCheck{generation: -1, yes: isTrue(q.Get("yes"))}
	if m := r.Header.Get("If-Match"); m != "" {
		gen, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(m, "W/"), `"`), 10, 64)
		if err != nil || gen < 0 {
			return &model.Error{Code: model.EINVALID, Key: "If-Match", Message: fmt.Sprintf("If-Match %q: expected the generation of a dry run (its ETag), such as \"12\"", m)}
		}
		check.generation = gen
	}
	plan, err := s.runImport(r.Context(), u, up, isTrue(q.Get("dry_run")), check)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(plan.Generation, 10)))
	s.writeJSON(w, r, http.StatusOK, plan)
	return nil
}

// allowSlowUpload gives the request of w uploadTimeout to send its body
// and be answered: the server's read and write time-outs (30 seconds, 2
// minutes) are for forms, and an upload of MaxImport bytes over a slow
// line takes longer. Where the connection cannot say (a test's recorder)
// the time-outs stay as they are.
func allowSlowUpload(w http.ResponseWriter) {
	rc := http.NewResponseController(w)
	deadline := time.Now().Add(uploadTimeout)
	_ = rc.SetReadDeadline(deadline)
	_ = rc.SetWriteDeadline(deadline)
}

// importBodyLimit is the body limit of r: s.MaxImport for the uploads of
// an import, maxFormBody for everything else.
func (s *Server) importBodyLimit(r *http.Request) int64 {
	if r.Method == http.MethodPost && (r.URL.Path == "/import" || r.URL.Path == "/api/v1/import") {
		return s.maxImport()
	}
	return maxFormBody
}
