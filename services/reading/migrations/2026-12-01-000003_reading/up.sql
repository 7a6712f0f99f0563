-- Campaigns, book lists, reading logs (one per reading, with its readers) and the monthly
-- totals the department reports and leaderboards read.

CREATE TABLE campaigns (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    description TEXT,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    goal_books BIGINT,
    goal_pages BIGINT,
    goal_minutes BIGINT,
    created_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX campaigns_by_seq ON campaigns (seq);
CREATE UNIQUE INDEX campaigns_by_change ON campaigns (change_seq);

-- Who takes part: a person, an org unit (with its subtree) or a cadre's family.
CREATE TABLE campaign_participants (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    -- person | org_unit | family (participant_id: the cadre whose family it is)
    kind TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    added_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (campaign_id, kind, participant_id)
);

CREATE TABLE book_lists (
    id TEXT PRIMARY KEY NOT NULL,
    campaign_id TEXT REFERENCES campaigns (id),
    title TEXT NOT NULL,
    description TEXT,
    created_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX book_lists_by_seq ON book_lists (seq);

CREATE TABLE book_list_items (
    list_id TEXT NOT NULL REFERENCES book_lists (id),
    position INTEGER NOT NULL,
    book_id TEXT NOT NULL REFERENCES books (id),
    note TEXT,
    PRIMARY KEY (list_id, position)
);

-- One reading: what, when, how much; logged by a cadre for themself and/or family members.
CREATE TABLE reading_logs (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    -- the cadre's org unit when logged
    org_unit_id TEXT,
    book_id TEXT REFERENCES books (id),
    title TEXT NOT NULL,
    read_on DATE NOT NULL,
    pages BIGINT NOT NULL,
    minutes BIGINT NOT NULL,
    finished BOOLEAN NOT NULL,
    seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX reading_logs_by_seq ON reading_logs (seq);
CREATE INDEX reading_logs_by_person ON reading_logs (person_id, read_on);

-- The readers of a log: the cadre (member_id '') and/or family members.
CREATE TABLE log_readers (
    log_id TEXT NOT NULL REFERENCES reading_logs (id),
    member_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    read_on DATE NOT NULL,
    minutes BIGINT NOT NULL,
    PRIMARY KEY (log_id, member_id)
);
CREATE INDEX log_readers_by_reader_day ON log_readers (person_id, member_id, read_on);

-- A cadre's own reading per org unit and month (the unit stamped on each log), kept with
-- every log so reports and leaderboards never scan the logs.
CREATE TABLE reading_totals (
    org_unit_id TEXT NOT NULL,
    month_key INTEGER NOT NULL,
    pages BIGINT NOT NULL,
    minutes BIGINT NOT NULL,
    books_finished BIGINT NOT NULL,
    logs BIGINT NOT NULL,
    PRIMARY KEY (org_unit_id, month_key)
);
