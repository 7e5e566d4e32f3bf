-- One outbox row per change: the change's transaction writes its delivery_events row with the
-- halls it concerns (room_ids), and the delivery worker fans it out to one delivery per contact
-- address and one for the webhook, in a transaction of its own that also marks the event
-- fanned out (so each event is fanned out exactly once; the deliveries keep their own
-- at-least-once sending). Events written before this migration were fanned out already.
ALTER TABLE delivery_events
  ADD COLUMN room_ids bigint[],
  ADD COLUMN fanned_out boolean NOT NULL DEFAULT true;
ALTER TABLE delivery_events ALTER COLUMN fanned_out SET DEFAULT false;
CREATE INDEX delivery_events_to_fan_out ON delivery_events (id) WHERE NOT fanned_out;

-- Each reminder once: only reminder events need the unique index (the others, every booking's
-- own, no longer pay for an entry in it).
ALTER TABLE delivery_events DROP CONSTRAINT delivery_events_meeting_id_reminder_key;
CREATE UNIQUE INDEX delivery_events_reminder_once ON delivery_events (meeting_id, reminder)
  WHERE reminder IS NOT NULL;

-- Most meetings belong to no series: only those that do are indexed by it.
DROP INDEX meetings_series_idx;
CREATE INDEX meetings_series_idx ON meetings (series_id) WHERE series_id IS NOT NULL;
