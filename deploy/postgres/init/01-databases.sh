#!/usr/bin/env bash
# One database and one login role per Learning Tree service, each role owning its database.
#
# The postgres image runs this once, on the first start with an empty data volume
# (/docker-entrypoint-initdb.d). It is idempotent, so after adding a service (or changing a
# password in .env and recreating the postgres container) run it again by hand:
#
#   docker compose exec postgres /docker-entrypoint-initdb.d/01-databases.sh
#
# Passwords come from the container's environment, `<SERVICE>_DB_PASSWORD` (set through
# docker-compose.yml from .env); nothing secret is in this file. identity is required; the
# other services get their database as soon as their password variable is set (the later
# issues add it to the postgres service in docker-compose.yml).
set -euo pipefail

required=(identity)
optional=(training reading contest vision)

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

for service in "${required[@]}" "${optional[@]}"; do
  var="${service^^}_DB_PASSWORD"
  password="${!var:-}"
  if [ -z "$password" ]; then
    for r in "${required[@]}"; do
      if [ "$r" = "$service" ]; then
        echo "01-databases.sh: $var is not set (it is required)" >&2
        exit 1
      fi
    done
    continue
  fi
  ensure_database "$service" "$password"
done
