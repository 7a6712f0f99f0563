-- A contest belongs to whoever runs it: the programme office, or the organiser who created
-- it and the provider they work for (NULL: created by the programme office or before this).
ALTER TABLE contests ADD COLUMN provider TEXT;
-- Team members named on an entry who have not confirmed yet (JSON array of person ids):
-- they join `members` (the entry's record, conflicts) only once they confirm.
ALTER TABLE entries ADD COLUMN pending_members TEXT NOT NULL DEFAULT '[]';
