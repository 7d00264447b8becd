/*
 * csv_reader: positions, quirks of real exports and malformed input.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "strbuf.h"
#include "text.h"

static struct csv_reader *r;

static void open_str(const char *s)
{
	r = csv_reader_open_mem(s, strlen(s));
}

static void teardown(void)
{
	csv_reader_close(r);
	r = NULL;
}

TestSuite(csv_reader, .fini = teardown);

static const struct csv_record *next_ok(void)
{
	const struct csv_record *rec = NULL;
	int rc = csv_reader_next(r, &rec);

	cr_assert_eq(rc, 1, "expected a record, got %d", rc);
	return rec;
}

#define FIELD_IS(rec, i, v, l, c) do { \
	cr_assert_str_eq((rec)->fields[i].value, (v)); \
	cr_assert_eq((rec)->fields[i].line, (unsigned long)(l), "line of field %d: %lu", (int)(i), (rec)->fields[i].line); \
	cr_assert_eq((rec)->fields[i].col, (unsigned long)(c), "col of field %d: %lu", (int)(i), (rec)->fields[i].col); \
} while (0)

Test(csv_reader, simple_fields_have_lines_and_columns)
{
	const struct csv_record *rec;

	open_str("a,bb,ccc\n1,22,333\n");
	rec = next_ok();
	cr_assert_eq(rec->nfields, 3);
	FIELD_IS(rec, 0, "a", 1, 1);
	FIELD_IS(rec, 1, "bb", 1, 3);
	FIELD_IS(rec, 2, "ccc", 1, 6);
	rec = next_ok();
	FIELD_IS(rec, 2, "333", 2, 6);
	cr_assert_eq(rec->end_col, 9);
	cr_assert_eq(csv_reader_next(r, &rec), 0);
}

Test(csv_reader, columns_count_characters_not_bytes)
{
	const struct csv_record *rec;

	open_str("Bộ Ngoại giao,x\n");
	rec = next_ok();
	FIELD_IS(rec, 1, "x", 1, 15);
}

Test(csv_reader, quoted_newline_keeps_physical_lines)
{
	const struct csv_record *rec;

	open_str("h1,h2\n\"dòng một\ndòng hai\",b\nc,d\n");
	rec = next_ok();
	rec = next_ok();
	FIELD_IS(rec, 0, "dòng một\ndòng hai", 2, 1);
	FIELD_IS(rec, 1, "b", 3, 11);
	cr_assert_eq(rec->line, 2);
	cr_assert_eq(rec->end_line, 3);
	rec = next_ok();
	FIELD_IS(rec, 1, "d", 4, 3);
}

Test(csv_reader, crlf_and_doubled_quotes)
{
	const struct csv_record *rec;

	open_str("a,b\r\n\"say \"\"hi\"\", ok\",2\r\nx,y\r\n");
	next_ok();
	rec = next_ok();
	FIELD_IS(rec, 0, "say \"hi\", ok", 2, 1);
	FIELD_IS(rec, 1, "2", 2, 18);
	cr_assert(rec->fields[0].quoted);
	rec = next_ok();
	FIELD_IS(rec, 0, "x", 3, 1);
}

Test(csv_reader, bom_is_stripped_and_remembered)
{
	const struct csv_record *rec;

	open_str("\xEF\xBB\xBFperiod,x\n");
	rec = next_ok();
	FIELD_IS(rec, 0, "period", 1, 1);
	cr_assert(csv_reader_had_bom(r));
}

Test(csv_reader, semicolon_is_sniffed_from_the_header)
{
	const struct csv_record *rec;

	open_str("a;b;c\n1;45,5;x\n");
	rec = next_ok();
	cr_assert_eq(csv_reader_delimiter(r), ';');
	rec = next_ok();
	FIELD_IS(rec, 1, "45,5", 2, 3);
}

Test(csv_reader, excel_sep_line_names_the_delimiter)
{
	const struct csv_record *rec;

	open_str("sep=;\na;b\n1;2\n");
	rec = next_ok();
	FIELD_IS(rec, 0, "a", 2, 1);
	FIELD_IS(rec, 1, "b", 2, 3);
}

Test(csv_reader, nfd_is_normalised_to_nfc)
{
	const struct csv_record *rec;

	/* "Hoàn thành" written with combining grave accents */
	open_str("Hoa\xCC\x80n tha\xCC\x80nh,x\n");
	rec = next_ok();
	cr_assert_str_eq(rec->fields[0].value, "Hoàn thành");
	/* the column after it counts the characters as written */
	FIELD_IS(rec, 1, "x", 1, 14);
}

