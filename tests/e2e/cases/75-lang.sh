# shellcheck shell=bash
# English and Vietnamese (issue 12): the two languages' documents live side
# by side in a month folder (-en names), a run in one language replaces its
# own files only; English plurals; figures grouped by thousands and the
# percent sign spaced as each language writes it; indicator units in English.
L=$TMP/lang
mkdir -p "$L"
NB=$'\xc2\xa0'                         # the no-break space
export SOURCE_DATE_EPOCH=1703030400   # 2023-12-20, after the deadline

# every file of one language in a month folder, with its sha256
sums() { # sums FOLDER vi|en
	(cd "$1" && find . -type f | sort | while read -r f; do
		case "$f" in
		*-en.*) [ "$2" = en ] && sha256sum "$f" ;;
		*) [ "$2" = vi ] && sha256sum "$f" ;;
		esac
	done)
}

# ---- vi then en: both there, the Vietnamese files untouched -------------------
CASE=lang_vi_then_en
run run --input input --output "$L/a" --period 2023-11
rc_is 1
M=$L/a/2023-11
sums "$M" vi >"$TMP/vi.sum"
run run --input input --output "$L/a" --period 2023-11 --lang en
rc_is 1
err_has "validation-2023-11-en.csv lists them"
for f in summary-2023-11-en.pdf summary-2023-11-en.json \
	 validation-2023-11-en.csv manifest-2023-11-en.json \
	 agencies/BNG-2023-11-en.pdf letters/MTTQ-2023-11-en.pdf \
	 summary-2023-11.pdf summary-2023-11.json validation-2023-11.csv \
	 manifest-2023-11.json agencies/BNG-2023-11.pdf \
	 letters/MTTQ-2023-11.pdf; do
	[ -s "$M/$f" ] && ok || bad "$f missing after vi then en"
done
# no English document under a Vietnamese name: the sums are the same
sums "$M" vi | cmp -s - "$TMP/vi.sum" && ok ||
	bad "the Vietnamese files changed when the English ones were made"
[ "$(sums "$M" vi | wc -l)" = "$(sums "$M" en | wc -l)" ] && ok ||
	bad "not as many English files as Vietnamese ones"
pdftotext "$M/summary-2023-11.pdf" - | grep -q "^Trang 2/" && ok ||
	bad "summary-2023-11.pdf is not Vietnamese"
pdftotext "$M/summary-2023-11-en.pdf" - | grep -q "^Page 2/" && ok ||
	bad "summary-2023-11-en.pdf is not English"
# each manifest lists its own language's outputs, each as it is on disk
python3 - "$M" <<'PY' && ok || bad "the manifests do not match their files"
import hashlib, json, sys
m = sys.argv[1]
for sfx in ("", "-en"):
    d = json.load(open(f"{m}/manifest-2023-11{sfx}.json"))
    outs = [o["path"] for o in d["outputs"]]
    assert outs and all(p.endswith(f"2023-11{sfx}" + p[p.rindex("."):])
                        for p in outs), outs
    assert f"validation-2023-11{sfx}.csv" in outs, outs
    for o in d["outputs"]:
        h = hashlib.sha256(open(f"{m}/{o['path']}", "rb").read()).hexdigest()
        assert h == o["sha256"], o
PY

# ---- a rerun replaces its own language's files only ----------------------------
CASE=lang_rerun_own_only
: >"$M/letters/ZZZ-2023-11-en.pdf"   # an English letter no longer due
sums "$M" vi >"$TMP/vi.sum"
run run --input input --output "$L/a" --period 2023-11 --lang en
rc_is 1
[ ! -e "$M/letters/ZZZ-2023-11-en.pdf" ] && ok ||
	bad "a stale English letter survived an English run"
[ -e "$L/a/.2023-11.prev/letters/ZZZ-2023-11-en.pdf" ] && ok ||
	bad "the English file replaced is not kept in .2023-11.prev"
sums "$M" vi | cmp -s - "$TMP/vi.sum" && ok ||
	bad "an English rerun changed the Vietnamese files"
