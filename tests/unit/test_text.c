/* text: decoding, lengths, NFC and matching keys. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

Test(text, length_counts_characters)
{
	cr_assert_eq(text_length("Bộ Ngoại giao", strlen("Bộ Ngoại giao")), 13);
	cr_assert_eq(text_length("", 0), 0);
}

Test(text, invalid_utf8_is_found_where_it_starts)
{
	cr_assert_eq(text_invalid_at("ab\xC3", 3), 2);          /* truncated */
	cr_assert_eq(text_invalid_at("a\xC0\xAF", 3), 1);       /* overlong */
	cr_assert_eq(text_invalid_at("a\xED\xA0\x80", 4), 1);   /* surrogate */
	cr_assert_eq(text_invalid_at("Việt", strlen("Việt")), strlen("Việt"));
}

Test(text, nfc_leaves_precomposed_text_alone)
{
	char *out = NULL;
	size_t n;
	const char *s = "Đang thực hiện “Nghị quyết 22” – ổn";

	cr_assert_not(text_nfc(s, strlen(s), &out, &n));
	cr_assert_null(out);
}

Test(text, nfc_composes_decomposed_vietnamese)
{
	char *out = NULL;
	size_t n;
	const char *nfd = "Vie\xCC\xA3\xCC\x82t Nam"; /* e + dot below + circumflex */

	cr_assert(text_nfc(nfd, strlen(nfd), &out, &n));
	cr_assert_str_eq(out, "Việt Nam");
	cr_assert_eq(n, strlen("Việt Nam"));
	free(out);
}

Test(text, nfc_maps_singletons)
{
	char *out = NULL;
	size_t n;

	cr_assert(text_nfc("\xE2\x84\xAB", 3, &out, &n)); /* ANGSTROM SIGN */
	cr_assert_str_eq(out, "\xC3\x85");
	free(out);
}

Test(text, name_key_ignores_case_spacing_and_separators)
{
	char *a = text_name_key("  Task ID "), *b = text_name_key("task-id");
	char *c = text_name_key("PERCENT_COMPLETE"), *d = text_name_key("Mã Nhiệm Vụ");

	cr_assert_str_eq(a, "task_id");
	cr_assert_str_eq(b, "task_id");
	cr_assert_str_eq(c, "percent_complete");
	cr_assert_str_eq(d, "mã_nhiệm_vụ");
	free(a);
	free(b);
	free(c);
	free(d);
}

Test(text, label_key_folds_vietnamese_capitals)
{
	char *a = text_label_key("HOÀN  THÀNH"), *b = text_label_key("hoàn thành");

	cr_assert_str_eq(a, b);
	free(a);
	free(b);
}

Test(text, trim_span_leaves_out_edge_white_space)
{
	const char *s = " \t x y \r\n";
	size_t n = strlen(s);

	text_trim_span(&s, &n);
	cr_assert_eq(n, 3);
	cr_assert_eq(strncmp(s, "x y", 3), 0);
	s = "  ";
	n = 2;
	text_trim_span(&s, &n);
	cr_assert_eq(n, 0);
}

/* Found by review: a mark of class 0 still composes (U+0B47 U+0B3E). */
Test(text, class_zero_marks_compose)
{
	char *out = NULL;
	size_t n;

	cr_assert(text_nfc("\xe0\xad\x87\xe0\xac\xbe", 6, &out, &n));
	cr_assert_str_eq(out, "\xe0\xad\x8b");
	free(out);
}

/* Decode in pieces of every size, as the reader does. */
static size_t utf16_pieces(const char *in, size_t n, size_t piece, bool be,
			   unsigned char *out)
{
	struct text_utf16 d;
	size_t i, o = 0;

	memset(&d, 0, sizeof(d));
	d.big_endian = be;
	for (i = 0; i < n; i += piece) {
		size_t k = n - i < piece ? n - i : piece;

		o += text_utf16_decode(&d, (const unsigned char *)in + i, k,
				       i + k >= n, out + o);
	}
	if (!n)
		o += text_utf16_decode(&d, NULL, 0, true, out);
	return o;
}

Test(text, utf16_decodes_pairs_cut_anywhere)
{
	/* "Bộ 𝄞\r\n" LE, then BE */
	static const char le[] = "B\0\xD9\x1E \0\x34\xD8\x1E\xDD\r\0\n\0";
	static const char be[] = "\0B\x1E\xD9\0 \xD8\x34\xDD\x1E\0\r\0\n";
	const char *want = "Bộ 𝄞\r\n";
	unsigned char out[64];
	size_t piece, n;

	for (piece = 1; piece <= 16; piece++) {
		n = utf16_pieces(le, sizeof(le) - 1, piece, false, out);
		cr_assert_eq(n, strlen(want));
		cr_assert(memcmp(out, want, n) == 0);
		n = utf16_pieces(be, sizeof(be) - 1, piece, true, out);
		cr_assert_eq(n, strlen(want));
		cr_assert(memcmp(out, want, n) == 0);
	}
}

Test(text, broken_utf16_is_marked_where_it_stands_and_stops)
{
	unsigned char out[64];
	size_t n, piece;

	for (piece = 1; piece <= 5; piece++) {
		/* a high surrogate followed by a letter */
		n = utf16_pieces("a\0\x34\xD8" "b\0c\0", 8, piece, false, out);
		cr_assert_eq(n, 2);
		cr_assert(memcmp(out, "a\xFF", 2) == 0);
		/* a lone low surrogate */
		n = utf16_pieces("a\0\x1E\xDD" "b\0", 6, piece, false, out);
		cr_assert_eq(n, 2);
		cr_assert_eq(out[1], TEXT_UTF16_FAULT);
		/* a high surrogate, then the end */
		n = utf16_pieces("a\0\x34\xD8", 4, piece, false, out);
		cr_assert_eq(n, 2);
		cr_assert_eq(out[1], TEXT_UTF16_FAULT);
		/* an odd byte at the end */
		n = utf16_pieces("a\0b", 3, piece, false, out);
		cr_assert_eq(n, 2);
		cr_assert(memcmp(out, "a\xFF", 2) == 0);
	}
	cr_assert_eq(utf16_pieces("", 0, 1, false, out), 0);
}
