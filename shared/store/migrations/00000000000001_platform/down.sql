DROP TABLE idempotency_keys;
DROP TABLE outbox_events;
DROP TABLE tombstones;
DROP TABLE change_counters;
