DROP TABLE entries;
DROP TABLE criteria;
DROP TABLE contests;
DROP TABLE calendar_days;
