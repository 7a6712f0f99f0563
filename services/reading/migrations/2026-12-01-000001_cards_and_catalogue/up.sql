-- The catalogue, library cards, privacy choices and the loans imported from the city library.

-- Books, by ISBN-13 when they have one (a log may name a book by title only).
CREATE TABLE books (
    id TEXT PRIMARY KEY NOT NULL,
    isbn TEXT,
    title TEXT NOT NULL,
    author TEXT,
    category TEXT,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX books_by_isbn ON books (isbn);
CREATE UNIQUE INDEX books_by_seq ON books (seq);
CREATE UNIQUE INDEX books_by_change ON books (change_seq);
CREATE INDEX books_by_title ON books (title);

-- Library cards of the city library tie-up: one live card (active or suspended) per person.
CREATE TABLE cards (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    -- the holder's org unit when issued
    org_unit_id TEXT,
    card_number TEXT NOT NULL,
    -- active | suspended | lost | cancelled
    status TEXT NOT NULL,
    issued_on DATE NOT NULL,
    issuance_id TEXT,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX cards_by_number ON cards (card_number);
CREATE UNIQUE INDEX cards_one_live_per_person ON cards (person_id) WHERE status IN ('active', 'suspended');
CREATE UNIQUE INDEX cards_by_seq ON cards (seq);
CREATE UNIQUE INDEX cards_by_change ON cards (change_seq);

-- One bulk issue: who asked, for which subtree, how many cards it made.
CREATE TABLE card_issuances (
    id TEXT PRIMARY KEY NOT NULL,
    org_unit_id TEXT,
    issued BIGINT NOT NULL,
    already_held BIGINT NOT NULL,
    issued_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- A person's privacy choices; no row means the defaults (everything private).
CREATE TABLE privacy (
    person_id TEXT PRIMARY KEY NOT NULL,
    keep_library_history BOOLEAN NOT NULL,
    show_on_leaderboard BOOLEAN NOT NULL,
    family_on_leaderboard BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Batches of loan records imported from the library, with their row-by-row report.
CREATE TABLE import_batches (
    id TEXT PRIMARY KEY NOT NULL,
    format TEXT NOT NULL,
    rows_total BIGINT NOT NULL,
    rows_landed BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    -- the rejected rows and why, as JSON
    report TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Loans at the city library, keyed by the library's own loan id.
CREATE TABLE library_loans (
    id TEXT PRIMARY KEY NOT NULL,
    library_loan_id TEXT NOT NULL,
    card_number TEXT NOT NULL,
    person_id TEXT NOT NULL,
    org_unit_id TEXT,
    isbn TEXT,
    title TEXT NOT NULL,
    author TEXT,
    borrowed_on DATE NOT NULL,
    due_on DATE,
    returned_on DATE,
    batch_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX library_loans_by_library_id ON library_loans (library_loan_id);
CREATE INDEX library_loans_by_person ON library_loans (person_id, borrowed_on);
CREATE UNIQUE INDEX library_loans_by_seq ON library_loans (seq);
