ALTER TABLE entries DROP COLUMN pending_members;
ALTER TABLE contests DROP COLUMN provider;
