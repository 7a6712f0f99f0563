-- Department shelves: copies, loans (a copy is never on two open loans: the partial unique
-- index says so, whatever the application does) and holds in queue order.

CREATE TABLE shelves (
    id TEXT PRIMARY KEY NOT NULL,
    org_unit_id TEXT NOT NULL,
    name TEXT NOT NULL,
    location TEXT,
    created_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX shelves_by_seq ON shelves (seq);
CREATE INDEX shelves_by_unit ON shelves (org_unit_id);

CREATE TABLE copies (
    id TEXT PRIMARY KEY NOT NULL,
    shelf_id TEXT NOT NULL REFERENCES shelves (id),
    book_id TEXT NOT NULL REFERENCES books (id),
    -- book | periodical | reference
    item_type TEXT NOT NULL,
    barcode TEXT,
    -- available | withdrawn (on loan or not is the loans' business)
    status TEXT NOT NULL,
    seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX copies_by_seq ON copies (seq);
CREATE INDEX copies_by_shelf ON copies (shelf_id, book_id);
CREATE UNIQUE INDEX copies_by_barcode ON copies (shelf_id, barcode);

CREATE TABLE loans (
    id TEXT PRIMARY KEY NOT NULL,
    copy_id TEXT NOT NULL REFERENCES copies (id),
    shelf_id TEXT NOT NULL,
    book_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    -- the borrower's org unit when they borrowed
    org_unit_id TEXT,
    item_type TEXT NOT NULL,
    borrowed_at TIMESTAMP NOT NULL,
    due_on DATE NOT NULL,
    renewals INTEGER NOT NULL,
    returned_at TIMESTAMP,
    lent_by TEXT NOT NULL,
    policy_version INTEGER NOT NULL,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX loans_one_open_per_copy ON loans (copy_id) WHERE returned_at IS NULL;
CREATE INDEX loans_by_person ON loans (person_id, returned_at);
CREATE INDEX loans_by_shelf ON loans (shelf_id, returned_at, due_on);
CREATE UNIQUE INDEX loans_by_seq ON loans (seq);
CREATE UNIQUE INDEX loans_by_change ON loans (change_seq);

-- Holds on a title of a shelf, served in queue order (seq) as copies come back.
CREATE TABLE holds (
    id TEXT PRIMARY KEY NOT NULL,
    shelf_id TEXT NOT NULL REFERENCES shelves (id),
    book_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    -- waiting | ready | fulfilled | cancelled
    status TEXT NOT NULL,
    -- the copy kept for the reader while ready
    copy_id TEXT,
    seq BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX holds_by_seq ON holds (seq);
CREATE INDEX holds_queue ON holds (shelf_id, book_id, status, seq);
CREATE UNIQUE INDEX holds_one_per_reader ON holds (shelf_id, book_id, person_id) WHERE status IN ('waiting', 'ready');
