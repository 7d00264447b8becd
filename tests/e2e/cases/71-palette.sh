# shellcheck shell=bash
# The ratings' colours stay apart under protanopia, deuteranopia and
# tritanopia (issue 12); the words beside every swatch stay the first cue.
CASE=palette_colour_blind_safe
python3 tests/e2e/cvdcheck.py templates/report.json 15 >"$TMP/out" 2>&1 && ok ||
	bad "rating colours merge: $(cat "$TMP/out")"
# and the check can fail: the old palette's dark green and red merge
python3 - "$TMP/old.json" <<'PY'
import json, sys
json.dump({"palette": {"completed": "#1B5E20", "green": "#43A047", "amber": "#F9A825",
    "red": "#C62828", "grey": "#9E9E9E", "not_started": "#E3E7ED",
    "cancelled": "#BDBDBD"}}, open(sys.argv[1], "w"))
PY
if python3 tests/e2e/cvdcheck.py "$TMP/old.json" 15 >"$TMP/out" 2>&1; then
	bad "the check passed a palette whose completed and red merge"
else
	grep -q "protanopia: completed and red" "$TMP/out" && ok || bad "$(cat "$TMP/out")"
fi
