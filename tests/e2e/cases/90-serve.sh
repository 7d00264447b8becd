# shellcheck shell=bash
# The intake service (SPEC "Intake on arrival", README "The intake
# service"): the real server on a free loopback port, talked to with curl
# and python3 sockets, stopped at the end whatever happens.
SV=$TMP/serve
SD=$D/serve
rm -rf "$SV"
mkdir -p "$SV"
cp -r "$IN" "$SV/in"
cp -r templates "$SV/tpl"
# the page is the web helper's; until it lands, a placeholder of our own
[ -e "$SV/tpl/intake/index.html" ] || {
	mkdir -p "$SV/tpl/intake"
	cp "$SD/index.html" "$SV/tpl/intake/index.html"
}
SRV_PID=
trap 'if [ -n "$SRV_PID" ]; then kill -9 "$SRV_PID" 2>/dev/null; fi; rm -rf "$TMP"' EXIT

start_server() { # start_server ARGS...: SRV_PID, PORT, U
	rm -f "$SV/port"
	TIENDO_TEMPLATES=$SV/tpl "$T" serve --input "$SV/in" --listen 127.0.0.1:0 \
		--port-file "$SV/port" "$@" >"$SV/server.log" 2>&1 &
	SRV_PID=$!
	for _ in $(seq 100); do
		[ -s "$SV/port" ] && break
		kill -0 "$SRV_PID" 2>/dev/null || break
		sleep 0.1
	done
	PORT=$(cat "$SV/port" 2>/dev/null)
	U=http://127.0.0.1:$PORT
}
stop_server() { # SIGTERM, and it must stop cleanly
	local rc
	kill -TERM "$SRV_PID" 2>/dev/null
	wait "$SRV_PID" 2>/dev/null
	rc=$?
	SRV_PID=
	# under ASan/UBSan the server runs clean, leaks included
	if grep -qE 'Sanitizer|runtime error' "$SV/server.log"; then
		bad "sanitizer: $(grep -m3 -E 'Sanitizer|runtime error|#[0-9] ' "$SV/server.log")"
		rc=1
	fi
	return $rc
}
# call METHOD PATH [CURL ARGS...]: CODE, and the body in $TMP/out
call() {
	local m=$1 p=$2
	shift 2
	CODE=$(curl -s -m 20 -o "$TMP/out" -D "$TMP/headers" -w '%{http_code}' -X "$m" \
		"$@" "$U$p")
}
code_is() { if [ "$CODE" = "$1" ]; then ok; else bad "HTTP $CODE, expected $1"; fi; }
json() { # json EXPR: a python expression on the answer's JSON, printed
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$TMP/out"
}
json_is() { # json_is EXPR VALUE
	local v
	v=$(json "$1" 2>&1)
	if [ "$v" = "$2" ]; then ok; else bad "$1 is '$v', expected '$2'"; fi
}
header_has() { if grep -qiF -- "$1" "$TMP/headers"; then ok; else bad "no header '$1'"; fi; }
month=$SV/in/submissions/2023-11
files_in() { find "$month" -maxdepth 1 -type f -name '*.csv' ! -name received.csv 2>/dev/null | wc -l; }
log_lines() { if [ -f "$month/received.csv" ]; then wc -l <"$month/received.csv"; else echo 0; fi; }

