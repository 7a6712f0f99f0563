-- The organiser's institution and the rank (职级) history of each person, so services can
-- tell which provider an organiser works for and when a cadre was promoted.
ALTER TABLE directory_people ADD COLUMN provider TEXT;

CREATE TABLE directory_rank_history (
    person_id TEXT NOT NULL,
    effective_from DATE NOT NULL,
    rank TEXT NOT NULL,
    PRIMARY KEY (person_id, effective_from)
);

-- Read the people feed again from the start, so copies made before this migration learn
-- every person's provider and rank history.
DELETE FROM directory_sync_state WHERE stream = 'people';
