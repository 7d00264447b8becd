#!/usr/bin/env python3
"""Reading comfort of tiendo's PDFs, from `pdftotext -bbox-layout`.

    comfortcheck.py LANG FILE.pdf...

Prints one line per problem and exits 1 when there is any:
- a word under 9 pt (a word box is 1.362 times the size of Noto Sans: its
  ascender 1.069 em over its descender 0.293 em, as poppler measures it);
- a line of more than 100 characters;
- a rating split over two lines of its cell ("Đúng tiến" / "độ");
- a "%" on a line without its figure (a figure wrapped);
- two words of one line drawn over each other (a cell overflowing into
  the next column);
- a word past the right margin (15 mm) or before the left one (18 mm).
"""
import html
import re
import subprocess
import sys

MIN_PT = 9.0
EM_BOX = 1.362
MAX_CHARS = 100
RIGHT_MM, LEFT_MM = 15, 18
RATINGS = {
    "vi": ["Đúng tiến độ", "Chậm nhẹ", "Chậm tiến độ", "Chưa bắt đầu",
           "Chưa báo cáo", "Hoàn thành", "Đã hủy"],
    "en": ["On track", "Slightly behind", "Behind", "Not reported",
           "Not yet begun", "Completed", "Cancelled"],
}
MM = 72 / 25.4

WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" '
                  r'xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>')


def pages(path):
    """Yield (number, width, lines) per page; a line is a list of words
    (x0, y0, x1, y1, text)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", path, "-"],
                         capture_output=True, text=True, check=True).stdout
    for n, page in enumerate(out.split("<page ")[1:], 1):
        width = float(re.match(r'width="([\d.]+)"', page).group(1))
        lines = []
        for ln in re.findall(r"<line[^>]*>(.*?)</line>", page, re.S):
            words = [(float(a), float(b), float(c), float(d),
                      html.unescape(t)) for a, b, c, d, t in WORD.findall(ln)]
            if words:
                lines.append(words)
        yield n, width, lines


def check(lang, path):
    bad = []
    for n, width, lines in pages(path):
        where = "%s p%d" % (path.rsplit("/", 1)[-1], n)
        words = [w for ln in lines for w in ln]
        for x0, y0, x1, y1, t in words:
            size = (y1 - y0) / EM_BOX
            if size < MIN_PT - 0.05:
                bad.append("%s: '%s' at %.1f pt" % (where, t, size))
            if x1 > width - RIGHT_MM * MM + 0.5 or x0 < LEFT_MM * MM - 0.5:
                bad.append("%s: '%s' past the margin (x %.1f-%.1f of %.0f)"
                           % (where, t, x0, x1, width))
        for ln in lines:
            text = " ".join(w[4] for w in ln)
            if len(text) > MAX_CHARS:
                bad.append("%s: a line of %d characters: %s"
                           % (where, len(text), text))
        # words of one baseline, left to right: none over the next
        rows = {}
        for w in words:
            rows.setdefault(round(w[3], 0), []).append(w)
        for row in rows.values():
            row.sort()
            for a, b in zip(row, row[1:]):
                if b[0] < a[2] - 0.5:
                    bad.append("%s: '%s' over '%s'" % (where, a[4], b[4]))
        for i, w in enumerate(words):
            # a percent sign after its figure on the same line
            if w[4] == "%":
                left = [v for v in words if abs(v[3] - w[3]) < 1 and
                        0 <= w[0] - v[2] < 6 and re.search(r"\d$", v[4])]
                if not left:
                    bad.append("%s: a '%%' away from its figure" % where)
            for phrase in RATINGS[lang]:
                parts = phrase.split()
                if w[4] != parts[0] or len(parts) < 2:
                    continue
                # the rating's words on w's line, then the next word below
                k, last = 1, w
                while k < len(parts):
                    nxt = [v for v in words if abs(v[3] - last[3]) < 1 and
                           0 <= v[0] - last[2] < 8 and v[4] == parts[k]]
                    if not nxt:
                        break
                    last, k = nxt[0], k + 1
                if k == len(parts):
                    continue
                h = w[3] - w[1]
                below = [v for v in words if abs(v[0] - w[0]) < 3 and
                         0.5 * h < v[1] - w[1] < 2 * h and v[4] == parts[k]]
                if below:
                    bad.append("%s: '%s' split after '%s'"
                               % (where, phrase, " ".join(parts[:k])))
    return bad


def main():
    lang, files = sys.argv[1], sys.argv[2:]
    bad = []
    for f in files:
        bad += check(lang, f)
    for b in bad[:40]:
        print(b)
    if len(bad) > 40:
        print("... and %d more" % (len(bad) - 40))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
