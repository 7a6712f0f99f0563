-- The course catalogue and its sessions.
CREATE TABLE courses (
    id TEXT PRIMARY KEY NOT NULL,
    provider TEXT NOT NULL,
    kind TEXT NOT NULL,
    mechanism TEXT NOT NULL,
    key_project TEXT,
    title TEXT NOT NULL,
    topic TEXT,
    description TEXT,
    -- JSON array of names
    speakers TEXT NOT NULL,
    -- hundredths of a 学时
    credit_hours BIGINT NOT NULL,
    full_time BOOLEAN NOT NULL,
    assessment_required BOOLEAN NOT NULL,
    -- JSON: org_unit_ids, rank_categories, min_age, max_age
    targeting TEXT NOT NULL,
    created_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX courses_by_seq ON courses (seq);
CREATE INDEX courses_by_change ON courses (change_seq);
CREATE INDEX courses_by_provider ON courses (provider, seq);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    course_id TEXT NOT NULL REFERENCES courses (id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    venue TEXT NOT NULL,
    -- seats for self-enrolment (assigned batches come on top)
    capacity INTEGER NOT NULL,
    -- seats taken by enrolled cadres who hold one
    taken INTEGER NOT NULL,
    -- last waitlist number handed out; numbers follow commit order
    waitlist_counter BIGINT NOT NULL,
    enrolment_opens_at TIMESTAMP NOT NULL,
    enrolment_closes_at TIMESTAMP NOT NULL,
    withdrawal_deadline TIMESTAMP NOT NULL,
    status TEXT NOT NULL,
    cancel_reason TEXT,
    cancelled_at TIMESTAMP,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (taken >= 0 AND taken <= capacity)
);
CREATE UNIQUE INDEX sessions_by_seq ON sessions (seq);
CREATE INDEX sessions_by_change ON sessions (change_seq);
CREATE INDEX sessions_by_course ON sessions (course_id, starts_at);

-- Admin actions worth an audit trail: who, when, what, why.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    seq BIGINT NOT NULL,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_log_by_seq ON audit_log (seq);
CREATE INDEX audit_log_by_target ON audit_log (target, seq);
