DROP TABLE directory_rank_history;
ALTER TABLE directory_people DROP COLUMN provider;
