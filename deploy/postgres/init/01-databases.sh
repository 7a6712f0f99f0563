#!/usr/bin/env bash
# One database and one login role per Learning Tree service, each role owning its database.
#
# The postgres image runs this once, on the first start with an empty data volume
# (/docker-entrypoint-initdb.d). It is idempotent, so after adding a service (or changing a
# password in .env and recreating the postgres container) run it again by hand:
#
#   docker compose exec postgres /docker-entrypoint-initdb.d/01-databases.sh
#
# Passwords come from the container's environment: every `<SERVICE>_DB_PASSWORD` (set
# through docker-compose.yml from .env) makes a database and role named `<service>`; nothing
# secret is in this file. identity's is required.
set -euo pipefail


psql_admin() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "${POSTGRES_USER:-postgres}" --dbname postgres "$@"
}

ensure_database() {
  local name="$1" password="$2"
  # psql variables (:'name', :'password') are quoted by psql itself: no SQL injection from a
  # password, and the password never appears in a command line. CREATE DATABASE cannot run in
  # a DO block, hence the SELECT … \gexec form for "create if missing".
  psql_admin -v name="$name" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'name') \gexec
-- Always (re)set the password, so a changed .env takes effect on a re-run.
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'name', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'name', :'name', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'name', :'name') \gexec
-- Only the service's own role (and the superuser) may connect to its database.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'name', :'name') \gexec
SQL
  echo "01-databases.sh: database and role '$name' ready"
}

if [ -z "${IDENTITY_DB_PASSWORD:-}" ]; then
  echo "01-databases.sh: IDENTITY_DB_PASSWORD is not set (it is required)" >&2
  exit 1
fi
for var in $(compgen -v | grep -E '^[A-Z][A-Z0-9]*_DB_PASSWORD$' | sort); do
  password="${!var}"
  [ -n "$password" ] || continue
  service="${var%_DB_PASSWORD}"
  ensure_database "${service,,}" "$password"
done
