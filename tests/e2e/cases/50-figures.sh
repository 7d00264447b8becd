# Figures that must not depend on the server: time zones, the agency of a
# file, report dates, the roadmap's own consistency, received.csv, periods.
# Sourced by run.sh (helpers and $T, $TMP, $IN, $S in scope).

FG=$TMP/figures
mkdir -p "$FG"

# A copy of the aggregation data set, fresh for each case.
fg_copy() { rm -rf "$FG/$1"; cp -r "$D/agg" "$FG/$1"; }

# ---- the roadmap: successor cycles, an agency succeeding itself ----------
for c in two self three; do
	CASE=roadmap_cycle_$c; fg_copy cyc
	case $c in
	two)	printf 'BQP,Bộ Quốc phòng,Ministry of Defence,2013-01-01,2025-01-01,BCA\nBCA,Bộ Công an,Ministry of Public Security,2013-01-01,2025-01-01,BQP\n' >>"$FG/cyc/agencies.csv"; at=8 ;;
	self)	printf 'BQP,Bộ Quốc phòng,Ministry of Defence,2013-01-01,2025-01-01,BQP\n' >>"$FG/cyc/agencies.csv"; at=8 ;;
	three)	printf 'BQP,Bộ Quốc phòng,Ministry of Defence,2013-01-01,2025-01-01,BCA\nBCA,Bộ Công an,Ministry of Public Security,2013-01-01,2025-01-01,BNV\nBNV,Bộ Nội vụ,Ministry of Home Affairs,2013-01-01,2025-01-01,BQP\n' >>"$FG/cyc/agencies.csv"; at=8 ;;
	esac
	for cmd in summary validate; do
		if [ $cmd = summary ]; then
			run summary --input "$FG/cyc" --period 2024-02 --lang en
			F=$ERR
		else
			run validate --input "$FG/cyc" --lang en "$FG/cyc/submissions/2024-02/BNG_t2.csv"
			F="$OUT $ERR"
		fi
		rc_is 78
		case "$F" in
		*"$FG/cyc/agencies.csv:$at:"*"error: [successor-cycle]"*) ok ;;
		*) bad "$cmd: no successor-cycle at agencies.csv:$at" ;;
		esac
	done
done
CASE=roadmap_cycle_message; fg_copy cyc
printf 'BQP,Bộ Quốc phòng,Ministry of Defence,2013-01-01,2025-01-01,BCA\nBCA,Bộ Công an,Ministry of Public Security,2013-01-01,2025-01-01,BQP\n' >>"$FG/cyc/agencies.csv"
run summary --input "$FG/cyc" --period 2024-02 --lang en
err_has "agencies.csv:8:61: error: [successor-cycle] successor: the successor of BQP leads back to it (BQP → BCA → BQP)"
# reported once a cycle
n=$(grep -c "successor-cycle" "$TMP/err"); [ "$n" = 1 ] && ok || bad "cycle told $n times"
# a chain into a merger is fine (BKHDT -> BTC)
CASE=roadmap_chain_ok; run summary --input "$D/agg" --period 2024-02 --lang en; lacks "successor-cycle"

# ---- the roadmap: no task ----------------------------------------------------
for cmd in summary validate report run; do
	CASE=roadmap_no_tasks_$cmd; fg_copy none
	head -1 "$D/agg/roadmap/tasks.csv" >"$FG/none/roadmap/tasks.csv"
	rm -f "$FG/none/roadmap/milestones.csv" "$FG/none/roadmap/indicators.csv"
	case $cmd in
	validate) run validate --input "$FG/none" --lang en "$FG/none/submissions/2024-02/BNG_t2.csv"; cat "$TMP/out" >>"$TMP/err" ;;
	*) run $cmd --input "$FG/none" --period 2024-02 --output "$FG/none-out" --lang en ;;
	esac
	rc_is 78
	err_has "$FG/none/roadmap/tasks.csv:1:1: error: [roadmap-empty] the roadmap has no task"
	if [ -e "$FG/none-out/2024-02" ]; then bad "$cmd wrote an output folder"; else ok; fi
done
CASE=roadmap_empty_file; fg_copy none
: >"$FG/none/roadmap/tasks.csv"
run summary --input "$FG/none" --period 2024-02 --lang en
rc_is 78
err_has "$FG/none/roadmap/tasks.csv:1:1: error: [source-error] this roadmap file is empty"
err_has "task_id,pillar,title_vi"
if grep -q "tiendo form\|report form" "$TMP/err"; then bad "the report form's hint for a roadmap"; else ok; fi

