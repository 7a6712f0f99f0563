DROP TABLE audit_log;
DROP TABLE rank_history;
DROP TABLE people;
DROP TABLE org_units;
