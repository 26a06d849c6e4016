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
trap 'scripts/pg.sh stop "$PGDIR"; rm -rf "$PGDIR"' EXIT
# A free loopback port: ask the kernel for one.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
URL=$(scripts/pg.sh start "$PGDIR" "$PORT")
psql -q -v ON_ERROR_STOP=1 -o /dev/null "$URL" -f fixtures/postgres/seed.sql 2>&1 | grep -v NOTICE || true
export FOOTPRINT_TEST_PG_URL="$URL" SHOP_DATABASE_URL="$URL" FOOTPRINT_REQUIRE_PG=1

swift test --skip-build