# ---- periods out of the supported range --------------------------------------
for p in 9999-12 0000-01 1899-12 3000-01; do
	CASE=period_range_$p
	run summary --input "$D/agg" --period $p
	rc_is 64
	err_has "the period '$p' is outside the months tiendo supports: give one from 1900-01 to 2999-12"
	run form --input "$D/agg" --agency BCT --period $p
	rc_is 64
	err_has "outside the months tiendo supports"
done
CASE=period_malformed; run summary --input "$D/agg" --period 2024-13
rc_is 64; err_has "the period '2024-13' is not a month written YYYY-MM"
CASE=as_of_range; run summary --input "$D/agg" --period 2024-02 --as-of 9999-02-01
rc_is 64; err_has "the date '9999-02-01' is outside the years tiendo supports"

# ---- civil times in the template's zone, whatever TZ says -------------------
# BNG's file of 2024-02, no receipt line: its modification time counts.
# 2024-03-05 20:00 UTC is 2024-03-06 03:00 in Hanoi: past the 5th, late.
fg_status() { # fg_status AGENCY: its compliance status for 2024-02
	python3 - "$TMP/out" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print([c["status"] + " " + (c.get("received_at") or "") for c in d["compliance"]
       if c["agency"] == sys.argv[2] and c["period"] == "2024-02"][0])
PY
}
fg_copy tz
grep -v '^BNG_t2.csv,' "$D/agg/submissions/2024-02/received.csv" >"$FG/tz/submissions/2024-02/received.csv"
touch -d '2024-03-05 20:00 UTC' "$FG/tz/submissions/2024-02/BNG_t2.csv"
for zone in UTC America/New_York Asia/Ho_Chi_Minh; do
	CASE="tz_mtime_$zone"
	TZ=$zone run summary --input "$FG/tz" --period 2024-02
	got=$(fg_status BNG)
	[ "$got" = "late 2024-03-06 03:00" ] && ok || bad "under TZ=$zone BNG is '$got'"
done
# the template's zone rules: under New York's clock the same file is on time
CASE=tz_template_zone
python3 - "$FG/tz-ny.json" <<'PY'
import json, sys
t = json.load(open("templates/report.json"))
t["settings"]["time_zone"] = "America/New_York"
json.dump(t, open(sys.argv[1], "w"), ensure_ascii=False)
PY
TZ=Asia/Ho_Chi_Minh run summary --input "$FG/tz" --period 2024-02 --template "$FG/tz-ny.json"
got=$(fg_status BNG)
[ "$got" = "on_time 2024-03-05 15:00" ] && ok || bad "in New York's zone BNG is '$got'"
CASE=tz_unknown_zone
sed 's|"time_zone": "Asia/Ho_Chi_Minh"|"time_zone": "Asia/Hanoi"|' templates/report.json >"$FG/tz-bad.json"
run summary --input "$FG/tz" --period 2024-02 --template "$FG/tz-bad.json"
rc_is 78; err_has "tz-bad.json: settings"; err_has "time_zone"
run validate --input "$FG/tz" --template "$FG/tz-bad.json" "$FG/tz/submissions/2024-02/BNG_t2.csv"
rc_is 78; err_has "time_zone"

# letters dated by SOURCE_DATE_EPOCH: 2024-03-10 20:00 UTC is the 11th in Hanoi
if command -v pdftotext >/dev/null; then
	for zone in UTC America/New_York; do
		CASE="tz_letter_date_$zone"
		rm -rf "$FG/tz-out"
		TZ=$zone SOURCE_DATE_EPOCH=$(date -d '2024-03-10 20:00 UTC' +%s) \
			run run --input "$FG/tz" --period 2024-02 --output "$FG/tz-out"
		l=$(ls "$FG/tz-out/2024-02/letters/"*.pdf 2>/dev/null | head -1)
		if [ -n "$l" ] && pdftotext "$l" - | tr '\n' ' ' | grep -q "Hà Nội, ngày 11 tháng 0\?3 năm 2024"; then ok; else bad "letter not dated 11/03/2024 in Hanoi under TZ=$zone ($l)"; fi
	done
fi

