-- In-service degree study, tuition reimbursement, self-study certificates.
CREATE TABLE degree_applications (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    org_unit_id TEXT,
    programme TEXT NOT NULL,
    institution TEXT NOT NULL,
    level TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    -- submitted | coordinator_approved | approved | rejected | withdrawn
    status TEXT NOT NULL,
    decision_reason TEXT,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX degree_applications_by_seq ON degree_applications (seq);
CREATE INDEX degree_applications_by_change ON degree_applications (change_seq);
CREATE INDEX degree_applications_by_person ON degree_applications (person_id, seq);

CREATE TABLE reimbursement_claims (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES degree_applications (id),
    person_id TEXT NOT NULL,
    org_unit_id TEXT,
    year INTEGER NOT NULL,
    tuition_fen BIGINT NOT NULL,
    share_fen BIGINT NOT NULL,
    cap_left_fen BIGINT NOT NULL,
    reimbursable_fen BIGINT NOT NULL,
    policy_version INTEGER NOT NULL,
    -- submitted | approved | rejected
    status TEXT NOT NULL,
    decision_reason TEXT,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX reimbursement_claims_by_seq ON reimbursement_claims (seq);
CREATE INDEX reimbursement_claims_by_change ON reimbursement_claims (change_seq);
CREATE INDEX reimbursement_claims_by_person ON reimbursement_claims (person_id, year);

CREATE TABLE self_study_certificates (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    org_unit_id TEXT,
    title TEXT NOT NULL,
    issuer TEXT NOT NULL,
    awarded_on DATE NOT NULL,
    hours_credited BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX self_study_by_seq ON self_study_certificates (seq);
CREATE INDEX self_study_by_person ON self_study_certificates (person_id, awarded_on);
-- One certificate is credited once.
CREATE UNIQUE INDEX self_study_once ON self_study_certificates (person_id, awarded_on, issuer, title);
