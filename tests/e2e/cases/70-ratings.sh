# shellcheck shell=bash
# Ratings by points and schedule index (SPEC "Aggregation", issue 12): the
# worse of the two once 10 % is planned; every roll-up carries its rag.
CASE=ratings_index_and_points
run summary --input input --period 2023-11
python3 - "$TMP/out" <<'PY' && ok || bad "ratings by points and index"
import json, sys
d = json.load(open(sys.argv[1]))
a = {x["agency"]: x for x in d["agencies"]}
def check(code, rag):
    x = a[code]
    assert x["rag"] == rag, (code, x["rag"], x["planned_percent"], x["actual_percent"], x["schedule_index"])
# behind by fewer than 15 points (amber by points) but at 0.38-0.46 of plan
for code in ["MTTQ", "TTCP", "UBDT"]:
    check(code, "red")
# at 0.69 of a plan under 10 %: the index does not count yet, points say green
assert a["BGTVT"]["planned_percent"] < 10 and a["BGTVT"]["schedule_index"] < 0.8
check("BGTVT", "green")
# every roll-up has its own rag, one of the ratings
rags = {"completed", "green", "amber", "red", "grey", "not_started", "cancelled"}
for r in d["agencies"] + d["pillars"] + [d["overall"]]:
    assert r["rag"] in rags, r
