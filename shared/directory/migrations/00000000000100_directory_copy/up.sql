-- A service's local copy of identity's directory, refreshed from its changes feeds.
CREATE TABLE directory_org_units (
    id TEXT PRIMARY KEY NOT NULL,
    parent_id TEXT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX directory_org_units_by_parent ON directory_org_units (parent_id);

CREATE TABLE directory_people (
    id TEXT PRIMARY KEY NOT NULL,
    employee_no TEXT NOT NULL,
    name TEXT NOT NULL,
    org_unit_id TEXT,
    rank TEXT NOT NULL,
    birth_year INTEGER,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX directory_people_by_org_unit ON directory_people (org_unit_id);

-- Where each feed was read up to.
CREATE TABLE directory_sync_state (
    stream TEXT PRIMARY KEY NOT NULL,
    cursor TEXT NOT NULL,
    synced_at TIMESTAMP NOT NULL
);
