DROP TABLE reading_totals;
DROP TABLE log_readers;
DROP TABLE reading_logs;
DROP TABLE book_list_items;
DROP TABLE book_lists;
DROP TABLE campaign_participants;
DROP TABLE campaigns;