# ---- a file answers for its own agency ------------------------------------------
# VCCI_extra.csv holds a BCT row "completed 100" dated 2030: it must not
# override BCT's own figure
CASE=agency_other_rows
fg_copy ag
printf 'VCCI,Phòng Thương mại và Công nghiệp Việt Nam,Vietnam Chamber of Commerce and Industry,2013-01-01,,\n' >>"$FG/ag/agencies.csv"
{ head -1 "$D/agg/submissions/2024-02/BCT_t2a.csv"
  echo '2024-02,BCT,BCT-ECO-001,completed,100,2030-01-01,,,,Lê Văn Tâm,tam@vcci.com.vn,'
} >"$FG/ag/submissions/2024-02/VCCI_extra.csv"
echo 'VCCI_extra.csv,2024-03-05 16:00' >>"$FG/ag/submissions/2024-02/received.csv"
run summary --input "$FG/ag" --period 2024-02 --lang en
rc_is 1
python3 - "$TMP/out" <<'PY' && ok || bad "BCT's figure overridden by VCCI's file"
import json, sys
d = json.load(open(sys.argv[1]))
t = [t for t in d["tasks"] if t["task_id"] == "BCT-ECO-001"][0]
assert t["actual_percent"] == 45 and t["status"] == "in_progress", t
PY
run validate --input "$FG/ag" --lang en "$FG/ag/submissions/2024-02/VCCI_extra.csv"
rc_is 1
diag "$FG/ag/submissions/2024-02/VCCI_extra.csv" 2 9 error agency-mismatch
diag "$FG/ag/submissions/2024-02/VCCI_extra.csv" 2 39 error report-date-future
has "the agency code BCT is not VCCI, the agency in the file's name"
has "the report date 2030-01-01 is after the day the file was received (2024-03-05)"

# the agency in received.csv rules over the name and the rows
CASE=agency_from_log
fg_copy lg
{ head -1 "$D/agg/submissions/2024-02/BNG_t2.csv"
  echo '2024-02,BNG,BNG-POL-001,in_progress,20,2024-03-01,,,,Nguyễn Thu Hương,huong.nt@mofa.gov.vn,'
} >"$FG/lg/submissions/2024-02/baocao.csv"
printf 'file,received_at,agency,sha256\nbaocao.csv,2024-03-02 09:00,BTP,\n' >"$FG/lg/submissions/2024-02/received.csv"
run validate --input "$FG/lg" --lang en "$FG/lg/submissions/2024-02/baocao.csv"
rc_is 1
diag "$FG/lg/submissions/2024-02/baocao.csv" 2 9 error agency-mismatch
has "the agency code BNG is not BTP, who sent the file according to received.csv"
run validate --input "$FG/lg" --lang en "$FG/lg/submissions/2024-02/received.csv"
rc_is 0
printf 'file,received_at,agency\nbaocao.csv,2024-03-02 09:00,XYZ\n' >"$FG/lg/submissions/2024-02/received.csv"
run validate --input "$FG/lg" --lang en "$FG/lg/submissions/2024-02/received.csv"
rc_is 1; diag "$FG/lg/submissions/2024-02/received.csv" 2 29 error foreign-key-error

# a template may allow rows of other agencies: a warning, the row counts
CASE=agency_other_allowed
python3 - "$FG/allow.json" <<'PY'
import json, sys
t = json.load(open("templates/report.json"))
t["settings"]["allow_other_agency_rows"] = True
json.dump(t, open(sys.argv[1], "w"), ensure_ascii=False)
PY
fg_copy al
{ head -1 "$D/agg/submissions/2024-02/BCT_t2a.csv"
  echo '2024-02,BCT,BCT-ECO-001,in_progress,60,2024-03-04,,,,Lê Văn Tâm,tam@moit.gov.vn,'
} >"$FG/al/submissions/2024-02/BTC_extra.csv"
echo 'BTC_extra.csv,2024-03-05 16:00' >>"$FG/al/submissions/2024-02/received.csv"
run summary --input "$FG/al" --period 2024-02 --lang en --template "$FG/allow.json"
python3 - "$TMP/out" <<'PY' && ok || bad "an allowed row did not count"
import json, sys
d = json.load(open(sys.argv[1]))
t = [t for t in d["tasks"] if t["task_id"] == "BCT-ECO-001"][0]
assert t["actual_percent"] == 60, t
PY
run validate --input "$FG/al" --lang en --template "$FG/allow.json" "$FG/al/submissions/2024-02/BTC_extra.csv"
rc_is 0; diag "$FG/al/submissions/2024-02/BTC_extra.csv" 2 9 warning agency-mismatch

