// Package store keeps c2c's member profiles, exchange history and
// secretariat rules in SQLite (github.com/mattn/go-sqlite3), and reads and
// writes the interchange format of FORMAT.md: JSON documents and folders of
// CSV tables.
//
// # Database
//
// Open creates or opens a database file and brings its schema up to date
// with the migrations embedded from migration/*.sql, each run once, in name
// order, in its own transaction, and recorded in the migrations table.
// When every migration is recorded Open only reads (through a read
// transaction), so that opening never waits for another process's write.
// Every pooled connection gets the same pragmas from the DSN: foreign keys
// on, WAL journal, a busy timeout of 30 seconds and, for writes, immediate
// transactions, so that two processes writing at once queue instead of
// failing half-way. Reads go through a second pool of deferred, query-only
// transactions: each reads a snapshot of the WAL and never waits for, nor
// blocks, a writer. A writer that waited the whole busy timeout gets an
// ECONFLICT naming the database file and saying that another c2c process
// is writing it.
//
// Every exported method of DB is one transaction. Import in particular is
// all or nothing: a document with any error, a failure half-way or a
// process killed in the middle leaves the store exactly as it was. Import
// first works out its plan (ImportResult.Members: every member added,
// replaced with the lists that shrink, or removed), which the Confirm
// function of ImportOptions may refuse before anything is written; with
// DryRun it does the whole import, every check included, and rolls it back.
// A pin is refused when its resource would have more pins than its hosting.
//
// # Reading documents
//
// ParseJSON, ParseCSV and ReadPath turn bytes into an Input: the document
// and where each of its keys came from. They check syntax, keys and types
// and report every problem at once as model.Errors, each with the file, the
// line and column (JSON) or row (CSV), the city and the key. Checks against
// the reference tables and the store happen in Import (or Input.Validate),
// which locates their errors in the source the same way. A source larger
// than model.MaxDocumentBytes or holding a NUL byte is refused; a CSV
// table with ';' between its fields is recognised by its header.
package store
