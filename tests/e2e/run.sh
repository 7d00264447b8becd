#!/usr/bin/env bash
# End-to-end tests: run the built tiendo on the files in tests/data and check
# exit statuses, codes, lines and columns, and the machine-readable formats
# with real parsers (python3's json and csv). Prints "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
T=${TIENDO:-./tiendo}
D=tests/data
S=$D/sub
IN=$D/input
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
CASE=

run() { # run tiendo; OUT, ERR, RC
	"$T" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
}
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL [$CASE] $*"
	echo "  stdout: $(head -c 600 "$TMP/out")"
	echo "  stderr: $(head -c 300 "$TMP/err")"
}
rc_is() { if [ "$RC" = "$1" ]; then ok; else bad "exit $RC, expected $1"; fi; }
has() { if grep -qF -- "$1" "$TMP/out"; then ok; else bad "stdout lacks: $1"; fi; }
lacks() { if grep -qF -- "$1" "$TMP/out"; then bad "stdout has: $1"; else ok; fi; }
err_has() { if grep -qF -- "$1" "$TMP/err"; then ok; else bad "stderr lacks: $1"; fi; }
# diag FILE LINE COL SEVERITY CODE: one problem at exactly that place
diag() {
	local pat="$1:$2:$3: $4: [$5]"
	if grep -qF -- "$pat" "$TMP/out"; then ok; else bad "no '$pat'"; fi
}
count_is() { # count_is PATTERN N
	local n
	n=$(grep -cF -- "$1" "$TMP/out")
	if [ "$n" = "$2" ]; then ok; else bad "'$1' appears $n times, expected $2"; fi
}
v() { run validate --input "$IN" "$@"; }

pdfs_ok() { # every PDF under $1 passes qpdf, embeds its fonts, reads back quietly
	local f n=0 bad_one=
	for f in $(find "$1" -name '*.pdf' | sort); do
		n=$((n + 1))
		qpdf --check "$f" >/dev/null 2>&1 || bad_one="$bad_one qpdf:$f"
		pdffonts "$f" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
			bad_one="$bad_one not-embedded:$f"
		[ -z "$(pdftotext "$f" - 2>&1 >/dev/null)" ] || bad_one="$bad_one pdftotext-warns:$f"
	done
	if [ -z "$bad_one" ] && [ "$n" -gt 0 ]; then ok; else bad "PDFs ($n):$bad_one"; fi
}
text_of() { # the text of a PDF on one line, so that wrapped phrases match
	pdftotext "$1" - 2>"$TMP/err" | tr '\n' ' ' | tr -s ' ' >"$TMP/out"
}

# E2E_CASES=GLOB runs only tests/e2e/cases/GLOB.sh (e.g. E2E_CASES='9*')
if [ -n "${E2E_CASES:-}" ]; then
	for c in tests/e2e/cases/$E2E_CASES.sh; do
		[ -e "$c" ] || continue
		# shellcheck source=/dev/null
		. "$c"
	done
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
fi

# ---- quirks of real exports: each file is clean --------------------------
for f in ok_plain ok_bom ok_crlf ok_semicolon ok_quoted ok_excel_trailing \
	 ok_header_order ok_nfd ok_vi_labels ok_sep_line ok_indicator; do
	CASE=$f
	v "$S/$f.csv"
	rc_is 0
	lacks ": error:"
	lacks ": warning:"
done
CASE=ok_quoted_rows; v "$S/ok_quoted.csv"; has "2 dòng: 2 được ghi nhận"
CASE=ok_semicolon_decimal; run validate --input "$IN" --format json "$S/ok_semicolon.csv"
python3 - "$TMP/out" <<'PY' && ok || bad "semicolon file not read as one accepted row"
import json, sys
d = json.load(open(sys.argv[1]))
f = d["files"][0]
assert f["accepted"] == 1 and f["errors"] == 0 and f["kind"] == "progress", f
PY
CASE=ok_excel_trailing_rows; v "$S/ok_excel_trailing.csv"; has "1 dòng: 1 được ghi nhận"
CASE=ok_nfd_status; v "$S/ok_nfd.csv"; has "1 dòng: 1 được ghi nhận"
CASE=indicator_kind; run validate --input "$IN" --format json "$S/ok_indicator.csv"; has '"kind": "indicator"'
CASE=received_log; v "$IN/submissions/2023-10/received.csv"; rc_is 0

