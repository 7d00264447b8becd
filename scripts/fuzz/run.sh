#!/bin/sh
# Run the libFuzzer target for SECONDS seconds on a corpus seeded from the
# test files. Usage: scripts/fuzz/run.sh BINARY SECONDS (from the repo root).
set -eu
bin=$1
secs=$2
corpus=build/fuzz/corpus
mkdir -p "$corpus"
cp tests/data/sub/*.csv tests/data/input/submissions/*/*.csv "$corpus"/ 2>/dev/null || true
# -rss_limit_mb: memory must stay bounded whatever the input holds; ASan's
# quarantine of freed blocks (256 MB by default) is kept small, so that the
# limit weighs the target's memory and not the sanitizer's
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=64}"
"$bin" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=512 \
	-timeout=10 -print_final_stats=1 -artifact_prefix=build/fuzz/ \
	"$corpus" 2>build/fuzz/fuzz.log || {
	tail -40 build/fuzz/fuzz.log
	echo "fuzz: 0 passed, 1 failed (see build/fuzz/fuzz.log and the crash file)"
	exit 1
}
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' build/fuzz/fuzz.log | grep -o '[0-9]*$' || echo '?')
echo "fuzz: $runs inputs run in ${secs} s, no crash, leak or hang"
