# shellcheck shell=bash
# A month folder filled by hand, carelessly or with ill will: nothing in it
# may hang, stop or fool the run (issue 11). Every tiendo here runs under
# `timeout`: a hang is a failure, not a stuck suite.
H=$TMP/hostile
HO=$TMP/hostile-out
M=$H/submissions/2023-12
cp -r input "$H"
# the wrong forms of a submission: counted received and rejected, or read
rm "$M/BTP_tien_do_NQ22_thang_12.csv" "$M/BQP_BCTD_12_2023.csv" "$M/BNV_12-2023.csv"
printf 'PK\003\004\024\000\006\000[Content_Types].xml' >"$M/BTP_tien_do_thang_12.xlsx"
printf '\320\317\021\340\241\261\032\341\000\000\000\000' >"$M/BQP_BCTD_12_2023.xls"
printf 'PK\003\004\024\000\000\010mimetypeapplication/vnd.oasis.opendocument.spreadsheet' >"$M/BNV_12-2023.ods"
tr ',' '\t' <input/submissions/2023-12/BCA_bao_cao_T12.csv >"$M/BCA_bao_cao_T12.txt"
rm "$M/BCA_bao_cao_T12.csv"
mv "$M/TTCP_baocao_12_2023.csv" "$M/TTCP_baocao_12_2023.csv "
# what is no file at all
mkfifo "$M/fifo.csv"
mkdir "$M/folder.csv"
ln -s /dev/zero "$M/zero.csv"
ln -s nowhere.csv "$M/dangling.csv"
ln -s loop2.csv "$M/loop1.csv"
ln -s loop1.csv "$M/loop2.csv"
ln -s /etc/passwd "$M/BCT_passwd.csv"
touch "$M/~\$BTP_tien_do_thang_12.xlsx" "$M/Thumbs.db" "$M/.hidden.csv"

CASE=hostile_run_goes_on
timeout 60 "$T" run --period 2023-12 --input "$H" --output "$HO" >"$TMP/out" 2>"$TMP/err"
RC=$?
rc_is 1
err_has "wrote $HO/2023-12/"
V=$HO/2023-12/validation-2023-12.csv
python3 - "$V" "$M" <<'PY' && ok || bad "each entry that is no file is not one source-error"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
m = sys.argv[2]
def errs(name):
    return [r for r in rows if r["file"] == m + "/" + name and r["severity"] == "error"]
for name in ["fifo.csv", "folder.csv", "zero.csv", "dangling.csv", "loop1.csv",
             "loop2.csv", "BCT_passwd.csv"]:
    e = errs(name)
    assert len(e) == 1 and e[0]["code"] == "source-error", (name, e)
assert "ngoài thư mục dữ liệu" in errs("BCT_passwd.csv")[0]["message"]
assert "FIFO" in errs("fifo.csv")[0]["message"]
assert "thư mục" in errs("folder.csv")[0]["message"]
for name in ["BTP_tien_do_thang_12.xlsx", "BQP_BCTD_12_2023.xls", "BNV_12-2023.ods"]:
    assert errs(name) and errs(name)[0]["code"] == "source-error", (name, errs(name))
for name in ["BCA_bao_cao_T12.txt", "TTCP_baocao_12_2023.csv "]:
    assert not errs(name), (name, errs(name))
for r in rows:   # office litter and hidden files are not submissions
    assert "~$" not in r["file"] and "Thumbs" not in r["file"] and ".hidden" not in r["file"], r
PY
python3 - "$HO/2023-12/manifest-2023-12.json" "$HO/2023-12/summary-2023-12.json" "$M" <<'PY' && ok || bad "manifest or compliance wrong for the hostile folder"
import hashlib, json, sys
man = json.load(open(sys.argv[1]))
s = json.load(open(sys.argv[2]))
m = sys.argv[3]
inp = {i["path"]: i for i in man["inputs"]}
passwd = hashlib.sha256(open("/etc/passwd", "rb").read()).hexdigest()
assert all(i.get("sha256") != passwd for i in man["inputs"]), "/etc/passwd hashed"
for name in ["fifo.csv", "folder.csv", "zero.csv", "dangling.csv", "loop1.csv", "BCT_passwd.csv"]:
    e = inp[m + "/" + name]
    assert e["sha256"] is None and e["error"], e
