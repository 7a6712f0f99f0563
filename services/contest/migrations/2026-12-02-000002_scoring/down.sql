DROP TABLE objections;
DROP TABLE publications;
DROP TABLE sheet_audit;
DROP TABLE sheets;
DROP TABLE assignments;
DROP TABLE judges;