# ---- every row error, with physical lines after a multi-line field -------
CASE=row_errors
F=$IN/submissions/2023-10/BCT_t10.csv
v "$F"
rc_is 1
diag "$F" 2 37 warning percent-decrease
diag "$F" 5 37 error type-error
diag "$F" 6 37 error constraint-error
diag "$F" 7 37 error constraint-error
diag "$F" 8 40 error type-error
diag "$F" 9 54 error constraint-error
diag "$F" 10 68 error type-error
diag "$F" 11 86 error constraint-error
diag "$F" 12 25 error constraint-error
diag "$F" 13 13 error constraint-error
diag "$F" 14 13 error foreign-key-error
diag "$F" 15 13 error primary-key-error
diag "$F" 16 85 error missing-cell
diag "$F" 17 87 error extra-cell
diag "$F" 18 1 warning blank-row
diag "$F" 19 13 error agency-task-mismatch
diag "$F" 20 35 error completed-not-100
diag "$F" 21 25 error percent-100-not-completed
diag "$F" 22 37 error not-started-not-0
diag "$F" 23 9 error agency-mismatch
diag "$F" 24 52 error constraint-error
diag "$F" 25 51 error constraint-error
diag "$F" 26 1 error type-error
# the row is another agency's (BTC in BCT's file): rejected for that alone
has "23 dòng: 2 được ghi nhận, 21 bị loại"
# the constraint named in JSON and CSV
run validate --input "$IN" --format json "$F"
python3 - "$TMP/out" <<'PY' && ok || bad "json constraints wrong"
import json, sys
d = json.load(open(sys.argv[1]))
p = {(x["line"], x["code"]): x for x in d["files"][0]["problems"]}
assert p[(6, "constraint-error")]["constraint"] == "maximum"
assert p[(7, "constraint-error")]["constraint"] == "minimum"
assert p[(9, "constraint-error")]["constraint"] == "required"
assert p[(11, "constraint-error")]["constraint"] == "pattern"
assert p[(12, "constraint-error")]["constraint"] == "enum"
assert p[(24, "constraint-error")]["constraint"] == "maxLength"
assert p[(5, "type-error")]["field"] == "percent_complete"
assert p[(5, "type-error")]["value"] == "abc"
assert p[(5, "type-error")]["column"] == 37
f = d["files"][0]
assert (f["rows"], f["accepted"], f["rejected"]) == (23, 2, 21), f
assert d["totals"]["errors"] == f["errors"]
PY
run validate --input "$IN" --format csv "$F"
python3 - "$TMP/out" <<'PY' && ok || bad "csv output wrong"
import csv, sys
assert open(sys.argv[1], "rb").read(3) == b"\xef\xbb\xbf"  # for Excel
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows and set(rows[0]) >= {"file", "line", "column", "code", "field", "value", "message"}
r = [x for x in rows if x["line"] == "16"][0]
assert r["code"] == "missing-cell" and r["column"] == "85", r
PY
run validate --input "$IN" --lang en "$F"
has "is not a number"
has "23 rows: 2 accepted, 21 rejected"
run validate --input "$IN" --max-errors 2 "$F"
count_is ": error:" 1
has "đã dừng liệt kê sau 2 vấn đề"
has "23 dòng: 2 được ghi nhận, 21 bị loại"

# ---- reading errors -------------------------------------------------------
CASE=cp1258; v "$S/enc_cp1258.csv"; rc_is 1; diag "$S/enc_cp1258.csv" 2 54 error encoding-error
has "CSV UTF-8"; has "tệp bị từ chối toàn bộ"
# why a file is rejected whole is said past --max-errors, in every format
CASE=reject_reason_past_limit
{ head -n 1 "$S/enc_cp1258.csv"
  echo "2023-10,BCT,BCT-ECO-001,in_progress,105,2023-11-03,,,,An,an@moit.gov.vn,"
  tail -n +2 "$S/enc_cp1258.csv"; } > "$TMP/late_cp1258.csv"
v --max-errors 1 "$TMP/late_cp1258.csv"; rc_is 1
diag "$TMP/late_cp1258.csv" 2 37 error constraint-error
diag "$TMP/late_cp1258.csv" 3 54 error encoding-error
v --max-errors 1 --format csv "$TMP/late_cp1258.csv"
has ",encoding-error,"
v --max-errors 1 --format json "$TMP/late_cp1258.csv"
has '"code": "encoding-error"'
# a CSV table that stopped listing says so on stderr
CASE=csv_hidden_count; run validate --input "$IN" --max-errors 2 --format csv "$F"
err_has "đã dừng liệt kê sau 2 vấn đề"
# UTF-16 with a BOM is read (tests/e2e/cases/30-reader.sh); without one it is ambiguous
CASE=utf16_nobom; v "$S/enc_utf16_nobom.csv"; rc_is 1; diag "$S/enc_utf16_nobom.csv" 1 1 error encoding-error; has "UTF-16"
CASE=directory; v "$S"; rc_is 66; has "thư mục"
CASE=nul; v "$S/bin_nul.csv"; rc_is 1; diag "$S/bin_nul.csv" 2 13 error source-error
CASE=xlsx; v "$S/xlsx.csv"; rc_is 1; diag "$S/xlsx.csv" 1 1 error source-error; has "Excel"
CASE=empty; v "$S/empty.csv"; rc_is 1; diag "$S/empty.csv" 1 1 error source-error
CASE=stray_quote; v "$S/stray_quote.csv"; rc_is 1; diag "$S/stray_quote.csv" 2 60 error source-error
has "2 dòng: 1 được ghi nhận, 1 bị loại"
CASE=unclosed_quote; v "$S/unclosed_quote.csv"; rc_is 1; diag "$S/unclosed_quote.csv" 3 52 error source-error
CASE=unknown_kind; v "$S/unknown_kind.csv"; rc_is 1; diag "$S/unknown_kind.csv" 1 1 error missing-label
CASE=missing_file; v "$S/no-such-file.csv" "$S/ok_plain.csv"; rc_is 66; has "no-such-file.csv: error: [source-error]"
CASE=huge_field; v "$S/huge_field.csv"; rc_is 1; diag "$S/huge_field.csv" 2 52 error constraint-error
has "2 dòng: 1 được ghi nhận, 1 bị loại"

# ---- header errors ----------------------------------------------------------
CASE=dup_label; v "$S/dup_label.csv"; rc_is 1; diag "$S/dup_label.csv" 1 144 error duplicate-label
CASE=missing_label; v "$S/missing_label.csv"; rc_is 1; diag "$S/missing_label.csv" 1 129 error missing-label
has "contact_email"
CASE=extra_label; v "$S/extra_label.csv"; rc_is 0; diag "$S/extra_label.csv" 1 144 warning extra-label

# ---- cross references --------------------------------------------------------
CASE=period_mismatch; v "$S/period_mismatch/2023-11/BCT_t11.csv"; rc_is 1
diag "$S/period_mismatch/2023-11/BCT_t11.csv" 2 1 error period-mismatch
CASE=merged_2025; v "$S/merged_2025.csv"; rc_is 1
diag "$S/merged_2025.csv" 2 9 error foreign-key-error; has "BTC"
lacks "merged_2025.csv:3:"
CASE=not_yet; v "$S/not_yet.csv"; rc_is 1; diag "$S/not_yet.csv" 2 9 error foreign-key-error
CASE=indicator_owner; v "$S/indicator_owner.csv"; rc_is 1; diag "$S/indicator_owner.csv" 2 9 error agency-indicator-mismatch

