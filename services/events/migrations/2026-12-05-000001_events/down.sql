DROP TABLE notices;
DROP TABLE deliveries;
DROP TABLE subscriptions;
DROP TABLE events;
DROP TABLE source_positions;
