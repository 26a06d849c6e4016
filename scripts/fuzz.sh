#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Sources/FootprintFuzzChecks) with -sanitize=fuzzer and
# runs each one in turn on its corpus, starting from Fuzz/seeds/NAME.
#
#   bash scripts/fuzz.sh                 # every harness, 60 s each
#   SECONDS_EACH=600 bash scripts/fuzz.sh csv json
#   JOBS=2 ...                           # libFuzzer workers per harness
#
# The growing corpus goes to .build-fuzz/corpus/NAME (not committed); a crash or a broken
# promise is saved as .build-fuzz/findings/NAME/crash-*. Keep each finding: copy it to
# Fuzz/regressions/NAME/, where the test suite replays it, and fix the reader.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-60}
JOBS=${JOBS:-1}
HARNESSES=("$@")
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=(csv json zip gzip text probe normalize yaml)

FOOTPRINT_FUZZ=1 swift build -c release --scratch-path .build-fuzz --product footprint-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
BIN=.build-fuzz/release/footprint-fuzz

for name in "${HARNESSES[@]}"; do
    [ -d "Fuzz/seeds/$name" ] || { echo "fuzz.sh: no harness '$name' (Fuzz/seeds/$name is missing)" >&2; exit 1; }
    mkdir -p ".build-fuzz/corpus/$name" ".build-fuzz/findings/$name"
    echo "== $name: ${SECONDS_EACH}s"
    # More than one job: libFuzzer's fork mode, whose workers log to fuzz-N.log in the
    # current folder, so they run inside the harness's own log folder.
    parallel=()
    [ "$JOBS" -gt 1 ] && parallel=(-fork="$JOBS" -ignore_crashes=0)
    # Swift's own crash reporter would take the signal before libFuzzer could save the input.
    SWIFT_BACKTRACE=enable=no FOOTPRINT_FUZZ_HARNESS=$name "$BIN" ".build-fuzz/corpus/$name" "Fuzz/seeds/$name" \
        -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 -rss_limit_mb=4096 "${parallel[@]}" \
        -artifact_prefix=".build-fuzz/findings/$name/" -print_final_stats=1 \
        > ".build-fuzz/$name.log" 2>&1 || echo "== $name: stopped on a finding (see .build-fuzz/findings/$name/)"
    grep -E "^#[0-9]+ +(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss|SUMMARY|footprint-fuzz:|Test unit written" ".build-fuzz/$name.log" || true
done