Test(csv_reader, empty_fields_and_blank_lines)
{
	const struct csv_record *rec;

	open_str("a,b,c\n\n,,\n1,,3\n\n\n");
	next_ok();
	rec = next_ok();
	cr_assert_eq(rec->nfields, 3);
	FIELD_IS(rec, 0, "", 3, 1);
	FIELD_IS(rec, 2, "", 3, 3);
	rec = next_ok();
	FIELD_IS(rec, 1, "", 4, 3);
	cr_assert_eq(csv_reader_next(r, &rec), 0);
}

Test(csv_reader, last_line_without_newline)
{
	const struct csv_record *rec;

	open_str("a,b\n1,2");
	next_ok();
	rec = next_ok();
	FIELD_IS(rec, 1, "2", 2, 3);
	cr_assert_eq(rec->end_col, 4);
	cr_assert_eq(csv_reader_next(r, &rec), 0);
}

Test(csv_reader, trailing_delimiter_at_eof_gives_an_empty_field)
{
	const struct csv_record *rec;

	open_str("a,b,");
	rec = next_ok();
	cr_assert_eq(rec->nfields, 3);
	FIELD_IS(rec, 2, "", 1, 5);
}

Test(csv_reader, stray_quote_skips_the_row_and_goes_on)
{
	const struct csv_record *rec;
	const struct csv_error *e;

	open_str("a,b\nx,ab\"c\n1,2\n");
	next_ok();
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	e = csv_reader_error(r);
	cr_assert_eq(e->kind, CSV_ERR_QUOTE);
	cr_assert_not(e->fatal);
	cr_assert_eq(e->line, 2);
	cr_assert_eq(e->col, 5);
	rec = next_ok();
	FIELD_IS(rec, 0, "1", 3, 1);
	FIELD_IS(rec, 1, "2", 3, 3);
}

Test(csv_reader, text_after_closing_quote)
{
	const struct csv_record *rec;
	const struct csv_error *e;

	open_str("\"ab\"c,d\r\nx,y\r\n");
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	e = csv_reader_error(r);
	cr_assert_eq(e->kind, CSV_ERR_AFTER_QUOTE);
	cr_assert_eq(e->col, 5);
	rec = next_ok();
	FIELD_IS(rec, 0, "x", 2, 1);
}

Test(csv_reader, unclosed_quote_points_at_its_opening)
{
	const struct csv_record *rec;
	const struct csv_error *e;

	open_str("a,b\n1,\"never closed\n2,3\n");
	next_ok();
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	e = csv_reader_error(r);
	cr_assert_eq(e->kind, CSV_ERR_UNCLOSED);
	cr_assert(e->fatal);
	cr_assert_eq(e->line, 2);
	cr_assert_eq(e->col, 3);
	cr_assert_eq(csv_reader_next(r, &rec), 0);
}

Test(csv_reader, windows_1258_bytes_are_an_encoding_error)
{
	const struct csv_record *rec;
	const struct csv_error *e;

	/* "Bộ" in Windows-1258: B, o with U+0323 as 0xF2 */
	open_str("a,b\nx,B\xF4\xF2\n");
	next_ok();
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	e = csv_reader_error(r);
	cr_assert_eq(e->kind, CSV_ERR_ENCODING);
	cr_assert(e->fatal);
	cr_assert_eq(e->line, 2);
	cr_assert_eq(e->col, 4);
	cr_assert_eq(csv_reader_next(r, &rec), 0);
}

