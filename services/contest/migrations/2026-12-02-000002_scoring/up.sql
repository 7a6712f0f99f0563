-- Judging panels, assignments, score sheets with their hash-chained audit trail, published
-- results and objections during 公示.

CREATE TABLE judges (
    contest_id TEXT NOT NULL REFERENCES contests (id),
    round_no INTEGER NOT NULL,
    person_id TEXT NOT NULL,
    -- a trainee's sheets are kept and shown, never counted
    trainee BOOLEAN NOT NULL,
    org_unit_id TEXT,
    added_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (contest_id, round_no, person_id)
);

CREATE TABLE assignments (
    contest_id TEXT NOT NULL REFERENCES contests (id),
    round_no INTEGER NOT NULL,
    entry_id TEXT NOT NULL REFERENCES entries (id),
    judge_id TEXT NOT NULL,
    -- assigned | recused
    status TEXT NOT NULL,
    recusal_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (contest_id, round_no, entry_id, judge_id)
);
CREATE INDEX assignments_by_judge ON assignments (judge_id, contest_id);

CREATE TABLE sheets (
    id TEXT PRIMARY KEY NOT NULL,
    contest_id TEXT NOT NULL REFERENCES contests (id),
    round_no INTEGER NOT NULL,
    entry_id TEXT NOT NULL REFERENCES entries (id),
    judge_id TEXT NOT NULL,
    trainee BOOLEAN NOT NULL,
    -- JSON object: criterion id -> score in hundredths
    scores TEXT NOT NULL,
    -- the scores tallied under the rubric when written (the rubric locks at the first
    -- submitted sheet): the weighted total in 10^-9 points and the top-weighted criterion's
    -- score in hundredths; results read these instead of decoding every sheet
    total BIGINT NOT NULL,
    top_score BIGINT NOT NULL,
    -- the contest's scoring version this write moved it to: results computed at version V
    -- need, of a sheet, only whether it changed after V
    scoring_seq BIGINT NOT NULL,
    comments TEXT,
    -- draft | submitted
    status TEXT NOT NULL,
    submitted_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX sheets_by_judge ON sheets (contest_id, round_no, entry_id, judge_id);
CREATE INDEX sheets_by_round ON sheets (contest_id, round_no, status);
CREATE INDEX sheets_by_scoring ON sheets (contest_id, scoring_seq);

-- Append-only: every save, submission and amendment of a sheet, each record carrying the
-- hash of the one before it in the contest's chain.
CREATE TABLE sheet_audit (
    contest_id TEXT NOT NULL REFERENCES contests (id),
    position BIGINT NOT NULL,
    sheet_id TEXT NOT NULL,
    -- saved | submitted | amended
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT,
    scores TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (contest_id, position)
);

-- Results as published at 公示 and at final publication.
CREATE TABLE publications (
    contest_id TEXT NOT NULL REFERENCES contests (id),
    -- notice | final
    stage TEXT NOT NULL,
    round_no INTEGER NOT NULL,
    -- JSON: the results as published
    results TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    PRIMARY KEY (contest_id, stage)
);

CREATE TABLE objections (
    id TEXT PRIMARY KEY NOT NULL,
    contest_id TEXT NOT NULL REFERENCES contests (id),
    entry_id TEXT REFERENCES entries (id),
    person_id TEXT NOT NULL,
    -- the objector's real name and unit when filed
    person_name TEXT NOT NULL,
    org_unit_id TEXT,
    text TEXT NOT NULL,
    -- open | answered
    status TEXT NOT NULL,
    answer TEXT,
    answered_by TEXT,
    answered_at TIMESTAMP,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX objections_by_seq ON objections (seq);
CREATE INDEX objections_by_contest ON objections (contest_id, seq);
