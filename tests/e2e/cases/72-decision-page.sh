# shellcheck shell=bash
# Page 1 of the summary decides (issue 12): a title block, one sentence of
# verdict with the figures of `summary`, who must act worst first (what,
# since when, whether a letter goes out, the change since last month), the
# agency table worst first; the old cover is gone. In both languages.
DP_EPOCH=1702166400     # 2023-12-10: November's deadline (05/12) has passed

# dp_report LANG OUT: the November summary as of 30/11 in LANG, into OUT
dp_report() {
	SOURCE_DATE_EPOCH=$DP_EPOCH "$T" report --period 2023-11 --input input \
		--output "$2" --lang "$1" >/dev/null 2>"$TMP/err"
	RC=$?
	ls "$2"/2023-11/summary-2023-11-as-of-2023-11-30*.pdf 2>/dev/null | head -1
}

# dp_check LANG PDF NOV.json OCT.json [LETTERS_DIR]: the decision page
# against the figures
dp_check() {
	python3 - "$@" <<'PY'
import json, re, subprocess, sys, os
lang, pdf, nov, octo = sys.argv[1:5]
letters = sys.argv[5] if len(sys.argv) > 5 else None
d = json.load(open(nov))
prev = {a["agency"]: a for a in json.load(open(octo))["agencies"]}
def page(f, l=None, layout=True):
    args = ["pdftotext", "-f", str(f), "-l", str(l or f)]
    if layout:
        args.append("-layout")
    return subprocess.run(args + [pdf, "-"], capture_output=True,
                          text=True, check=True).stdout
p1 = page(1)
flat = " ".join(page(1, layout=False).split())
o = d["overall"]
vi = lang == "vi"
def pct(v):
    s = "%.1f" % v
    return s.replace(".", ",") + " %" if vi else s + "%"
def num(v):
    s = "%.2f" % v
    return s.replace(".", ",") if vi else s
owing = o["submissions"]["missing"] + o["submissions"]["rejected"]
N = r"([0-9]+(?:[.,][0-9]+)?)"
if vi:
    pat = (r"Tính đến ngày 30/11/2023, lộ trình đạt %s %% so với kế hoạch %s %% "
           r"\(chỉ số tiến độ %s\); (\d+) nhiệm vụ chậm tiến độ, trong đó (\d+) "
           r"quá hạn; (\d+) cơ quan chưa gửi báo cáo tháng hoặc có báo cáo bị "
           r"trả lại\." % (N, N, N))
else:
    pat = (r"As of 2023-11-30, the roadmap stands at %s%% done against %s%% "
           r"planned \(schedule index %s\); tasks behind schedule: (\d+), of "
           r"them overdue: (\d+); agencies owing their monthly report \(missing "
           r"or rejected\): (\d+)\." % (N, N, N))
m = re.search(pat, flat)
assert m, ("no verdict sentence", pat, flat[:600])
got = [float(x.replace(",", ".")) for x in m.groups()]
# the JSON keeps two decimals, the page one: the same figure either way
assert abs(got[0] - o["actual_percent"]) <= 0.051, ("actual", got, o)
assert abs(got[1] - o["planned_percent"]) <= 0.051, ("planned", got, o)
assert abs(got[2] - o["schedule_index"]) <= 0.0051, ("index", got, o)
assert got[3:] == [o["counts"]["red"], o["overdue"], owing], ("counts", got, o)
# the title block, and no cover
assert ("BỘ NGOẠI GIAO" if vi else "MINISTRY OF FOREIGN AFFAIRS") in p1
assert ("Kỳ báo cáo: tháng 11/2023" if vi else "Period: November 2023") in flat
assert ("Kính gửi: Ban Chỉ đạo" if vi else "To: the Steering Committee") not in flat, "the old cover"
assert ("Cơ quan cần hành động" if vi else "Agencies that must act") in p1
assert ("1. Số liệu chính" if vi else "1. Key figures") not in p1
assert ("1. Số liệu chính" if vi else "1. Key figures") in page(2)

sev = {"red": 0, "grey": 1, "amber": 2, "green": 3, "completed": 4,
       "not_started": 5, "cancelled": 6}
def key(a):
    si = a["schedule_index"]
    return (sev[a["rag"]], si is None, si if si is not None else 0,
            a["actual_percent"] - a["planned_percent"], a["agency"])
ags = {a["agency"]: a for a in d["agencies"]}
worst = [a["agency"] for a in sorted(d["agencies"], key=key)]
# who must act: owes the report, or leads a red or overdue task
owes = {a["agency"] for a in d["agencies"] if a["submission"] in ("missing", "rejected")}
lag = {}
for t in d["tasks"]:
    if t["rag"] == "red" or t["overdue"]:
        lag[t["responsible_agency"]] = lag.get(t["responsible_agency"], 0) + 1
actors = [c for c in worst if c in owes or c in lag]
# rows of page 1, cell by cell from the words' boxes: the columns start
# where the header's cells do (words more than 4 pt apart on its first
# line), a row where a word of the first column is an agency code
bb = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", pdf, "-"],
                    capture_output=True, text=True, check=True).stdout