# ---- schemas ------------------------------------------------------------------
CASE=unique; run validate --schema "$D/schemas/unique.schema.json" "$S/unique.csv"; rc_is 1
diag "$S/unique.csv" 4 1 error unique-error
diag "$S/unique.csv" 5 3 error constraint-error
diag "$S/unique.csv" 5 5 error type-error
CASE=catastrophic; run validate --schema "$D/schemas/catastrophic.schema.json" "$S/catastrophic.csv"
rc_is 1; diag "$S/catastrophic.csv" 2 1 error constraint-error; has "biểu thức quá phức tạp"
CASE=schema_bad_key; run validate --schema "$D/schemas/bad_key.schema.json" "$S/unique.csv"; rc_is 78
err_has "exclusiveMinimum"
CASE=schema_bad_pattern; run validate --schema "$D/schemas/bad_pattern.schema.json" "$S/unique.csv"; rc_is 78
CASE=schema_bad_json; run validate --schema "$D/schemas/bad_json.schema.json" "$S/unique.csv"; rc_is 78
err_has "bad_json.schema.json:1:"
CASE=schema_missing; run validate --schema "$D/schemas/nope.json" "$S/unique.csv"; rc_is 66

# ---- the roadmap ---------------------------------------------------------------
CASE=roadmap_broken; run validate --input "$D/input-broken" "$S/ok_plain.csv"; rc_is 78
diag "$D/input-broken/roadmap/milestones.csv" 3 24 error milestone-not-increasing
diag "$D/input-broken/roadmap/milestones.csv" 4 1 error foreign-key-error
diag "$D/input-broken/roadmap/tasks.csv" 7 1 error pillar-mismatch
diag "$D/input-broken/roadmap/tasks.csv" 7 101 error date-order-error
err_has "broken"
CASE=roadmap_missing; run validate --input "$TMP/none" "$S/ok_plain.csv"; rc_is 66; err_has "--input"

CASE=schema_lacks_field; mkdir -p "$TMP/tpl"; cp templates/*.json "$TMP/tpl/"
python3 - "$TMP/tpl/progress.schema.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["fields"] = [f for f in d["fields"] if f["name"] != "report_date"]
json.dump(d, open(sys.argv[1], "w"))
PY
TIENDO_TEMPLATES="$TMP/tpl" run validate --input "$IN" "$S/ok_plain.csv"; rc_is 78; err_has "report_date"
CASE=empty_month; mkdir -p "$TMP/in2"; cp -r "$IN"/agencies.csv "$IN"/roadmap "$TMP/in2/"
mkdir -p "$TMP/in2/submissions/2023-12"; rm -f "$TMP/in2/roadmap/milestones.csv"
run validate --input "$TMP/in2" "$S/ok_plain.csv"; rc_is 0

# ---- usage -------------------------------------------------------------------------
CASE=usage_none; run; rc_is 64
CASE=usage_nofile; run validate; rc_is 64
CASE=usage_format; run validate --format xml "$S/ok_plain.csv"; rc_is 64
CASE=usage_max; run validate --max-errors x "$S/ok_plain.csv"; rc_is 64
CASE=usage_cmd; run frobnicate; rc_is 64
CASE=version; run --version; rc_is 0; has "tiendo "
CASE=help; run --help; rc_is 0; has "validate"

# ---- form ------------------------------------------------------------------------------
CASE=form; run form --input "$IN" --agency BCT --period 2023-10; rc_is 0
python3 - "$TMP/out" <<'PY' && ok || bad "form content"
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
ids = sorted(r["task_id"] for r in rows)
# BCT leads ECO-001/002, supports POL-001 and BKHDT-ECO-001; BNNMT-CUL-001 has not started
assert ids == ["BCT-ECO-001", "BCT-ECO-002", "BKHDT-ECO-001", "BNG-POL-001"], ids
assert all(r["period"] == "2023-10" and r["agency_code"] == "BCT" for r in rows)
assert rows[0]["task_title"]
PY
CASE=form_roundtrip; run form --input "$IN" --agency BCT --period 2023-10 --output "$TMP/form.csv"; rc_is 0
run validate --input "$IN" "$TMP/form.csv"; rc_is 1; has "[constraint-error] status"
CASE=form_lowercase; run form --input "$IN" --agency bct --period 2023-10; rc_is 0; has "BCT-ECO-001"
CASE=form_full; "$T" form --input "$IN" --agency BCT --period 2023-10 >/dev/full 2>"$TMP/err"; RC=$?; rc_is 73
CASE=form_symlink; ln -s "$TMP/target.csv" "$TMP/link.csv"
run form --input "$IN" --agency BCT --period 2023-10 --output "$TMP/link.csv"; rc_is 0
if [ -L "$TMP/link.csv" ] && [ -s "$TMP/target.csv" ]; then ok; else bad "the link was replaced"; fi
run form --input "$IN" --agency BCT --period 2023-10 --output "$TMP/link.csv"; rc_is 0
if [ -L "$TMP/link.csv" ]; then ok; else bad "the link was replaced on rewrite"; fi
if ls "$TMP"/*.tmp-* >/dev/null 2>&1; then bad "temporary file left"; else ok; fi
CASE=form_mode; run form --input "$IN" --agency BCT --period 2023-10 --output "$TMP/mode.csv"
if [ "$(stat -c %a "$TMP/mode.csv")" = "$(printf '%o' $((0666 & ~$(umask))))" ]; then ok; else bad "mode $(stat -c %a "$TMP/mode.csv")"; fi
CASE=form_unknown; run form --input "$IN" --agency XYZ --period 2023-10; rc_is 64
CASE=form_merged; run form --input "$IN" --agency BKHDT --period 2025-06; rc_is 64; err_has "BTC"

# ---- an installed tree finds its templates from anywhere ------------------
CASE=install; mkdir -p "$TMP/inst/bin" "$TMP/inst/share/tiendo/templates"
cp "$T" "$TMP/inst/bin/tiendo"; cp -r templates/* "$TMP/inst/share/tiendo/templates/"
( cd "$TMP" && "$TMP/inst/bin/tiendo" validate --input "$OLDPWD/$IN" "$OLDPWD/$S/ok_plain.csv" ) >"$TMP/out" 2>"$TMP/err"; RC=$?
rc_is 0; has "1 dòng: 1 được ghi nhận"

# ---- the embedded data set ------------------------------------------------------------
CASE=input_dataset; run validate input/submissions/*/*.csv; rc_is 1
has "UBDT_baocao_T11.csv:2:27: error: [encoding-error]"
has "BTP_tien_do_NQ22_thang_11.csv:6:13: error: [primary-key-error]"
has "btnmt-bao-cao-t11.csv:2:41: warning: [percent-decrease]"

