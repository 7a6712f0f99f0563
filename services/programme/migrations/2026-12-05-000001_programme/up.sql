-- The programme service keeps no records of its own yet: it composes the other services'
-- over their APIs. Its database holds the platform tables and its directory copy.
SELECT 1;
