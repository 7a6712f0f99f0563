-- The events service: where it has read each source's outbox, the events it relayed (its
-- own log, in its own commit order), webhook subscriptions and their deliveries, and the
-- notices of every cadre's inbox. Portable SQL (SQLite and PostgreSQL).

-- How far each source's outbox has been read (its `next_cursor`), committed with what was read.
CREATE TABLE source_positions (
    source TEXT PRIMARY KEY NOT NULL,
    position BIGINT NOT NULL,
    read_at TIMESTAMP NOT NULL
);

-- Every relayed event, numbered in the relay's commit order (change counter `events`).
-- `body` is the envelope exactly as delivered: {"type", "timestamp", "data"}.
CREATE TABLE events (
    seq BIGINT PRIMARY KEY NOT NULL,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    source_seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX events_by_kind ON events (kind, seq);
CREATE INDEX events_by_time ON events (occurred_at, seq);

CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY NOT NULL,
    seq BIGINT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    event_types TEXT NOT NULL,
    description TEXT NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_secret_until TIMESTAMP,
    status TEXT NOT NULL,
    status_reason TEXT,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);

-- One event to one subscription. Delivered in `event_seq` order per subscription.
CREATE TABLE deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    event_seq BIGINT NOT NULL,
    event_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_status_code INTEGER,
    last_error TEXT,
    last_response TEXT,
    next_attempt_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (subscription_id, event_seq)
);
CREATE INDEX deliveries_pending ON deliveries (status, subscription_id, event_seq);

-- A cadre's inbox.
CREATE TABLE notices (
    id TEXT PRIMARY KEY NOT NULL,
    seq BIGINT NOT NULL UNIQUE,
    person_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notices_by_person ON notices (person_id, seq);
CREATE INDEX notices_unread ON notices (person_id, read_at);
CREATE INDEX notices_by_age ON notices (created_at);