# ---- summary: the figures of tests/data/agg, computed by hand -------------
# (the hand computation is in tests/data/agg/README.md)
AG=$D/agg
CASE=summary_json; run summary --input "$AG" --period 2024-02; rc_is 1
err_has "the files of 2024-02 hold 2 errors and 2 warnings"
python3 - "$TMP/out" <<'PY' && ok || bad "summary figures"
import json, sys
d = json.load(open(sys.argv[1]))
t = {x["task_id"]: x for x in d["tasks"]}
def eq(a, b):
    assert a == b, (a, b)
eq(d["period"], "2024-02"); eq(d["as_of"], "2024-02-29")
o = d["overall"]
eq((o["tasks"], o["cancelled"], o["weight"]), (6, 1, 10))
eq((o["planned_percent"], o["actual_percent"], o["schedule_index"]), (21.47, 17.5, 0.815))
# BCT-ECO-002 and BKHDT-ECO-001 begin in March and July: not_started
eq(o["counts"], {"completed": 0, "green": 2, "amber": 0, "red": 0, "grey": 2, "not_started": 2})
eq(o["rag"], "green")   # -3.97 points, index 0.815 (not below 0.8)
eq(o["submissions"], {"on_time": 3, "late": 0, "rejected": 1, "missing": 1, "not_due": 0, "pending": 0})
eq((o["files"]["files"], o["files"]["unreadable_files"], o["files"]["rows_rejected"]), (6, 1, 1))
b = t["BNG-POL-001"]
eq((b["planned_percent"], b["actual_percent"], b["variance"], b["rag"]), (16.16, 20, 3.84, "green"))
eq((b["forecast_finish"], b["misses_due"]), (None, None))   # two reports: no pace yet
c = t["BCT-ECO-001"]   # two files: the later (45) wins; -5 exactly is green
eq((c["actual_percent"], c["variance"], c["rag"], c["forecast_finish"]), (45, -5, "green", None))
eq(c["difficulties"], "Số liệu FDI, ODA chưa khớp giữa các nguồn")
# its row was rejected, and its plan begins in March: nobody's failure yet
eq((t["BCT-ECO-002"]["actual_percent"], t["BCT-ECO-002"]["rag"]), (None, "not_started"))
eq(t["BTP-INS-001"]["rag"], "grey")        # its file was unreadable
eq(t["BYT-CUL-001"]["rag"], "cancelled")
a = {x["agency"]: x for x in d["agencies"]}
eq((a["BCT"]["planned_percent"], a["BCT"]["actual_percent"], a["BCT"]["schedule_index"]), (37.5, 33.75, 0.9))
eq(a["BTP"]["submission"], "rejected"); eq(a["BTC"]["submission"], "missing")
k = {(x["agency"], x["period"]): x for x in d["compliance"]}
eq(k[("BCT", "2024-01")]["status"], "late")
eq(k[("BCT", "2024-02")]["received_at"], "2024-03-03 09:15")
eq((k[("BCT", "2024-02")]["files"], k[("BCT", "2024-02")]["rows_rejected"]), (2, 1))
# from the roadmap's first month (its tasks begin 2024-01-01), not 12 months of zeros
eq(len(d["trend"]), 2); eq(d["trend"][0]["period"], "2024-01"); eq(d["trend"][-1]["period"], "2024-02")
eq(d["trend"][-2]["overall"]["planned_percent"], 10.67)
eq(d["trend"][-2]["overall"]["actual_percent"], 4.09)
i = {x["indicator_id"]: x for x in d["indicators"]}
eq((i["IND-POL-01"]["value"], i["IND-POL-01"]["progress_percent"], i["IND-POL-01"]["on_course"]), (36, 30, True))
eq(i["IND-ECO-01"]["value"], None)
PY
CASE=summary_csv_tasks; run summary --input "$AG" --period 2024-02 --format csv; rc_is 1
python3 - "$TMP/out" <<'PY' && ok || bad "tasks csv"
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
assert len(rows) == 7, len(rows)
r = {x["task_id"]: x for x in rows}
assert r["BCT-ECO-001"]["actual_percent"] == "45", r["BCT-ECO-001"]
assert r["BTP-INS-001"]["actual_percent"] == "", r["BTP-INS-001"]
PY
for tb in tasks agencies pillars overall compliance trend indicators; do
	CASE=summary_csv_$tb; run summary --input "$AG" --period 2024-02 --format csv --table $tb
	if [ "$RC" = 1 ] && [ "$(head -c 3 "$TMP/out" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
	   [ "$(wc -l <"$TMP/out")" -ge 2 ]; then ok; else bad "table $tb"; fi
done
CASE=summary_trend_csv; run summary --input "$AG" --period 2024-02 --format csv --table trend
has "2024-01,2024-01-31,all,10.67,4.09,0.383"
CASE=summary_no_month; run summary --input "$AG" --period 2024-03; rc_is 0
err_has "there is no folder"
python3 - "$TMP/out" <<'PY' && ok || bad "a month without files"
import json, sys
d = json.load(open(sys.argv[1]))
b = {x["task_id"]: x for x in d["tasks"]}["BNG-POL-001"]
assert b["stale"] is True and b["reported_period"] == "2024-02", b
s = d["overall"]["submissions"]
assert s["missing"] == 4 and s["on_time"] == 0, s  # BYT cancelled its task
PY
CASE=summary_as_of; run summary --input "$AG" --period 2024-02 --as-of 2024-02-15
has '"as_of": "2024-02-15"'
python3 - "$TMP/out" <<'PY' && ok || bad "as-of mid-month"
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["task_id"]: x for x in d["tasks"]}["BCT-ECO-001"]
# the plan on the 15th; February's files came in March: January's 10 %
assert c["planned_percent"] == 38.14 and c["actual_percent"] == 10, c
assert c["reported_period"] == "2024-01", c
# and on the 15th no February report was due yet: pending, not missing
assert d["overall"]["submissions"]["pending"] == 5, d["overall"]["submissions"]
assert d["overall"]["submissions"]["missing"] == 0, d["overall"]["submissions"]
PY
err_has "summary: 6 files received after 2024-02-15 left out: the figures are as of that day"
CASE=summary_merge_later_wins; run summary --input "$AG" --period 2024-02 --lang en
err_has "BCT_t2b.csv:2:1: warning: [duplicate-report] the task BCT-ECO-001 is also reported in"
err_has "BCT_t2a.csv\" (received 2024-03-03 09:15); this file's figure, received later, counts"
CASE=summary_receipts; cp -r "$AG" "$TMP/agr"
printf 'file,received_at\nbng_t2.csv,2024-03-01 08:00\nBCT_t2a.csv,2024-02-31 09:00\nnone.csv,2024-03-01 08:00\n' >"$TMP/agr/submissions/2024-02/received.csv"
run summary --input "$TMP/agr" --period 2024-02 --lang en
err_has "received.csv:3:13: error: [type-error]"
err_has "received.csv:4:1: warning: [receipt-unknown-file]"
err_has "BCT_t2a.csv: warning: [receipt-missing]"
python3 - "$TMP/out" <<'PY' && ok || bad "a log line in another case still counts"
import json, sys
d = json.load(open(sys.argv[1]))
k = {(x["agency"], x["period"]): x for x in d["compliance"]}
assert k[("BNG", "2024-02")]["received_at"] == "2024-03-01 08:00", k[("BNG", "2024-02")]
PY
CASE=summary_unknown_agency; cp "$AG/submissions/2024-02/BTP_thang2.csv" "$TMP/agr/submissions/2024-02/baocao.csv"
run summary --input "$TMP/agr" --period 2024-02 --lang en; err_has "baocao.csv: warning: [unknown-agency]"
CASE=summary_empty_table; run summary --input "$AG" --period 2023-06 --format csv --table compliance
if [ "$(wc -l <"$TMP/out")" = 1 ]; then ok; else bad "empty table: not the header alone"; fi
CASE=summary_foreign_option; run summary --input "$AG" --period 2024-02 --agency BCT; rc_is 64
CASE=summary_usage; run summary --input "$AG"; rc_is 64
run summary --input "$AG" --period 2024-13; rc_is 64
run summary --input "$AG" --period 2024-02 --format text; rc_is 64
run summary --input "$AG" --period 2024-02 --format csv --table nope; rc_is 64; err_has "tasks, agencies"
run summary --input "$AG" --period 2024-02 --table tasks; rc_is 64
run summary --input "$AG" --period 2024-02 --as-of 2024-01-31; rc_is 64
CASE=summary_no_roadmap; run summary --input "$TMP/nowhere" --period 2024-02; rc_is 66
CASE=summary_broken_roadmap; run summary --input "$D/input-broken" --period 2023-10; rc_is 78
err_has "roadmap/tasks.csv:7:101: error: [date-order-error]"
err_has "roadmap/milestones.csv:4:1: error: [foreign-key-error]"
err_has "roadmap/milestones.csv:3:24: error: [milestone-not-increasing]"
err_has "is broken: correct the errors above"
CASE=summary_template
sed -e 's/"green_min_variance": -5/"green_min_variance": -2/' \
    -e 's/"amber_min_variance": -15/"amber_min_variance": -4/' templates/report.json >"$TMP/tpl.json"
