-- The working-day calendar, contests with their rubric, and entries.

-- Days that differ from the weekday rule: a holiday on a weekday, or a make-up working day
-- (调休) on a weekend. Days not listed: Monday to Friday work, Saturday and Sunday rest.
CREATE TABLE calendar_days (
    day DATE PRIMARY KEY NOT NULL,
    -- holiday | workday
    kind TEXT NOT NULL,
    note TEXT,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE contests (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    -- achievement | skill | reading_note
    kind TEXT NOT NULL,
    mechanism TEXT NOT NULL,
    key_project TEXT,
    description TEXT,
    -- mean | trimmed_mean | z_score
    aggregation TEXT NOT NULL,
    -- award tiers (JSON: {"quota": [...]} or {"threshold": [...]} or null)
    tiers TEXT NOT NULL,
    blind BOOLEAN NOT NULL,
    -- JSON list of track names
    tracks TEXT NOT NULL,
    -- JSON list of rounds: {"name", "advance"}
    rounds TEXT NOT NULL,
    -- the round being judged (1-based)
    round_no INTEGER NOT NULL,
    -- preparing | submission | judging | notice | final
    phase TEXT NOT NULL,
    submission_closes_on DATE,
    judging_closes_on DATE,
    notice_working_days INTEGER NOT NULL,
    notice_starts_on DATE,
    notice_ends_on DATE,
    -- why the organiser ended 公示 before its last day
    early_final_reason TEXT,
    rubric_locked BOOLEAN NOT NULL,
    org_unit_id TEXT,
    created_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX contests_by_seq ON contests (seq);
CREATE UNIQUE INDEX contests_by_change ON contests (change_seq);

CREATE TABLE criteria (
    id TEXT PRIMARY KEY NOT NULL,
    contest_id TEXT NOT NULL REFERENCES contests (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    -- whole percent; a rubric's weights add up to 100
    weight INTEGER NOT NULL,
    max_score INTEGER NOT NULL,
    -- JSON list of level descriptors: {"score", "description"}
    levels TEXT NOT NULL
);
CREATE INDEX criteria_by_contest ON criteria (contest_id, position);

CREATE TABLE entries (
    id TEXT PRIMARY KEY NOT NULL,
    contest_id TEXT NOT NULL REFERENCES contests (id),
    track TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    -- person | team | department
    entrant_kind TEXT NOT NULL,
    -- who created it (the contact)
    person_id TEXT NOT NULL,
    -- JSON list of the persons the entry belongs to (the team; the author alone)
    members TEXT NOT NULL,
    -- the entrant's org unit when written (a department entry: the department)
    org_unit_id TEXT,
    -- JSON list of attachments: {"name", "size", "sha256", "url"}
    attachments TEXT NOT NULL,
    -- draft | submitted | withdrawn | disqualified
    status TEXT NOT NULL,
    status_reason TEXT,
    -- the last round the entry takes part in
    round_no INTEGER NOT NULL,
    submitted_at TIMESTAMP,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX entries_by_seq ON entries (seq);
CREATE UNIQUE INDEX entries_by_change ON entries (change_seq);
CREATE INDEX entries_by_contest ON entries (contest_id, seq);
CREATE INDEX entries_by_person ON entries (person_id, seq);
