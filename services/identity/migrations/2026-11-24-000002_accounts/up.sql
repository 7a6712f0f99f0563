-- Accounts, roles, service accounts, refresh tokens and login throttling.

CREATE TABLE accounts (
    person_id TEXT PRIMARY KEY NOT NULL REFERENCES people (id),
    username TEXT NOT NULL,
    password_hash TEXT,
    must_change_password BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX accounts_by_username ON accounts (username);

CREATE TABLE role_grants (
    person_id TEXT NOT NULL REFERENCES people (id),
    role TEXT NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    granted_by TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
);

CREATE TABLE service_accounts (
    client_id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Opaque refresh tokens, stored hashed. Each is usable once; its successor shares the
-- family, and a reused token revokes the whole family.
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    token_hash TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE UNIQUE INDEX refresh_tokens_by_hash ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_by_person ON refresh_tokens (person_id);

-- Failed sign-ins per account and per client address, for throttling.
CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);