Test(csv_reader, nul_byte_is_binary)
{
	const struct csv_record *rec;
	static const char data[] = "a,b\n1,\0\0\0";

	r = csv_reader_open_mem(data, sizeof(data) - 1);
	next_ok();
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	cr_assert_eq(csv_reader_error(r)->kind, CSV_ERR_BINARY);
	cr_assert_eq(csv_reader_error(r)->col, 3);
}

Test(csv_reader, utf16_without_a_bom_and_workbooks_are_named)
{
	const struct csv_record *rec;
	static const char nobom[] = "a\0,\0b\0\n\0";

	r = csv_reader_open_mem(nobom, sizeof(nobom) - 1);
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	cr_assert_eq(csv_reader_error(r)->kind, CSV_ERR_UTF16);
	cr_assert_not(csv_reader_utf16(r));
	csv_reader_close(r);
	open_str("PK\x03\x04rest");
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	cr_assert_eq(csv_reader_error(r)->kind, CSV_ERR_WORKBOOK);
}

Test(csv_reader, missing_file_is_an_io_error)
{
	const struct csv_record *rec;

	r = csv_reader_open("/nonexistent/x.csv");
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	cr_assert_eq(csv_reader_error(r)->kind, CSV_ERR_IO);
	cr_assert_eq(csv_reader_next(r, &rec), 0);
}

Test(csv_reader, huge_field_is_truncated_and_reading_goes_on)
{
	const struct csv_record *rec;
	size_t n = 3 * CSV_FIELD_CAP, i;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "a,b\n\"");
	for (i = 0; i < n; i++)
		strbuf_addstr(&sb, i % 7 ? "ệ" : " ");
	strbuf_addstr(&sb, "\",tail\nx,y\n");
	r = csv_reader_open_mem(sb.buf, sb.len);
	next_ok();
	rec = next_ok();
	cr_assert(rec->fields[0].truncated);
	cr_assert_leq(rec->fields[0].len, CSV_FIELD_CAP);
	FIELD_IS(rec, 1, "tail", 2, n + 4);
	rec = next_ok();
	FIELD_IS(rec, 0, "x", 3, 1);
	csv_reader_close(r);
	r = NULL;
	strbuf_release(&sb);
}

Test(csv_reader, file_larger_than_a_chunk_keeps_positions)
{
	char path[] = "/tmp/tiendo-csv-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	const struct csv_record *rec;
	unsigned long i, rows = 20000;

	fputs("id,text\n", f);
	for (i = 0; i < rows; i++)
		fprintf(f, "%lu,\"hàng %lu\nnửa sau\"\r\n", i, i);
	fclose(f);
	r = csv_reader_open(path);
	next_ok();
	for (i = 0; i < rows; i++) {
		rec = next_ok();
		cr_assert_eq(rec->fields[0].line, 2 + 2 * i);
		cr_assert_eq(rec->fields[1].col, strlen(rec->fields[0].value) + 2);
	}
	cr_assert_eq(csv_reader_next(r, &rec), 0);
	remove(path);
}

Test(csv_reader, write_field_quotes_only_when_needed)
{
	struct strbuf sb = STRBUF_INIT;

	csv_write_field(&sb, "plain", ',');
	strbuf_addch(&sb, ',');
	csv_write_field(&sb, "a,b \"c\"", ',');
	strbuf_addch(&sb, ',');
	csv_write_field(&sb, "x;y", ';');
	cr_assert_str_eq(sb.buf, "plain,\"a,b \"\"c\"\"\",\"x;y\"");
	strbuf_release(&sb);
}

/* regressions found in review */

