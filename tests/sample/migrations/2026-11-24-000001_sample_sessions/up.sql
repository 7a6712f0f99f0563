-- A sample resource used only by the platform tests: it exercises every store and HTTP
-- convention the real services use (change sequences, tombstones, seats, upsert).
CREATE TABLE sample_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    taken INTEGER NOT NULL DEFAULT 0,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX sample_sessions_by_seq ON sample_sessions (seq);
CREATE INDEX sample_sessions_by_change ON sample_sessions (change_seq);

CREATE TABLE sample_counters (
    name TEXT PRIMARY KEY NOT NULL,
    hits BIGINT NOT NULL
);
