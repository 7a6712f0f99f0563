DROP TABLE sample_counters;
DROP TABLE sample_sessions;
