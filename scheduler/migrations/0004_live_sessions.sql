-- Running meetings: media nodes, the session each meeting runs on, the legs (halls) of
-- that session, attendance intervals, and the event log IT staff follow.
CREATE TABLE media_nodes (
  id             bigserial PRIMARY KEY,
  name           text NOT NULL UNIQUE,
  address        text NOT NULL,
  capacity_legs  int NOT NULL CHECK (capacity_legs > 0),
  state          text NOT NULL DEFAULT 'enabled' CHECK (state IN ('enabled', 'cordoned', 'disabled')),
  online         boolean NOT NULL DEFAULT true,
  failures       int NOT NULL DEFAULT 0,
  last_seen      timestamptz
);

CREATE TABLE media_sessions (
  meeting_id  bigint PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
  node_id     bigint NOT NULL REFERENCES media_nodes (id),
  session_id  text NOT NULL,
  opened_at   timestamptz NOT NULL DEFAULT now(),
  closed_at   timestamptz,
  health      text,          -- the latest health of every leg (JSON), written by the conductor
  health_at   timestamptz
);

CREATE TABLE legs (
  meeting_id  bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  room_id     bigint NOT NULL REFERENCES rooms (id),
  leg_id      text NOT NULL,
  address     text NOT NULL,
  video_port  int NOT NULL,
  audio_port  int NOT NULL,
  PRIMARY KEY (meeting_id, room_id)
);

CREATE TABLE attendance (
  id          bigserial PRIMARY KEY,
  meeting_id  bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  room_id     bigint NOT NULL REFERENCES rooms (id),
  joined_at   timestamptz NOT NULL,
  last_seen   timestamptz NOT NULL,
  left_at     timestamptz
);
CREATE INDEX attendance_meeting_idx ON attendance (meeting_id, room_id, joined_at);
-- at most one open interval per hall and meeting
CREATE UNIQUE INDEX attendance_open_idx ON attendance (meeting_id, room_id) WHERE left_at IS NULL;

CREATE TABLE live_events (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  meeting_id  bigint REFERENCES meetings (id) ON DELETE CASCADE,
  room_id     bigint REFERENCES rooms (id),
  kind        text NOT NULL,
  detail      text NOT NULL DEFAULT ''
);
