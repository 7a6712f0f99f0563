-- Enrolments (with waitlist), venue check-in codes, leave, feedback.
CREATE TABLE enrolments (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    course_id TEXT NOT NULL REFERENCES courses (id),
    person_id TEXT NOT NULL,
    -- the person's org unit when the enrolment was made (reports by department)
    org_unit_id TEXT,
    -- self | organiser | assigned
    source TEXT NOT NULL,
    -- enrolled | waitlisted | withdrawn | completed
    status TEXT NOT NULL,
    -- counted in sessions.taken
    holds_seat BOOLEAN NOT NULL,
    -- position in the session's waitlist counter while waitlisted
    waitlist_number BIGINT,
    -- on_time | late | absent
    attendance TEXT,
    checked_in_at TIMESTAMP,
    leave_hours BIGINT NOT NULL,
    assessment_passed BOOLEAN,
    withdrawn_at TIMESTAMP,
    withdrawal_reason TEXT,
    completed_at TIMESTAMP,
    hours_credited BIGINT,
    certificate_code TEXT,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX enrolments_one_per_person ON enrolments (session_id, person_id);
CREATE UNIQUE INDEX enrolments_by_seq ON enrolments (seq);
CREATE INDEX enrolments_by_change ON enrolments (change_seq);
CREATE INDEX enrolments_by_person ON enrolments (person_id, seq);
CREATE INDEX enrolments_waitlist ON enrolments (session_id, status, waitlist_number);
CREATE UNIQUE INDEX enrolments_by_certificate ON enrolments (certificate_code);

CREATE TABLE check_in_codes (
    code TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    issued_by TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX check_in_codes_by_expiry ON check_in_codes (expires_at);

CREATE TABLE leaves (
    id TEXT PRIMARY KEY NOT NULL,
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
    hours BIGINT NOT NULL,
    reason TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approved_at TIMESTAMP NOT NULL
);
CREATE INDEX leaves_by_enrolment ON leaves (enrolment_id);

CREATE TABLE feedback (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    person_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    -- the cadre's org unit when they gave it (reports by department)
    org_unit_id TEXT,
    rating INTEGER NOT NULL,
    comment TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, person_id),
    CHECK (rating BETWEEN 1 AND 5)
);
CREATE INDEX feedback_by_course ON feedback (course_id);
