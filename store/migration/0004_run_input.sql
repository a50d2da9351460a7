-- The canonical input of a run (its profiles, exchange history and rules as
-- WriteJSON writes them), gzip-compressed, so that a run can be re-run and
-- republished after the profiles change. Runs stored before this migration
-- have no row here: their input was not kept.

CREATE TABLE run_input (
	run      INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
	encoding TEXT NOT NULL CHECK (encoding IN ('gzip')),
	document BLOB NOT NULL
);
