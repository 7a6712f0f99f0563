DROP INDEX outbox_events_by_seq;
ALTER TABLE outbox_events DROP COLUMN seq;
DELETE FROM change_counters WHERE stream = 'outbox_events';
