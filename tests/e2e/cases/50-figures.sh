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
