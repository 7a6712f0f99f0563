-- The organiser's institution and the rank (职级) history of each person, so services can
-- tell which provider an organiser works for and when a cadre was promoted.
ALTER TABLE directory_people ADD COLUMN provider TEXT;

CREATE TABLE directory_rank_history (
    person_id TEXT NOT NULL,
    effective_from DATE NOT NULL,
    rank TEXT NOT NULL,
    PRIMARY KEY (person_id, effective_from)
);

-- A feed read to its end at least once: the copy is complete (if perhaps behind). Copies
-- made before this migration are read again from the start (below), so nothing is marked.
ALTER TABLE directory_sync_state ADD COLUMN complete BOOLEAN NOT NULL DEFAULT FALSE;

-- Read the people feed again from the start, so copies made before this migration learn
-- every person's provider and rank history.
DELETE FROM directory_sync_state WHERE stream = 'people';