run summary --input "$AG" --period 2024-02 --template "$TMP/tpl.json"
python3 - "$TMP/out" <<'PY' && ok || bad "thresholds from the template"
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["task_id"]: x for x in d["tasks"]}["BCT-ECO-001"]
assert c["rag"] == "red" and d["settings"]["green_min_variance"] == -2, c
PY
CASE=summary_bad_template; printf '{"settings": {"green": -2}}' >"$TMP/bad.json"
run summary --input "$AG" --period 2024-02 --template "$TMP/bad.json"; rc_is 78; err_has '"green"'
printf '{"settings": ' >"$TMP/bad.json"
run summary --input "$AG" --period 2024-02 --template "$TMP/bad.json"; rc_is 78; err_has "bad.json:1:"
run summary --input "$AG" --period 2024-02 --template "$TMP/none.json"; rc_is 66
CASE=summary_output; run summary --input "$AG" --period 2024-02 --output "$TMP/sum.json"; rc_is 1
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TMP/sum.json" && ok || bad "--output"
CASE=summary_full; "$T" summary --input "$AG" --period 2024-02 >/dev/full 2>"$TMP/err"; RC=$?; rc_is 73
CASE=summary_input; run summary --period 2023-10; rc_is 1
python3 - "$TMP/out" <<'PY' && ok || bad "input/ 2023-10"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["overall"]["tasks"] > 50 and d["overall"]["reported"] > 20, d["overall"]
t = {x["task_id"]: x for x in d["tasks"]}
def is_(task, **want):
    got = {k: t[task][k] for k in want}
    assert got == want, (task, got, want)
