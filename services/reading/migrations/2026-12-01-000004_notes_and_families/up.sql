-- Reading notes (读书心得) under review, and learning families (学习型家庭).

CREATE TABLE notes (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    org_unit_id TEXT,
    book_id TEXT REFERENCES books (id),
    book_title TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- whether a featured note shows the author's name
    show_name BOOLEAN NOT NULL,
    -- submitted | featured | returned
    status TEXT NOT NULL,
    review_comment TEXT,
    reviewed_by TEXT,
    reviewed_at TIMESTAMP,
    version BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX notes_by_seq ON notes (seq);
CREATE UNIQUE INDEX notes_by_change ON notes (change_seq);
CREATE INDEX notes_by_status ON notes (status, seq);
CREATE INDEX notes_by_person ON notes (person_id, seq);

-- Family members: minimal data, consent recorded; visible only to the cadre and admins.
CREATE TABLE family_members (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    -- spouse | child | parent | other
    relation TEXT NOT NULL,
    display_name TEXT NOT NULL,
    birth_year INTEGER NOT NULL,
    consent_at TIMESTAMP NOT NULL,
    seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX family_members_by_person ON family_members (person_id, seq);

-- A cadre's challenge for their family: a goal over a period for some of its readers.
CREATE TABLE family_challenges (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    goal_books BIGINT,
    goal_pages BIGINT,
    goal_minutes BIGINT,
    -- JSON list of reader ids ('' for the cadre, else family member ids)
    readers TEXT NOT NULL,
    seq BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX family_challenges_by_person ON family_challenges (person_id, seq);
