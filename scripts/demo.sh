#!/usr/bin/env bash
# Sets up, builds, and looks up the demo person across the bundled fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
test -x .build/debug/footprint || { echo "demo: the build failed (run: swift build)" >&2; exit 1; }
exec .build/debug/footprint lookup --config fixtures/footprint.yaml --email jane.doe@example.com "$@"
