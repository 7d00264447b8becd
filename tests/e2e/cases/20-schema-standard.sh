# Schemas are standard Table Schema v1: every schema tiendo ships, and the
# valid ones in tests/data/schemas/, pass the official JSON profile
# (tests/data/profiles/table-schema.json) under a real JSON Schema validator
# (python3-jsonschema); and `--schema` reads the whole spec, checking cells
# of every type.

P=$D/profiles/table-schema.json
profile_check() { # profile_check FILE...: exit 0 when all pass the profile
	python3 - "$P" "$@" >"$TMP/out" 2>"$TMP/err" <<'PY'
import json, sys
import jsonschema
profile = json.load(open(sys.argv[1]))
jsonschema.Draft4Validator.check_schema(profile)
v = jsonschema.Draft4Validator(profile)
bad = 0
for path in sys.argv[2:]:
    for e in v.iter_errors(json.load(open(path))):
        print("%s: %s: %s" % (path, "/".join(map(str, e.path)), e.message))
        bad += 1
sys.exit(1 if bad else 0)
PY
	RC=$?
}

CASE=profile_templates
profile_check templates/*.schema.json
rc_is 0
CASE=profile_test_schemas
profile_check "$D"/schemas/unique.schema.json "$D"/schemas/catastrophic.schema.json \
	"$D"/schemas/types.schema.json
rc_is 0
# the check can fail: a title {"vi", "en"} is not a string to the profile
CASE=profile_rejects_bilingual_title
profile_check "$D"/schemas/bilingual_title.schema.json
rc_is 1
has "bilingual_title.schema.json: fields/0: "
has "is not valid under any of the given schemas"
# ... and tiendo refuses it, saying where the English goes
CASE=bilingual_title_refused
run validate --schema "$D/schemas/bilingual_title.schema.json" "$S/unique.csv"
rc_is 78
err_has "x-title-en"
CASE=misspelt_key_refused
run validate --schema "$D/schemas/misspelt.schema.json" "$S/unique.csv"
rc_is 78
err_has "bareNumbr"

# ---- every type, read and checked ---------------------------------------------
CASE=types
F=$S/types.csv
run validate --schema "$D/schemas/types.schema.json" "$F"
rc_is 1
has "3 dòng: 1 được ghi nhận, 2 bị loại; 19 lỗi"
diag "$F" 3 3 error type-error      # bareNumber false, groupChar ".", decimalChar ","
diag "$F" 3 7 error type-error      # integer with groupChar
diag "$F" 3 11 error type-error     # datetime
diag "$F" 3 28 error type-error     # trueValues / falseValues
diag "$F" 3 32 error constraint-error # year, minimum
diag "$F" 3 37 error type-error     # geopoint out of range
diag "$F" 3 47 error type-error     # time
diag "$F" 3 56 error type-error     # duration
diag "$F" 3 62 error type-error     # date "%d/%m/%Y"
diag "$F" 3 75 error type-error     # uri
diag "$F" 3 85 error constraint-error # array maxLength
diag "$F" 3 107 error type-error    # object
diag "$F" 3 111 error type-error    # geojson
diag "$F" 3 135 error type-error    # uuid
diag "$F" 3 144 error type-error    # binary
diag "$F" 3 152 error constraint-error # integer enum
diag "$F" 4 60 error constraint-error # duration maximum
diag "$F" 4 64 error constraint-error # date minimum, given ISO
diag "$F" 4 75 error foreign-key-error # resource "": the table itself
# line 2 holds a good value of every type
lacks "types.csv:2:"
has '"2023-10-05 14:30" không phải là ngày giờ hợp lệ: hãy ghi theo dạng YYYY-MM-DDTHH:MM:SS[Z]'
has '"yes" không phải là giá trị đúng/sai: hãy ghi có hoặc không'
CASE=types_en
run validate --lang en --schema "$D/schemas/types.schema.json" "$F"
rc_is 1
has '"25:00:00" is not a valid time: write it as HH:MM:SS (14:30:00)'
has '"200, 21" is not a valid geographic point (longitude, latitude): write it as lon, lat (105.85, 21.03)'
has '"2023-10-05" is not a real date: write it as DD/MM/YYYY (05/10/2023)'
has '"9" is not in the rows above in the table'
has 'the value has 3 items, more than the maximum 2'

# ---- the shipped templates still read both decimal marks and both date forms
CASE=template_extensions
cat >"$TMP/x.csv" <<'CSV'
period,agency_code,task_id,status,percent_complete,report_date,contact_name,contact_email
2023-10,BCT,BCT-ECO-001,in_progress,"45,5",05/11/2023,A,a@b.vn
2023-10,BCT,BCT-ECO-002,in_progress,45.5,2023-11-05,A,a@b.vn
2023-10,BCT,BCT-ECO-003,in_progress,NaN,2023-11-05,A,a@b.vn
CSV
run validate --lang en --schema templates/progress.schema.json "$TMP/x.csv"
diag "$TMP/x.csv" 4 37 error type-error   # x-finite: no NaN
lacks "x.csv:2:"
lacks "x.csv:3:"

# a schema whose only foreign key is on the table itself needs no roadmap
CASE=self_reference_needs_no_roadmap
run validate --input "$TMP/no-such-input" --schema "$D/schemas/types.schema.json" "$F"
rc_is 1
diag "$F" 4 75 error foreign-key-error

# headers may use the English titles (x-title-en) as well as the Vietnamese
CASE=english_titles_in_header
cat >"$TMP/en.csv" <<'CSV'
Period,Agency code,Task id,Status,Percent complete,Report date,Contact name,Contact e-mail
2023-10,BCT,BCT-ECO-001,in_progress,"45,5",05/11/2023,A,a@b.vn
CSV
run validate --schema templates/progress.schema.json "$TMP/en.csv"
lacks "missing-label"
lacks "extra-label"
has "1 dòng: 1 được ghi nhận"
