# tiendo(1), the manual page at the top of the tree: groff reads it without a
# warning, 'make install-man' (part of 'make install') puts it under
# PREFIX/share/man/man1 in DESTDIR, man shows it from there, 'make
# uninstall-man' takes it away, and it is in step with the program: every
# command, option (long and one-letter, from src/cli*.c and --help), exit
# status (src/exitcode.h) and environment variable (getenv in src/) is in
# it. Only the page is installed here, so that no build starts inside the
# tests (make check runs them on four builds).
MANPAGE=tiendo.1
# a make of its own: not the sanitized or chunked one that may be running us
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory "$@"; }
# the roff form of an option: --max-errors is \-\-max\-errors
roff_opt() { printf '%s' "$1" | sed 's/-/\\-/g'; }
# the text of one section of the page (.SH NAME up to the next .SH)
man_section() { sed -n "/^\\.SH \"*$1\"*\$/,/^\\.SH /p" "$MANPAGE"; }

CASE=man_groff_clean
# UTF-8 terminals, and ASCII ones (man in the C locale): no warning either
for dev in utf8 ascii; do
	groff -man -ww -z -T$dev "$MANPAGE" >"$TMP/out" 2>"$TMP/err"
	st=$?
	cat "$TMP/err" >>"$TMP/out"
	if [ $st = 0 ] && [ ! -s "$TMP/out" ]; then ok; else bad "groff -T$dev warns on $MANPAGE"; fi
done

CASE=man_install
rm -rf "$TMP/inst"
mk install-man DESTDIR="$TMP/inst" PREFIX=/usr/local >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 0
page=$TMP/inst/usr/local/share/man/man1/tiendo.1
if cmp -s "$MANPAGE" "$page" && [ "$(stat -c %a "$page")" = 644 ]; then ok
else bad "make install-man did not put $MANPAGE at $page (mode 644)"; fi
CASE=man_in_make_install
mk -n install DESTDIR="$TMP/dry" PREFIX=/opt/t >"$TMP/out" 2>"$TMP/err"
has "install -m 644 tiendo.1 $TMP/dry/opt/t/share/man/man1/tiendo.1"
mk -n uninstall DESTDIR="$TMP/dry" PREFIX=/opt/t >"$TMP/out" 2>"$TMP/err"
has "rm -f $TMP/dry/opt/t/share/man/man1/tiendo.1"

CASE=man_renders
LC_ALL=C.UTF-8 MANPATH="$TMP/inst/usr/local/share/man" MANWIDTH=80 \
	man -P cat tiendo >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 0
has "tiendo - check ministries' monthly progress reports"
has "tiến độ"
has "EXIT STATUS"
has "SOURCE_DATE_EPOCH"

CASE=man_renders_ascii
LC_ALL=C MANPATH="$TMP/inst/usr/local/share/man" MANWIDTH=80 \
	man -P cat tiendo >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 0
has "(\"tien do\", progress)"
if [ -s "$TMP/err" ]; then bad "man in the C locale warns: $(head -2 "$TMP/err")"; else ok; fi

CASE=man_uninstall
mk uninstall-man DESTDIR="$TMP/inst" PREFIX=/usr/local >"$TMP/out" 2>"$TMP/err"
RC=$?; rc_is 0
if [ -e "$page" ]; then bad "make uninstall-man left $page"; else ok; fi

CASE=man_version
run --version
if head -5 "$MANPAGE" | grep -q "^\\.TH TIENDO 1 .*\"$OUT\""; then ok
else bad "the .TH line of $MANPAGE does not say \"$OUT\""; fi

CASE=man_commands
run --help
cmds=$(grep -oE '^(usage: |       )tiendo [a-z]+' "$TMP/out" | awk '{ print $NF }' | sort -u)
[ "$(printf '%s\n' "$cmds" | grep -c .)" -ge 5 ] && ok || bad "--help lists fewer than 5 commands: $cmds"
man_section COMMANDS >"$TMP/sect"
for c in $cmds; do
	grep -q "^\\\\fB$c\\\\fR" "$TMP/sect" && ok || bad "COMMANDS of $MANPAGE lacks $c"
done

CASE=man_long_options
longs=$( { grep -oE -- '--[a-z][a-z-]*' "$TMP/out"
	   grep -ohE '\{ "[a-z][a-z-]*", (no|required|optional)_argument' src/cli*.c |
		sed 's/^{ "\([a-z-]*\)".*/--\1/'; } | sort -u)
[ "$(printf '%s\n' "$longs" | grep -c .)" -ge 12 ] && ok || bad "found fewer than 12 long options: $longs"
man_section OPTIONS >"$TMP/sect"
man_section COMMANDS >>"$TMP/sect"
for o in $longs; do
	grep -qF -- "\\fB$(roff_opt "$o")\\fR" "$TMP/sect" && ok || bad "$MANPAGE lacks the option $o"
done

CASE=man_short_options
shorts=$(grep -ohE 'getopt_long\([^"]*"[^"]*"' src/cli*.c | sed 's/.*"\(.*\)"/\1/' | tr -d ':' | fold -w1 | sort -u)
[ "$(printf '%s\n' "$shorts" | grep -c .)" -ge 10 ] && ok || bad "found fewer than 10 one-letter options: $shorts"
for o in $shorts; do
	grep -qF -- "\\fB\\-$o\\fR" "$TMP/sect" && ok || bad "$MANPAGE lacks the option -$o"
done

CASE=man_exit_status
codes=$(grep -oE 'EXIT_[A-Z]+ = [0-9]+' src/exitcode.h | awk '{ print $NF }')
[ "$(printf '%s\n' "$codes" | grep -c .)" -ge 7 ] && ok || bad "found fewer than 7 exit codes: $codes"
man_section "EXIT STATUS" >"$TMP/sect"
for c in $codes; do
	grep -qx "\\.B $c" "$TMP/sect" && ok || bad "EXIT STATUS of $MANPAGE lacks $c"
done

CASE=man_environment
vars=$(grep -ohE 'getenv\("[A-Za-z_]+"\)' src/*.c | sed 's/getenv("\(.*\)")/\1/' | sort -u)
[ -n "$vars" ] && ok || bad "no getenv found in src/"
man_section ENVIRONMENT >"$TMP/sect"
for e in $vars; do
	grep -qx "\\.B $e" "$TMP/sect" && ok || bad "ENVIRONMENT of $MANPAGE lacks $e"
done
