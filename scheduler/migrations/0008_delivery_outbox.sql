-- Invitations and reminders: organisations' contact addresses, and an outbox written in
-- the same transaction as the booking, change, postponement or cancellation it announces.
-- A worker sends each delivery (one per e-mail address, one per webhook) and records the
-- outcome; a delivery is sent again (same Message-ID / event id) only when its outcome was
-- never recorded, so receivers can drop the duplicate.
ALTER TABLE orgs ADD COLUMN contact_emails text[] NOT NULL DEFAULT '{}';

CREATE TABLE delivery_events (
  id          bigserial PRIMARY KEY,
  meeting_id  bigint NOT NULL REFERENCES meetings (id),
  kind        text NOT NULL CHECK (kind IN ('book', 'update', 'postpone', 'cancel', 'reminder')),
  version     bigint NOT NULL,           -- the meeting's version the event announces (SEQUENCE = version - 1)
  announced_at timestamptz NOT NULL,     -- the service's clock when the change was committed
  reminder    text,                      -- which reminder ('1440m@<start epoch>'): each is sent once
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (meeting_id, reminder)
);

CREATE TABLE deliveries (
  id           bigserial PRIMARY KEY,
  event_id     bigint NOT NULL REFERENCES delivery_events (id),
  meeting_id   bigint NOT NULL REFERENCES meetings (id),
  channel      text NOT NULL CHECK (channel IN ('email', 'webhook')),
  org_id       bigint REFERENCES orgs (id),
  room_id      bigint REFERENCES rooms (id),
  recipient    text NOT NULL,            -- an e-mail address, or 'webhook'
  status       text NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'sent', 'failed', 'not_configured')),
  attempts     int NOT NULL DEFAULT 0,
  last_error   text NOT NULL DEFAULT '',
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deliveries_pending ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_meeting ON deliveries (meeting_id, id);
