#!/bin/sh
# report.sh: speed and memory of the PDFs (issue 4).
#
#   scripts/bench/report.sh [TIENDO_BINARY]      (run from the repo root)
#
# 1. An appendix of BENCH_PDF_TASKS (20000) tasks: a synthetic roadmap
#    (gen --ref) with 3 months of submissions (gen_months.py), drawn by
#      tiendo report --template T
#    where T is templates/report.json with the appendix as its only section,
#    against bare_pdf, a plain libharu program drawing the same table (the
#    same rows as tiendo's summary CSV gives them, the same font, columns and
#    page size, wrapped with HPDF_Page_MeasureText) in the same run.
#    Targets: tiendo <= 1.5 x bare_pdf, peak RSS < 64 MB.
# 2. The month on input/ end to end: tiendo run --period 2023-11 (summary,
#    29 agency reports, letters, CSV, manifest). Target: well under 1 s.
# Exit 0 when the bench ran, 1 when tiendo failed, 2 when it could not run.
set -eu

TIENDO=${1:-./tiendo}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$HERE/work
TASKS=${BENCH_PDF_TASKS:-20000}
REPEAT=${BENCH_REPEAT:-3}
PERIOD=2025-06
CC=${CC:-cc}
CFLAGS="-O2 -std=c11 -Wall -Wextra"

broke() { echo "bench: $*" >&2; exit 2; }
case $TIENDO in */*) ;; *) TIENDO=./$TIENDO ;; esac
[ -x "$TIENDO" ] || broke "tiendo binary '$TIENDO' not found"
mkdir -p "$WORK"
"$CC" $CFLAGS -o "$WORK/gen" "$HERE/gen.c" || broke "cannot build gen"
"$CC" $CFLAGS -o "$WORK/runstat" "$HERE/runstat.c" || broke "cannot build runstat"
"$CC" $CFLAGS -o "$WORK/bare_pdf" "$HERE/bare_pdf.c" -lhpdf || broke "cannot build bare_pdf"

H=$(cat "$HERE/gen.c" "$HERE/gen_months.py" | sha256sum | cut -c1-10)
REF=$WORK/pdf-t$TASKS-$H
for old in "$WORK"/pdf-t*; do
	[ -e "$old" ] || continue
	[ "$old" = "$REF" ] || rm -rf "$old"
done
if [ ! -d "$REF" ]; then
	rm -rf "$REF.tmp"
	"$WORK/gen" --seed 1 --rows 1 --tasks "$TASKS" --ref "$REF.tmp" \
		--out "$WORK/pdf-discard.csv" >/dev/null || broke "gen failed"
	python3 "$HERE/gen_months.py" "$REF.tmp" 3 "$PERIOD" || broke "gen_months failed"
	mv "$REF.tmp" "$REF"
fi
# the template: the appendix alone
python3 - templates/report.json "$WORK/appendix.json" <<'PY' || broke "cannot write the template"
import json, sys
t = json.load(open(sys.argv[1]))
t["sections"] = [{"type": "appendix"}]
json.dump(t, open(sys.argv[2], "w"), ensure_ascii=False)
PY
# the rows as tiendo shows them, for bare_pdf
"$TIENDO" summary --input "$REF" --period "$PERIOD" --format csv --table tasks \
	--output "$WORK/pdf-tasks.csv" 2>/dev/null || [ $? = 1 ] || broke "summary failed"
python3 - "$WORK/pdf-tasks.csv" "$REF/roadmap/tasks.csv" "$WORK/pdf-rows.tsv" <<'PY' || broke "cannot write the rows"
import csv, sys
words = {"completed": "Hoàn thành", "green": "Đúng tiến độ", "amber": "Chậm nhẹ",
         "red": "Chậm tiến độ", "grey": "Chưa báo cáo", "cancelled": "Đã hủy"}
titles = {r["task_id"]: r["title_vi"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
def pct(v): return (v.replace(".", ",") + " %") if v else "—"
def dmy(d): return "/".join(reversed(d.split("-"))) if d else "—"
with open(sys.argv[3], "w") as out:
    for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
        out.write("\t".join([r["task_id"], titles[r["task_id"]], r["responsible_agency"], dmy(r["due_date"]),
                             pct(r["planned_percent"]), pct(r["actual_percent"]), words[r["rag"]],
                             r["status"] or "—", dmy(r["forecast_finish"])]) + "\n")
PY

best() { # best wall of REPEAT runs of a command; worst RSS
	b='' worst=0 i=0
	while [ "$i" -lt "$REPEAT" ]; do
		line=$("$WORK/runstat" -o "$WORK/pdf.out" -e "$WORK/pdf.err" -- "$@") || broke "runstat failed"
		w=${line#*wall=}; w=${w%% *}
		r=${line#*rss_mb=}; r=${r%% *}
		s=${line#*status=}; s=${s%% *}
		[ "$s" = 0 ] || [ "$s" = 1 ] || { echo "bench: $1 exit $s:"; tail -3 "$WORK/pdf.err"; exit 1; }
		b=$(awk -v a="${b:-1e30}" -v c="$w" 'BEGIN { print (c < a ? c : a) }')
		worst=$(awk -v a="$worst" -v c="$r" 'BEGIN { print (c > a ? c : a) }')
		i=$((i + 1))
	done
}
best "$WORK/bare_pdf" "$WORK/pdf-rows.tsv" "$WORK/bare.pdf"; WB=$b RB=$worst
rm -rf "$WORK/pdf-out"
best "$TIENDO" report --input "$REF" --period "$PERIOD" --template "$WORK/appendix.json" \
	--output "$WORK/pdf-out"; WT=$b RT=$worst
PT=$(pdfinfo "$WORK/pdf-out/$PERIOD/summary-$PERIOD-as-of-$PERIOD-30.pdf" | awk '/^Pages:/ { print $2 }')
PB=$(pdfinfo "$WORK/bare.pdf" | awk '/^Pages:/ { print $2 }')
rm -rf "$WORK/month-out"
best "$TIENDO" run --input input --period 2023-11 --output "$WORK/month-out"; WM=$b RM=$worst

verdict() { awk "BEGIN { print (($1) ? \"ok\" : \"MISS\") }"; }
echo
echo "PDF benchmark: appendix of $TASKS tasks ($PT pages; bare_pdf $PB pages), best of $REPEAT"
printf '%-34s %8s s\n' "bare libharu (bare_pdf)" "$WB"
printf '%-34s %8s s   %-14s\n' "tiendo report (appendix)" "$WT" ""
printf '%-34s %8s     %-14s %s\n' "ratio tiendo / bare" "$(awk -v a="$WT" -v b="$WB" 'BEGIN { printf "%.2f", a / b }')" \
	"target <= 1.5" "$(verdict "$WT <= 1.5 * $WB")"
printf '%-34s %8s MB   %-14s %s\n' "  peak RSS tiendo" "$RT" "target < 64" "$(verdict "$RT < 64")"
printf '%-34s %8s MB\n' "  peak RSS bare_pdf" "$RB"
printf '%-34s %8s s   %-14s %s\n' "tiendo run, input/ 2023-11" "$WM" "target < 1 s" "$(verdict "$WM < 1")"
printf '%-34s %8s MB\n' "  peak RSS" "$RM"
