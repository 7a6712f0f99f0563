ALTER TABLE links DROP COLUMN accepted;
