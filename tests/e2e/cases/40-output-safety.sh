# Output safety: no CSV cell tiendo writes starts a formula (OWASP: a
# leading apostrophe; numbers stay numbers), and a file name with a
# newline, an ESC or bytes that are not UTF-8 breaks no output: JSON stays
# valid, terminals get no raw control byte, every output shows the name
# escaped the same way (README "Output safety").

OS=$TMP/outsafe
mkdir -p "$OS"
TA=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
IA=$(cd "$IN" && pwd)
TT=${TIENDO_TEMPLATES:-$PWD/templates}  # for runs from another folder
NL_ESC=$'a\nb\x1b[31m.csv'     # a newline and a terminal colour
NOT_UTF8=$'\xff.csv'            # a byte that is not UTF-8

# csv_check FILE PYTHON: FILE parsed with python3's csv (BOM dropped) as
# rows of dicts `rows`; PYTHON asserts on them.
csv_check() {
	python3 - "$1" "$2" <<'PY'
import csv, io, sys
text = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
rows = list(csv.DictReader(io.StringIO(text, newline="")))
exec(sys.argv[2])
PY
}

# no_raw_control FILE: no ESC, BEL or byte that is not UTF-8 anywhere, and
# no line that a name broke (every line of a diagnostic starts as one).
no_raw_control() {
	python3 - "$1" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
assert b"\x1b" not in b and b"\x07" not in b, b[:300]
b.decode("utf-8")
for line in b.decode().splitlines():
    assert not line.startswith("b\\x1b") and not line.startswith("b\x1b"), line
PY
}

# ---- validate --format csv: each formula starter, numbers kept ------------
CASE=outsafe_validate_csv
mkdir -p "$OS/v"
{
	echo "period,agency_code,task_id,status,percent_complete,report_date,contact_name,contact_email,contact_phone"
	echo "2023-10,BCT,BCT-ECO-001,in_progress,-0.7,2023-11-03,An,an@bct.gov.vn,=1+1"
	echo "2023-10,BCT,BCT-ECO-001,in_progress,-5,2023-11-03,An,an@bct.gov.vn,+cmd|' /C calc'!A0"
	echo "2023-10,BCT,BCT-ECO-001,in_progress,10,2023-11-03,An,an@bct.gov.vn,-2+3+cmd"
	echo "2023-10,BCT,BCT-ECO-001,in_progress,10,2023-11-03,An,an@bct.gov.vn,@SUM(A1:A2)"
	echo "2023-10,BCT,BCT-ECO-001,in_progress,10,2023-11-03,An,an@bct.gov.vn,＝1+1"
	echo "2023-10,BCT,BCT-ECO-001,in_progress,10,2023-11-03,An,an@bct.gov.vn,\"=HYPERLINK(\"\"http://x.test\"\",\"\"bấm\"\")\""
} >"$OS/v/=HYPERLINK(1).csv"
(cd "$OS/v" && TIENDO_TEMPLATES=$TT "$TA" validate --input "$IA" --format csv \
	"=HYPERLINK(1).csv" >"$TMP/out" 2>"$TMP/err")
RC=$?
rc_is 1
csv_check "$TMP/out" '
by = {}
for r in rows:
    by.setdefault((r["line"], r["field"]), r)
def val(line, field): return by[(str(line), field)]["value"]
assert val(2, "percent_complete") == "-0.7", val(2, "percent_complete")
assert val(3, "percent_complete") == "-5"
assert val(2, "contact_phone") == "\x27=1+1"
assert val(3, "contact_phone") == "\x27+cmd|\x27 /C calc\x27!A0"
assert val(4, "contact_phone") == "\x27-2+3+cmd"
assert val(5, "contact_phone") == "\x27@SUM(A1:A2)"
assert val(6, "contact_phone") == "\x27＝1+1"
assert val(7, "contact_phone") == "\x27=HYPERLINK(\"http://x.test\",\"bấm\")"
for r in rows:
    assert r["file"] == "\x27=HYPERLINK(1).csv", r["file"]
    assert r["line"].isdigit() and r["column"].isdigit(), r
    for k, v in r.items():
        assert not v or v[0] not in "=+-@\t\r\n" or v == "-0.7" or v == "-5", (k, v)
