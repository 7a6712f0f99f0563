-- The outbox in commit order: each event takes the next number of the `outbox_events`
-- stream of `change_counters` inside its transaction (see lt_store::next_change_seq), so a
-- relay that pages by `seq` never skips an event whose transaction commits after a
-- later-numbered one. Events written before this migration are numbered in id order.
ALTER TABLE outbox_events ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE outbox_events
   SET seq = (SELECT COUNT(*) FROM outbox_events AS earlier WHERE earlier.id <= outbox_events.id);
INSERT INTO change_counters (stream, value)
SELECT 'outbox_events', COUNT(*) FROM outbox_events;
CREATE UNIQUE INDEX outbox_events_by_seq ON outbox_events (seq);
