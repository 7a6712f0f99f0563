DROP TABLE family_challenges;
DROP TABLE family_members;
DROP TABLE notes;