assert inp[m + "/BTP_tien_do_thang_12.xlsx"]["sha256"], "the workbook is an input that was read"
roles = {i["role"] for i in man["inputs"]}
assert roles == {"reference", "schema", "template", "font", "receipts", "submission"}, roles
assert any("/2023-08/" in p for p in inp), "the trend's earlier months are not listed"
k = {(c["agency"], c["period"]): c["status"] for c in s["compliance"]}
for a in ["BTP", "BQP", "BNV"]:
    assert k[(a, "2023-12")] == "rejected", (a, k[(a, "2023-12")])
for a in ["BCA", "TTCP"]:
    assert k[(a, "2023-12")] in ("on_time", "late"), (a, k[(a, "2023-12")])
PY

CASE=receipt_log_out_of_the_input_folder
rm "$H/submissions/2023-11/received.csv"
ln -s /etc/passwd "$H/submissions/2023-11/received.csv"
timeout 60 "$T" run --period 2023-11 --input "$H" --output "$HO" >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 1
err_has "$H/submissions/2023-11/received.csv: error: [source-error] đây là liên kết (symbolic link) tới một tệp ngoài thư mục dữ liệu"
python3 - "$HO/2023-11/manifest-2023-11.json" <<'PY' && ok || bad "/etc/passwd in the manifest"
import hashlib, json, sys
man = json.load(open(sys.argv[1]))
passwd = hashlib.sha256(open("/etc/passwd", "rb").read()).hexdigest()
assert all(i.get("sha256") != passwd for i in man["inputs"])
PY

CASE=hostile_validate_names_each
timeout 20 "$T" validate --input "$H" "$M/fifo.csv" "$M/zero.csv" "$M/folder.csv" \
	"$M/dangling.csv" "$M/loop1.csv" >"$TMP/out" 2>"$TMP/err"
RC=$?
rc_is 66
has "$M/fifo.csv: error: [source-error] đây không phải là tệp thường"
has "$M/zero.csv: error: [source-error] đây không phải là tệp thường"
has "$M/folder.csv: error: [source-error] đây là thư mục"
has "$M/dangling.csv: error: [source-error] đây là liên kết (symbolic link) tới một tệp không còn tồn tại"
has "$M/loop1.csv: error: [source-error] các liên kết (symbolic link) trỏ vòng"

CASE=hostile_template_and_font
mkfifo "$TMP/fifo.json"
timeout 20 "$T" run --period 2023-12 --input "$H" --output "$HO" --template "$TMP/fifo.json" >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 78
err_has "cannot read the template '$TMP/fifo.json': not a regular file"
timeout 20 "$T" run --period 2023-12 --input "$H" --output "$HO" --template "$TMP" >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 78
err_has "cannot read the template '$TMP': a folder, not a file"
timeout 20 "$T" validate --schema "$TMP/fifo.json" "$M/BCT_baocao_thang12.csv" >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 78
err_has "cannot read the schema '$TMP/fifo.json': not a regular file"
mkfifo "$TMP/font.ttf"
sed "s|/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf|$TMP/font.ttf|" templates/report.json >"$TMP/fifo-font.json"
timeout 20 "$T" run --period 2023-12 --input "$H" --output "$HO" --template "$TMP/fifo-font.json" >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 78
err_has "report.fonts.bold: cannot read the font '$TMP/font.ttf' (not a regular file"

CASE=output_inside_input_refused
before=$(cd "$H" && find . | sort | md5sum)
for out in "$H/submissions" "$H" "$TMP" "$H/x/../submissions/new"; do
	timeout 20 "$T" run --period 2023-12 --input "$H" --output "$out" >"$TMP/out" 2>"$TMP/err"
	RC=$?; rc_is 64
	err_has "nothing was written"
