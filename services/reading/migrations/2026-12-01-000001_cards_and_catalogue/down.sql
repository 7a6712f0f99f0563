DROP TABLE library_loans;
DROP TABLE import_batches;
DROP TABLE privacy;
DROP TABLE card_issuances;
DROP TABLE cards;
DROP TABLE books;