Test(csv_reader, spaces_after_a_huge_field_do_not_hang)
{
	const struct csv_record *rec;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, "a,b\nx");
	for (i = 0; i < 70000; i++)
		strbuf_addch(&sb, ' ');
	strbuf_addstr(&sb, ",y\n\"x\"");
	for (i = 0; i < 70000; i++)
		strbuf_addch(&sb, ' ');
	strbuf_addstr(&sb, ",z\n");
	r = csv_reader_open_mem(sb.buf, sb.len);
	next_ok();
	rec = next_ok();
	cr_assert_str_eq(rec->fields[1].value, "y");
	rec = next_ok();
	cr_assert_str_eq(rec->fields[1].value, "z");
	cr_assert_eq(csv_reader_next(r, &rec), 0);
	csv_reader_close(r);
	r = NULL;
	strbuf_release(&sb);
}

Test(csv_reader, a_field_of_exactly_the_cap_is_whole)
{
	const struct csv_record *rec;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < CSV_FIELD_CAP; i++)
		strbuf_addch(&sb, 'a');
	strbuf_addstr(&sb, ",b\n");
	for (i = 0; i < CSV_FIELD_CAP + 1; i++)
		strbuf_addch(&sb, 'a');
	strbuf_addstr(&sb, ",b\n");
	r = csv_reader_open_mem(sb.buf, sb.len);
	rec = next_ok();
	cr_assert_not(rec->fields[0].truncated);
	cr_assert_eq(rec->fields[0].len, CSV_FIELD_CAP);
	rec = next_ok();
	cr_assert(rec->fields[0].truncated);
	cr_assert_str_eq(rec->fields[1].value, "b");
	csv_reader_close(r);
	r = NULL;
	strbuf_release(&sb);
}

Test(csv_reader, a_record_of_thousands_of_cells_is_skipped)
{
	const struct csv_record *rec;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, "a,b\n");
	for (i = 0; i < 5000; i++)
		strbuf_addch(&sb, ',');
	strbuf_addstr(&sb, "\nx,y\n");
	r = csv_reader_open_mem(sb.buf, sb.len);
	next_ok();
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	cr_assert_eq(csv_reader_error(r)->kind, CSV_ERR_TOO_BIG);
	cr_assert_eq(csv_reader_error(r)->line, 2);
	cr_assert_not(csv_reader_error(r)->fatal);
	rec = next_ok();
	FIELD_IS(rec, 0, "x", 3, 1);
	csv_reader_close(r);
	r = NULL;
	strbuf_release(&sb);
}

Test(csv_reader, a_field_opening_with_a_singleton_is_normalised)
{
	const struct csv_record *rec;

	open_str("\xE2\x84\xAB,x\n");
	rec = next_ok();
	cr_assert_str_eq(rec->fields[0].value, "\xC3\x85");
}

Test(csv_reader, sep_line_takes_only_a_printable_delimiter)
{
	const struct csv_record *rec;

	open_str("sep=\xC3\n");
	cr_assert_neq(csv_reader_next(r, &rec), 1 + 1);
	cr_assert_eq(csv_reader_delimiter(r), ',');
}

Test(csv_reader, blank_lines_before_the_header_do_not_hide_the_delimiter)
{
	const struct csv_record *rec;

	open_str("\r\n\na;b\n1;2\n");
	rec = next_ok();
	cr_assert_eq(rec->nfields, 2);
	FIELD_IS(rec, 1, "b", 3, 3);
}

Test(csv_reader, reading_in_tiny_chunks_from_a_stream)
{
	static const char data[] = "h1;h2\r\n\"Việt\r\nNam\";ổn\r\n";
	FILE *fp = fmemopen((void *)data, sizeof(data) - 1, "rb");
	const struct csv_record *rec;

	r = csv_reader_open_stream(fp);
	next_ok();
	rec = next_ok();
	FIELD_IS(rec, 0, "Việt\r\nNam", 2, 1);
	FIELD_IS(rec, 1, "ổn", 3, 6);
	cr_assert_eq(csv_reader_next(r, &rec), 0);
}

