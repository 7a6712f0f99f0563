ALTER TABLE directory_sync_state DROP COLUMN complete;
DROP TABLE directory_rank_history;
ALTER TABLE directory_people DROP COLUMN provider;
