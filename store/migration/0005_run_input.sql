-- The canonical input of a run (its profiles, exchange history and rules as
-- WriteJSON writes them), gzip-compressed, so that a run can be re-run and
-- republished after the profiles change. Runs stored before this migration
-- have no row here: their input was not kept.

CREATE TABLE run_input (
	run      INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
	encoding TEXT NOT NULL CHECK (encoding IN ('gzip')),
	document BLOB NOT NULL
);

-- What a shortlist says when its candidates fall short, as JSON lists
-- ('' for none): the nearest offers when no candidate qualifies and the
-- needs nobody covers well. Runs stored before this migration did not keep
-- them.
ALTER TABLE run_shortlists ADD COLUMN nearest TEXT NOT NULL DEFAULT '';
ALTER TABLE run_shortlists ADD COLUMN gaps TEXT NOT NULL DEFAULT '';