/* Split s (valid UTF-8) after k characters: returns the byte length. */
static size_t chars_prefix(const char *s, size_t k)
{
	size_t i = 0;

	while (s[i] && k) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		k--;
	}
	return i;
}

/*
 * The tracker reads field text eight bytes at a time: every length and
 * every alignment of one-, two-, three- and four-byte characters must
 * give the same columns as counting one character at a time.
 */
Test(csv_reader, columns_at_every_length_and_alignment)
{
	const char *text = "Bộ Ngoại giao 𝄞 đã hoàn thành “kế hoạch” € ệ ử ỹ ơ ư 10 năm";
	size_t nchars = 0, k, pad, i;

	for (i = 0; text[i]; i++)
		nchars += (text[i] & 0xC0) != 0x80;
	for (pad = 0; pad < 8; pad++) {
		for (k = 0; k <= nchars; k++) {
			char line[512];
			const struct csv_record *rec;
			size_t n = chars_prefix(text, k), trimmed = n;
			int q;

			while (trimmed && text[trimmed - 1] == ' ')
				trimmed--;

			for (q = 0; q < 2; q++) {
				snprintf(line, sizeof line, "%.*s,%s%.*s%s,x\n",
					 (int)pad, "pppppppp", q ? "\"" : "",
					 (int)n, text, q ? "\"" : "");
				open_str(line);
				rec = next_ok();
				cr_assert_eq(rec->nfields, 3);
				/* values carry no edge white space */
				cr_assert_eq(rec->fields[1].len, trimmed);
				cr_assert(memcmp(rec->fields[1].value, text, trimmed) == 0);
				cr_assert_eq(rec->fields[1].col, pad + 2,
					     "pad %zu", pad);
				cr_assert_eq(rec->fields[2].col, pad + k + 3 + 2 * q,
					     "pad %zu, %zu characters, quoted %d: col %lu",
					     pad, k, q, rec->fields[2].col);
				cr_assert_eq(rec->end_col, pad + k + 4 + 2 * q);
				teardown();
			}
		}
	}
}

/* A combining mark is noticed wherever it falls in the eight-byte words. */
Test(csv_reader, decomposed_marks_at_every_alignment_are_normalised)
{
	size_t pad;

	for (pad = 0; pad < 12; pad++) {
		char line[256], want[64];
		const struct csv_record *rec;

		/* "ệ" as e + U+0302 + U+0323, after pad ASCII letters */
		snprintf(line, sizeof line, "a,%.*shi\xe1\xbb\x87n hie\xcc\x82\xcc\xa3n,b\n",
			 (int)pad, "ttttttttttttt");
		snprintf(want, sizeof want, "%.*shi\xe1\xbb\x87n hi\xe1\xbb\x87n",
			 (int)pad, "ttttttttttttt");
		open_str(line);
		rec = next_ok();
		cr_assert_str_eq(rec->fields[1].value, want, "pad %zu", pad);
		/* a, hiện, space, h i e two marks n, comma: marks count */
		cr_assert_eq(rec->fields[2].col, 3 + pad + 12, "pad %zu: col %lu",
			     pad, rec->fields[2].col);
		teardown();
	}
}

/* (Threads against one thread: test_reader_oracle.c reads a big file
   with threads, in jobs of several sizes, against the oracle.) */

/* Closing an async reader half-way stops its thread; nothing leaks. */
Test(csv_reader, async_closed_half_way)
{
	char path[] = "/tmp/tiendo-async-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	const struct csv_record *rec;
	unsigned long i;

	for (i = 0; i < 200000; i++)
		fprintf(f, "%lu,dòng %lu\n", i, i);
	fclose(f);
	r = csv_reader_open_async(path);
	for (i = 0; i < 10; i++)
		cr_assert_eq(csv_reader_next(r, &rec), 1);
	cr_assert_str_eq(rec->fields[1].value, "dòng 9");
	teardown();
	remove(path);
	r = csv_reader_open_async("/nonexistent/x.csv");
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	cr_assert_eq(csv_reader_error(r)->kind, CSV_ERR_IO);
	cr_assert_eq(csv_reader_next(r, &rec), 0);
}

