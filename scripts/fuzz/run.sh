#!/bin/sh
# Run one libFuzzer target for SECONDS seconds. From the repository root:
#
#   scripts/fuzz/run.sh NAME SECONDS [libFuzzer options]
#
# NAME is validate, template, schema, roadmap or received: the binary is
# build/fuzz/fuzz_NAME (make builds it), the seeds tests/fuzz/NAME/ (read,
# never written), the dictionary tests/fuzz/NAME.dict when there is one.
# What a run finds stays in build/fuzz/NAME/corpus for the next run; the
# log is build/fuzz/NAME/fuzz.log and an input that fails is saved as
# build/fuzz/NAME/crash-* (leak-*, timeout-*, oom-*). The targets' files
# go to a folder of this run's own, removed at the end whatever happens.
set -eu
name=$1
secs=$2
shift 2
bin=build/fuzz/fuzz_$name
work=build/fuzz/$name
seeds=tests/fuzz/$name
mkdir -p "$work/corpus"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tiendo-fuzz-run-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
set --  -max_total_time="$secs" "$@"
[ -f "$seeds.dict" ] && set -- -dict="$seeds.dict" "$@"
# -rss_limit_mb: memory must stay bounded whatever the input holds; ASan's
# quarantine of freed blocks (256 MB by default) is kept small, so that the
# limit weighs the target's memory and not the sanitizer's
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=64}"
TMPDIR=$tmp "$bin" -max_len=65536 -rss_limit_mb=512 -timeout=10 \
	-print_final_stats=1 -artifact_prefix="$work/" "$@" \
	"$work/corpus" "$seeds" 2>"$work/fuzz.log" || {
	tail -40 "$work/fuzz.log"
	echo "fuzz $name: 0 passed, 1 failed (see $work/fuzz.log and the crash file)"
	exit 1
}
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/fuzz.log" |
	grep -o '[0-9]*$' || echo '?')
cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$work/fuzz.log" | tail -n 1)
echo "fuzz $name: $runs inputs in $secs s ($cov), no crash, leak or hang"
