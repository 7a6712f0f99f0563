DROP TABLE directory_sync_state;
DROP TABLE directory_people;
DROP TABLE directory_org_units;
