DROP TABLE actuals;
DROP TABLE indicators;
DROP TABLE check_in_edits;
DROP TABLE check_ins;
DROP TABLE links;
DROP TABLE nodes;
