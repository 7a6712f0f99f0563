-- The org directory: a tree of any depth and the people in it.

CREATE TABLE org_units (
    id TEXT PRIMARY KEY NOT NULL,
    external_id TEXT,
    parent_id TEXT REFERENCES org_units (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX org_units_by_external_id ON org_units (external_id);
CREATE UNIQUE INDEX org_units_by_seq ON org_units (seq);
CREATE INDEX org_units_by_change ON org_units (change_seq);
CREATE INDEX org_units_by_parent ON org_units (parent_id);

CREATE TABLE people (
    id TEXT PRIMARY KEY NOT NULL,
    external_id TEXT,
    employee_no TEXT NOT NULL,
    name TEXT NOT NULL,
    org_unit_id TEXT REFERENCES org_units (id),
    rank TEXT NOT NULL,
    birth_year INTEGER,
    provider TEXT,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX people_by_external_id ON people (external_id);
CREATE UNIQUE INDEX people_by_employee_no ON people (employee_no);
CREATE UNIQUE INDEX people_by_seq ON people (seq);
CREATE INDEX people_by_change ON people (change_seq);
CREATE INDEX people_by_org_unit ON people (org_unit_id);

-- Rank (职级) with effective dates, so "promoted on" is known.
CREATE TABLE rank_history (
    person_id TEXT NOT NULL REFERENCES people (id),
    effective_from DATE NOT NULL,
    rank TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (person_id, effective_from)
);

-- Admin changes: who, when, what, why.
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