runt() { # run, but a server that does start is stopped after 5 s
	timeout -s KILL 5 "$T" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

BCT=$("$T" token add BCT --input "$SV/in" 2>/dev/null)
BNG=$("$T" token add BNG --input "$SV/in" 2>/dev/null)
BTP=$("$T" token add BTP --input "$SV/in" 2>/dev/null)
ADM=$("$T" token add --admin secretariat --input "$SV/in" 2>/dev/null)
AB=(-H "Authorization: Bearer $BCT")

CASE=serve_refuses_a_tokens_file_others_read
chmod 644 "$SV/in/.tokens"
runt serve --input "$SV/in" --listen 127.0.0.1:0
rc_is 78
err_has "chmod 600"
chmod 600 "$SV/in/.tokens"

CASE=serve_cannot_listen_is_69
start_server
runt serve --input "$SV/in" --listen "127.0.0.1:$PORT"
rc_is 69
err_has "cannot listen on '127.0.0.1:$PORT'"
runt serve --input "$SV/in" --listen "nowhere"
rc_is 64

CASE=serve_page_and_headers
call GET /
code_is 200
header_has "Content-Security-Policy: default-src 'none'; script-src 'self'"
header_has "X-Content-Type-Options: nosniff"
header_has "X-Frame-Options: DENY"
header_has "Referrer-Policy: no-referrer"
header_has "Cache-Control: no-store"
header_has "Content-Type: text/html; charset=utf-8"
call GET /static/nothing.js
code_is 404
call GET /static/../../in/.tokens
code_is 404

CASE=serve_check_is_validate
call POST "/api/check?period=2023-10&lang=en" "${AB[@]}" \
	--data-binary "@$IN/submissions/2023-10/BCT_t10.csv"
code_is 200
json_is 'd["files"][0]["errors"]' 21
json_is 'd["files"][0]["problems"][1]["line"], d["files"][0]["problems"][1]["column"], d["files"][0]["problems"][1]["code"]' "5 37 type-error"
json_is '[p["code"] for p in d["files"][0]["problems"] if p["line"] == 23]' "['agency-mismatch']"
header_has "Content-Type: application/json"
[ "$(files_in)" = 0 ] && [ ! -e "$month" ] && ok || bad "check stored something"
call POST "/api/check?period=2023-11" "${AB[@]}" --data-binary "@$SD/good-2023-11.csv"
json_is 'd["files"][0]["status"], d["files"][0]["accepted"]' "valid 1"
json_is 'd["files"][0]["problems"]' "[]"

CASE=serve_submit_stores_and_logs
call POST "/api/submit?period=2023-11" "${AB[@]}" --data-binary "@$SD/good-2023-11.csv"
code_is 201
json_is 'd["agency"], d["period"], d["status"], d["rows"], d["accepted"], d["rejected"]' "BCT 2023-11 accepted 1 1 0"
F1=$(json 'd["file"]')
if printf '%s' "$F1" | grep -qE '^BCT-2023-11-[0-9]{8}T[0-9]{6}\.csv$'; then ok; else bad "stored name $F1"; fi
S1=$(json 'd["sha256"]')
[ "$S1" = "$(sha256sum <"$SD/good-2023-11.csv" | cut -c1-64)" ] && ok || bad "sha256 $S1"
cmp -s "$month/$F1" "$SD/good-2023-11.csv" && ok || bad "stored file differs"
[ "$(head -1 "$month/received.csv")" = "file,received_at,agency,sha256" ] && ok || bad "log header"
grep -qE "^$F1,[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},BCT,$S1\$" "$month/received.csv" &&
	ok || bad "no log line: $(cat "$month/received.csv")"
AT=$(json 'd["received_at"]')
grep -qF "$F1,$AT,BCT" "$month/received.csv" && ok || bad "received_at $AT not logged"

CASE=serve_wrong_agency_rows_are_errors
call POST "/api/submit?period=2023-11&lang=en" -H "Authorization: Bearer $BNG" \
	--data-binary "@$SD/good-2023-11.csv"
code_is 201
json_is 'd["agency"], d["status"], d["accepted"], d["errors"]' "BNG rejected 0 1"
json_is '[p["code"] for p in d["problems"]]' "['agency-mismatch']"
json_is '"who sent the file (by its token)" in d["problems"][0]["message"]' True
FB=$(json 'd["file"]')
case $FB in BNG-2023-11-*) ok ;; *) bad "BNG's file named $FB" ;; esac

