DROP TABLE login_throttle;
DROP TABLE refresh_tokens;
DROP TABLE service_accounts;
DROP TABLE role_grants;
DROP TABLE accounts;
