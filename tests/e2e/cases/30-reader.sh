# The reader: Excel's "Unicode Text" (UTF-16 with a BOM, TAB-separated) read
# with exact places, blank lines between rows, and files that are no CSV
# named for what they are.

# ---- UTF-16 with a BOM: decoded, TAB sniffed, positions in characters --------
CASE=utf16_le; v "$S/enc_utf16.csv"; rc_is 0
has "2 dòng: 2 được ghi nhận, 0 bị loại; 0 lỗi, 0 cảnh báo"
CASE=utf16_be; v "$S/enc_utf16be.csv"; rc_is 0
has "2 dòng: 2 được ghi nhận, 0 bị loại"
CASE=utf16_row3; v "$S/enc_utf16_bad_row3.csv"; rc_is 1
diag "$S/enc_utf16_bad_row3.csv" 3 37 error type-error
has "2 dòng: 1 được ghi nhận, 1 bị loại"
# a lone high surrogate after "Thiếu kinh phí " in row 3: the 67th character
CASE=utf16_surrogate; v "$S/enc_utf16_surrogate.csv"; rc_is 1
diag "$S/enc_utf16_surrogate.csv" 3 67 error encoding-error; has "UTF-16"
lacks "Windows-1258"
CASE=utf16_odd; v "$S/enc_utf16_odd.csv"; rc_is 1
diag "$S/enc_utf16_odd.csv" 4 1 error encoding-error; has "UTF-16"
CASE=utf16_nobom_message; v "$S/enc_utf16_nobom.csv"; has "BOM"
# read through the threads (a file of 1 MiB or more) in the same places
CASE=utf16_big
python3 - "$S/enc_utf16_bad_row3.csv" "$TMP/u16big.csv" <<'PY'
import sys
t = open(sys.argv[1], "rb").read().decode("utf-16")
lines = t.split("\r\n")
row = lines[1]
body = [lines[0]] + [row.replace("BCT-ECO-001", "BCT-ECO-%03d" % (i % 7 + 1))
                     for i in range(6000)] + [lines[2]]
big = "\r\n".join(body) + "\r\n"
open(sys.argv[2], "wb").write(b"\xff\xfe" + big.encode("utf-16-le"))
PY
v --max-errors 0 "$TMP/u16big.csv"; diag "$TMP/u16big.csv" 6002 37 error type-error

# ---- a line empty or of spaces between rows is a blank row; at the end not ---
CASE=blank_lines
{ sed -n 1,2p "$S/ok_plain.csv"; printf '\n   \n\t \r\n'
  sed -n 2p "$S/ok_plain.csv" | sed 's/BCT-ECO-001/BCT-ECO-002/'
  printf '\n  \n\n'; } > "$TMP/blank_lines.csv"
v "$TMP/blank_lines.csv"; rc_is 0
diag "$TMP/blank_lines.csv" 3 1 warning blank-row
diag "$TMP/blank_lines.csv" 4 1 warning blank-row
diag "$TMP/blank_lines.csv" 5 1 warning blank-row
count_is "blank-row" 3
has "2 dòng: 2 được ghi nhận"

# ---- files that are no CSV ----------------------------------------------------
CASE=png; printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10' > "$TMP/chart.csv"
v --lang en "$TMP/chart.csv"; rc_is 1; diag "$TMP/chart.csv" 1 1 error source-error
has "not a CSV"; has "image (PNG)"; lacks "Windows-1258"
CASE=jpeg; printf '\xff\xd8\xff\xe0\0\x10JFIF' > "$TMP/photo.csv"
v --lang en "$TMP/photo.csv"; rc_is 1; has "image (JPEG)"
CASE=pdf; printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n' > "$TMP/report.csv"
v --lang en "$TMP/report.csv"; rc_is 1; diag "$TMP/report.csv" 1 1 error source-error
has "PDF"; lacks "missing-label"
CASE=zip; python3 -c "
import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('BCT_t10.csv', 'period,agency_code\n')" "$TMP/reports.csv"
v --lang en "$TMP/reports.csv"; rc_is 1; has "ZIP archive"; lacks "workbook"
CASE=xlsx_still_workbook; v --lang en "$S/xlsx.csv"; has "Excel workbook"
CASE=binary; python3 -c "
import random, sys
random.seed(11)
sys.stdout.buffer.write(b'x' + bytes(random.randrange(256) for _ in range(4096)))" > "$TMP/blob.csv"
v --lang en "$TMP/blob.csv"; rc_is 1; diag "$TMP/blob.csv" 1 1 error source-error
has "not text"; lacks "Windows-1258"
# a single control byte in a CSV is still placed exactly
CASE=nul_still_placed; v "$S/bin_nul.csv"; diag "$S/bin_nul.csv" 2 13 error source-error

# ---- a header of 100,000 columns is what it is, not an empty file -----------
CASE=wide_header
python3 -c "
import sys
print(','.join('c%d' % i for i in range(100000)))
print(','.join('x' for i in range(100000)))" > "$TMP/wide.csv"
v --lang en "$TMP/wide.csv"; rc_is 1; diag "$TMP/wide.csv" 1 1 error source-error
has "header line is too long"; has "1024 columns"; lacks "file is empty"

# ---- a header without the key of any kind names what is missing --------------
CASE=no_period; printf 'agency_code,task_id,status,percent_complete\nBCT,BCT-ECO-001,done,100\n' > "$TMP/no_period.csv"
v "$TMP/no_period.csv"; rc_is 1; diag "$TMP/no_period.csv" 1 1 error missing-label
has "thiếu cột period"
v --lang en "$TMP/no_period.csv"; has "progress report"; has "period"
CASE=unknown_kind_still; v "$S/unknown_kind.csv"; has "là các cột cần có"
