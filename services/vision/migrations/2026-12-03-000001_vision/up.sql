-- The vision graph: nodes (district vision, targets, team and personal visions, goals, key
-- results), "contributes to" links with weights, check-ins with their edit history, and
-- indicators with their actuals. Values are exact decimals in millionths (BIGINT), weights
-- in hundredths.

CREATE TABLE nodes (
    id TEXT PRIMARY KEY NOT NULL,
    -- district | target | team | personal | goal | key_result
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    -- private | department | public
    visibility TEXT NOT NULL,
    -- the person whose vision it is (personal visions and what hangs below them)
    owner_id TEXT,
    -- the org unit it belongs to (a district's unit, a team's department, the owner's unit
    -- when written)
    org_unit_id TEXT,
    -- key results: millionths
    baseline BIGINT,
    target BIGINT,
    -- increase | decrease
    direction TEXT,
    unit TEXT,
    -- `2026`, `2026-H1`, … (key results: when the target is due)
    period TEXT,
    -- key results: the value of the latest check-in (by day, then order recorded), kept
    -- with every check-in so the roll-up reads nodes and links only
    current_value BIGINT,
    created_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX nodes_by_seq ON nodes (seq);
CREATE UNIQUE INDEX nodes_by_change ON nodes (change_seq);
CREATE INDEX nodes_by_owner ON nodes (owner_id);
CREATE INDEX nodes_by_unit ON nodes (org_unit_id, kind);

CREATE TABLE links (
    child_id TEXT NOT NULL REFERENCES nodes (id),
    parent_id TEXT NOT NULL REFERENCES nodes (id),
    -- hundredths, > 0
    weight BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (child_id, parent_id)
);
CREATE INDEX links_by_parent ON links (parent_id);

CREATE TABLE check_ins (
    id TEXT PRIMARY KEY NOT NULL,
    node_id TEXT NOT NULL REFERENCES nodes (id),
    -- millionths
    value BIGINT NOT NULL,
    confidence INTEGER NOT NULL,
    comment TEXT,
    checked_on DATE NOT NULL,
    -- recorded after the key result's period closed
    late BOOLEAN NOT NULL,
    author_id TEXT NOT NULL,
    org_unit_id TEXT,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX check_ins_by_seq ON check_ins (seq);
CREATE UNIQUE INDEX check_ins_by_change ON check_ins (change_seq);
CREATE INDEX check_ins_by_node ON check_ins (node_id, checked_on, seq);

-- Every edit of a check-in: what it was before.
CREATE TABLE check_in_edits (
    check_in_id TEXT NOT NULL REFERENCES check_ins (id),
    version BIGINT NOT NULL,
    value BIGINT NOT NULL,
    confidence INTEGER NOT NULL,
    comment TEXT,
    edited_by TEXT NOT NULL,
    edited_at TIMESTAMP NOT NULL,
    PRIMARY KEY (check_in_id, version)
);

CREATE TABLE indicators (
    id TEXT PRIMARY KEY NOT NULL,
    node_id TEXT NOT NULL REFERENCES nodes (id),
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    -- millionths
    baseline BIGINT NOT NULL,
    target BIGINT NOT NULL,
    direction TEXT NOT NULL,
    period TEXT NOT NULL,
    created_by TEXT NOT NULL,
    seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX indicators_by_node ON indicators (node_id, seq);

CREATE TABLE actuals (
    id TEXT PRIMARY KEY NOT NULL,
    indicator_id TEXT NOT NULL REFERENCES indicators (id),
    value BIGINT NOT NULL,
    -- e.g. 区统计局
    source TEXT NOT NULL,
    observed_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX actuals_by_indicator ON actuals (indicator_id, observed_on, seq);
