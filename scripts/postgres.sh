#!/usr/bin/env bash
# Source this file: starts a throwaway PostgreSQL cluster on 127.0.0.1:55432 (Debian's postgresql package)
# and exports CHITIEU_TEST_POSTGRES_URL for the tests marked "postgres". Stops nothing: the cluster lives in
# a temporary folder and ends with the machine or with `pg_ctl -D "$CHITIEU_PG_DIR" stop`.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
  echo "Không tìm thấy PostgreSQL (gói Debian 'postgresql'); bỏ qua các kiểm thử PostgreSQL." >&2
  return 0 2>/dev/null || exit 0
fi
port=${CHITIEU_PG_PORT:-55432}
export CHITIEU_PG_DIR=${CHITIEU_PG_DIR:-/tmp/chitieu-pg-$port}
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi
if ! "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$CHITIEU_PG_DIR" status >/dev/null 2>&1; then
  rm -rf "$CHITIEU_PG_DIR"
  mkdir -p "$CHITIEU_PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$CHITIEU_PG_DIR"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$CHITIEU_PG_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$CHITIEU_PG_DIR" -l "$CHITIEU_PG_DIR/log" \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
fi
export CHITIEU_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
