-- Versioned policy documents (JSON): each kind a series of versions, each in force from a
-- day (Asia/Shanghai) until a later version starts. Rules are data, never constants in code;
-- what a version produced records the version, and a new one never rewrites it.
CREATE TABLE policy_versions (
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    effective_from DATE NOT NULL,
    document TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, version)
);