sums "$M" en >"$TMP/en.sum"
run run --input input --output "$L/a" --period 2023-11
rc_is 1
sums "$M" en | cmp -s - "$TMP/en.sum" && ok ||
	bad "a Vietnamese rerun changed the English files"
[ -s "$M/summary-2023-11.pdf" ] && [ -s "$M/manifest-2023-11-en.json" ] && ok ||
	bad "a Vietnamese rerun lost a file"

# ---- en then vi ---------------------------------------------------------------
CASE=lang_en_then_vi
run run --input input --output "$L/b" --period 2023-11 --lang en
rc_is 1
M=$L/b/2023-11
[ ! -e "$M/summary-2023-11.pdf" ] && [ -s "$M/summary-2023-11-en.pdf" ] && ok ||
	bad "an English run alone wrote a Vietnamese name"
sums "$M" en >"$TMP/en.sum"
run run --input input --output "$L/b" --period 2023-11
rc_is 1
sums "$M" en | cmp -s - "$TMP/en.sum" && ok ||
	bad "the English files changed when the Vietnamese ones were made"
[ -s "$M/summary-2023-11.pdf" ] && [ -s "$M/letters/MTTQ-2023-11.pdf" ] && ok ||
	bad "the Vietnamese files missing after en then vi"
# the meeting summary (report) has its own -en name beside the run's
run report --input input --output "$L/b" --period 2023-11 --as-of 2023-11-20 --lang en
[ -s "$M/summary-2023-11-as-of-2023-11-20-en.pdf" ] && [ -s "$M/summary-2023-11-en.pdf" ] && ok ||
	bad "report --lang en replaced the run's English summary"

# ---- plurals in English ---------------------------------------------------------
CASE=lang_plurals_pdf
M=$L/a/2023-11
pdftotext "$M/summary-2023-11-en.pdf" "$TMP/en.txt"
# the month holds 6 errors and 1 warning
grep -q "6 errors, 1 warning\." "$TMP/en.txt" && ok ||
	bad "the English totals line: $(grep -m1 'rejected;' "$TMP/en.txt")"
grep -q "1 warnings" "$TMP/en.txt" && bad "'1 warnings' in the English summary" || ok
pdftotext "$M/summary-2023-11.pdf" "$TMP/vi.txt"
grep -q "6 lỗi, 1 cảnh báo\." "$TMP/vi.txt" && ok ||
	bad "the Vietnamese totals line changed"
# a rejected submission's letter counts its errors in words
pdftotext "$M/letters/UBDT-2023-11-en.pdf" - | tr '\n' ' ' |
	grep -q "because of data errors (1 error)" && ok ||
	bad "the English letter does not say '(1 error)'"
CASE=lang_plurals_text
cat >"$TMP/len.schema.json" <<'JSON'
{"fields": [
 {"name": "code", "type": "string", "constraints": {"minLength": 2}},
 {"name": "tags", "type": "array", "constraints": {"maxLength": 0}}
]}
JSON
printf 'code,tags\nx,"[1]"\n' >"$TMP/len.csv"
run validate --lang en --schema "$TMP/len.schema.json" "$TMP/len.csv"
rc_is 1
has "the text is 1 character long, fewer than the minimum 2"
has "the value has 1 item, more than the maximum 0"
has "1 row: 0 accepted, 1 rejected; 2 errors, 0 warnings"
printf 'code,tags\nx,"[1,2]"\n' >"$TMP/len.csv"
run validate --lang en --schema "$TMP/len.schema.json" "$TMP/len.csv"
has "the value has 2 items, more than the maximum 0"

# ---- thousands and the percent sign ------------------------------------------------
CASE=lang_numbers_vi
# GDP per head: 4110 at baseline, 7500 the target (input/roadmap/indicators.csv)
grep -qx "4\.110" "$TMP/vi.txt" && grep -q "^7\.500" "$TMP/vi.txt" && ok ||
	bad "Vietnamese figures are not grouped by thousands (4.110, 7.500)"
grep -qE "^[0-9]+,[0-9]( |$NB)%$" "$TMP/vi.txt" && ok ||
	bad "no Vietnamese percent written '36,8 %'"