import html
words = [(float(a), float(b), float(c), html.unescape(t)) for a, b, c, t in
         re.findall(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)"'
                    r' yMax="[0-9.]+">([^<]*)</word>', bb)]
title = ("Cơ quan cần hành động" if vi else "Agencies that must act").split()[-1]
ty = min(y for x, y, x2, t in words if t == title)
hy = min(y for x, y, x2, t in words if y > ty + 2)
head = sorted((x, x2) for x, y, x2, t in words if abs(y - hy) < 1)
starts = [head[0][0]] + [x for (x, _), (_, px2) in zip(head[1:], head)
                         if x - px2 > 4]
def col_of(x):
    return max([0] + [i for i, s0 in enumerate(starts) if x >= s0 - 0.5])
body = sorted((y, x, t) for x, y, x2, t in words if y > hy + 2)
def code_of(tok):
    # a long code may wrap in its column ("BNNPT" / "NT")
    if tok in ags:
        return tok
    c = [a for a in ags if a.startswith(tok)]
    return c[0] if len(c) == 1 and len(tok) >= 4 else None
tops = [(y, code_of(t)) for y, x, t in body
        if col_of(x) == 0 and x < starts[0] + 2 and code_of(t)]
# the table ends at the "… and N more" line or the page's foot
end = min([y for y, x, t in body if t.startswith("…") or t in ("Trang", "Page")]
          + [1e9])
rows = []
for i, (y0, code) in enumerate(tops):
    y1 = tops[i + 1][0] if i + 1 < len(tops) else end
    cells = [[] for _ in starts]
    for y, x, t in body:
        if y0 - 1 <= y < y1 - 1:
            cells[col_of(x)].append((y, x, t))
    cells = [" ".join(t for _, _, t in sorted(c)) for c in cells]
    # [code, the last cell (the letter), the whole row cell by cell]
    rows.append([code, cells[-1], " ".join(cells)])
listed = [r[0] for r in rows]
assert listed == actors[:10], ("who must act, worst first", listed, actors)
more = len(actors) - 10
if more > 0:
    assert (("… và %d cơ quan khác, xem mục 3." % more) if vi else
            ("… and %d more: see section 3." % more)) in flat, "the rest"
for code, first, text in rows:
    text = " ".join(text.split())
    a, pv = ags[code], prev.get(code)
    if code in owes:
        assert ("hạn gửi 05/12/2023" if vi else "due 2023-12-05") in text, (code, text)
    if code in lag:
        n = lag[code]
        assert (("%d nhiệm vụ chậm tiến độ" % n) if vi else ("Tasks behind: %d" % n)) in text, (code, text)
    word = None
    if pv is None or pv["tasks"] == 0:
        word = "mới" if vi else "new"
    elif sev[a["rag"]] < sev[pv["rag"]]:
        word = "xấu đi" if vi else "worse"
    elif sev[a["rag"]] > sev[pv["rag"]]:
        word = "tốt lên" if vi else "better"
    if word:
        assert word in text, (code, word, text)
    else:
        assert "xấu đi" not in text and "tốt lên" not in text and "worse" not in text, (code, text)
    if letters is not None:
        has_letter = os.path.exists(os.path.join(letters, code + "-2023-11.pdf"))
        last = first.split()[-1] if first.split() else ""
        assert last == (("Có" if vi else "Yes") if has_letter else
                        ("Không" if vi else "No")), (code, has_letter, first)
