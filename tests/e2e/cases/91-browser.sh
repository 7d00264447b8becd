# shellcheck shell=bash
# shellcheck disable=SC2034 # CASE is read by the helpers of run.sh
# The intake page in a real browser (README "The intake page"): a
# `tiendo serve` on a free loopback port over a copy of tests/data/input,
# a token for BCT and one for the secretariat, and tests/browser/drive.py
# driving Debian's chromium, headless, through the DevTools protocol: sign
# in, download the form, check a bad file (problems as `validate` gives
# them), submit, receipt, the board, English, 800 px. Screenshots go to
# $TIENDO_BROWSER_SHOTS (default build/browser-shots), to be looked at.
# The server and chromium are stopped at the end whatever happens. Without
# chromium or python3-websockets: a loud SKIP, or a failure when
# TIENDO_REQUIRE_BROWSER=1.
CASE=browser
BRW=$TMP/browser
SHOTS=${TIENDO_BROWSER_SHOTS:-build/browser-shots}
BPY=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	   "$p" -c 'import websockets' >/dev/null 2>&1; then
		BPY=$p
		break
	fi
done
BCHROME=$(command -v chromium || command -v chromium-browser || true)
if ! "$T" --help 2>&1 | grep -q 'tiendo serve'; then
	echo "**********************************************************"
	echo "SKIP [browser] this tiendo has no 'serve' command: the intake"
	echo "page was NOT tested in a browser"
	echo "**********************************************************"
elif [ -z "$BCHROME" ] || [ -z "$BPY" ]; then
	why="no chromium"
	[ -n "$BCHROME" ] && why="no python3-websockets"
	if [ "${TIENDO_REQUIRE_BROWSER:-0}" = 1 ]; then
		bad "$why, and TIENDO_REQUIRE_BROWSER=1"
	else
		echo "**********************************************************"
		echo "SKIP [browser] $why: the intake page was NOT tested in a"
		echo "browser (apt-get install chromium python3-websockets)"
		echo "**********************************************************"
	fi
else
	mkdir -p "$BRW" "$SHOTS"
	cp -r "$IN" "$BRW/in"
	AGT=$("$T" token add BCT --input "$BRW/in" 2>/dev/null)
	ADT=$("$T" token add --admin van-phong --input "$BRW/in" 2>/dev/null)
	for tk in "$AGT" "$ADT"; do
		printf '%s' "$tk" | grep -qxE '[0-9a-f]{64}' ||
			bad "token add gave no token: '$tk'"
	done
	# one subshell owns the server and chromium, and its trap stops both
	(
		SPID=
		# shellcheck disable=SC2317 # called by the trap
		stop_all() {
			if [ -s "$BRW/chromium.pid" ]; then
				kill -TERM -- "-$(cat "$BRW/chromium.pid")" 2>/dev/null
			fi
			if [ -n "$SPID" ]; then
				kill -TERM "$SPID" 2>/dev/null
				wait "$SPID" 2>/dev/null
				echo "$?" >"$BRW/serve.rc"
			fi
		}
		trap stop_all EXIT
		trap 'exit 130' INT TERM
		"$T" serve --listen 127.0.0.1:0 --input "$BRW/in" \
			--max-upload 100000 \
			--port-file "$BRW/port" 2>"$BRW/serve.log" &
		SPID=$!
		for _ in $(seq 100); do
			[ -s "$BRW/port" ] && break
			kill -0 "$SPID" 2>/dev/null || break
			sleep 0.1
		done
		if [ ! -s "$BRW/port" ]; then
			echo "the server did not start: $(head -c 600 "$BRW/serve.log")"
			exit 1
		fi
		"$BPY" tests/browser/drive.py --url "http://127.0.0.1:$(cat "$BRW/port")" \
			--token "$AGT" --admin-token "$ADT" --agency BCT \
			--input "$BRW/in" --tiendo "$T" --shots "$SHOTS" \
			--chromium "$BCHROME" --pid-file "$BRW/chromium.pid" \
			--max-upload 100000 \
			>"$BRW/drive.log" 2>&1
	)
	RC=$?
	if [ "$RC" = 0 ]; then
		ok
		echo "browser: $(tail -n 1 "$BRW/drive.log")"
	else
		bad "the browser walk failed (exit $RC):
$(grep -E 'FAIL|Error|error' "$BRW/drive.log" | head -n 5)
$(tail -n 15 "$BRW/drive.log")
server: $(tail -n 5 "$BRW/serve.log" 2>/dev/null)"
	fi
	# the server stopped cleanly on SIGTERM, and no sanitizer spoke
	if [ "$(cat "$BRW/serve.rc" 2>/dev/null)" = 0 ] &&
	   ! grep -qE 'Sanitizer|runtime error:' "$BRW/serve.log"; then
		ok
	else
		bad "the server ended with status $(cat "$BRW/serve.rc" 2>/dev/null):
$(grep -E -A5 'Sanitizer|runtime error:' "$BRW/serve.log" | head -n 20)"
	fi
	# nothing left running: no server on the port, no chromium of ours
	if [ -s "$BRW/chromium.pid" ] &&
	   kill -0 "$(cat "$BRW/chromium.pid")" 2>/dev/null; then
		bad "chromium still runs after the test"
	else
		ok
	fi
fi
