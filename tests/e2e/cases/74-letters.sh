# shellcheck shell=bash
# Letters the clerical office signs first time (issue 12): the request and
# the closing stand with "Nơi nhận" and the signature, with at least 3
# lines of the body, whatever the number of late tasks; "Nơi nhận:" in
# bold italic 12 pt (the face embedded only where used) and its list in
# 11 pt; the signer from the template's "signer", a placeholder until it
# is named; English letters dated "Ha Noi, 4 November 2023".

# An input whose Ministry of Justice (BTP) leads n more tasks, all past
# due in October 2023: a letter of n late tasks (the fixture's own
# BTP-INS-001 is on track).
L74=$TMP/l74
letters_input() { # letters_input N: $L74/inN
	python3 - tests/data/input "$L74/in$1" "$1" <<'PY'
import os, shutil, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst)
titles = [
    ("Xây dựng và trình Chính phủ Đề án nâng cao hiệu quả hội nhập quốc tế"
     " trong lĩnh vực tư pháp giai đoạn 2023-2030",
     "Draft and submit to the Government the scheme on more effective"
     " international integration in justice for 2023-2030"),
    ("Rà soát, hoàn thiện pháp luật về tương trợ tư pháp",
     "Review and complete the law on mutual legal assistance"),
    ("Tổng kết thực tiễn thi hành các điều ước quốc tế về dẫn độ và chuyển"
     " giao người đang chấp hành án phạt tù",
     "Review how treaties on extradition and the transfer of sentenced"
     " persons are applied"),
]
with open(os.path.join(dst, "roadmap/tasks.csv"), "a", encoding="utf-8") as f:
    for i in range(n):
        vi, en = titles[i % len(titles)]
        f.write('BTP-INS-%03d,INS,"%s","%s",BTP,BNG,2023-01-%02d,'
                '2023-09-%02d,1,22-NQ/TW\n' % (i + 2, vi, en, 1 + i, 1 + i))
PY
}

# letter_pages LANG FILE: the letter's pages keep the closing with the
# signature and at least 3 body lines; prints nothing when they do
cat >"$TMP/letterpages.py" <<'PY'
import subprocess, sys
lang, path = sys.argv[1], sys.argv[2]
words = {
    "vi": ("Nơi nhận:", "Trân trọng cảm ơn", "Đề nghị", "Thực hiện Thông báo"),
    "en": ("Recipients:", "With thanks", "is requested", "Pursuant to Notice"),
}[lang]
recipients, closing, request, intro = words
info = subprocess.run(["pdfinfo", path], capture_output=True, text=True,
                      check=True).stdout
n = int(next(l.split()[1] for l in info.splitlines()
             if l.startswith("Pages:")))
pages = [subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), path, "-"],
                        capture_output=True, text=True, check=True).stdout
         for p in range(1, n + 1)]
assert intro in pages[0], "page 1 holds no body text"
for k, text in enumerate(pages[:-1], 1):
    assert recipients not in text, "'%s' on page %d of %d" % (recipients, k, n)
    assert closing not in text, "the closing on page %d of %d" % (k, n)
last = [l for l in pages[-1].splitlines() if l.strip()]
if n > 1:
    # the page number first, then the body
    assert last[0].strip() == str(n), last[:2]
    last = last[1:]
text = "\n".join(last)
assert recipients in text and closing in text, "last page: %r" % text[:300]
assert text.index(closing) < text.index(recipients)
# the lines above the request: at least 3 of the body (the late tasks,
# the missing report), unless the whole letter is one page
at = next(i for i, l in enumerate(last) if request in l)
if n > 1:
    assert at >= 3, "only %d body lines before the request on page %d: %r" % (
        at, n, last[:at + 1])
print(n)
PY

CASE=letters_keep_the_closing_with_the_signature
mkdir -p "$L74"
for n in 0 2 4 5 6 7 8 9 11 14 20; do
	letters_input $n
	langs=vi
	case $n in 0|5|7|9|20) langs="vi en" ;; esac
	for lang in $langs; do
		rm -rf "$L74/out"
		run run --lang $lang --period 2023-10 --date 2023-11-10 \
			--input "$L74/in$n" --output "$L74/out"
		f=$(ls "$L74"/out/2023-10/letters/BTP-2023-10*.pdf 2>/dev/null)
		if [ -z "$f" ]; then
			bad "$lang n=$n: no letter to BTP"
			continue
		fi
		if pages=$(python3 "$TMP/letterpages.py" $lang "$f" 2>&1); then
			ok
			echo "$lang $n $pages" >>"$L74/pages"
		else
			bad "$lang n=$n: $pages"
		fi
	done
done
# the cases reach two and three pages
grep -q " 2$" "$L74/pages" && grep -q " 3$" "$L74/pages" && ok ||
	bad "no letter of 2 and 3 pages: $(tr '\n' ' ' <"$L74/pages")"

