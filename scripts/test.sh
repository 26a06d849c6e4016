#!/usr/bin/env bash
# Sets up and runs the whole test suite. CI runs exactly this (.ci/run).
# Starts a throwaway PostgreSQL on a loopback port for the database tests, loads the
# shop seed, and stops it again however the run ends.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build --build-tests

PGDIR=$(mktemp -d /tmp/footprint-test-pg.XXXXXX)
chmod 755 "$PGDIR"
API_PID=""
trap 'scripts/pg.sh stop "$PGDIR"; rm -rf "$PGDIR"; [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null || true' EXIT
# A free loopback port: ask the kernel for one.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
URL=$(scripts/pg.sh start "$PGDIR" "$PORT")
psql -q -v ON_ERROR_STOP=1 -o /dev/null "$URL" -f fixtures/postgres/seed.sql 2>&1 | grep -v NOTICE || true
export FOOTPRINT_TEST_PG_URL="$URL" SHOP_DATABASE_URL="$URL" FOOTPRINT_REQUIRE_PG=1

# The vendor-shaped HTTP test server (fixtures/api/server.py) on a free loopback port.
API_LOG="$PGDIR/api-server.log"
python3 fixtures/api/server.py --port 0 --bench-members 3000 --bench-links 50 >"$API_LOG" 2>&1 &
API_PID=$!
for _ in $(seq 50); do grep -q READY "$API_LOG" 2>/dev/null && break; sleep 0.1; done
API_PORT=$(sed -n 's/^READY //p' "$API_LOG")
[ -n "$API_PORT" ] || { echo "test.sh: the HTTP test server did not start:" >&2; cat "$API_LOG" >&2; exit 1; }
export FOOTPRINT_TEST_API_URL="http://127.0.0.1:$API_PORT" FOOTPRINT_REQUIRE_API=1

swift test --skip-build
