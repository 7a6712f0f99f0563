DROP TABLE feedback;
DROP TABLE leaves;
DROP TABLE check_in_codes;
DROP TABLE enrolments;