# with 7 late tasks, as in the issue, the second page opens with a late
# task, not with "Nơi nhận"
CASE=letters_seven_late_tasks_page_two
rm -rf "$L74/out7"
run run --period 2023-10 --date 2023-11-10 --input "$L74/in7" \
	--output "$L74/out7"
F7=$L74/out7/2023-10/letters/BTP-2023-10.pdf
[ "$(pdftotext "$F7" - | grep -c "^- Nhiệm vụ BTP-")" = 7 ] && ok ||
	bad "the letter does not name 7 late tasks"
[ "$(pdfinfo "$F7" | awk '/^Pages:/ {print $2}')" = 2 ] && ok ||
	bad "the letter of 7 late tasks is not 2 pages"
pdftotext -f 2 -l 2 "$F7" - | grep -q "^- Nhiệm vụ BTP-INS-" && ok ||
	bad "page 2 carries no late task: $(pdftotext -f 2 -l 2 "$F7" - | head -5)"

# an overdue task never reported says so in words, not "mới đạt Chưa báo
# cáo" ("only Not reported done")
pdftotext "$F7" - | tr '\n' ' ' >"$TMP/out"
has "đã quá thời hạn 01/09/2023, chưa có báo cáo tiến độ."
lacks "mới đạt Chưa báo cáo"

# "Nơi nhận:" in bold italic, embedded in the letters only
CASE=letters_embed_bold_italic
pdffonts "$F7" | grep -q "LiberationSerif-BoldItalic.* yes yes yes" && ok ||
	bad "no bold italic face embedded: $(pdffonts "$F7")"
# every glyph whole in every face (libharu resolves composites one level)
python3 tests/e2e/glyphcheck.py "$F7" >"$TMP/out" 2>&1 && has "4 fonts" ||
	bad "glyphs of the letter: $(cat "$TMP/out")"
if pdffonts "$L74"/out7/2023-10/summary-2023-10.pdf | grep -q BoldItalic; then
	bad "the summary embeds a bold italic face it does not use"
else
	ok
fi
python3 - "$L74"/out7/2023-10/manifest-2023-10.json <<'PY' >"$TMP/out" 2>&1 && ok || bad "the manifest misses a bold italic font"
import json, sys
m = json.load(open(sys.argv[1]))
fonts = {i["path"] for i in m["inputs"] if i["role"] == "font"}
for f in ("LiberationSerif-BoldItalic.ttf", "NotoSans-BoldItalic.ttf",
          "LiberationSerif-Regular.ttf", "NotoSans-Regular.ttf"):
    assert any(p.endswith("/" + f) for p in fonts), (f, fonts)
PY

# sizes from the word boxes: "Nơi nhận:" 12 pt, its list 11 pt, the body
# 14 pt (a word box of Liberation Serif is 1.107 times its size)
CASE=letters_recipients_sizes
pdftotext -f 2 -l 2 -bbox "$F7" "$TMP/l74.html"
python3 - "$TMP/l74.html" <<'PY' >"$TMP/out" 2>&1 && ok || bad "recipients sizes: $(cat "$TMP/out")"
import html, re, sys
ws = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t
      in re.findall(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)"'
                    r' yMax="([-\d.]+)">([^<]*)</word>', open(sys.argv[1]).read())]
size = lambda w: (w[3] - w[1]) / 1.107
body = next(w for w in ws if w[4] == "Trân")
title = next(w for w in ws if w[4] == "Nơi")
item = next(w for w in ws if w[4] == "Như")
assert abs(size(body) - 14) < 0.2, size(body)
assert abs(size(title) - 12) < 0.2, size(title)
assert abs(size(item) - 11) < 0.2, size(item)
# the recipients at the left margin (30 mm), beside the signature block
assert abs(title[0] - 30 * 72 / 25.4) < 1, title
sig = next(w for w in ws if w[4] == "KT.")
assert abs(sig[1] - title[1]) < 3 and sig[0] > 300, (sig, title)
PY

# the signer: a placeholder until the template names one
CASE=letters_signer_placeholder
pdftotext "$F7" - | grep -q "\[Họ và tên người ký\]" && ok ||
	bad "no placeholder for the signer's name"
rm -rf "$L74/oute"
run run --lang en --period 2023-10 --date 2023-11-04 --input "$L74/in7" \
	--output "$L74/oute"
FE=$L74/oute/2023-10/letters/BTP-2023-10-en.pdf
pdftotext "$FE" - | grep -q "\[Name of the signatory\]" && ok ||
	bad "no English placeholder for the signer's name"
