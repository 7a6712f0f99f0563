# Throwaway PostgreSQL cluster for tests (sourced by scripts/test and scripts/bench):
# initdb into a temporary directory, start on a free loopback port with durability off,
# export LT_TEST_PG_URL, remove everything on exit. Runs the server as `postgres` when
# invoked as root (PostgreSQL refuses to run as root).

pg_bindir() {
  local dir
  dir="$(pg_config --bindir 2>/dev/null || true)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  return 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_throwaway_postgres() {
  local bindir run=() dir port
  bindir="$(pg_bindir)" || { echo "initdb not found (install postgresql)" >&2; return 1; }
  dir="$(mktemp -d /tmp/lt-pg.XXXXXX)"
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || { echo "user postgres missing" >&2; return 1; }
    chown postgres "$dir"
    run=(runuser -u postgres --)
  fi
  port="$(free_port)"
  "${run[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null || return 1
  "${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" \
    start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  export LT_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  LT_PG_DIR="$dir"
  LT_PG_RUN="${run[*]:-}"
  LT_PG_BINDIR="$bindir"
  trap stop_throwaway_postgres EXIT
  echo "== throwaway PostgreSQL on 127.0.0.1:$port"
}

stop_throwaway_postgres() {
  if [ -n "${LT_PG_DIR:-}" ] && [ -d "$LT_PG_DIR" ]; then
    # shellcheck disable=SC2086
    $LT_PG_RUN "$LT_PG_BINDIR/pg_ctl" -D "$LT_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$LT_PG_DIR"
  fi
}
