-- Stored batch runs: a run row is written when the run starts (status
-- running) and its results, with status done, in one final transaction, so
-- that a killed process never leaves a run marked done with missing results.
-- Deleting a run deletes its results.

CREATE TABLE runs (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	started       TEXT NOT NULL,
	ended         TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL CHECK (status IN ('running', 'done', 'interrupted', 'failed')),
	message       TEXT NOT NULL DEFAULT '',
	version       TEXT NOT NULL,
	parameters    TEXT NOT NULL,
	input_digest  TEXT NOT NULL,
	result_digest TEXT NOT NULL DEFAULT '',
	cities        INTEGER NOT NULL DEFAULT 0,
	beneficiaries INTEGER NOT NULL DEFAULT 0,
	candidates    INTEGER NOT NULL DEFAULT 0,
	pairs         INTEGER NOT NULL DEFAULT 0,
	served        INTEGER NOT NULL DEFAULT 0,
	host          TEXT NOT NULL DEFAULT '',
	pid           INTEGER NOT NULL DEFAULT 0,
	timing        TEXT NOT NULL DEFAULT '',
	-- The pairing without its pairs (objective, totals, unserved, load,
	-- clusters), as JSON; the pairs are rows of run_pairs.
	pairing       TEXT NOT NULL DEFAULT ''
);

-- The digest of each input (profile, rule, exchange history) of a run, so
-- that verify and diff can name what changed. Digests are 32 raw bytes.
CREATE TABLE run_inputs (
	run    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	key    TEXT NOT NULL,
	digest BLOB NOT NULL,
	PRIMARY KEY (run, key)
) WITHOUT ROWID;

-- One row per shortlist: its header (needs as a JSON list, quota as JSON)
-- and its candidates, complete (parts with values, weights and
-- contributions, reasons, traced links), as a JSON list compressed with
-- DEFLATE: the explanations are most of a run's size and repeat themselves.
CREATE TABLE run_shortlists (
	run         INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	beneficiary TEXT NOT NULL,
	name        TEXT NOT NULL,
	needs       TEXT NOT NULL,
	quota       TEXT NOT NULL,
	qualified   INTEGER NOT NULL,
	developing  INTEGER NOT NULL,
	candidates  BLOB NOT NULL,
	PRIMARY KEY (run, seq)
) WITHOUT ROWID;

-- One row per candidate with what listings and diffs read, so that they
-- need not unpack the explanations.
CREATE TABLE run_candidates (
	run       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	shortlist INTEGER NOT NULL,
	rank      INTEGER NOT NULL,
	resource  TEXT NOT NULL,
	name      TEXT NOT NULL,
	score     REAL NOT NULL,
	PRIMARY KEY (run, shortlist, rank)
) WITHOUT ROWID;

CREATE TABLE run_pairs (
	run         INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	beneficiary TEXT NOT NULL,
	resource    TEXT NOT NULL,
	score       REAL NOT NULL,
	topic       TEXT NOT NULL,
	cluster     TEXT NOT NULL,
	pinned      INTEGER NOT NULL CHECK (pinned IN (0, 1)),
	developing  INTEGER NOT NULL CHECK (developing IN (0, 1)),
	PRIMARY KEY (run, seq)
) WITHOUT ROWID;