done
after=$(cd "$H" && find . | sort | md5sum)
[ "$before" = "$after" ] && ok || bad "the input folder changed"
timeout 20 "$T" report --period 2023-12 --input "$H" --output "$H/submissions" >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 64

# A full disk: a tmpfs of its own in a mount namespace (needs root or user
# namespaces; said and skipped where neither is there)
CASE=full_disk
if unshare -m true 2>/dev/null || unshare -rm true 2>/dev/null; then
	us="unshare -m"; unshare -m true 2>/dev/null || us="unshare -rm"
	cat >"$TMP/full.sh" <<SH
mount -t tmpfs -o size=\$1 tmpfs "$TMP/small" || exit 99
for i in 1 2 3; do
	timeout 60 "$T" run --period 2023-12 --input input --output "$TMP/small/out" >/dev/null 2>"$TMP/small-\$i.err"
	echo "\$?" >"$TMP/small-\$i.rc"
	ls -A "$TMP/small/out" >"$TMP/small-\$i.ls"
done
SH
	mkdir -p "$TMP/small"
	$us sh "$TMP/full.sh" 2m
	if [ "$(cat "$TMP/small-1.rc")" = 99 ]; then
		echo "  (full_disk: cannot mount a tmpfs here: skipped)"
	else
		[ "$(cat "$TMP/small-1.rc")" = 73 ] && ok || bad "a full disk gave $(cat "$TMP/small-1.rc")"
		grep -q "no space left on device in '$TMP/small/out': .* MB were written before the disk was full, .* MB are free now: make at least .* MB free" "$TMP/small-1.err" && ok || bad "no 'no space left': $(cat "$TMP/small-1.err")"
		[ "$(cat "$TMP/small-1.ls")" = ".tiendo.lock" ] && ok || bad "a failed run left: $(cat "$TMP/small-1.ls")"
		# room for two months' folders but not three (a month is
		# about 5.4 MB): the third run must drop .prev first, never
		# the live folder
		$us sh "$TMP/full.sh" 12m
		for i in 1 2 3; do
			[ "$(cat "$TMP/small-$i.rc")" = 0 ] && ok || bad "run $i on 12 MB: $(cat "$TMP/small-$i.err")"
		done
		grep -qx "2023-12" "$TMP/small-3.ls" && ok || bad "the live folder is gone"
		# room for one month only: the second run fails, the first stays
		$us sh "$TMP/full.sh" 6m
		[ "$(cat "$TMP/small-1.rc")" = 0 ] && ok || bad "run 1 on 6 MB: $(cat "$TMP/small-1.err")"
		[ "$(cat "$TMP/small-2.rc")" = 73 ] && ok || bad "run 2 on 6 MB gave $(cat "$TMP/small-2.rc")"
		grep -q "the last run of this month took" "$TMP/small-2.err" && ok || bad "no last-run size: $(cat "$TMP/small-2.err")"
		grep -qx "2023-12" "$TMP/small-2.ls" && ok || bad "the live folder is gone after a full disk"
	fi
else
	echo "  (full_disk: no mount namespace here: skipped)"
fi

# A file tiendo may not read: as an unprivileged user (root reads all)
CASE=unreadable_file_is_one_error
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	NP=$(mktemp -d /tmp/tiendo-np-XXXXXX)
	cp -r input "$NP/in"; cp "$T" "$NP/tiendo"; cp -r templates "$NP/templates"
	chmod -R a+rwX "$NP"
	chmod 000 "$NP/in/submissions/2023-12/BCT_baocao_thang12.csv"
	(cd "$NP" && timeout 60 setpriv --reuid 65534 --regid 65534 --clear-groups \
		./tiendo run --period 2023-12 --input in --output out) >"$TMP/out" 2>"$TMP/err"
	RC=$?; rc_is 1
	grep -q "BCT_baocao_thang12.csv,,,error,source-error,,,,không có quyền đọc" \
		"$NP/out/2023-12/validation-2023-12.csv" 2>/dev/null && ok ||
		bad "no permission error: $(cat "$TMP/err")"
	rm -rf "$NP"
else
	echo "  (unreadable_file_is_one_error: needs root and setpriv: skipped)"
fi