# the agency table (section 3) worst first
txt = page(2, 4)
sec = txt[txt.index("3. Tiến độ theo cơ quan" if vi else "3. Progress by lead agency"):]
sec = sec[:sec.index("4. ")]
codes = [code_of(m.group(1)) for m in re.finditer(r"^([A-ZĐ]+)\s", sec, re.M)
         if code_of(m.group(1))]
assert codes == worst, ("agency table worst first", codes, worst)
print(len(actors), "agencies must act")
PY
}

CASE=decision_page_vi
SOURCE_DATE_EPOCH=$DP_EPOCH "$T" summary --period 2023-11 --input input >"$TMP/dp-nov.json" 2>/dev/null
SOURCE_DATE_EPOCH=$DP_EPOCH "$T" summary --period 2023-10 --input input >"$TMP/dp-oct.json" 2>/dev/null
SOURCE_DATE_EPOCH=$DP_EPOCH "$T" run --period 2023-11 --input input --output "$TMP/dprun" >/dev/null 2>&1
PDF=$(dp_report vi "$TMP/dp")
if [ -n "$PDF" ] && dp_check vi "$PDF" "$TMP/dp-nov.json" "$TMP/dp-oct.json" \
	"$TMP/dprun/2023-11/letters" >"$TMP/out" 2>&1; then ok; else
	bad "the decision page (vi): $(tail -3 "$TMP/out")"; fi
# the rating changed for some agency this month, up and down
if grep -q "xấu đi" <(pdftotext -f 1 -l 1 "$PDF" -) &&
   grep -q "tốt lên" <(pdftotext -f 1 -l 1 "$PDF" -); then ok; else
	bad "no change since last month shown"; fi

CASE=decision_page_en
PDF=$(dp_report en "$TMP/dpen")
if [ -n "$PDF" ] && dp_check en "$PDF" "$TMP/dp-nov.json" "$TMP/dp-oct.json" \
	>"$TMP/out" 2>&1; then ok; else
	bad "the decision page (en): $(tail -3 "$TMP/out")"; fi

# No file at all in November: every agency owes its report; page 1 lists
# the worst ten, says how many more, and stays one page
CASE=decision_page_capped
rm -rf "$TMP/dpin"
cp -r input "$TMP/dpin"
rm -f "$TMP/dpin/submissions/2023-11/"*
SOURCE_DATE_EPOCH=$DP_EPOCH "$T" summary --period 2023-11 --input "$TMP/dpin" >"$TMP/dp-nov0.json" 2>/dev/null
SOURCE_DATE_EPOCH=$DP_EPOCH "$T" report --period 2023-11 --input "$TMP/dpin" \
	--output "$TMP/dp0" >/dev/null 2>&1
PDF=$(ls "$TMP"/dp0/2023-11/*.pdf 2>/dev/null | head -1)
if [ -n "$PDF" ] && dp_check vi "$PDF" "$TMP/dp-nov0.json" "$TMP/dp-oct.json" \
	>"$TMP/out" 2>&1 &&
   pdftotext -f 1 -l 1 "$PDF" - | grep -q "cơ quan khác, xem mục 3"; then ok; else
	bad "every agency lagging, page 1: $(tail -3 "$TMP/out")"; fi

# A meeting report before the deadline: no agency owes its report yet
# (pending), so none is listed for it and the verdict counts none
CASE=decision_page_pending_owes_nothing
SOURCE_DATE_EPOCH=1703030400 "$T" report --period 2023-12 --as-of 2023-12-20 \
	--input input --output "$TMP/dpp" >/dev/null 2>&1
PDF=$(ls "$TMP"/dpp/2023-12/*.pdf 2>/dev/null | head -1)
if [ -n "$PDF" ]; then
	pdftotext -f 1 -l 1 "$PDF" - | tr -s ' \n' ' ' >"$TMP/out"
	has "0 cơ quan chưa gửi báo cáo tháng hoặc có báo cáo bị trả lại."
	lacks "Chưa gửi báo cáo tháng"
	lacks "hạn gửi"
	has "Cơ quan cần hành động"
else
	bad "no meeting report as of 20/12"
fi
