-- The organiser's moderation, as a durable request any service process writes and the
-- conducting process carries out (it holds the media sessions); the answer is written back
-- to the row, which the asking process reads. Every change is announced on meetingd_changes,
-- so the conductor hears of a new request at once.
CREATE TABLE moderation_requests (
  id            bigserial PRIMARY KEY,
  meeting_id    bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  action        text NOT NULL,
  room_id       bigint,
  argument      text NOT NULL DEFAULT '',
  requested_at  timestamptz NOT NULL DEFAULT now(),
  outcome       text CHECK (outcome IN ('done', 'not_found', 'invalid_input', 'invalid_transition', 'unavailable')),
  field         text NOT NULL DEFAULT '',  -- the offending field of an invalid_input refusal
  detail        text NOT NULL DEFAULT '',
  answered_at   timestamptz
);
CREATE INDEX moderation_requests_pending ON moderation_requests (id) WHERE outcome IS NULL;
CREATE TRIGGER moderation_requests_notify_change AFTER INSERT OR UPDATE ON moderation_requests
  FOR EACH STATEMENT EXECUTE FUNCTION meetingd_notify_change();
