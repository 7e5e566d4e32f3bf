-- Organisations (versioned), rooms, meetings with their rooms, and the lifecycle log.
-- Conflicts are enforced here, by exclusion constraints on half-open tstzrange slots.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE orgs (
  id          bigserial PRIMARY KEY,
  code        text NOT NULL,
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('province', 'department', 'district', 'commune')),
  parent_id   bigint REFERENCES orgs (id),
  valid_from  date NOT NULL,
  valid_to    date,
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  UNIQUE (code, valid_from),
  -- a code names at most one unit on any day; it may name another unit later
  EXCLUDE USING gist (code WITH =, daterange(valid_from, valid_to) WITH &&)
);
CREATE INDEX orgs_parent_idx ON orgs (parent_id);
CREATE INDEX orgs_level_idx ON orgs (level, valid_from);

CREATE TABLE rooms (
  id          bigserial PRIMARY KEY,
  org_id      bigint NOT NULL REFERENCES orgs (id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  kind        text NOT NULL CHECK (kind IN ('rtp', 'browser')),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rooms_org_idx ON rooms (org_id);

CREATE TABLE series (
  id          bigserial PRIMARY KEY,
  rrule       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meetings (
  id                  bigserial PRIMARY KEY,
  version             bigint NOT NULL DEFAULT 1,
  series_id           bigint REFERENCES series (id),
  title               text NOT NULL,
  type                text NOT NULL CHECK (type IN ('briefing', 'work_resolution', 'advisory',
                        'coordination', 'professional', 'thematic', 'review', 'training', 'other')),
  organiser_org_id    bigint NOT NULL REFERENCES orgs (id),
  chair_name          text NOT NULL,
  chair_position      text NOT NULL DEFAULT '',
  chair_key           text GENERATED ALWAYS AS (lower(btrim(chair_name))) STORED,
  host_room_id        bigint NOT NULL REFERENCES rooms (id),
  during              tstzrange NOT NULL
                        CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
  ad_hoc              boolean NOT NULL DEFAULT false,
  ad_hoc_reason       text NOT NULL DEFAULT '',
  status              text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'rehearsal',
                        'live', 'ended', 'postponed', 'cancelled')),
  status_reason       text NOT NULL DEFAULT '',
  recurrence          text,
  conclusion_required boolean NOT NULL DEFAULT false,
  conclusion_org_id   bigint REFERENCES orgs (id),
  conclusion_sent_at  timestamptz,
  override_rules      text[] NOT NULL DEFAULT '{}',
  override_reason     text NOT NULL DEFAULT '',
  created_at          timestamptz NOT NULL DEFAULT now(),
  created_by          text NOT NULL DEFAULT '',
  updated_at          timestamptz NOT NULL DEFAULT now(),
  -- one chair, one meeting at a time (while the meeting holds its slot)
  CONSTRAINT meetings_chair_busy EXCLUDE USING gist (chair_key WITH =, during WITH &&)
    WHERE (status IN ('scheduled', 'rehearsal', 'live'))
);
CREATE INDEX meetings_during_idx ON meetings USING gist (during);
CREATE INDEX meetings_org_idx ON meetings (organiser_org_id);
CREATE INDEX meetings_series_idx ON meetings (series_id);

-- Every room a meeting occupies (the host and the invited), with the meeting's slot copied so
-- the exclusion constraint can see it; `active` follows whether the meeting holds its slot.
CREATE TABLE meeting_rooms (
  meeting_id  bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  room_id     bigint NOT NULL REFERENCES rooms (id),
  during      tstzrange NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  is_host     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (meeting_id, room_id),
  CONSTRAINT meeting_rooms_room_busy EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (active)
);
CREATE INDEX meeting_rooms_room_idx ON meeting_rooms (room_id);

CREATE TABLE meeting_selectors (
  meeting_id  bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  position    int NOT NULL,
  level       text,
  under_code  text,
  PRIMARY KEY (meeting_id, position)
);

CREATE TABLE agenda_items (
  meeting_id      bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  position        int NOT NULL,
  title           text NOT NULL,
  starts_at       timestamptz,
  minutes         int,
  speaking_limit  int,
  PRIMARY KEY (meeting_id, position)
);

CREATE TABLE documents (
  meeting_id  bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  position    int NOT NULL,
  title       text NOT NULL,
  link        text NOT NULL,
  sent_at     timestamptz,
  PRIMARY KEY (meeting_id, position)
);

CREATE TABLE delegations (
  meeting_id         bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  position           int NOT NULL,
  room_id            bigint NOT NULL REFERENCES rooms (id),
  for_name           text NOT NULL,
  attendee_name      text NOT NULL,
  attendee_position  text NOT NULL DEFAULT '',
  PRIMARY KEY (meeting_id, position)
);

-- Every lifecycle transition and every change, with who and when.
CREATE TABLE meeting_events (
  id           bigserial PRIMARY KEY,
  meeting_id   bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  event        text NOT NULL,
  from_status  text,
  to_status    text,
  reason       text NOT NULL DEFAULT ''
);
CREATE INDEX meeting_events_meeting_idx ON meeting_events (meeting_id, at);
