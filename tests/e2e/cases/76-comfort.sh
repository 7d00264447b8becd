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