' && ok || bad "validate --format csv: a cell not neutralised or a number changed"

# ---- validation-YYYY-MM.csv of a run, and the month's names ---------------
CASE=outsafe_run
cp -r "$D/agg" "$OS/=in"
M="$OS/=in/submissions/2024-02"
cp "$M/BNG_t2.csv" "$M/$NOT_UTF8"
cp "$M/BNG_t2.csv" "$M/$NL_ESC"
{
	head -1 "$M/BNG_t2.csv"
	echo "2024-02,BCT,BCT-ECO-001,in_progress,45,2024-03-04,,\"=HYPERLINK(\"\"http://x.test\"\",\"\"x\"\")\",@SUM(1),An,an@bct.gov.vn,"
	echo "2024-02,BCT,BCT-ECO-002,in_progress,5,2024-03-04,,,,An,an@bct.gov.vn,+84 cmd"
} >"$M/BCT_t2c.csv"
echo "BCT_t2c.csv,2024-03-04 15:00" >>"$M/received.csv"
(cd "$OS" && TIENDO_TEMPLATES=$TT "$TA" run --period 2024-02 --input "=in" --output out \
	>"$TMP/out" 2>"$TMP/err")
RC=$?
rc_is 1
OM=$OS/out/2024-02
csv_check "$OM/validation-2024-02.csv" '
assert rows
names = [r["file"] for r in rows]
for r in rows:
    assert r["file"].startswith("\x27=in/submissions/2024-02/"), r["file"]
    for k, v in r.items():
        assert not v or v[0] not in "=+-@\t\r\n", (k, v)
assert "\x27=in/submissions/2024-02/\\xff.csv" in names, names
assert "\x27=in/submissions/2024-02/a\\nb\\x1b[31m.csv" in names, names
phone = [r["value"] for r in rows if r["field"] == "contact_phone"]
assert "\x27+84 cmd" in phone, phone
' && ok || bad "validation csv: a cell not neutralised or a name not escaped"
python3 - "$OM/manifest-2024-02.json" <<'PY' && ok || bad "manifest: not valid JSON or a name not escaped"
import json, sys
b = open(sys.argv[1], "rb").read()
b.decode("utf-8")
m = json.loads(b)
paths = [i["path"] for i in m["inputs"]]
assert "=in/submissions/2024-02/\\xff.csv" in paths, paths
assert "=in/submissions/2024-02/a\\nb\\x1b[31m.csv" in paths, paths
PY
no_raw_control "$TMP/err" && ok || bad "run: raw control bytes on stderr"
no_raw_control "$TMP/out" && ok || bad "run: raw control bytes on stdout"
err_has 'a\nb\x1b[31m.csv'
err_has '\xff.csv'
# the documents are made and list the names as the other outputs do
if pdftotext "$OM/summary-2024-02.pdf" - 2>"$TMP/pdferr" | grep -qF 'a\nb\x1b[31m.csv' &&
   [ ! -s "$TMP/pdferr" ]; then ok; else bad "summary PDF: name not listed escaped"; fi
pdftotext "$OM/agencies/BNG-2024-02.pdf" - | grep -qF '\xff.csv' && ok ||
	bad "agency PDF: name not listed escaped"
qpdf --check "$OM/agencies/BNG-2024-02.pdf" >/dev/null 2>&1 && ok ||
	bad "agency PDF: qpdf --check fails"

# ---- summary --format csv: text cells neutralised, numbers numbers --------
CASE=outsafe_summary_csv
(cd "$OS" && TIENDO_TEMPLATES=$TT "$TA" summary --input "=in" --period 2024-02 --format csv \
	>"$TMP/out" 2>"$TMP/err")
RC=$?
rc_is 1
csv_check "$TMP/out" '
t = {r["task_id"]: r for r in rows}
r = t["BCT-ECO-001"]
assert r["difficulties"] == "\x27=HYPERLINK(\"http://x.test\",\"x\")", r["difficulties"]
assert r["proposals"] == "\x27@SUM(1)", r["proposals"]
assert float(r["variance"]) == -5 and r["variance"] == "-5", r["variance"]
for r in rows:
    for k, v in r.items():
        if v and v[0] in "=+-@\t\r\n":
            float(v)  # only numbers may start so
