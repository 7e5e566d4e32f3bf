-- 10,000 meetings written directly (not through the API): every day of 2027, 08:00-10:00
-- (+07:00), about 27 a day; meeting k of day d is hosted by hall (56d + 2k) mod 200 + 1 and
-- invites the next hall, so no two meetings of a day share a hall or a chair. Halls 1-200.
BEGIN;
WITH src AS (
  SELECT i, d, k, ((d * 56 + 2 * k) % 200) + 1 AS host,
         tstzrange(timestamptz '2027-01-01 08:00+07' + d * interval '1 day',
                   timestamptz '2027-01-01 10:00+07' + d * interval '1 day', '[)') AS during
  FROM (SELECT i, i % 365 AS d, i / 365 AS k FROM generate_series(0, 9999) AS i) g
), ins AS (
  INSERT INTO meetings (title, type, organiser_org_id, chair_name, chair_position, host_room_id, during, created_by)
  SELECT 'Họp nạp sẵn ' || i, 'other', r.org_id, 'Chủ trì nạp sẵn ' || i, 'Giám đốc', src.host, src.during, 'bench'
  FROM src JOIN rooms r ON r.id = src.host
  ORDER BY i
  RETURNING id, host_room_id, during
)
INSERT INTO meeting_rooms (meeting_id, room_id, during, active, is_host)
SELECT id, host_room_id, during, true, true FROM ins
UNION ALL
SELECT id, host_room_id % 200 + 1, during, true, false FROM ins;
INSERT INTO meeting_events (meeting_id, actor, event, to_status) SELECT id, 'bench', 'book', 'scheduled' FROM meetings;
COMMIT;
ANALYZE;
