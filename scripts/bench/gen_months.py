#!/usr/bin/env python3
"""gen_months.py: monthly submissions for the aggregation benchmark.

    gen_months.py REF MONTHS PERIOD [SEED]

Reads REF/roadmap/tasks.csv (written by gen --ref) and writes, for each of
the MONTHS months ending at PERIOD (YYYY-MM), REF/submissions/YYYY-MM/ with
one progress file per lead agency (a row for each of its tasks, every
month, completed ones too) and a received.csv. Percents rise month by
month, so the data are clean: the bench times aggregation, not error
reporting. Same arguments, same bytes.
"""
import csv
import os
import random
import sys

HEAD = ("period,agency_code,task_id,status,percent_complete,report_date,"
        "output_document,difficulties,proposals,contact_name,contact_email,"
        "contact_phone\n")


def month_end(y, m):
    import calendar
    return "%04d-%02d-%02d" % (y, m, calendar.monthrange(y, m)[1])


def main():
    ref, months, period = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    py, pm = int(period[:4]), int(period[5:7])
    last = py * 12 + pm - 1
    with open(os.path.join(ref, "roadmap", "tasks.csv"), encoding="utf-8") as f:
        tasks = list(csv.DictReader(f))
    # a first percent and a rate in points a month for each task
    plan = [(t["task_id"], t["lead_agency"], 1 + rng.randrange(40),
             rng.choice((1, 2, 3, 4, 5))) for t in tasks]
    first = last - months + 1
    root = os.path.join(ref, "submissions")
    for ym in range(first, last + 1):
        y, m = divmod(ym, 12)
        m += 1
        name = "%04d-%02d" % (y, m)
        ny, nm = divmod(ym + 1, 12)
        received = "%04d-%02d-03" % (ny, nm + 1)
        d = os.path.join(root, name)
        os.makedirs(d, exist_ok=True)
        files = {}
        for tid, lead, base, rate in plan:
            pct = min(100, base + rate * (ym - first))
            status = "completed" if pct == 100 else "in_progress"
            files.setdefault(lead, []).append(
                "%s,%s,%s,%s,%d,%s,,,,Nguyễn Văn An,an@%s.gov.vn,024 3799 3512\n"
                % (name, lead, tid, status, pct, received, lead.lower()))
        with open(os.path.join(d, "received.csv"), "w", encoding="utf-8") as r:
            r.write("file,received_at\n")
            for lead in sorted(files):
                fn = "%s_%s.csv" % (lead, name)
                with open(os.path.join(d, fn), "w", encoding="utf-8") as out:
                    out.write(HEAD)
                    out.writelines(files[lead])
                r.write("%s,%s 09:00\n" % (fn, received))


if __name__ == "__main__":
    main()