/* Found by the fuzzer: a file that is one cut character, no bytes before. */
Test(csv_reader, a_lone_cut_character_is_an_encoding_error)
{
	const struct csv_record *rec;

	r = csv_reader_open_mem("\xcc", 1);
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	cr_assert_eq(csv_reader_error(r)->kind, CSV_ERR_ENCODING);
	cr_assert_eq(csv_reader_error(r)->line, 1);
	cr_assert_eq(csv_reader_error(r)->col, 1);
	cr_assert_eq(csv_reader_next(r, &rec), 0);
}

/* Found by review: U+2000 and U+2001 are NFC's U+2002 and U+2003. */
Test(csv_reader, en_and_em_quads_are_normalised)
{
	const struct csv_record *rec;

	open_str("a,b\nx\xe2\x80\x80y,\xe2\x80\x81 z \xe2\x80\x9cq\xe2\x80\x9d\n");
	next_ok();
	rec = next_ok();
	cr_assert_str_eq(rec->fields[0].value, "x\xe2\x80\x82y");
	cr_assert_str_eq(rec->fields[1].value, "\xe2\x80\x83 z \xe2\x80\x9cq\xe2\x80\x9d");
}

/* Excel's "Unicode Text": header, a row with Vietnamese and a pair. */
static const char unicode_text[] =
	"\xFF\xFE"
	"i\0d\0\t\0t\0\xEA\0n\0\r\0\n\0"              /* id<TAB>tên */
	"1\0\t\0B\0\xD9\x1E\t\0\x34\xD8\x1E\xDD"  /* 1<TAB>Bộ<TAB>𝄞 */
	"\t\0x\0\r\0\n\0";

Test(csv_reader, utf16_with_a_bom_is_read_at_every_size)
{
	static const size_t chunks[] = { 1, 2, 3, 5, 64 * 1024 };
	size_t c;

	for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		const struct csv_record *rec;

		r = csv_reader_open_mem(unicode_text, sizeof(unicode_text) - 1);
		csv_reader_set_limits(r, chunks[c], 1 + c * 7, 8);
		rec = next_ok();
		cr_assert(csv_reader_utf16(r));
		cr_assert_eq(csv_reader_delimiter(r), '\t');
		cr_assert_not(csv_reader_had_bom(r));
		cr_assert_eq(csv_reader_format(r), CSV_FMT_TEXT);
		FIELD_IS(rec, 0, "id", 1, 1);
		FIELD_IS(rec, 1, "tên", 1, 4);
		rec = next_ok();
		cr_assert_eq(rec->nfields, 4);
		FIELD_IS(rec, 1, "Bộ", 2, 3);
		FIELD_IS(rec, 2, "𝄞", 2, 6);
		FIELD_IS(rec, 3, "x", 2, 8);
		cr_assert_eq(csv_reader_next(r, &rec), 0);
		csv_reader_close(r);
	}
	r = NULL;
}

Test(csv_reader, utf16_big_endian_is_read)
{
	static const char be[] = "\xFE\xFF" "\0a\0;\0b\0\n\x1E\xC7\0;\0x";
	const struct csv_record *rec;

	r = csv_reader_open_mem(be, sizeof(be) - 1);
	next_ok();
	cr_assert_eq(csv_reader_delimiter(r), ';');
	rec = next_ok();
	FIELD_IS(rec, 0, "ệ", 2, 1);
	FIELD_IS(rec, 1, "x", 2, 3);
}

