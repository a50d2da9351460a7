-- Member profiles, exchange history and secretariat rules, normalised: one
-- row per city and one row per entry of each of its lists, in entry order
-- (seq). Stored batch runs come in a later migration.

CREATE TABLE cities (
	id           TEXT PRIMARY KEY CHECK (id <> ''),
	name         TEXT NOT NULL,
	country      TEXT NOT NULL,
	kind         TEXT NOT NULL,
	development  TEXT NOT NULL,
	population   INTEGER NOT NULL DEFAULT 0 CHECK (population >= 0),
	lat          REAL CHECK (lat BETWEEN -90 AND 90),
	lon          REAL CHECK (lon BETWEEN -180 AND 180),
	hosting      INTEGER CHECK (hosting >= 0),
	political    INTEGER CHECK (political BETWEEN 0 AND 5),
	community    INTEGER CHECK (community BETWEEN 0 AND 5),
	cost_sharing INTEGER CHECK (cost_sharing IN (0, 1)),
	CHECK ((lat IS NULL) = (lon IS NULL))
) WITHOUT ROWID;

CREATE TABLE city_languages (
	city     TEXT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	language TEXT NOT NULL,
	PRIMARY KEY (city, seq)
) WITHOUT ROWID;

CREATE TABLE challenges (
	city     TEXT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	topic    TEXT NOT NULL,
	text     TEXT NOT NULL,
	severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
	PRIMARY KEY (city, seq)
) WITHOUT ROWID;

CREATE TABLE capacities (
	city  TEXT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
	seq   INTEGER NOT NULL,
	topic TEXT NOT NULL,
	text  TEXT NOT NULL,
	level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
	PRIMARY KEY (city, seq)
) WITHOUT ROWID;

CREATE TABLE practices (
	city     TEXT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	title    TEXT NOT NULL,
	text     TEXT NOT NULL,
	since    INTEGER NOT NULL DEFAULT 0,
	cost     TEXT NOT NULL,
	outcomes TEXT NOT NULL,
	PRIMARY KEY (city, seq)
) WITHOUT ROWID;

CREATE TABLE practice_topics (
	city     TEXT NOT NULL,
	practice INTEGER NOT NULL,
	seq      INTEGER NOT NULL,
	topic    TEXT NOT NULL,
	PRIMARY KEY (city, practice, seq),
	FOREIGN KEY (city, practice) REFERENCES practices (city, seq) ON DELETE CASCADE
) WITHOUT ROWID;

-- An exchange is appended once: ident is its canonical form, so importing
-- the same history twice does not duplicate it.
CREATE TABLE exchanges (
	seq      INTEGER PRIMARY KEY AUTOINCREMENT,
	ident    TEXT NOT NULL UNIQUE,
	resource TEXT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
	topic    TEXT NOT NULL,
	year     INTEGER NOT NULL DEFAULT 0,
	stage    TEXT NOT NULL,
	outcome  TEXT NOT NULL
);

CREATE INDEX exchanges_resource ON exchanges (resource);

CREATE TABLE exchange_beneficiaries (
	exchange    INTEGER NOT NULL REFERENCES exchanges (seq) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	beneficiary TEXT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
	PRIMARY KEY (exchange, seq)
) WITHOUT ROWID;

CREATE INDEX exchange_beneficiaries_beneficiary ON exchange_beneficiaries (beneficiary);

CREATE TABLE rules (
	beneficiary TEXT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
	resource    TEXT NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
	rule        TEXT NOT NULL CHECK (rule IN ('block', 'pin')),
	why         TEXT NOT NULL,
	created     TEXT NOT NULL,
	PRIMARY KEY (beneficiary, resource),
	CHECK (beneficiary <> resource)
) WITHOUT ROWID;

CREATE INDEX rules_resource ON rules (resource);