# checked by hand in input/README.md
is_("BNG-POL-006", planned_percent=9.92, actual_percent=12, rag="green")
is_("HCM-LOC-002", planned_percent=3.58, actual_percent=0, forecast_finish=None)
is_("BCT-ECO-001", planned_percent=55.8, actual_percent=65, forecast_finish="2023-12-09", misses_due=False)
# two reports (09, 10): no forecast; its rating says it already
is_("BNG-POL-004", planned_percent=100, actual_percent=80, rag="red", overdue=False,
    forecast_finish=None, misses_due=None)
is_("BKHCN-SCI-001", rag="red", overdue=True, actual_percent=57)
PY

# ---- the documents: tiendo run and tiendo report ---------------------------
AGG=$D/agg
export SOURCE_DATE_EPOCH=1709856000   # 2024-03-08, the documents' date (after the deadline)
R1=$TMP/run1
R2=$TMP/run2
M=$R1/2024-02

CASE=run_agg; run run --period 2024-02 --input "$AGG" --output "$R1"
rc_is 1   # BTP's file is not UTF-8: data errors, outputs written
err_has "run 2024-02: 6 files"
err_has "validation-2024-02.csv lists them"
for f in summary-2024-02.pdf summary-2024-02.json validation-2024-02.csv \
	 manifest-2024-02.json; do
	[ -s "$M/$f" ] && ok || bad "no $M/$f"
done
CASE=run_agency_reports
[ "$(cd "$M/agencies" && ls | tr '\n' ' ')" = "BCT-2024-02.pdf BKHDT-2024-02.pdf BNG-2024-02.pdf BTC-2024-02.pdf BTP-2024-02.pdf BYT-2024-02.pdf " ] &&
	ok || bad "agency reports: $(ls "$M/agencies" | tr '\n' ' ')"
CASE=run_letters_exactly_to_those_that_lag   # BTC sent nothing, BTP's file was rejected
[ "$(cd "$M/letters" && ls | tr '\n' ' ')" = "BTC-2024-02.pdf BTP-2024-02.pdf " ] &&
	ok || bad "letters: $(ls "$M/letters" | tr '\n' ' ')"
CASE=run_pdfs_check; pdfs_ok "$M"
CASE=run_no_staging_left; [ -z "$(ls -A "$R1" | grep -v '^2024-02$' | grep -v '^.tiendo.lock$')" ] && ok || bad "left: $(ls -A "$R1")"
CASE=letters_wait_for_the_deadline   # dated 2024-03-04: BTC's report is not late yet
SOURCE_DATE_EPOCH=1709510400 "$T" run --period 2024-02 --input "$AGG" --output "$TMP/early" >/dev/null 2>&1
[ "$(cd "$TMP/early/2024-02/letters" && ls | tr '\n' ' ')" = "BTP-2024-02.pdf " ] &&
	ok || bad "letters before the deadline: $(ls "$TMP/early/2024-02/letters" | tr '\n' ' ')"
CASE=held_problems_are_capped   # a file of many bad rows: its report shows 200, counts the rest
python3 - "$TMP/many" <<'PY'
import shutil, sys
d = sys.argv[1]
shutil.copytree("tests/data/agg", d)
rows = open(d + "/submissions/2024-02/BNG_t2.csv", encoding="utf-8").read().splitlines()
with open(d + "/submissions/2024-02/BNG_t2.csv", "w", encoding="utf-8") as f:
    f.write(rows[0] + "\n" + rows[1] + "\n")
    for i in range(3000):
        f.write(rows[1].replace("BNG-POL-001", "BNG-XXX-%03d" % (i % 1000)) + "\n")
PY
"$T" run --period 2024-02 --input "$TMP/many" --output "$TMP/many-out" >/dev/null 2>&1
python3 - "$TMP/many-out/2024-02" <<'PY' && ok || bad "the agency report does not count the problems beyond those shown"
import csv, subprocess, sys
m = sys.argv[1]
n = sum(1 for r in csv.DictReader(open(m + "/validation-2024-02.csv", encoding="utf-8-sig"))
        if r["file"].endswith("BNG_t2.csv"))
text = " ".join(subprocess.run(["pdftotext", m + "/agencies/BNG-2024-02.pdf", "-"],
                               capture_output=True, text=True).stdout.split())
assert n >= 3000, n
# the template shows 200 problems of an agency; the rest are counted,
# grouped by thousands as Vietnamese writes them (2.800)
assert "và %s lỗi, cảnh báo khác" % format(n - 200, ",").replace(",", ".") \
    in text, (n, text[-300:])
PY

CASE=summary_pdf_text; text_of "$M/summary-2024-02.pdf"
has "Báo cáo tiến độ thực hiện lộ trình hội nhập quốc tế"
has "Kỳ báo cáo: tháng 02/2024"
has "Số liệu tính đến ngày 29/02/2024"
has "17,5 %"          # overall actual (README of tests/data/agg)
has "21,5 %"          # overall planned, 21.47
has "0,82"            # schedule index, 0.815
has "BCT-ECO-001"
has "Bộ Công Thương"
has "Rà soát thực thi cam kết EVFTA"
has "Chính trị - đối ngoại"
has "Bị trả lại"      # BTP's submission
has "Chưa gửi"        # BTC's
has "Phụ lục: Danh mục nhiệm vụ"
CASE=summary_page_numbers
pages=$(pdfinfo "$M/summary-2024-02.pdf" | awk '/^Pages:/ { print $2 }')
[ "${pages:-0}" -ge 3 ] && ok || bad "summary has $pages pages"
has "Trang 1/$pages"
has "Trang $pages/$pages"
CASE=summary_metadata
pdfinfo "$M/summary-2024-02.pdf" >"$TMP/out" 2>"$TMP/err"
has "Title:           Báo cáo tiến độ thực hiện lộ trình hội nhập quốc tế"
has "Creator:         tiendo "
has "Author:          Bộ Ngoại giao"
has "CreationDate:    Fri Mar  8 00:00:00 2024 UTC"
CASE=summary_bookmarks
python3 - "$M/summary-2024-02.pdf" <<'PY' && ok || bad "bookmarks"
import subprocess, sys, json
# qpdf's JSON lists the outline titles
j = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", sys.argv[1]],
                              capture_output=True, text=True).stdout)
