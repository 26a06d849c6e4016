#!/usr/bin/env bash
# Release build, then the side-by-side benchmark (footprint vs ripgrep vs DuckDB).
# ROWS=4000000 by default; the export is generated once into bench-data/ (~0.9 GB).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
command -v rg >/dev/null 2>&1 || apt-get install -y -qq ripgrep >/dev/null 2>&1 || echo "bench: ripgrep unavailable; its line is skipped"
python3 -c "import duckdb" 2>/dev/null || pip install -q duckdb 2>/dev/null || echo "bench: duckdb unavailable; its line is skipped"
# The Swift runtime and Foundation linked statically: every whole-process command starts
# about a third sooner (no dynamic loading of the Swift libraries).
swift build -c release --static-swift-stdlib 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]|mktemp' || true
echo "== lookup speed: one email + one phone over a generated HubSpot-style export"
.build/release/footprint-bench lookup --rows "${ROWS:-4000000}"
echo
echo "== the index: full scan, unchanged rescan, indexed lookup, beside DuckDB loading and indexing the same file"
.build/release/footprint-bench index --rows "${ROWS:-4000000}"
echo
echo "== match quality: planted people with realistic variants (precision and recall per tier)"
.build/release/footprint-bench quality --rows "${QUALITY_ROWS:-1000000}" --people "${PEOPLE:-20000}"

echo
echo "== Right to Delete: one plan for 100 people in the export (one rewrite, one verification pass)"
.build/release/footprint-bench delete --rows "${ROWS:-4000000}"

echo
echo "== the data map: scan with and without observation, then footprint datamap on that index"
.build/release/footprint-bench datamap --rows "${ROWS:-4000000}"

echo
echo "== classification by values: piicatcher's labelled columns and datum cases, beside name-only proposals"
if [ -d ../shared/corpus/piicatcher ]; then .build/release/footprint-bench classify --corpus ../shared/corpus/piicatcher; else echo "bench: ../shared/corpus/piicatcher not here; skipped"; fi

echo
echo "== the request log: a year of 10,000 requests imported, then the yearly metrics"
.build/release/footprint-bench requests

echo
echo "== database: lookup with row following, and streaming a table, beside psql"
PGDIR="$PWD/bench-data/pg"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
API_PID=""
trap 'scripts/pg.sh stop "$PGDIR"; [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null || true' EXIT
URL=$(scripts/pg.sh start "$PGDIR" "$PORT")
.build/release/footprint-bench postgres --url "$URL"

echo
echo "== HTTP APIs: paging through 100,000 records beside a plain concurrent client; the rate limit at the server"
python3 fixtures/api/server.py --port 0 --bench-members 100000 --bench-links 50 > bench-data/api-server.log 2>&1 &
API_PID=$!
for _ in $(seq 100); do grep -q READY bench-data/api-server.log 2>/dev/null && break; sleep 0.1; done
API_URL="http://127.0.0.1:$(sed -n 's/^READY //p' bench-data/api-server.log)"
.build/release/footprint-bench http --url "$API_URL"

echo
echo "== HTTP APIs: an indexed lookup reaching 50 linked HubSpot objects, beside a plain concurrent client under the same rate limit"
.build/release/footprint-bench linked --url "$API_URL"
