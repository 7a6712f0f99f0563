DROP TABLE hour_totals;
DROP TABLE hour_credits;
