DROP TABLE holds;
DROP TABLE loans;
DROP TABLE copies;
DROP TABLE shelves;
