-- The hours credited under the versioned policies (the platform's `policy_versions`).

-- One row per amount credited; never rewritten by a later policy version.
CREATE TABLE hour_credits (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    -- the person's org unit when credited
    org_unit_id TEXT,
    -- the year it counts in (Asia/Shanghai); carried-over hours count in the next one
    year INTEGER NOT NULL,
    day DATE NOT NULL,
    activity TEXT NOT NULL,
    mechanism TEXT NOT NULL,
    online BOOLEAN NOT NULL,
    hours BIGINT NOT NULL,
    -- enrolment | self_study
    source_kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    carried_over BOOLEAN NOT NULL,
    policy_version INTEGER NOT NULL,
    title TEXT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX hour_credits_once ON hour_credits (source_kind, source_id, carried_over);
CREATE UNIQUE INDEX hour_credits_by_seq ON hour_credits (seq);
CREATE INDEX hour_credits_by_change ON hour_credits (change_seq);
CREATE INDEX hour_credits_by_person ON hour_credits (person_id, year, activity);

-- Hours by org unit, mechanism and month, kept with every credit: the hours report reads
-- these few rows instead of every credit.
CREATE TABLE hour_totals (
    org_unit_id TEXT NOT NULL,
    mechanism TEXT NOT NULL,
    -- yyyymm
    month INTEGER NOT NULL,
    hours BIGINT NOT NULL,
    credits BIGINT NOT NULL,
    PRIMARY KEY (org_unit_id, mechanism, month)
);