# (pdftotext joins the chart axis' narrow "0 %" into "0%": the -bbox words
# are apart, so a line that is "0%" alone is left out)
if grep -E "[0-9]%" "$TMP/vi.txt" | grep -qvx "0%"; then
	bad "a Vietnamese percent without its space: $(grep -m1 -oE '.{12}[0-9]%' "$TMP/vi.txt")"
else ok; fi
# the space is a no-break one in the messages (pdftotext gives a plain one)
printf 'period,agency_code,task_id,status,percent_complete,report_date,output_document,difficulties,proposals,contact_name,contact_email,contact_phone\n2023-10,BCT,BCT-ECO-001,completed,"95,5",2023-11-03,,,,A,a@b.vn,024 3826 2538\n' >"$TMP/pct.csv"
v "$TMP/pct.csv"
has "tiến độ là 95,5$NB%: nhiệm vụ hoàn thành phải đạt 100$NB%"
run validate --lang en --input "$IN" "$TMP/pct.csv"
has "progress is 95.5%: a completed task is at 100%"
CASE=lang_numbers_en
# (the unit may wrap under the figure in its column)
grep -q "^4,110" "$TMP/en.txt" && grep -q "^7,500" "$TMP/en.txt" &&
	grep -q "USD/head" "$TMP/en.txt" && ok ||
	bad "English figures are not grouped by thousands (4,110, 7,500)"
grep -qE "^[0-9]+\.[0-9]%$" "$TMP/en.txt" && ok ||
	bad "no English percent written '36.8%'"
if grep -qE "[0-9]( |$NB)%" "$TMP/en.txt"; then
	bad "an English percent with a space: $(grep -m1 -oE '.{12}[0-9] %' "$TMP/en.txt")"
else ok; fi
for f in "$M"/agencies/*-en.pdf "$M"/letters/*-en.pdf; do
	pdftotext "$f" -
done >"$TMP/en-all.txt"
grep -qE "[0-9]( |$NB)%" "$TMP/en-all.txt" && bad "an English agency report or letter spaces %" || ok
grep -qE "[0-9]%" "$TMP/en-all.txt" && ok || bad "no percent in the English agency reports"
CASE=lang_numbers_machine
# figures for programs stay plain numbers
python3 - "$M" <<'PY' && ok || bad "the figures JSON is not plain numbers"
import json, sys
for sfx in ("", "-en"):
    d = json.load(open(f"{sys.argv[1]}/summary-2023-11{sfx}.json"))
    i = {x["indicator_id"]: x for x in d["indicators"]}["IND-ECO-02"]
    assert i["baseline_value"] == 4110 and i["target_value"] == 7500, i
    assert i["unit"] == "USD/người" and i["unit_en"] == "USD/head", i
PY
run summary --input input --period 2023-11 --format csv --table indicators
python3 - "$TMP/out" <<'PY' && ok || bad "the indicators CSV is not plain numbers"
import csv, sys
rows = {r["indicator_id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
assert rows["IND-ECO-02"]["baseline_value"] == "4110", rows["IND-ECO-02"]
assert rows["IND-POL-01"]["unit_en"] == "countries"
PY

# ---- units in English ------------------------------------------------------------
CASE=lang_units
grep -q "^33 countries" "$TMP/en.txt" && ok || bad "the English unit is not used"
grep -q "quốc gia" "$TMP/en.txt" && bad "a Vietnamese unit in the English summary" || ok
grep -q "^33 quốc gia" "$TMP/vi.txt" && ok || bad "the Vietnamese unit changed"
# an empty unit_en: the Vietnamese unit stands (a file without the column
# at all is tests/data/input's)
cp -r input "$L/in"
python3 - "$L/in/roadmap/indicators.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
i = rows[0].index("unit_en")
rows[1][i] = ""                       # IND-POL-01
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(rows)
PY
run report --input "$L/in" --output "$L/c" --period 2023-11 --lang en
pdftotext "$L/c/2023-11/summary-2023-11-as-of-2023-11-30-en.pdf" "$TMP/c.txt"
grep -q "^33 quốc gia" "$TMP/c.txt" && grep -q "^193 countries" "$TMP/c.txt" && ok ||
	bad "an empty unit_en does not fall back to the unit"
unset SOURCE_DATE_EPOCH