assert "not_started" in d["overall"]["counts"]
PY
run summary --input input --period 2023-11 --format csv --table agencies
python3 - "$TMP/out" <<'PY' && ok || bad "the agencies table lacks rag"
import csv, sys
rows = {r["agency"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
assert rows["TTCP"]["rag"] == "red" and rows["BNG"]["rag"], rows["TTCP"]
PY
for tb in pillars overall; do
	run summary --input input --period 2023-11 --format csv --table $tb
	head -1 "$TMP/out" | grep -q ',rag,' && ok || bad "table $tb lacks a rag column"
done
CASE=ratings_not_started_apart
run summary --input input --period 2023-08
python3 - "$TMP/out" <<'PY' && ok || bad "tasks not yet begun are not_started"
import json, sys
d = json.load(open(sys.argv[1]))
ns = [t for t in d["tasks"] if t["rag"] == "not_started"]
assert ns, "no task not yet begun in 2023-08"
for t in ns:
    assert t["planned_percent"] == 0 and t["actual_percent"] is None, t
assert all(not (t["planned_percent"] == 0 and t["actual_percent"] is None and t["rag"] == "grey")
           for t in d["tasks"])
assert d["overall"]["counts"]["not_started"] == len(ns)
PY
CASE=agencies_not_yet_founded_left_out
run summary --input input --period 2023-11
python3 - "$TMP/out" <<'PY' && ok || bad "agencies founded in 2025 appear in 2023"
import json, sys
d = json.load(open(sys.argv[1]))
codes = {a["agency"] for a in d["agencies"]}
assert "BNNMT" not in codes and "BDTTG" not in codes, codes
assert "BNG" in codes and "BTC" in codes
PY

# The summary's tables read at a glance: rating words whole, the last rows
# of a table never alone on a page, a forecast miss only where it is news
CASE=tables_read_at_a_glance
run run --period 2023-12 --input input --output "$TMP/glance"
S12=$TMP/glance/2023-12/summary-2023-12.pdf
pdftotext "$S12" "$TMP/s12.txt"
if grep -qx "Đúng tiến" "$TMP/s12.txt" || grep -qx "Chậm tiến" "$TMP/s12.txt"; then
	bad "a rating is split over two lines"
else
	ok
fi
pages=$(pdfinfo "$S12" | awk '/^Pages:/ { print $2 }')
first=$(for p in $(seq 1 "$pages"); do pdftotext -f "$p" -l "$p" "$S12" - | grep -q "Phụ lục" && echo "$p" && break; done)
short=
for p in $(seq "$first" "$pages"); do
	n=$(pdftotext -f "$p" -l "$p" "$S12" - | grep -cE '^[A-Z][A-Z0-9]{1,7}-[A-Z]{3}-[0-9]{3}$')
	[ "$n" -ge 3 ] || short="$short page $p: $n rows;"
done
[ -z "$short" ] && ok || bad "appendix pages with fewer than 3 rows:$short"
python3 - "$TMP/glance/2023-12/summary-2023-12.json" "$TMP/s12.txt" <<'PY' && ok || bad "forecast misses shown where they are no news"
import datetime, json, sys
d = json.load(open(sys.argv[1]))
def day(s): return datetime.date.fromisoformat(s)
news = 0
for t in d["tasks"]:
    if (t["misses_due"] and not t["overdue"] and t["rag"] in ("green", "amber")
            and t["variance"] is not None and t["variance"] < 0
            and (t["forecast_finish"] is None or
                 day(t["forecast_finish"]) > day(t["due_date"]) + datetime.timedelta(days=30))):
        news += 1
shown = open(sys.argv[2], encoding="utf-8").read().count("trễ hạn")
assert 0 < news == shown, (news, shown)
PY

CASE=trend_from_the_roadmaps_first_month
run summary --input input --period 2023-12
python3 - "$TMP/out" <<'PY' && ok || bad "the trend starts before the roadmap"
import json, sys
d = json.load(open(sys.argv[1]))
periods = [t["period"] for t in d["trend"]]
assert periods == ["2023-08", "2023-09", "2023-10", "2023-11", "2023-12"], periods
PY
CASE=trend_axis_scaled_to_the_data
run run --period 2023-12 --input input --output "$TMP/axis"
S12=$TMP/axis/2023-12/summary-2023-12.pdf
tp=$(for p in $(seq 1 20); do pdftotext -f "$p" -l "$p" "$S12" - 2>/dev/null | grep -q "^5\. Diễn biến" && echo "$p" && break; done)
pdftotext -f "$tp" -l "$tp" "$S12" "$TMP/trend.txt"
# the data stay under 43 %: the axis tops at 50 %, not 100 %
grep -qx "50 %" "$TMP/trend.txt" && ! grep -qx "100 %" "$TMP/trend.txt" && ok ||
	bad "trend axis not scaled to the data (page $tp)"

# Figures as of a day and submissions judged at a moment (issue 12)
AGD=tests/data/agg
CASE=pending_before_the_deadline
# BTC owes February's report by 05/03; on 03/03 it is pending, on 06/03 missing
run summary --input "$AGD" --period 2024-02 --date 2024-03-03
python3 - "$TMP/out" <<'PY' && ok || bad "BTC not pending before its deadline"
import json, sys
d = json.load(open(sys.argv[1]))
k = {(c["agency"], c["period"]): c["status"] for c in d["compliance"]}
assert k[("BTC", "2024-02")] == "pending", k
assert k[("BNG", "2024-02")] == "on_time", k
assert d["overall"]["submissions"]["pending"] == 1 and d["overall"]["submissions"]["missing"] == 0
PY
run summary --input "$AGD" --period 2024-02 --date 2024-03-06
python3 - "$TMP/out" <<'PY' && ok || bad "BTC not missing after its deadline"
import json, sys
d = json.load(open(sys.argv[1]))
k = {(c["agency"], c["period"]): c["status"] for c in d["compliance"]}
assert k[("BTC", "2024-02")] == "missing", k
PY
CASE=run_dated_before_the_deadline_sends_no_missing_letter
run run --input "$AGD" --period 2024-02 --output "$TMP/dated" --date 2024-03-03
[ ! -e "$TMP/dated/2024-02/letters/BTC-2024-02.pdf" ] && ok || bad "a letter urges a report not yet due"
pdftotext "$TMP/dated/2024-02/summary-2024-02.pdf" - | tr "\n" " " | grep -q "Chưa đến hạn gửi\|Chưa đến *hạn gửi" && ok || bad "the summary does not say pending"
run run --input "$AGD" --period 2024-02 --output "$TMP/dated2" --date 2024-03-08
[ -e "$TMP/dated2/2024-02/letters/BTC-2024-02.pdf" ] && ok || bad "no letter once the deadline passed"
pdftotext "$TMP/dated2/2024-02/letters/BTC-2024-02.pdf" - | tr '\n' ' ' | grep -q "ngày 08 tháng 3 năm 2024" && ok || bad "the letter is not dated by --date"
CASE=far_date_is_said
run run --input "$AGD" --period 2024-02 --output "$TMP/dated3" --date 2026-12-04
err_has "warning: the documents are dated 2026-12-04, long after the period 2024-02"
run run --input "$AGD" --period 2024-02 --output "$TMP/dated3" --date 2024-02-30
rc_is 64
err_has "--date '2024-02-30' is not a day written YYYY-MM-DD"
CASE=report_as_of_counts_what_had_arrived
run report --input input --period 2023-12 --as-of 2023-12-20 --output "$TMP/asof" --date 2023-12-20
err_has "files received after 2023-12-20 left out: the figures are as of that day"
run summary --input input --period 2023-12 --as-of 2023-12-20 --date 2023-12-20
python3 - "$TMP/out" <<'PY' && ok || bad "a meeting report counts files that came later"
import json, sys
d = json.load(open(sys.argv[1]))
now = [c for c in d["compliance"] if c["period"] == "2023-12"]
assert now and all(c["status"] in ("pending", "not_due") for c in now), now
assert all(c["files"] == 0 for c in now), now
# the figures are November's, carried forward: none reported in December
assert all(t["reported_period"] != "2023-12" for t in d["tasks"])
PY
CASE=a_file_with_no_accepted_row_is_rejected
cp -r "$AGD" "$TMP/norow"
# BYT's only February file, every row spoilt (an e-mail missing)
sed -i '2,$ s/,[^,]*@[^,]*,/,,/' "$TMP/norow/submissions/2024-02/BYT_t2.csv"
run summary --input "$TMP/norow" --period 2024-02
python3 - "$TMP/out" <<'PY' && ok || bad "a file with no accepted row counts as a report"
import json, sys
d = json.load(open(sys.argv[1]))
k = {(c["agency"], c["period"]): c for c in d["compliance"]}
c = k[("BYT", "2024-02")]
assert c["rows_accepted"] == 0 and c["status"] == "rejected", c
PY