CASE=serve_form_status_problems
call GET "/api/form?period=2023-11" "${AB[@]}"
code_is 200
header_has 'Content-Disposition: attachment; filename="BCT-2023-11-form.csv"'
header_has "Content-Type: text/csv"
grep -q '^2023-11,BCT,BCT-ECO-001,' "$TMP/out" && ok || bad "form lacks BCT-ECO-001"
call GET "/api/status?period=2023-11&lang=en" "${AB[@]}"
code_is 200
json_is '[(r["agency"], r["files"], r["name"]) for r in d["compliance"]]' "[('BCT', 1, 'Ministry of Industry and Trade')]"
json_is '[(f["file"], f["agency"], f["sha256"]) for f in d["files"]]' "[('$F1', 'BCT', '$S1')]"
call GET "/api/status?period=2023-11" -H "Authorization: Bearer $ADM"
json_is 'sorted(r["agency"] for r in d["compliance"])' "['BCT', 'BKHDT', 'BNG', 'BTP']"
json_is 'len(d["files"])' 2
call GET "/api/problems?period=2023-11&file=$FB" -H "Authorization: Bearer $ADM"
code_is 200
json_is 'd["files"][0]["file"], d["files"][0]["problems"][0]["code"]' "$FB agency-mismatch"
call GET "/api/problems?period=2023-11&file=$FB" "${AB[@]}"
code_is 403
call GET "/api/problems?period=2023-11&file=$F1" "${AB[@]}"
code_is 200
call GET "/api/problems?period=2023-11&file=..%2Fin%2F.tokens" "${AB[@]}"
code_is 400
call GET "/api/problems?period=2023-11&file=NONE.csv" "${AB[@]}"
code_is 404
json_is 'd["error"]' no-file
# what is missing is named, and what to give
call GET "/api/problems?period=2023-11&lang=en" "${AB[@]}"
code_is 400
json_is 'd["message"]' "the file name is missing: give file=NAME, the name of a file in the month's list of files received"
call GET "/api/form?period=2023-11&lang=en" -H "Authorization: Bearer $ADM"
code_is 400
json_is 'd["message"]' "an admin token must name the agency: add agency=CODE (e.g. agency=BCT)"
call GET "/api/form?period=2023-11&agency=BTP" -H "Authorization: Bearer $ADM"
code_is 200
call GET "/api/form?period=2023-11&agency=BNG&lang=en" "${AB[@]}"
code_is 403
json_is 'd["message"]' "this token is BCT's: it cannot take the form of BNG"
call GET "/api/form?period=2023-11&agency=bct" "${AB[@]}"
code_is 200
call POST "/api/submit" "${AB[@]}" --data-binary x
code_is 400
json_is 'd["message"]' "thiếu kỳ báo cáo: hãy ghi period=YYYY-MM (ví dụ period=2023-11)"
# the name a page gives its file: one plain name, or 400
for n in '..%2F..%2Fetc%2Fpasswd' 'a%2Fb.csv' '.hidden' '%0A.csv' "$(printf 'x%.0s' $(seq 201))"; do
	call POST "/api/check?period=2023-11&name=$n" "${AB[@]}" --data-binary "@$SD/good-2023-11.csv"
	code_is 400
	json_is 'd["error"]' bad-name
done
call POST "/api/check?period=2023-11&name=B%C3%A1o%20c%C3%A1o%20T11.csv" "${AB[@]}" --data-binary "@$SD/good-2023-11.csv"
code_is 200
json_is 'd["files"][0]["file"]' "Báo cáo T11.csv"

CASE=serve_script_in_a_cell_is_data
call POST "/api/check?period=2023-11" "${AB[@]}" --data-binary "@$SD/script-2023-11.csv"
json_is '[p["value"] for p in d["files"][0]["problems"] if p["field"] == "contact_email"]' "['<script>alert(1)</script>']"
header_has "Content-Type: application/json"
header_has "X-Content-Type-Options: nosniff"
header_has "script-src 'self'"

