-- Platform tables every service database carries (portable SQL: SQLite and PostgreSQL).

-- Commit-ordered change sequences, one counter per stream (usually a table).
-- Incrementing the counter row locks it until the writing transaction ends, so
-- sequence numbers become visible in the order they were taken: a reader paging
-- by sequence never skips a row that commits late.
CREATE TABLE change_counters (
    stream TEXT PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);

-- Deleted or withdrawn records, so `updated_since` extraction can report them.
CREATE TABLE tombstones (
    stream TEXT NOT NULL,
    change_seq BIGINT NOT NULL,
    entity_id TEXT NOT NULL,
    deleted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (stream, change_seq)
);
CREATE INDEX tombstones_by_entity ON tombstones (stream, entity_id);

-- Transactional outbox: every state change writes its event in the same transaction.
CREATE TABLE outbox_events (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    dispatched_at TIMESTAMP
);
CREATE INDEX outbox_events_pending ON outbox_events (dispatched_at, id);

-- Idempotency-Key records for creating calls. status IS NULL while the first request is in flight.
CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER,
    response_headers TEXT,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
