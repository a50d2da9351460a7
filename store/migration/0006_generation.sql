-- The generation of the network: a number that grows with every change to
-- the members, the exchange history or the rules, in the transaction that
-- makes it, so that a reader can tell in one query whether what it built
-- from the network (the web application's engine) is still current. Every
-- member write touches its row of cities (an upsert), so triggers on the
-- three tables see every change.

CREATE TABLE generation (
	one INTEGER PRIMARY KEY CHECK (one = 1),
	n   INTEGER NOT NULL
);
INSERT INTO generation (one, n) VALUES (1, 0);


CREATE TRIGGER cities_insert_generation AFTER INSERT ON cities
BEGIN
	UPDATE generation SET n = n + 1 WHERE one = 1;
END;

CREATE TRIGGER cities_update_generation AFTER UPDATE ON cities
BEGIN
	UPDATE generation SET n = n + 1 WHERE one = 1;
END;

CREATE TRIGGER cities_delete_generation AFTER DELETE ON cities
BEGIN
	UPDATE generation SET n = n + 1 WHERE one = 1;
END;

CREATE TRIGGER exchanges_insert_generation AFTER INSERT ON exchanges
BEGIN
	UPDATE generation SET n = n + 1 WHERE one = 1;
END;

CREATE TRIGGER exchanges_update_generation AFTER UPDATE ON exchanges
BEGIN
	UPDATE generation SET n = n + 1 WHERE one = 1;
END;

CREATE TRIGGER exchanges_delete_generation AFTER DELETE ON exchanges
BEGIN
	UPDATE generation SET n = n + 1 WHERE one = 1;
END;

CREATE TRIGGER rules_insert_generation AFTER INSERT ON rules
BEGIN
	UPDATE generation SET n = n + 1 WHERE one = 1;
END;

CREATE TRIGGER rules_update_generation AFTER UPDATE ON rules
BEGIN
	UPDATE generation SET n = n + 1 WHERE one = 1;
END;

CREATE TRIGGER rules_delete_generation AFTER DELETE ON rules
BEGIN
	UPDATE generation SET n = n + 1 WHERE one = 1;
END;
