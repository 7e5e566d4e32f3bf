-- Bearer tokens (stored as hashes only) and remembered answers for Idempotency-Key.
CREATE TABLE tokens (
  id          bigserial PRIMARY KEY,
  hash        text NOT NULL UNIQUE,
  role        text NOT NULL CHECK (role IN ('admin', 'secretariat', 'hall', 'monitor')),
  org_id      bigint REFERENCES orgs (id),
  room_id     bigint REFERENCES rooms (id),
  label       text NOT NULL DEFAULT '',
  created_by  bigint REFERENCES tokens (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CHECK ((role = 'admin') OR (role = 'hall' AND room_id IS NOT NULL) OR
         (role IN ('secretariat', 'monitor') AND org_id IS NOT NULL))
);

CREATE TABLE idempotency_keys (
  token_id      bigint NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status        int NOT NULL,
  body          text NOT NULL,
  location      text NOT NULL DEFAULT '',
  etag          text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (token_id, key)
);
