# shellcheck shell=bash
# The intake service's credentials (SPEC "Intake on arrival", README
# "Tokens for the intake service"): `token add` prints a 64-hex token
# once and keeps only its SHA-256 in a 0600 file; list never shows a
# token; revoke removes every token of a name; a file others may read is
# refused; an unknown or dissolved agency is a usage error.
TK=$TMP/tok
rm -rf "$TK"
mkdir -p "$TK"
cp -r "$IN" "$TK/in"
TF=$TK/in/.tokens
mode_of() { stat -c %a "$1"; }

CASE=token_add_prints_64_hex_once
run token add BNG --input "$TK/in"
rc_is 0
A1=$OUT
if printf '%s' "$OUT" | grep -qxE '[0-9a-f]{64}'; then ok; else bad "not 64 hex: $OUT"; fi
err_has "only this once"
[ "$(mode_of "$TF")" = 600 ] && ok || bad "mode $(mode_of "$TF") after add"
grep -qF -- "$A1" "$TF" && bad "the token itself is on disk" || ok
H=$(printf '%s' "$A1" | sha256sum | cut -c1-64)
grep -qF -- "agency,BNG,$H," "$TF" && ok || bad "no 'agency,BNG,<sha256 of the token>,' line"
grep -qE "^agency,BNG,$H,[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\+07:00$" "$TF" &&
	ok || bad "created_at is not ISO in Hanoi time: $(cat "$TF")"

CASE=token_lowercase_code_and_second_token
run token add bng --input "$TK/in"       # codes are kept in capitals
rc_is 0
A2=$OUT
[ "$A1" != "$A2" ] && ok || bad "the same token twice"
run token add --admin lan.nguyen --tokens "$TF"
rc_is 0
AD=$OUT
[ "$(grep -c '^agency,BNG,' "$TF")" = 2 ] && ok || bad "a second add replaced the first"

CASE=token_list_hides_tokens
run token list --input "$TK/in"
rc_is 0
has "agency"
has "BNG"
has "admin"
has "lan.nguyen"
has "${H:0:8}"
lacks "$A1"
lacks "$A2"
lacks "$AD"
lacks "$H"                                 # not even the whole digest
count_is "BNG" 2

CASE=token_revoke
run token revoke bng --input "$TK/in"
rc_is 0
err_has "2 tokens of 'BNG' revoked"
run token list --input "$TK/in"
lacks "BNG"
has "lan.nguyen"
run token revoke BNG --input "$TK/in"
rc_is 0
err_has "nothing revoked"
run token revoke --admin lan.nguyen --input "$TK/in"
rc_is 0
[ "$(mode_of "$TF")" = 600 ] && ok || bad "mode $(mode_of "$TF") after revoke"

CASE=token_unknown_or_dissolved_agency
run token add XYZ --input "$TK/in"
rc_is 64
err_has "no agency 'XYZ'"
run token add BKHDT --input "$TK/in"     # ended 2025-02-28, passed to BTC
rc_is 64
err_has "BTC"
run token add BNG --input "$TK/nowhere"
rc_is 66

CASE=token_file_others_may_read_refused
run token add BTC --input "$TK/in"
rc_is 0
chmod 644 "$TF"
run token list --input "$TK/in"
rc_is 78
err_has "chmod 600"
run token add BTC --input "$TK/in"
rc_is 78
[ -z "$OUT" ] && ok || bad "a token printed from a refused file"
run token revoke BTC --input "$TK/in"
rc_is 78
[ "$(mode_of "$TF")" = 644 ] && ok || bad "a refused file was changed"
chmod 600 "$TF"

CASE=token_broken_file_and_missing_file
printf 'agency,BNG,nothex,2026-01-01T00:00:00+07:00\n' >"$TK/broken"
chmod 600 "$TK/broken"
run token list --tokens "$TK/broken"
rc_is 78
err_has "$TK/broken:1:"
run token list --tokens "$TK/none"
rc_is 66
err_has "tiendo token add"
run token add --admin ops --tokens "$TK/no/such/dir/.tokens"
rc_is 73

CASE=token_usage
run token
rc_is 64
run token add --input "$TK/in"
rc_is 64
run token add BNG --admin x --input "$TK/in"
rc_is 64
run token add --admin 'a,b' --input "$TK/in"
rc_is 64
run token frobnicate
rc_is 64
run token list extra --input "$TK/in"
rc_is 64