# a file of no named agency: the first row's, as before; others are errors
CASE=agency_first_row
{ head -1 "$D/agg/submissions/2024-02/BCT_t2a.csv"
  echo '2024-02,BCT,BCT-ECO-001,in_progress,30,2024-03-03,,,,An,an@moit.gov.vn,'
  echo '2024-02,BNG,BNG-POL-001,in_progress,30,2024-03-03,,,,An,an@moit.gov.vn,'
} >"$FG/baocao.csv"
touch -d '2024-03-04 10:00' "$FG/baocao.csv"
run validate --input "$D/agg" --lang en "$FG/baocao.csv"
rc_is 1; diag "$FG/baocao.csv" 3 9 error agency-mismatch

# ---- report dates after the day received -----------------------------------------
CASE=report_date_mtime
{ head -1 "$D/agg/submissions/2024-02/BCT_t2a.csv"
  echo '2024-02,BCT,BCT-ECO-001,in_progress,30,2024-03-03,,,,An,an@moit.gov.vn,'
  echo '2024-02,BCT,BCT-ECO-002,in_progress,30,05/03/2024,,,,An,an@moit.gov.vn,'
} >"$FG/BCT_date.csv"
# 2024-03-03 20:00 UTC is already the 4th in Hanoi: 05/03 is after it
TZ=UTC touch -d '2024-03-03 20:00 UTC' "$FG/BCT_date.csv"
TZ=UTC run validate --input "$D/agg" --lang en "$FG/BCT_date.csv"
rc_is 1
diag "$FG/BCT_date.csv" 3 40 error report-date-future
has "(2024-03-04)"
count_is "report-date-future" 1

# ---- received.csv: one rule in validate and run ---------------------------------
CASE=received_times
fg_copy rc
printf 'file,received_at\nBNG_t2.csv,2024-02-30 10:00\nBCT_t2a.csv,2024-13-45 99:99\nBCT_t2b.csv,2024-03-04 24:00\nBYT_t2.csv,2024-03-02 10:00\n' >"$FG/rc/submissions/2024-02/received.csv"
run validate --input "$FG/rc" --lang en "$FG/rc/submissions/2024-02/received.csv"
rc_is 1
for lc in 2:12 3:13 4:13; do diag "$FG/rc/submissions/2024-02/received.csv" ${lc%:*} ${lc#*:} error type-error; done
has '"2024-02-30 10:00" is not a real time'
lacks "received.csv:5:"
run summary --input "$FG/rc" --period 2024-02 --lang en
for lc in 2:12 3:13 4:13; do err_has "received.csv:$lc: error: [type-error]"; done

# ---- agency codes of up to 8 characters ----------------------------------------------
CASE=agency_code_8
fg_copy long
printf 'BVHTTDL,Bộ Văn hóa Thể thao và Du lịch,Ministry of Culture Sports and Tourism,2013-01-01,,\nUBDTMNVN,Ủy ban Dân tộc,Committee for Ethnic Minority Affairs,2013-01-01,,\n' >>"$FG/long/agencies.csv"
printf 'BVHTTDL-CUL-001,CUL,Quảng bá văn hóa,Promote culture,BVHTTDL,UBDTMNVN,2024-01-01,2024-12-31,1,22-NQ/TW\nUBDTMNVN-LOC-001,LOC,Hội nhập vùng dân tộc,Integration of ethnic regions,UBDTMNVN,,2024-01-01,2024-12-31,1,22-NQ/TW\n' >>"$FG/long/roadmap/tasks.csv"
{ head -1 "$D/agg/submissions/2024-02/BCT_t2a.csv"
  echo '2024-02,UBDTMNVN,UBDTMNVN-LOC-001,in_progress,20,2024-03-02,,,,Hà,ha@cema.gov.vn,'
  echo '2024-02,UBDTMNVN,BVHTTDL-CUL-001,in_progress,10,2024-03-02,,,,Hà,ha@cema.gov.vn,'
} >"$FG/long/submissions/2024-02/UBDTMNVN_t2.csv"
echo 'UBDTMNVN_t2.csv,2024-03-02 10:00,UBDTMNVN' >"$FG/long/rc.tmp"
{ echo 'file,received_at,agency'; tail -n +2 "$D/agg/submissions/2024-02/received.csv" | sed 's/$/,/'; cat "$FG/long/rc.tmp"; } >"$FG/long/submissions/2024-02/received.csv"
rm "$FG/long/rc.tmp"
run validate --input "$FG/long" --lang en --format json "$FG/long/submissions/2024-02/UBDTMNVN_t2.csv" "$FG/long/submissions/2024-02/received.csv"
rc_is 0
python3 - "$TMP/out" <<'PY' && ok || bad "an 8-character agency not read"
import json, sys
d = json.load(open(sys.argv[1]))
f = d["files"][0]
assert f["agency"] == "UBDTMNVN" and f["accepted"] == 2, f
PY
run summary --input "$FG/long" --period 2024-02
python3 - "$TMP/out" <<'PY' && ok || bad "an 8-character agency not in the summary"
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["compliance"] if c["agency"] == "UBDTMNVN" and c["period"] == "2024-02"][0]
assert c["status"] == "on_time" and c["rows_accepted"] == 2, c
PY
run form --input "$FG/long" --agency UBDTMNVN --period 2024-03
rc_is 0; has "UBDTMNVN-LOC-001"; has "BVHTTDL-CUL-001"