CASE=serve_every_error_status
call POST /api/check --data-binary x
code_is 401
json_is 'd["error"]' no-token
call POST "/api/check?lang=en" -H "Authorization: Bearer 00ff" --data-binary x
code_is 401
json_is 'd["message"].startswith("the token is wrong")' True
call GET /api/check "${AB[@]}"
code_is 405
call GET /api/nothing "${AB[@]}"
code_is 404
call POST "/api/submit?period=2023-13" "${AB[@]}" --data-binary x
code_is 400
json_is 'd["error"]' bad-period
call POST "/api/submit?period=2099-01" "${AB[@]}" --data-binary x
code_is 400
call POST "/api/submit?period=2023-11" -H "Authorization: Bearer $ADM" --data-binary x
code_is 403
n0=$(files_in)
head -c $((10 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$SV/big.csv"
call POST "/api/submit?period=2023-11" "${AB[@]}" --data-binary "@$SV/big.csv"
code_is 413
json_is 'd["error"]' too-large
json_is '"giới hạn 10 MB" in d["message"] and "--max-upload" not in d["message"]' True
[ "$(files_in)" = "$n0" ] && ok || bad "an oversize body was stored"
# without Content-Length the count stops it: the body is thrown away as
# it comes, and the answer is the same 413
call POST "/api/submit?period=2023-11" "${AB[@]}" -H "Transfer-Encoding: chunked" \
	--data-binary "@$SV/big.csv"
code_is 413
json_is 'd["error"]' too-large
[ "$(files_in)" = "$n0" ] && ok || bad "an oversize chunked body was stored"
# an endless one is cut off after four times the limit, nothing stored
head -c $((50 * 1024 * 1024)) /dev/zero | tr '\0' 'a' |
	curl -s -o /dev/null -H "Authorization: Bearer $BCT" \
	-H "Transfer-Encoding: chunked" --data-binary @- \
	"$U/api/submit?period=2023-11" && bad "a 50 MB chunked body was read to its end" || ok
[ "$(files_in)" = "$n0" ] && ok || bad "an endless chunked body was stored"
ls -a "$month" | grep -q '^\.intake-' && bad "a temp was left" || ok

CASE=serve_sessions_and_csrf
CODE=$(curl -s -o /dev/null -D "$TMP/headers" -w '%{http_code}' --data "token=$BCT&lang=en" "$U/login")
code_is 303
header_has "Location: /?lang=en"
header_has "HttpOnly; SameSite=Strict; Path=/"
SID=$(sed -n 's/^Set-Cookie: tiendo_session=\([0-9a-f]*\);.*/\1/ip' "$TMP/headers" | tr -d '\r')
[ ${#SID} = 64 ] && ok || bad "session id '$SID'"
call GET "/api/session?lang=en" -b "tiendo_session=$SID"
code_is 200
json_is 'd["agency"], d["name"], d["admin"]' "BCT Ministry of Industry and Trade False"
CSRF=$(json 'd["csrf"]')
call POST "/api/check?period=2023-11" -b "tiendo_session=$SID" --data-binary "@$SD/good-2023-11.csv"
code_is 403
json_is 'd["error"]' csrf
call POST "/api/check?period=2023-11" -b "tiendo_session=$SID" -H "X-CSRF-Token: $CSRF" \
	--data-binary "@$SD/good-2023-11.csv"
code_is 200
CODE=$(curl -s -o /dev/null -D "$TMP/headers" -w '%{http_code}' --data "token=nope" "$U/login")
header_has "Location: /?login=failed&lang=vi"
grep -qi '^Set-Cookie' "$TMP/headers" && bad "a cookie for a bad token" || ok
call POST /logout -b "tiendo_session=$SID" --data "csrf=wrong"
code_is 403
call POST /logout -b "tiendo_session=$SID" --data "csrf=$CSRF&lang=en"
code_is 303
header_has "Max-Age=0"
call GET /api/session -b "tiendo_session=$SID"
code_is 401
call GET /api/session -H "Authorization: Bearer $ADM"
json_is 'd["agency"], d["admin"], d["csrf"]' "None True "

CASE=serve_sighup_reads_tokens_again
"$T" token revoke BTP --input "$SV/in" 2>/dev/null
call GET /api/session -H "Authorization: Bearer $BTP"
code_is 200
kill -HUP "$SRV_PID"
sleep 0.3
call GET /api/session -H "Authorization: Bearer $BTP"
code_is 401

CASE=serve_50_at_once
n0=$(files_in)
l0=$(log_lines)
pids=
for i in $(seq 50); do
	curl -s -o "$SV/c$i.json" -w '%{http_code}\n' -H "Authorization: Bearer $BCT" \
		--data-binary "@$SD/good-2023-11.csv" "$U/api/submit?period=2023-11" >"$SV/c$i.code" &
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids  # not the server
[ "$(cat "$SV"/c*.code | sort | uniq -c | tr -s ' ')" = " 50 201" ] && ok ||
	bad "answers: $(cat "$SV"/c*.code | sort | uniq -c)"
[ "$(files_in)" = $((n0 + 50)) ] && ok || bad "$(files_in) files, expected $((n0 + 50))"
[ "$(log_lines)" = $((l0 + 50)) ] && ok || bad "$(log_lines) log lines, expected $((l0 + 50))"
[ "$(cut -d, -f1 "$month/received.csv" | sort | uniq -d)" = "" ] && ok || bad "a name logged twice"
awk -F, 'NR > 1 && NF != 4 { bad = 1 } END { exit bad }' "$month/received.csv" && ok || bad "a broken log line"

CASE=serve_slow_client_is_cut_off
stop_server && ok || bad "SIGTERM: the server did not stop cleanly"
start_server --request-timeout 3 --idle-timeout 20
w=$(python3 "$SD/slow.py" "$PORT" 15)
if [ "$w" != open ] && [ "$w" -le 6 ]; then ok; else bad "a slow client held on for $w s"; fi

CASE=serve_per_ip_limit
stop_server
start_server --max-per-ip 3
k=$(python3 "$SD/perip.py" "$PORT" 6)
[ "$k" = 3 ] && ok || bad "$k connections kept from one address, limit 3"

CASE=serve_rate_limit_429
stop_server
start_server --rate 3
for i in 1 2 3 4 5; do call GET "/api/session?lang=en" "${AB[@]}"; done
code_is 429
json_is 'd["error"]' rate
header_has "Retry-After"
call GET "/api/session" -H "Authorization: Bearer $ADM"
code_is 200

CASE=serve_memory_budget_503
stop_server
start_server --max-memory 100
call POST "/api/check?period=2023-11&lang=en" "${AB[@]}" --data-binary "@$SD/good-2023-11.csv"
code_is 503
json_is 'd["error"]' busy
header_has "Retry-After"
call GET "/api/session" "${AB[@]}"
code_is 200

CASE=serve_kill_9_mid_upload_stores_nothing
stop_server
start_server
n0=$(files_in)
l0=$(log_lines)
cp "$month/received.csv" "$SV/log.before"
python3 "$SD/half.py" "$PORT" "$BCT" "$IN/submissions/2023-10/BCT_t10.csv" >"$SV/half.out" &
HP=$!
for _ in $(seq 50); do grep -q sent "$SV/half.out" && break; sleep 0.1; done
sleep 0.3
kill -9 "$SRV_PID"
wait "$SRV_PID" 2>/dev/null
SRV_PID=
kill "$HP" 2>/dev/null
wait "$HP" 2>/dev/null
[ "$(files_in)" = "$n0" ] && ok || bad "a half upload was stored"
cmp -s "$month/received.csv" "$SV/log.before" && ok || bad "received.csv changed"
# what a server killed while storing leaves is swept at the next start
echo half >"$month/.intake-AbC123"
echo whole >"$month/BCT-2023-11-20231201T101010.csv"
start_server
[ -e "$month/.intake-AbC123" ] && bad "a temp survived the start" || ok
[ -e "$month/BCT-2023-11-20231201T101010.csv" ] && bad "an unlogged stored name survived" || ok
grep -qF "removed 2 files" "$SV/server.log" && ok || bad "log: $(cat "$SV/server.log")"
grep -qF "removed '$month/BCT-2023-11-20231201T101010.csv'" "$SV/server.log" && ok ||
	bad "the log does not name the file removed: $(cat "$SV/server.log")"
call GET /api/session "${AB[@]}"
code_is 200

CASE=serve_the_run_reads_what_intake_stored
stop_server
run summary --period 2023-11 --input "$SV/in" --date 2023-12-20
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c={r["agency"]:r for r in d["compliance"] if r["period"]=="2023-11"}; print(c["BCT"]["files"], c["BCT"]["status"], c["BNG"]["status"])' "$TMP/out" >"$TMP/v" 2>&1
[ "$(cat "$TMP/v")" = "51 late rejected" ] && ok || bad "summary: $(cat "$TMP/v")"
run run --period 2023-11 --input "$SV/in" --output "$SV/out" --date 2023-12-20
[ "$RC" = 0 ] || [ "$RC" = 1 ] && ok || bad "run exit $RC"
[ -d "$SV/out/2023-11" ] && ok || bad "run wrote no month"
err_has "run 2023-11: 52 files"

CASE=serve_tls
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$SV/key.pem" -out "$SV/cert.pem" \
		-days 2 -subj /CN=localhost >/dev/null 2>&1
	start_server --tls-cert "$SV/cert.pem" --tls-key "$SV/key.pem"
	U=https://127.0.0.1:$PORT
	call GET / -k
	code_is 200
	CODE=$(curl -sk -o /dev/null -D "$TMP/headers" -w '%{http_code}' --data "token=$BCT" "$U/login")
	header_has "SameSite=Strict; Path=/; Secure"
	stop_server && ok || bad "the TLS server did not stop cleanly"
	runt serve --input "$SV/in" --listen 127.0.0.1:0 --tls-cert "$SV/cert.pem" --tls-key "$SV/none.pem"
	rc_is 66
fi

# Intake and the monthly reading at once: each file is seen with its line
# in received.csv or not at all (never "receipt-missing"), and the log stays
# one line per file. The month's lock file is removed first, so that the
# first store makes it while a reader may be under way without it.
CASE=serve_intake_while_the_month_is_read
start_server --rate 100000
rm -f "$month/.intake.lock"
n0=$(files_in)
(
	for i in $(seq 30); do
		curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $BCT" \
			--data-binary "@$SD/good-2023-11.csv" "$U/api/submit?period=2023-11"
	done
) >"$SV/conc.codes" &
SUBS=$!
reads=0 seen=
while kill -0 "$SUBS" 2>/dev/null || [ $reads -lt 3 ]; do
	"$T" summary --period 2023-11 --input "$SV/in" --date 2023-12-20 \
		>"$SV/conc.json" 2>"$SV/conc.err"
	rc=$?
	reads=$((reads + 1))
	if [ $rc -gt 1 ] || grep -q 'receipt-missing' "$SV/conc.err"; then
		seen="rc $rc: $(grep -m2 -E 'receipt|error' "$SV/conc.err")"
		break
	fi
done
wait "$SUBS"
[ -z "$seen" ] && ok || bad "a read during intake: $seen"
[ "$(sort "$SV/conc.codes" | uniq -c | tr -s ' ')" = " 30 201" ] && ok ||
	bad "answers: $(sort "$SV/conc.codes" | uniq -c)"
[ "$(files_in)" = $((n0 + 30)) ] && ok || bad "$(files_in) files, expected $((n0 + 30))"
[ "$(cut -d, -f1 "$month/received.csv" | sort | uniq -d)" = "" ] && ok || bad "a name logged twice"
echo "$reads reads during 30 submissions" >&2
stop_server && ok || bad "the server did not stop cleanly"

# The same lock on both sides, seen from outside with flock(1): a reader
# waits while the month is locked for storing, a store waits while the
# month is being read.
CASE=serve_run_and_intake_share_the_month_lock
start_server --rate 100000
flock -x "$month/.intake.lock" sleep 2 &
HOLD=$!
sleep 0.3
t0=$(date +%s%N)
"$T" summary --period 2023-11 --input "$SV/in" --date 2023-12-20 >/dev/null 2>&1
waited=$((($(date +%s%N) - t0) / 1000000))
wait "$HOLD"
[ "$waited" -ge 1000 ] && ok || bad "summary read a month locked for storing (took $waited ms)"
flock -s "$month/.intake.lock" sleep 2 &
HOLD=$!
sleep 0.3
t0=$(date +%s%N)
call POST "/api/submit?period=2023-11" "${AB[@]}" --data-binary "@$SD/good-2023-11.csv"
waited=$((($(date +%s%N) - t0) / 1000000))
wait "$HOLD"
code_is 201
[ "$waited" -ge 1000 ] && ok || bad "a store went on while the month was read (took $waited ms)"
stop_server && ok || bad "the server did not stop cleanly"

# SIGTERM stops taking connections and lets the requests under way finish:
# a submission half sent when the signal comes is stored and answered.
CASE=serve_sigterm_lets_the_request_under_way_finish
start_server
n0=$(files_in)
python3 "$SD/slowhalf.py" "$PORT" "$BCT" "$SD/good-2023-11.csv" 1.5 >"$SV/sh.out" &
HP=$!
for _ in $(seq 50); do grep -q sent "$SV/sh.out" && break; sleep 0.1; done
kill -TERM "$SRV_PID"
sleep 0.3
curl -s -m 2 -o /dev/null "$U/" && bad "a new connection was taken while stopping" || ok
wait "$HP"
grep -q "^HTTP/1.1 201" "$SV/sh.out" && ok || bad "the request under way: $(tail -1 "$SV/sh.out")"
[ "$(files_in)" = $((n0 + 1)) ] && ok || bad "$(files_in) files, expected $((n0 + 1))"
stop_server && ok || bad "the server did not stop cleanly after its last request"
grep -q "serve: stopped" "$SV/server.log" && ok || bad "log: $(tail -2 "$SV/server.log")"
