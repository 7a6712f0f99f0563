-- A log of a book the catalogue lacks keeps its ISBN on the log (private to the cadre), so
-- their next log by ISBN alone finds the title without the book entering the catalogue.
ALTER TABLE reading_logs ADD COLUMN isbn TEXT;
