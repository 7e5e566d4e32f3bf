-- The conductor names each event it writes with a key of its own, so that an event written
-- again (kept while the database was unreachable, or retried after its answer was lost in a
-- failover) is stored once.
ALTER TABLE live_events ADD COLUMN write_key text;
CREATE UNIQUE INDEX live_events_write_key_idx ON live_events (write_key);
