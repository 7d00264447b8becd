# shellcheck shell=bash
# Reading comfort (issue 12): body and table text at 9 pt or more, lines of
# notes of about 100 characters at most, ratings whole on a line, figures
# never wrapped, nothing past the margins or over its neighbour, in the
# summary and the agency reports, in both languages; and the titles, which
# are the words of a task table, set whole rather than a word a line.
CASE=comfort_sizes_lines_margins
for lang in vi en; do
	rm -rf "$TMP/cf"
	run run --lang $lang --period 2023-11 --date 2023-12-10 --input input \
		--output "$TMP/cf"
	rc_is 1                 # the month's files hold errors (BTC)
	pdfs=$(find "$TMP/cf" -name '*.pdf' ! -path '*/letters/*' | sort)
	[ "$(echo "$pdfs" | wc -l)" -ge 20 ] && ok || bad "$lang: too few PDFs: $pdfs"
	# shellcheck disable=SC2086
	python3 tests/e2e/comfortcheck.py $lang $pdfs >"$TMP/out" 2>&1 && ok ||
		bad "$lang: reading comfort"
	# the agency names wrap between words, never inside one
	# ("Communication" / "s" in English, where the figures take most of
	# the agency table's width)
	pdftotext -bbox "$TMP"/cf/2023-11/summary-2023-11*.pdf "$TMP/sum.html"
	python3 - "$TMP/sum.html" input/agencies.csv $lang <<'PY' >"$TMP/out" 2>&1 && ok || bad "$lang: a name broken inside a word"
import csv, html, re, sys
names = {r["code"]: r["name_" + sys.argv[3]]
         for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
seen, bad = set(), []
for page in open(sys.argv[1], encoding="utf-8").read().split("<page ")[1:]:
    ws = [(float(a), float(b), float(c), html.unescape(t)) for a, b, c, t in
          re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"'
                     r' yMax="[\d.]+">([^<]*)</word>', page)]
    # a row of the agency or compliance table: its code at the left
    # margin, then its name, set with single spaces up to the next column
    rows = sorted((w for w in ws if w[0] < 55 and w[3] in names),
                  key=lambda w: w[1])
    for k, (x, y, x1, code) in enumerate(rows):
        line = sorted(v for v in ws if abs(v[1] - y) < 1 and v[0] > x1)
        if not line:
            continue
        left, right = line[0][0], 1e9
        for a, b in zip(line, line[1:]):
            if b[0] - a[2] > 5:           # wider than a space: a column
                right = b[0]
                break
        # the name and what lies under it (a heading, the page number)
        end = min(rows[k + 1][1] if k + 1 < len(rows) else 1e9, y + 70)
        words = sorted((v for v in ws if y - 1 < v[1] < end - 1 and
                        left - 1 < v[0] < right),
                       key=lambda v: (round(v[1]), v[0]))
        got, name = " ".join(v[3] for v in words), names[code]
        if not got.startswith(name.split()[0] + " "):
            continue                      # a file's name, not an agency's
        seen.add(code)
        if got != name and not got.startswith(name + " "):
            bad.append((code, got))
assert len(seen) >= 20, seen
assert not bad, bad
PY
done

# the checker can fail: a page set at the old sizes (tables at 7.5 pt,
# notes at 7 pt)
CASE=comfort_check_fails_small
python3 - "$TMP/small.json" <<'PY'
import json, sys
t = json.load(open("templates/report.json"))
t["report"]["sizes"].update({"body": 8.5, "small": 7})
json.dump(t, open(sys.argv[1], "w"), ensure_ascii=False)
PY
rm -rf "$TMP/cs"
run report --period 2023-11 --date 2023-12-10 --input input --output "$TMP/cs" \
	--template "$TMP/small.json"
rc_is 1                         # the month's files hold errors (BTC)
if python3 tests/e2e/comfortcheck.py vi "$TMP"/cs/2023-11/summary-*.pdf >"$TMP/out" 2>&1; then
	bad "the check passed 7 pt text"
else
	grep -q "at 7.0 pt" "$TMP/out" && ok || bad "$(head -3 "$TMP/out")"
fi

# every task's title comes back whole from the appendix (words wrapped
# between words, never a word a line broken between its letters), and the
# red tasks' difficulties come back whole under their row
CASE=comfort_titles_whole
rm -rf "$TMP/ct"
run report --period 2023-11 --date 2023-12-10 --input input --output "$TMP/ct"
rc_is 1
pdftotext -raw "$TMP"/ct/2023-11/summary-*.pdf "$TMP/raw.txt"
python3 - "$TMP/raw.txt" input/roadmap/tasks.csv <<'PY' && ok || bad "titles not whole"
import csv, re, sys
text = re.sub(r"\s+", " ", open(sys.argv[1], encoding="utf-8").read())
missing = [r["task_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))
           if re.sub(r"\s+", " ", r["title_vi"]) not in text]
assert not missing, missing
PY