titles = [o["title"] for o in j["outlines"]]
want = ["1. Số liệu chính", "4. Nhiệm vụ chậm tiến độ và quá hạn", "Phụ lục: Danh mục nhiệm vụ"]
missing = [w for w in want if w not in titles]
sys.exit(1 if missing else 0)
PY

CASE=letter_decree_30; text_of "$M/letters/BTP-2024-02.pdf"
has "BỘ NGOẠI GIAO"
has "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
has "Độc lập - Tự do - Hạnh phúc"
has "Số:"
has "/BNG-THKT"
has "Hà Nội, ngày 08 tháng 3 năm 2024"
has "V/v đôn đốc thực hiện nhiệm vụ và báo cáo tiến độ"
has "Kính gửi: Bộ Tư pháp"
has "không sử dụng được do có lỗi dữ liệu"
has "Nơi nhận:"
has "THỨ TRƯỞNG"
pdffonts "$M/letters/BTP-2024-02.pdf" >"$TMP/out" 2>&1
has "LiberationSerif"
lacks "NotoSans"
CASE=letter_missing; text_of "$M/letters/BTC-2024-02.pdf"
has "Kính gửi: Bộ Tài chính"
has "chưa nhận được báo cáo tiến độ tháng 02/2024 của Bộ Tài chính"

CASE=agency_report; text_of "$M/agencies/BTP-2024-02.pdf"
has "Báo cáo tiến độ: Bộ Tư pháp (BTP)"
has "BTP-INS-001"
has "encoding-error"
has "BTP_thang2.csv"
text_of "$M/agencies/BCT-2024-02.pdf"
has "BCT-ECO-001"
has "45,0 %"
lacks "15/04/2024"    # no forecast from two reports (tests/data/agg/README.md)
has "BNG-POL-001"     # a task BCT supports
has "Nhiệm vụ phối hợp"

CASE=glyph_outlines
if python3 tests/e2e/glyphcheck.py $(find "$M" -name '*.pdf' | sort) >"$TMP/out" 2>"$TMP/err"; then ok; else bad "glyphs"; fi

CASE=glyph_check_catches_dejavu   # libharu drops DejaVu's nested accents
sed -e 's|noto/NotoSans-Regular.ttf|dejavu/DejaVuSans.ttf|' \
    -e 's|noto/NotoSans-Bold.ttf|dejavu/DejaVuSans-Bold.ttf|' templates/report.json >"$TMP/dejavu.json"
run report --period 2024-02 --input "$AGG" --output "$TMP/dv" --template "$TMP/dejavu.json"
rc_is 1
python3 tests/e2e/glyphcheck.py "$TMP/dv/2024-02/summary-2024-02-as-of-2024-02-29.pdf" >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 1
has "DejaVuSans"
has "embedded outline has"

CASE=validation_csv_and_manifest
python3 - "$M" <<'PY' && ok || bad "validation CSV or manifest"
import csv, hashlib, json, os, sys
m = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(m, "validation-2024-02.csv"), encoding="utf-8-sig")))
assert any(r["code"] == "encoding-error" and r["file"].endswith("BTP_thang2.csv") for r in rows), rows
assert any(r["code"] == "duplicate-report" for r in rows)
man = json.load(open(os.path.join(m, "manifest-2024-02.json")))
assert man["period"] == "2024-02" and man["generated"] == "2024-03-08T00:00:00Z"
assert man["counts"]["errors"] + man["counts"]["warnings"] == len(rows), (man["counts"], len(rows))
assert man["counts"]["letters"] == 2 and man["counts"]["agency_reports"] == 6
outs = {o["path"]: o for o in man["outputs"]}
for want in ["summary-2024-02.pdf", "letters/BTP-2024-02.pdf", "validation-2024-02.csv"]:
    assert want in outs, want
for p, o in outs.items():
    data = open(os.path.join(m, p), "rb").read()
    assert hashlib.sha256(data).hexdigest() == o["sha256"] and len(data) == o["bytes"], p
ins = [i["path"] for i in man["inputs"]]
assert any(i.endswith("BTP_thang2.csv") for i in ins) and any(i.endswith("tasks.csv") for i in ins)
PY

CASE=run_reproducible; run run --period 2024-02 --input "$AGG" --output "$R2"
rc_is 1
diff -r "$M" "$R2/2024-02" >"$TMP/out" 2>&1 && ok || bad "two runs differ: $(head -3 "$TMP/out")"

CASE=run_again_replaces_whole
touch "$M/stray.txt"
run run --period 2024-02 --input "$AGG" --output "$R1"
rc_is 1
[ ! -e "$M/stray.txt" ] && [ -s "$M/summary-2024-02.pdf" ] && ok || bad "the folder was not replaced whole"
[ -e "$R1/.2024-02.prev/stray.txt" ] && ok || bad "the previous run's folder was not kept aside"

CASE=run_locked
flock "$R1/.tiendo.lock" sleep 2 &
lockpid=$!
sleep 0.5
before=$(sha256sum "$M/manifest-2024-02.json")
run run --period 2024-02 --input "$AGG" --output "$R1"
rc_is 75
err_has "another run holds the lock"
[ "$before" = "$(sha256sum "$M/manifest-2024-02.json")" ] && ok || bad "a locked run changed the files"
wait "$lockpid" 2>/dev/null

