-- Accounts of the web application (c2c serve), their sign-in sessions and
-- API tokens, and the audit log of every write. Passwords are stored as
-- argon2id hashes in the PHC string format; session and API tokens as the
-- SHA-256 of the random token, which is only ever shown to its owner.
-- Numbered 0004 because 0003 is taken by the rule author migration of a
-- parallel branch.

CREATE TABLE users (
	name     TEXT PRIMARY KEY CHECK (name <> ''),
	role     TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
	password TEXT NOT NULL,
	created  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sessions (
	hash    BLOB PRIMARY KEY,
	user    TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
	created TEXT NOT NULL,
	expires TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_user ON sessions (user);

CREATE TABLE tokens (
	hash    BLOB PRIMARY KEY,
	user    TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
	created TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX tokens_user ON tokens (user);

-- The log keeps the account name as text, not as a reference: it outlives
-- the accounts it names.
CREATE TABLE audit (
	seq    INTEGER PRIMARY KEY AUTOINCREMENT,
	user   TEXT NOT NULL,
	time   TEXT NOT NULL,
	action TEXT NOT NULL,
	target TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT ''
);