# ---- validate compares with the months before as a run reads them ----------------
# 2024-01 holds a BTC-named file with a BCT row at 90 %: by default it is
# rejected and BCT's 30 % of 2024-02 falls from nothing; allowed by the
# template, it counts and 30 % is a decrease
CASE=history_as_a_run
fg_copy hi
{ head -1 "$D/agg/submissions/2024-01/BCT_t1.csv"
  echo '2024-01,BCT,BCT-ECO-001,in_progress,90,2024-02-06,,,,An,an@moit.gov.vn,'
} >"$FG/hi/submissions/2024-01/BTC_x.csv"
echo 'BTC_x.csv,2024-02-08 09:00' >>"$FG/hi/submissions/2024-01/received.csv"
run validate --input "$FG/hi" --lang en "$FG/hi/submissions/2024-02/BCT_t2a.csv"
rc_is 0; lacks "percent-decrease"
run validate --input "$FG/hi" --lang en --template "$FG/allow.json" "$FG/hi/submissions/2024-02/BCT_t2a.csv"
rc_is 0; has "warning: [percent-decrease]"

# ---- a whole run is the same file for file under any TZ ----------------------------
CASE=tz_run_identical
rm -rf "$FG/tz-a" "$FG/tz-b"
TZ=UTC SOURCE_DATE_EPOCH=1710100800 run run --input "$FG/tz" --period 2024-02 --output "$FG/tz-a"
TZ=Pacific/Kiritimati SOURCE_DATE_EPOCH=1710100800 run run --input "$FG/tz" --period 2024-02 --output "$FG/tz-b"
if diff -r "$FG/tz-a" "$FG/tz-b" >/dev/null; then ok; else bad "the run's files differ between TZ=UTC and TZ=Pacific/Kiritimati"; fi

# ---- inside a file too: a year out of range says the range ---------------------------
CASE=cell_out_of_range
{ head -1 "$D/agg/submissions/2024-02/BCT_t2a.csv"
  echo '9999-12,BCT,BCT-ECO-001,in_progress,45,9999-11-03,,,,An,an@moit.gov.vn,'
  echo '2024-02,BCT,BCT-ECO-002,in_progress,45,03/11/0000,,,,An,an@moit.gov.vn,'
  echo '2024-13,BCT,BCT-ECO-003,in_progress,45,2024-02-30,,,,An,an@moit.gov.vn,'
} >"$FG/far.csv"
run validate --input "$D/agg" --lang en "$FG/far.csv"
rc_is 1
has 'far.csv:2:1: error: [type-error] period: "9999-12" is outside the months tiendo reads (1900-01 to 2999-12)'
has 'far.csv:2:40: error: [type-error] report_date: "9999-11-03" is outside the years tiendo reads (1900 to 2999)'
has 'far.csv:3:40: error: [type-error] report_date: "03/11/0000" is outside the years'
has 'far.csv:4:1: error: [type-error] period: "2024-13" is not a month'
has 'far.csv:4:40: error: [type-error] report_date: "2024-02-30" is not a real date'

# a roadmap file missing a column: no report form's hint either
CASE=roadmap_missing_label; fg_copy ml
cut -d, -f1-4,6-10 "$D/agg/roadmap/tasks.csv" >"$FG/ml/roadmap/tasks.csv"
run summary --input "$FG/ml" --period 2024-02 --lang en
rc_is 78
err_has 'roadmap/tasks.csv:1:93: error: [missing-label] lead_agency: the required column "lead_agency" is missing from the header line of this roadmap file (its columns: task_id,pillar,'
if grep -q "tiendo form" "$TMP/err"; then bad "the report form's hint for a roadmap"; else ok; fi