pdftotext "$FE" - | tr '\n' ' ' >"$TMP/out"
lacks "only Not reported done"
python3 tests/e2e/glyphcheck.py "$FE" >"$TMP/out" 2>&1 && ok ||
	bad "glyphs of the English letter: $(cat "$TMP/out")"

CASE=letters_signer_named
python3 - "$TMP/signer.json" <<'PY'
import json, sys
t = json.load(open("templates/report.json"))
t["signer"] = {"title": {"vi": "BỘ TRƯỞNG", "en": "MINISTER"},
               "name": "Bùi Thanh Sơn"}
json.dump(t, open(sys.argv[1], "w"), ensure_ascii=False)
PY
rm -rf "$L74/outs"
run run --period 2023-10 --date 2023-11-10 --input "$L74/in7" \
	--output "$L74/outs" --template "$TMP/signer.json"
rc_is 1                         # the month's files hold errors
pdftotext -layout "$L74"/outs/2023-10/letters/BTP-2023-10.pdf "$TMP/out"
has "Bùi Thanh Sơn"
has "BỘ TRƯỞNG"
lacks "KT. BỘ TRƯỞNG"
lacks "[Họ và tên"

# English letters dated in words, Vietnamese as Decree 30 writes them
CASE=letters_dates
pdftotext "$FE" - | grep -q "^Ha Noi, 4 November 2023$" && ok ||
	bad "the English letter is not dated 'Ha Noi, 4 November 2023'"
# the English body writes its dates in words too
pdftotext "$FE" - | tr '\n' ' ' >"$TMP/out"
has "As of 31 October 2023,"
has "past its due date 1 September 2023,"
has "to the Ministry by 5 November 2023."
# English names its period in words and an agency with its article
has "the progress report of October 2023"
has "The Ministry of Justice is requested"
has "led by the Ministry of Justice"
pdftotext "$F7" - | tr '\n' ' ' >"$TMP/out"
has "Theo số liệu tính đến ngày 31/10/2023,"
has "chậm nhất ngày 05/12/2023."
rm -rf "$L74/outj"
run run --period 2023-10 --date 2024-01-03 --input "$L74/in7" \
	--output "$L74/outj"
pdftotext "$L74"/outj/2023-10/letters/BTP-2023-10.pdf - |
	grep -q "^Hà Nội, ngày 03 tháng 01 năm 2024$" && ok ||
	bad "the Vietnamese letter is not dated 'ngày 03 tháng 01 năm 2024'"
rm -rf "$L74/outj"
run run --lang en --period 2023-10 --date 2024-01-03 --input "$L74/in7" \
	--output "$L74/outj"
pdftotext "$L74"/outj/2023-10/letters/BTP-2023-10-en.pdf - |
	grep -q "^Ha Noi, 3 January 2024$" && ok ||
	bad "the English letter is not dated 'Ha Noi, 3 January 2024'"

# a template from before the bold italic face: bold stands for it, once
CASE=letters_template_without_bold_italic
python3 - "$TMP/nobi.json" <<'PY'
import json, sys
t = json.load(open("templates/report.json"))
for page in ("report", "letter"):
    del t[page]["fonts"]["bold_italic"]
json.dump(t, open(sys.argv[1], "w"), ensure_ascii=False)
PY
rm -rf "$L74/outb"
run run --period 2023-10 --date 2023-11-10 --input "$L74/in7" \
	--output "$L74/outb" --template "$TMP/nobi.json"
rc_is 1
pdffonts "$L74"/outb/2023-10/letters/BTP-2023-10.pdf >"$TMP/out"
lacks "BoldItalic"
count_is "LiberationSerif-Bold" 1
pdftotext "$L74"/outb/2023-10/letters/BTP-2023-10.pdf - | grep -q "^Nơi nhận:" &&
	ok || bad "no 'Nơi nhận:' in bold"

# a broken signer or month names are named, exit 78
CASE=letters_template_mistakes
for mistake in nosigner notitle badname months; do
	python3 - "$TMP/m.json" $mistake <<'PY'
import json, sys
t = json.load(open("templates/report.json"))
m = sys.argv[2]
if m == "nosigner":
    del t["signer"]
elif m == "notitle":
    t["signer"]["title"] = {"vi": "", "en": "MINISTER"}
elif m == "badname":
    t["signer"]["name"] = 7
else:
    t["labels"]["month_names"]["en"] = "January|February"
json.dump(t, open(sys.argv[1], "w"), ensure_ascii=False)
PY
	rm -rf "$L74/outm"
	run run --period 2023-10 --date 2023-11-10 --input "$L74/in7" \
		--output "$L74/outm" --template "$TMP/m.json"
	rc_is 78
	case $mistake in
	nosigner) err_has "signer" ;;
	notitle) err_has "title" ;;
	badname) err_has "name" ;;
	months) err_has "month_names" ;;
	esac
done
