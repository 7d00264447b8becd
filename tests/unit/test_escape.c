/* escape: names, prose, JSON strings and CSV cells made safe. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

static char *name(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	escape_name(&sb, s);
	return strbuf_detach(&sb, NULL);
}

static char *text(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	escape_text(&sb, s);
	return strbuf_detach(&sb, NULL);
}

static char *cell(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	escape_csv_cell(&sb, s);
	return strbuf_detach(&sb, NULL);
}

static char *json(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	escape_json_string(f, s);
	fclose(f);
	return buf;
}

#define EQ(fn, in, want) do {                                       \
		char *got_ = fn(in);                                \
		cr_expect_str_eq(got_, want, "%s", #fn);            \
		free(got_);                                         \
	} while (0)

Test(escape, name_keeps_printable_vietnamese)
{
	EQ(name, "Bộ Tài chính - tiến độ 11-2023.csv",
	   "Bộ Tài chính - tiến độ 11-2023.csv");
	EQ(name, "", "");
}

Test(escape, name_shows_controls_and_escape_sequences)
{
	EQ(name, "a\nb\x1b[31m.csv", "a\\nb\\x1b[31m.csv");
	EQ(name, "x\r\ty\x7f", "x\\r\\ty\\x7f");
}

Test(escape, name_shows_bytes_that_are_not_utf8)
{
	EQ(name, "\xff.csv", "\\xff.csv");
	EQ(name, "a\xC3", "a\\xc3");              /* cut short */
	EQ(name, "\xC0\xAF", "\\xc0\\xaf");       /* overlong */
	EQ(name, "\xED\xA0\x80", "\\xed\\xa0\\x80"); /* surrogate */
}

Test(escape, name_shows_c1_and_bidi_controls_byte_by_byte)
{
	EQ(name, "a\xC2\x9B" "1m", "a\\xc2\\x9b1m");          /* U+009B CSI */
	EQ(name, "x\xE2\x80\xAEtxt.exe", "x\\xe2\\x80\\xaetxt.exe"); /* RLO */
	EQ(name, "a\xE2\x80\xA8" "b", "a\\xe2\\x80\\xa8b");   /* U+2028 */
}

Test(escape, name_doubles_backslash_so_it_can_be_undone)
{
	/* the text \xff and the byte 0xff must not look the same */
	EQ(name, "\\xff.csv", "\\\\xff.csv");
	EQ(name, "\xff.csv", "\\xff.csv");
}

Test(escape, text_keeps_backslash_and_escapes_controls)
{
	EQ(text, "C:\\docs\nnext", "C:\\docs\\nnext");
	EQ(text, "\x1b[2J", "\\x1b[2J");
}

Test(escape, text_over_an_escaped_name_changes_nothing)
{
	char *n = name("a\nb\\c\xff\x1b");
	char *t = text(n);

	cr_expect_str_eq(t, n);
	free(n);
	free(t);
}

Test(escape, json_string_is_valid_utf8_whatever_the_bytes)
{
	EQ(json, "Việt \"x\"\\\n\x01", "\"Việt \\\"x\\\"\\\\\\n\\u0001\"");
	EQ(json, "\xff.csv", "\"\\\\xff.csv\"");
	EQ(json, "ab\xE1\xBB", "\"ab\\\\xe1\\\\xbb\"");
	char *s = json(NULL);
	cr_expect_str_eq(s, "null");
	free(s);
}

Test(escape, numbers_are_plain_decimals_only)
{
	const char *yes[] = { "0", "-0.7", "+84", "45,5", ".5", "-5", "1e3",
			      "-2.5E-3", "100" };
	const char *no[] = { "", "-", "+", "=1+1", "-1+1", "-2+3+cmd", "1e",
			     "--1", "1.2.3", "- 5", "-5 ", "@SUM(A1)", "0x1F" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		cr_expect(escape_is_number(yes[i]), "%s", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		cr_expect_not(escape_is_number(no[i]), "%s", no[i]);
}

Test(escape, csv_cell_neutralises_formula_starters)
{
	EQ(cell, "=1+1", "'=1+1");
	EQ(cell, "=HYPERLINK(\"http://x\",\"y\")",
	   "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	EQ(cell, "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0");
	EQ(cell, "-2+3+cmd", "'-2+3+cmd");
	EQ(cell, "@SUM(A1:A9)", "'@SUM(A1:A9)");
	EQ(cell, "\tx", "'\tx");
	EQ(cell, "\rx", "\"'\rx\"");
	EQ(cell, "\nx", "\"'\nx\"");
	EQ(cell, "\xEF\xBC\x9D" "1+1", "'\xEF\xBC\x9D" "1+1");   /* ＝ */
	EQ(cell, "\xEF\xBC\x8B" "1", "'\xEF\xBC\x8B" "1");       /* ＋ */
	EQ(cell, "\xEF\xBC\x8D" "1", "'\xEF\xBC\x8D" "1");       /* － */
	EQ(cell, "\xEF\xBC\xA0" "x", "'\xEF\xBC\xA0" "x");       /* ＠ */
}

Test(escape, csv_cell_keeps_numbers_and_plain_text)
{
	EQ(cell, "-0.7", "-0.7");
	EQ(cell, "-5", "-5");
	EQ(cell, "+84912345678", "+84912345678");
	EQ(cell, "-45,5", "\"-45,5\"");
	EQ(cell, "Bộ Công Thương", "Bộ Công Thương");
	EQ(cell, "a=b", "a=b");
	EQ(cell, "a,b", "\"a,b\"");
	EQ(cell, NULL, "");
}

Test(escape, csv_cell_shows_bytes_that_are_not_utf8)
{
	EQ(cell, "x\xff.csv", "x\\xff.csv");
	EQ(cell, "-\xff", "'-\\xff");
}
