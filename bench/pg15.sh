#!/usr/bin/env bash
# The test suite against Debian's PostgreSQL 15 (issue 17, "Another server"): the README's "any PostgreSQL >= 15",
# held by test.
#
#   bench/pg15.sh [pytest args]      default: the suite without the tests marked slow (-m "not slow")
#
# Installs postgresql-15 with apt-get when it is missing (root), creates a throwaway cluster in a temporary folder
# (its own socket there, no TCP, trust for local connections, owned by the `postgres` system user), runs the suite
# through TRAININGOPS_TEST_DATABASE_URL (tests/conftest.py creates and drops every test database on it), then stops
# and removes the cluster. Tests that start their own embedded server (the CLI end to end, backup/restore) still
# use PostgreSQL 18 for that server.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=/usr/lib/postgresql/15/bin

if [ ! -x "$bin/postgres" ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "PostgreSQL 15 is not installed ($bin) and this is not root: apt-get install postgresql-15" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi

cluster=$(mktemp -d /tmp/trainingops-pg15-XXXXXX)
chmod 755 "$cluster"
as_postgres=()
if [ "$(id -u)" = "0" ]; then
  chown postgres: "$cluster"
  as_postgres=(runuser -u postgres --)
fi
port=54315
stop() {
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop EXIT

"${as_postgres[@]}" "$bin/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_postgres[@]}" "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
  -o "-h '' -k $cluster -p $port -c max_connections=200" start >/dev/null
echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') in $cluster" >&2

./run setup >/dev/null
selection=(-m "not slow")
[ $# -gt 0 ] && selection=()
TRAININGOPS_TEST_DATABASE_URL="postgresql://postgres@/postgres?host=$cluster&port=$port" \
  "$root/.venv/bin/python" -m pytest --numprocesses=auto -q "${selection[@]}" "$@"
