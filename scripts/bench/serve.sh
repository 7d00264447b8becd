#!/usr/bin/env bash
# The intake service under load: `tiendo serve` on a copy of input/ (five
# months of submissions, read for each check's history) on a free loopback
# port.
#   1. p95 latency of POST /api/check of a 30-row file, from curl's own
#      time_total, BENCH_SERVE_N sequential requests (default 200):
#      target < 20 ms;
#   2. 100 clients at once (BENCH_SERVE_CLIENTS), half checking and half
#      submitting: every one answered 200/201, 50 files and 50 lines.
# Usage: scripts/bench/serve.sh [TIENDO_BINARY]   (from the repo root)
# Exit 0: it ran (misses are reported); 1: an error answer; 2: cannot run.
set -u
cd "$(dirname "$0")/../.." || exit 2
T=${1:-./tiendo}
N=${BENCH_SERVE_N:-200}
C=${BENCH_SERVE_CLIENTS:-100}
W=$(mktemp -d)
PID=
trap 'if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi; rm -rf "$W"' EXIT
command -v curl >/dev/null || { echo "serve bench: curl is missing"; exit 2; }
cp -r input "$W/in" || exit 2
TOKEN=$("$T" token add BCT --input "$W/in" 2>/dev/null) || { echo "serve bench: token add failed"; exit 2; }

# 30 rows of December 2023, on the roadmap's first 30 tasks
python3 - "$W/in/roadmap/tasks.csv" "$W/30.csv" <<'EOF' || exit 2
import csv, sys
tasks = [r["task_id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))][:30]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow("period,agency_code,task_id,status,percent_complete,report_date,"
               "output_document,difficulties,proposals,contact_name,"
               "contact_email,contact_phone".split(","))
    for i, t in enumerate(tasks):
        w.writerow(["2023-12", "BCT", t, "in_progress", 40 + i, "2024-01-04", "",
                    "Còn vướng mắc về thủ tục", "", "Phạm Quang Huy",
                    "huy.pq@moit.gov.vn", "0912.345.678"])
EOF

"$T" serve --input "$W/in" --listen 127.0.0.1:0 --port-file "$W/port" \
	--rate 0 --max-per-ip "$((C + 10))" --max-connections "$((C + 50))" \
	2>"$W/server.log" &
PID=$!
for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.1; done
[ -s "$W/port" ] || { echo "serve bench: the server did not start"; cat "$W/server.log"; exit 2; }
U=http://127.0.0.1:$(cat "$W/port")
AUTH="Authorization: Bearer $TOKEN"

# warm the page cache and the allocator
for _ in 1 2 3; do
	curl -s -o /dev/null -H "$AUTH" --data-binary "@$W/30.csv" "$U/api/check?period=2023-12"
done
: >"$W/times"
bad=0
for _ in $(seq "$N"); do
	r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "$AUTH" \
		--data-binary "@$W/30.csv" "$U/api/check?period=2023-12")
	[ "${r%% *}" = 200 ] || bad=$((bad + 1))
	echo "${r#* }" >>"$W/times"
done
python3 - "$W/times" "$bad" <<'EOF'
import sys
t = sorted(float(x) * 1000 for x in open(sys.argv[1]))
p = lambda q: t[min(len(t) - 1, int(round(q * (len(t) - 1))))]
print("serve check, 30 rows, %d requests: p50 %.1f ms, p95 %.1f ms, max %.1f ms; "
      "target p95 < 20 ms: %s; %s errors" % (len(t), p(0.5), p(0.95), t[-1],
      "met" if p(0.95) < 20 else "MISSED", sys.argv[2]))
EOF

start=$(date +%s.%N)
pids=
for i in $(seq "$C"); do
	if [ $((i % 2)) = 0 ]; then
		curl -s -o /dev/null -w '%{http_code}\n' -H "$AUTH" --data-binary "@$W/30.csv" \
			"$U/api/check?period=2023-12" >"$W/c$i" &
	else
		curl -s -o /dev/null -w '%{http_code}\n' -H "$AUTH" --data-binary "@$W/30.csv" \
			"$U/api/submit?period=2023-12" >"$W/c$i" &
	fi
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
end=$(date +%s.%N)
answers=$(cat "$W"/c* | sort | uniq -c | tr -s ' ' | tr '\n' ';')
files=$(find "$W/in/submissions/2023-12" -name 'BCT-2023-12-*.csv' | wc -l)
lines=$(grep -c '^BCT-2023-12-' "$W/in/submissions/2023-12/received.csv")
errs=$(cat "$W"/c* | grep -vc '^20[01]$')
echo "serve $C clients at once: $(python3 -c "print('%.2f' % ($end - $start))") s; answers:$answers" \
	"$files files, $lines log lines (expected $((C / 2)) each); $errs errors"
[ "$bad" = 0 ] && [ "$errs" = 0 ] && [ "$files" = $((C / 2)) ] && [ "$lines" = $((C / 2)) ] || exit 1