CASE=run_killed_leaves_last_run_whole
cp -r "$M" "$TMP/before"
"$T" run --period 2024-02 --input "$AGG" --output "$R1" >/dev/null 2>&1 &
kpid=$!
sleep 0.05
kill -9 "$kpid" 2>/dev/null; wait "$kpid" 2>/dev/null
# the month folder is the last run's or a complete new one, never partial
if diff -r "$TMP/before" "$M" >/dev/null 2>&1 || diff -r "$R2/2024-02" "$M" >/dev/null 2>&1; then ok; else bad "partial month folder"; fi
run run --period 2024-02 --input "$AGG" --output "$R1"
rc_is 1
[ -z "$(ls -A "$R1" | grep '^\.2024-02\.tmp')" ] && ok || bad "a stale staging folder stayed: $(ls -A "$R1")"

CASE=report_writes_the_summary; run report --period 2024-02 --input "$AGG" --output "$TMP/rep"
rc_is 1
err_has "wrote $TMP/rep/2024-02/summary-2024-02-as-of-2024-02-29.pdf"
pdfs_ok "$TMP/rep"
cmp -s "$TMP/rep/2024-02/summary-2024-02-as-of-2024-02-29.pdf" "$M/summary-2024-02.pdf" && ok || bad "report and run summaries differ"
CASE=report_leaves_the_run_summary_alone
run report --period 2024-02 --as-of 2024-02-20 --input "$AGG" --output "$R1"
[ -s "$M/summary-2024-02-as-of-2024-02-20.pdf" ] && ok || bad "no as-of summary"
python3 -c 'import hashlib, json, sys; m = json.load(open(sys.argv[1] + "/manifest-2024-02.json")); o = {x["path"]: x["sha256"] for x in m["outputs"]}; sys.exit(hashlib.sha256(open(sys.argv[1] + "/summary-2024-02.pdf", "rb").read()).hexdigest() != o["summary-2024-02.pdf"])' "$M" &&
	ok || bad "report replaced the run's summary"
CASE=report_english; run report --period 2024-02 --input "$AGG" --output "$TMP/rep-en" --lang en
text_of "$TMP/rep-en/2024-02/summary-2024-02-as-of-2024-02-29-en.pdf"
has "1. Key figures"
has "Page 1/"
has "17.5%"
CASE=report_as_of; run report --period 2024-02 --as-of 2024-02-15 --input "$AGG" --output "$TMP/rep-asof"
text_of "$TMP/rep-asof/2024-02/summary-2024-02-as-of-2024-02-15.pdf"
has "Số liệu tính đến ngày 15/02/2024"

CASE=run_bad_template; printf '{"settings": {}, "labels": 3}' >"$TMP/t.json"
run run --period 2024-02 --input "$AGG" --output "$TMP/rt" --template "$TMP/t.json"
rc_is 78
err_has "$TMP/t.json"
[ ! -e "$TMP/rt/2024-02" ] && ok || bad "a broken template left files"
CASE=run_template_font_missing
sed 's|NotoSans-Bold.ttf|NoSuchFont-Bold.ttf|' templates/report.json >"$TMP/t2.json"
run run --period 2024-02 --input "$AGG" --output "$TMP/rt" --template "$TMP/t2.json"
rc_is 78
err_has "report.fonts.bold"
err_has "NoSuchFont-Bold.ttf"
CASE=run_output_unwritable; run run --period 2024-02 --input "$AGG" --output /proc/tiendo
rc_is 73
CASE=run_input_missing; run run --period 2024-02 --input "$TMP/nothing" --output "$TMP/rt"
rc_is 66
CASE=run_default_period_is_last_month   # tests/data/agg has no folder for it
(unset SOURCE_DATE_EPOCH; "$T" run --input "$AGG" --output "$TMP/rdef" >"$TMP/out" 2>"$TMP/err")
RC=$?
last=$(TZ=Asia/Ho_Chi_Minh date -d "$(TZ=Asia/Ho_Chi_Minh date +%Y-%m-15) -1 month" +%Y-%m)
rc_is 66
err_has "there is no folder '$AGG/submissions/$last': nothing was written"
[ ! -d "$TMP/rdef/$last" ] && ok || bad "a month without files got documents"
# the month before the documents' date (SOURCE_DATE_EPOCH: 2024-03-08)
CASE=run_default_period_is_before_the_documents_date
run run --input "$AGG" --output "$TMP/rdef2"
rc_is 1
[ -f "$TMP/rdef2/2024-02/summary-2024-02.pdf" ] && ok || bad "no 2024-02 from the documents' date"
CASE=run_usage; run run --period 2024-13
rc_is 64
run report --input "$AGG"
rc_is 64
run run --period 2024-02 --as-of 2024-02-10
rc_is 64
SOURCE_DATE_EPOCH=yesterday "$T" run --period 2024-02 --input "$AGG" --output "$TMP/rt" >/dev/null 2>"$TMP/err"
RC=$?; rc_is 64; err_has "SOURCE_DATE_EPOCH"

CASE=appendix_header_repeated_on_input
run run --period 2023-11 --input input --output "$TMP/inp"
rc_is 1
pdfs_ok "$TMP/inp/2023-11"
f=$TMP/inp/2023-11/summary-2023-11.pdf
pages=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
first=$(for p in $(seq 1 "$pages"); do pdftotext -f "$p" -l "$p" "$f" - | grep -q "Phụ lục" && echo "$p" && break; done)
n=0; for p in $(seq "$first" "$pages"); do pdftotext -f "$p" -l "$p" "$f" - | grep -q "^Mã NV" && n=$((n + 1)); done
[ "$n" = $((pages - first + 1)) ] && [ "$n" -ge 2 ] && ok || bad "appendix pages $first..$pages, header on $n"
unset SOURCE_DATE_EPOCH

# ---- one file per topic: tests/e2e/cases/*.sh, sourced in name order ------
# (each shares the helpers above; CASE names each check)
for c in tests/e2e/cases/*.sh; do
	[ -e "$c" ] || continue
	# shellcheck source=/dev/null
	. "$c"
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
