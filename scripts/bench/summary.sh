#!/bin/sh
# summary.sh: speed and memory of `tiendo summary` (issue 3).
#
#   scripts/bench/summary.sh [TIENDO_BINARY]      (run from the repo root)
#
# A synthetic roadmap of BENCH_SUM_TASKS (10000) tasks led by 20 agencies
# (gen --ref) with BENCH_SUM_MONTHS (24) months of submissions
# (gen_months.py), cached under scripts/bench/work/. Times
#   tiendo summary --input REF --period P --format json
# (exit 0, or 1 for the warnings about tasks reported before their start)
# and checks: wall time under 1 s; peak RSS about the same for 6 and for
# 24 months (memory follows the roadmap, not the months).
# Exit 0 when the bench ran, 1 when tiendo failed, 2 when the bench could not run.
set -eu

TIENDO=${1:-./tiendo}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$HERE/work
TASKS=${BENCH_SUM_TASKS:-10000}
MONTHS=${BENCH_SUM_MONTHS:-24}
REPEAT=${BENCH_REPEAT:-5}
PERIOD=2025-06
CC=${CC:-cc}
CFLAGS="-O2 -std=c11 -Wall -Wextra"

broke() { echo "bench: $*" >&2; exit 2; }
case $TIENDO in */*) ;; *) TIENDO=./$TIENDO ;; esac
[ -x "$TIENDO" ] || broke "tiendo binary '$TIENDO' not found"
mkdir -p "$WORK"
"$CC" $CFLAGS -o "$WORK/gen" "$HERE/gen.c" || broke "cannot build gen"
"$CC" $CFLAGS -o "$WORK/runstat" "$HERE/runstat.c" || broke "cannot build runstat"

H=$(cat "$HERE/gen.c" "$HERE/gen_months.py" | sha256sum | cut -c1-10)
# make_ref DIR N_MONTHS: the roadmap and N months of submissions
make_ref() {
	[ -d "$1" ] && return 0
	rm -rf "$1.tmp"
	"$WORK/gen" --seed 1 --rows 1 --tasks "$TASKS" --ref "$1.tmp" \
		--out "$WORK/sum-discard.csv" >/dev/null || broke "gen failed"
	python3 "$HERE/gen_months.py" "$1.tmp" "$2" "$PERIOD" || broke "gen_months failed"
	mv "$1.tmp" "$1"
}
for old in "$WORK"/sum-*; do
	[ -e "$old" ] || continue
	case $old in *"-$H"*) ;; *) rm -rf "$old" ;; esac
done
BIG=$WORK/sum-t$TASKS-m$MONTHS-$H
SMALL=$WORK/sum-t$TASKS-m6-$H
make_ref "$BIG" "$MONTHS"
make_ref "$SMALL" 6

# best wall, worst RSS of REPEAT runs
measure() {
	best='' worst=0 i=0
	while [ "$i" -lt "$REPEAT" ]; do
		line=$("$WORK/runstat" -o "$WORK/sum.json" -e "$WORK/sum.err" -- \
			"$TIENDO" summary --input "$1" --period "$PERIOD" --format json) ||
			broke "runstat failed"
		w=${line#*wall=}; w=${w%% *}
		r=${line#*rss_mb=}; r=${r%% *}
		s=${line#*status=}; s=${s%% *}
		[ "$s" = 0 ] || [ "$s" = 1 ] || { echo "bench: tiendo summary exit $s:"; tail -3 "$WORK/sum.err"; exit 1; }
		best=$(awk -v a="${best:-1e30}" -v b="$w" 'BEGIN { print (b < a ? b : a) }')
		worst=$(awk -v a="$worst" -v b="$r" 'BEGIN { print (b > a ? b : a) }')
		i=$((i + 1))
	done
}
rows=$(cat "$BIG"/submissions/*/*_*.csv | wc -l)
files=$(ls "$BIG"/submissions/*/*_*.csv | wc -l)
cat "$BIG"/submissions/*/* > /dev/null
measure "$BIG"; W24=$best R24=$worst
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["tasks"]) == int(sys.argv[2]); assert len(d["trend"]) == 12' \
	"$WORK/sum.json" "$TASKS" || { echo "bench: summary output wrong"; exit 1; }
measure "$SMALL"; W6=$best R6=$worst
verdict() { awk "BEGIN { print (($1) ? \"ok\" : \"MISS\") }"; }
echo
echo "tiendo summary benchmark: $TASKS tasks, 20 agencies, $MONTHS months ($files files, $rows lines), best of $REPEAT"
printf '%-34s %8s s   %-14s %s\n' "summary, $MONTHS months" "$W24" "target < 1 s" "$(verdict "$W24 < 1")"
printf '%-34s %8s MB\n' "  peak RSS, $MONTHS months" "$R24"
printf '%-34s %8s s, peak RSS %s MB\n' "summary, 6 months" "$W6" "$R6"
printf '%-34s %8s     %-14s %s\n' "RSS 24 / 6 months" "$(awk -v a="$R24" -v b="$R6" 'BEGIN { printf "%.2f", a / b }')" \
	"target <= 1.2" "$(verdict "$R24 <= 1.2 * $R6")"