/* A broken UTF-16 character is an encoding error where it stands. */
static void utf16_fault_at(const char *data, size_t n, unsigned long line,
			   unsigned long col, int records)
{
	const struct csv_record *rec;
	int i;

	r = csv_reader_open_mem(data, n);
	csv_reader_set_limits(r, 3, 5, 8);
	for (i = 0; i < records; i++)
		next_ok();
	cr_assert_eq(csv_reader_next(r, &rec), -1);
	cr_assert_eq(csv_reader_error(r)->kind, CSV_ERR_ENCODING);
	cr_assert_eq(csv_reader_error(r)->line, line);
	cr_assert_eq(csv_reader_error(r)->col, col, "col %lu",
		     csv_reader_error(r)->col);
	cr_assert_eq(csv_reader_error(r)->byte, TEXT_UTF16_FAULT);
	cr_assert(csv_reader_utf16(r));
	cr_assert_eq(csv_reader_next(r, &rec), 0);
	csv_reader_close(r);
	r = NULL;
}

Test(csv_reader, broken_utf16_is_placed)
{
	/* a lone high surrogate (then a letter), a lone low one, a high
	   one at the end, an odd byte at the end */
	static const char high[] = "\xFF\xFE" "a\0,\0b\0\n\0" "\xEA\0,\0\x34\xD8" "c\0\n\0";
	static const char low[] = "\xFF\xFE" "a\0,\0b\0\n\0" "\xEA\0\x1E\xDD\n\0";
	static const char end[] = "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0\x34\xD8";
	static const char odd[] = "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0\n";

	utf16_fault_at(high, sizeof(high) - 1, 2, 3, 1);
	utf16_fault_at(low, sizeof(low) - 1, 2, 2, 1);
	utf16_fault_at(end, sizeof(end) - 1, 2, 3, 1);
	utf16_fault_at(odd, sizeof(odd) - 1, 3, 1, 2);
}

/* What a file is, from its first bytes. */
static enum csv_format format_of(const void *data, size_t n)
{
	const struct csv_record *rec;
	enum csv_format f;

	r = csv_reader_open_mem(data, n);
	csv_reader_next(r, &rec);
	f = csv_reader_format(r);
	csv_reader_close(r);
	r = NULL;
	return f;
}

#define FORMAT_IS(lit, f) \
	cr_assert_eq(format_of(lit, sizeof(lit) - 1), f, "%s", #lit)

Test(csv_reader, files_that_are_no_csv_are_told)
{
	unsigned char blob[1000];
	size_t i;

	FORMAT_IS("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", CSV_FMT_PNG);
	FORMAT_IS("\xFF\xD8\xFF\xE0\0\x10JFIF", CSV_FMT_JPEG);
	FORMAT_IS("GIF89a\x10\0\x10\0", CSV_FMT_GIF);
	FORMAT_IS("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", CSV_FMT_PDF);
	FORMAT_IS("PK\x03\x04\x14\0\0\0report.csv", CSV_FMT_ZIP);
	FORMAT_IS("PK\x03\x04\x14\0\0\0xl/workbook.xml", CSV_FMT_WORKBOOK);
	FORMAT_IS("PK\x03\x04\x14\0\0\0mimetypeapplication/vnd.oasis."
		  "opendocument.spreadsheet", CSV_FMT_WORKBOOK);
	FORMAT_IS("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", CSV_FMT_WORKBOOK);
	FORMAT_IS("a,b\n1,2\n", CSV_FMT_TEXT);
	FORMAT_IS("a,b\n1,\0\n", CSV_FMT_TEXT);     /* one NUL: placed */
	FORMAT_IS("a\0,\0b\0", CSV_FMT_TEXT);       /* UTF-16, no BOM */
	FORMAT_IS("a,b\n\xe2,\xea\n", CSV_FMT_TEXT); /* Windows-1258 */
	for (i = 0; i < sizeof(blob); i++)
		blob[i] = (unsigned char)(i * 37 + 11);
	cr_assert_eq(format_of(blob, sizeof(blob)), CSV_FMT_BINARY);
}