' && ok || bad "summary csv: a text cell not neutralised or a number changed"
no_raw_control "$TMP/err" && ok || bad "summary: raw control bytes on stderr"

# ---- validate --format json and text on the odd names ---------------------
CASE=outsafe_validate_names
run validate --input "$D/agg" --format json "$M/$NOT_UTF8" "$M/$NL_ESC"
python3 - "$TMP/out" <<'PY' && ok || bad "validate json: not valid or a name not escaped"
import json, sys
b = open(sys.argv[1], "rb").read()
b.decode("utf-8")
d = json.loads(b)
names = [f["file"] for f in d["files"]]
assert names[0].endswith("/\\xff.csv"), names
assert names[1].endswith("/a\\nb\\x1b[31m.csv"), names
for f in d["files"]:
    for p in f["problems"]:
        assert p["file"] == f["file"], p
PY
run validate --input "$D/agg" "$M/$NOT_UTF8" "$M/$NL_ESC"
no_raw_control "$TMP/out" && ok || bad "validate text: raw control bytes on stdout"
has 'a\nb\x1b[31m.csv:'
has '\xff.csv:'
run validate --input "$D/agg" "$OS/nowhere/$NL_ESC"
rc_is 66
no_raw_control "$TMP/err" && ok || bad "validate: raw control bytes on stderr"
no_raw_control "$TMP/out" && ok || bad "validate: raw control bytes on stdout"
cp "$D/agg/submissions/2024-02/BCT_t2b.csv" "$OS/v/$NOT_UTF8"  # an error
# tiendo's own messages too
run summary --input "$OS/$NL_ESC" --period 2024-02
rc_is 66
no_raw_control "$TMP/err" && ok || bad "summary: raw control bytes in a message"
err_has "tiendo: cannot read the roadmap under '$OS/a\nb\x1b[31m.csv'"
run validate --input "$D/agg" --format csv "$OS/v/$NOT_UTF8"
csv_check "$TMP/out" '
assert rows and all(r["file"].endswith("/\\xff.csv") for r in rows), rows
' && ok || bad "validate csv: name not escaped"
# a backslash in a name is doubled, so \xff the text and 0xff the byte differ
cp "$M/BNG_t2.csv" "$OS/v/\\xff.csv"
run validate --input "$D/agg" "$OS/v/\\xff.csv"
has '/\\xff.csv:'

# ---- form: neutralised titles, and the returned form still validates ------
CASE=outsafe_form
cp -r "$IN" "$OS/fin"
python3 - "$OS/fin/roadmap/tasks.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
h = rows[0]
n = 0
for r in rows[1:]:
    if r[h.index("lead_agency")] == "BCT":
        r[h.index("title_vi")] = ["=HYPERLINK(\"http://x.test\")", "-" + "x" * 999][n % 2]
        n += 1
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(rows)
PY
run form --input "$OS/fin" --agency BCT --period 2023-10
rc_is 0
csv_check "$TMP/out" '
titles = [r["task_title"] for r in rows]
assert "\x27=HYPERLINK(\"http://x.test\")" in titles, titles
assert "\x27-" + "x" * 999 in titles, titles
for r in rows:
    for v in r.values():
        assert not v or v[0] not in "=+-@\t\r\n", v
' && ok || bad "form: a title not neutralised"
# the clerk fills it in and sends it back; the apostrophe is read as text
mkdir -p "$OS/fin/submissions/2023-10"
python3 - "$TMP/out" "$OS/fin/submissions/2023-10/BCT_form.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
w = csv.DictWriter(open(sys.argv[2], "w", encoding="utf-8-sig", newline=""),
                   fieldnames=rows[0].keys(), lineterminator="\r\n")
w.writeheader()
for r in rows:
    r.update(status="in_progress", percent_complete="30",
             report_date="2023-11-03", contact_name="An",
             contact_email="an@bct.gov.vn")
    w.writerow(r)
PY
run validate --input "$OS/fin" "$OS/fin/submissions/2023-10/BCT_form.csv"
lacks ": error:"
has "được ghi nhận, 0 bị loại"
