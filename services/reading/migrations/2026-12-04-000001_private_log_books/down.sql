ALTER TABLE reading_logs DROP COLUMN isbn;
