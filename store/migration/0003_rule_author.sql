-- Rules are accountable: who made each one. Rules stored before this
-- migration have no recorded author.

ALTER TABLE rules ADD COLUMN author TEXT NOT NULL DEFAULT '';
