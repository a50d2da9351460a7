-- The secretariat's review of a done run: a done run is a draft until an
-- editor approves it, and an approved run is published. Who approved it and
-- who first published it, and when, are kept ('' until then); the state is
-- what they say, so that it cannot disagree with them. Runs stored before
-- this migration are drafts.

ALTER TABLE runs ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN approved TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN published_by TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN published TEXT NOT NULL DEFAULT '';
