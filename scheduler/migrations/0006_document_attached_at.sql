-- When each document was first attached to its meeting (the document lead time is checked
-- against it when no sending is recorded). Documents stored before are taken as attached
-- when their meeting was booked.
ALTER TABLE documents ADD COLUMN attached_at timestamptz;
UPDATE documents d SET attached_at = m.created_at FROM meetings m WHERE m.id = d.meeting_id;
ALTER TABLE documents ALTER COLUMN attached_at SET DEFAULT now(), ALTER COLUMN attached_at SET NOT NULL;
