#!/usr/bin/env python3
# check_gen.py: an independent check of what gen.c writes (Python csv module).
#
#   check_gen.py REFDIR FILE [BADLIST]
#
# Re-validates every row with the SPEC rules the generator relies on and
# checks: header, unique (period, agency_code, task_id), every task led or
# supported by the row's agency, status/percent consistency, dates, e-mail,
# phone, document numbers, free text <= 2000 characters (after NFC; counts
# the rows not in NFC), ~1 % bad rows,
# and (with BADLIST) that the rows found bad are exactly the planted ones,
# with the right physical line.  Prints a summary; exit 1 on any mismatch.
import csv
import datetime
import re
import sys
import unicodedata

HEADER = ["period", "agency_code", "task_id", "status", "percent_complete",
          "report_date", "output_document", "difficulties", "proposals",
          "contact_name", "contact_email", "contact_phone"]
STATUS = {"not_started": "not_started", "in_progress": "in_progress",
          "completed": "completed", "delayed": "delayed", "cancelled": "cancelled",
          "Chưa thực hiện": "not_started", "Đang thực hiện": "in_progress",
          "Hoàn thành": "completed", "Chậm tiến độ": "delayed",
          "Dừng thực hiện": "cancelled"}
RE_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")
RE_TASK = re.compile(r"^[A-Z][A-Z0-9]{1,5}-[A-Z]{3}-[0-9]{3}$")
RE_PERIOD = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
RE_PCT = re.compile(r"^[0-9]+([.,][0-9]+)?$")
RE_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
RE_PHONE = re.compile(r"^(\+84|0)([ .]?[0-9]){9,10}$")
RE_DOC = re.compile(r"^[0-9]+(/[0-9]{4})?/[A-Z]+([-][A-Z0-9]+)*[0-9]*$")
PILLARS = {"POL", "ECO", "DEF", "CUL", "SCI", "INS", "LOC"}

failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 20:
        print("FAIL:", msg)


