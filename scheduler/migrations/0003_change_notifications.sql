-- Every committed change to what the API serves is announced on channel meetingd_changes,
-- so that each service process can drop its read caches (pg/change_feed.cpp).
CREATE FUNCTION meetingd_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('meetingd_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['orgs', 'rooms', 'meetings', 'meeting_rooms', 'meeting_selectors', 'agenda_items',
                           'documents', 'delegations', 'tokens']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION meetingd_notify_change()', t || '_notify_change', t);
  END LOOP;
END;
$$;