def date_ok(s):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            datetime.datetime.strptime(s, fmt)
            if fmt == "%Y-%m-%d" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
                continue
            if fmt == "%d/%m/%Y" and not re.fullmatch(r"\d{2}/\d{2}/\d{4}", s):
                continue
            return True
        except ValueError:
            pass
    return False


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: check_gen.py REFDIR FILE [BADLIST]")
    ref, path = sys.argv[1], sys.argv[2]

    agencies = read(ref + "/agencies.csv")
    codes = {a["code"] for a in agencies}
    if len(agencies) != 20 or not all(RE_CODE.match(c) for c in codes):
        fail("agencies: %d rows or a bad code" % len(agencies))
    tasks = read(ref + "/roadmap/tasks.csv")
    allowed = {}
    for t in tasks:
        tid = t["task_id"]
        if not RE_TASK.match(tid) or t["pillar"] not in PILLARS:
            fail("task id/pillar " + tid)
        if not tid.startswith(t["lead_agency"] + "-") or tid.split("-")[1] != t["pillar"]:
            fail("task id prefix/pillar " + tid)
        sup = t["support_agencies"].split(";") if t["support_agencies"] else []
        who = {t["lead_agency"], *sup}
        if not who <= codes or t["lead_agency"] in sup:
            fail("task agencies " + tid)
        if not (date_ok(t["start_date"]) and date_ok(t["due_date"])
                and t["start_date"] < t["due_date"]):
            fail("task dates " + tid)
        if t["weight"] not in ("1", "2", "3") or not RE_DOC.match(t["source_document"]):
            fail("task weight/source " + tid)
        if tid in allowed:
            fail("duplicate task id " + tid)
        allowed[tid] = who
    last = {}
    for m in read(ref + "/roadmap/milestones.csv"):
        if m["task_id"] not in allowed:
            fail("milestone for unknown task " + m["task_id"])
        p = int(m["planned_percent"])
        prev = last.get(m["task_id"])
        if prev and (m["date"] <= prev[0] or p <= prev[1]) or not 0 < p <= 100:
            fail("milestones not increasing for " + m["task_id"])
        last[m["task_id"]] = (m["date"], p)
    inds = read(ref + "/roadmap/indicators.csv")
    if not inds or not all(re.match(r"^IND-[A-Z]{3}-[0-9]{2}$", i["indicator_id"]) for i in inds):
        fail("indicators")
    pairs = sum(len(v) for v in allowed.values())

    bad_rows = {}
    keys = set()
    nrows = 0
    nbytes = 0
    quoted_nl = dbl_quote = comma_dec = vi_status = dmy = 0
    max_text = 0
    nfd_rows = 0
    line = 2
    with open(path, "rb") as fb:
        raw = fb.read()
    nbytes = len(raw)
    text = raw.decode("utf-8")
    dbl_quote = text.count('""')
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader)
    if header != HEADER:
        fail("header %r" % header)
    for row in reader:
        nrows += 1
        start = line
        line += sum(c.count("\n") for c in row) + 1
        if len(row) != 12:
            fail("row %d: %d fields" % (nrows, len(row)))
            continue
        if not all(unicodedata.is_normalized("NFC", c) for c in row):
            nfd_rows += 1
            row = [unicodedata.normalize("NFC", c) for c in row]
        (period, agency, task, status, pct, rdate, doc, diff, prop,
         name, email, phone) = row
        errs = []
        if not RE_PERIOD.match(period):
            errs.append("period")
        if agency not in codes:
            errs.append("agency")
        key = (period, agency, task)
        if key in keys:
            fail("row %d: duplicate key %r" % (nrows, key))
        keys.add(key)
        if not RE_TASK.match(task):
            errs.append("task_pattern")
        elif task not in allowed:
            errs.append("unknown_task")
        elif agency not in allowed[task]:
            errs.append("not_led_or_supported")
        st = STATUS.get(status)
        if st is None:
            errs.append("status")
        vi_status += status not in STATUS_CODES
        if not RE_PCT.match(pct):
            errs.append("percent_type")
        else:
            comma_dec += "," in pct
            v = float(pct.replace(",", "."))
            if not 0 <= v <= 100:
                errs.append("percent_over_100")
            elif st == "completed" and v != 100 or st != "completed" and v == 100:
                errs.append("completed_not_100")
            elif st == "not_started" and v != 0:
                errs.append("not_started_not_0")
        if not date_ok(rdate):
            errs.append("invalid_date")
        dmy += "/" in rdate
        if doc and not RE_DOC.match(doc):
            errs.append("doc")
        for t in (diff, prop):
            n = len(t)
            max_text = max(max_text, n)
            if n > 2000:
                errs.append("text_too_long")
            quoted_nl += "\n" in t
        if not name:
            errs.append("name")
        if not RE_EMAIL.match(email):
            errs.append("bad_email")
        if phone and not RE_PHONE.match(phone):
            errs.append("phone")
        if errs:
            bad_rows[nrows] = (start, errs)

    nbad = len(bad_rows)
    print("ref: %d agencies, %d tasks, %d pairs, %d indicators" %
          (len(agencies), len(tasks), pairs, len(inds)))
    print("file: %d rows, %.1f MB, %.1f bytes/row, %d bad (%.3f %%), %d periods" %
          (nrows, nbytes / 1e6, nbytes / max(nrows, 1), nbad,
           100.0 * nbad / max(nrows, 1), len({k[0] for k in keys})))
    print("      quoted newlines in %d fields, %d doubled quotes, %d comma decimals, "
          "%d Vietnamese status labels, %d DD/MM/YYYY dates, longest text %d chars, "
          "%d rows not in NFC" %
          (quoted_nl, dbl_quote, comma_dec, vi_status, dmy, max_text, nfd_rows))
    kinds = {}
    for _, (_, errs) in bad_rows.items():
        if len(errs) != 1:
            fail("a bad row with %d errors: %r" % (len(errs), errs))
        kinds[errs[0]] = kinds.get(errs[0], 0) + 1
    print("      bad rows by kind:", dict(sorted(kinds.items())))
    if nrows >= 1000 and not 0.9 <= 100.0 * nbad / nrows <= 1.1:
        fail("bad rows are not ~1 %")
    if len(sys.argv) == 4:
        planted = {}
        for b in read(sys.argv[3]):
            planted[int(b["row"])] = (int(b["line"]), b["kind"])
        found = {r: (ln, e[0]) for r, (ln, e) in bad_rows.items()}
        if planted != found:
            diff = set(planted.items()) ^ set(found.items())
            fail("bad list differs from rows found bad, e.g. %r" % sorted(diff)[:5])
        else:
            print("      bad list matches: %d rows, same lines and kinds" % len(planted))
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("ok")


STATUS_CODES = {"not_started", "in_progress", "completed", "delayed", "cancelled"}

if __name__ == "__main__":
    main()
