/*
 * The reader against its oracle: tests/oracle keeps the reader this one
 * replaced (a byte-by-byte tracker, then libcsv). Over hand-made and
 * random inputs, read whole or in pieces of every small size, in jobs of
 * a few bytes and with solo records, in one thread or several, both must
 * give the same records, values, positions and errors.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "oracle_reader.h"
#include "strbuf.h"
#include "text.h"

static void dump_record(struct strbuf *out, const struct csv_record *rec)
{
	size_t i;

	strbuf_addf(out, "record %lu-%lu:%lu", rec->line, rec->end_line,
		    rec->end_col);
	for (i = 0; i < rec->nfields; i++) {
		const struct csv_field *f = &rec->fields[i];

		strbuf_addf(out, " [%lu:%lu%s%s %zu ", f->line, f->col,
			    f->quoted ? " q" : "", f->truncated ? " t" : "",
			    f->len);
		strbuf_add(out, f->value, f->len);
		strbuf_addch(out, ']');
		cr_assert_eq(f->value[f->len], '\0');
	}
	strbuf_addch(out, '\n');
}

static void dump_error(struct strbuf *out, const struct csv_error *e)
{
	strbuf_addf(out, "error %d %d %lu:%lu %d %02x\n", (int)e->kind,
		    (int)e->fatal, e->line, e->col, e->sys_errno, e->byte);
}

static void dump_new(struct csv_reader *r, struct strbuf *out)
{
	const struct csv_record *rec;
	int rc;

	while ((rc = csv_reader_next(r, &rec)) != 0) {
		if (rc < 0)
			dump_error(out, csv_reader_error(r));
		else
			dump_record(out, rec);
	}
	cr_assert_eq(csv_reader_next(r, &rec), 0, "0 stays 0");
	strbuf_addf(out, "delim %c bom %d\n", csv_reader_delimiter(r),
		    (int)csv_reader_had_bom(r));
}

static void dump_oracle(struct oracle_reader *r, struct strbuf *out)
{
	const struct csv_record *rec;
	int rc;

	while ((rc = oracle_reader_next(r, &rec)) != 0) {
		if (rc < 0)
			dump_error(out, oracle_reader_error(r));
		else
			dump_record(out, rec);
	}
	strbuf_addf(out, "delim %c bom %d\n", oracle_reader_delimiter(r),
		    (int)oracle_reader_had_bom(r));
}

/* First line where a and b differ, for the message. */
static const char *first_diff(const char *a, const char *b)
{
	const char *line = a;

	while (*a && *a == *b) {
		if (*a == '\n')
			line = a + 1;
		a++;
		b++;
	}
	return line;
}

/*
 * What the oracle reads for data: the reader decodes UTF-16 with its BOM
 * as it reads it, which the oracle never did, so the oracle gets the
 * UTF-8 that decoding data whole gives (a broken character as the byte
 * TEXT_UTF16_FAULT, where the reader places its error too). NULL when
 * data is no such file.
 */
static unsigned char *oracle_input(const void *data, size_t n, size_t *outn)
{
	const unsigned char *b = data;
	struct text_utf16 d;
	unsigned char *out;

	if (n < 2 || !((b[0] == 0xFF && b[1] == 0xFE) ||
		       (b[0] == 0xFE && b[1] == 0xFF)))
		return NULL;
	memset(&d, 0, sizeof(d));
	d.big_endian = b[0] == 0xFE;
	out = malloc(TEXT_UTF16_ROOM(n));
	*outn = text_utf16_decode(&d, b + 2, n - 2, true, out);
	return out;
}

/*
 * Read data whole (mem) with the oracle, then with the new reader in
 * pieces of chunk bytes, jobs of job bytes and solo records from solo
 * bytes, and compare.
 */
static void same_as_oracle(const void *data, size_t n, size_t chunk,
			   size_t job, size_t solo, const char *what)
{
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	size_t on = n;
	unsigned char *decoded = oracle_input(data, n, &on);
	struct oracle_reader *o = oracle_reader_open_mem(decoded ? decoded :
							 data, on);
	struct csv_reader *r = csv_reader_open_mem(data, n);

	dump_oracle(o, &want);
	oracle_reader_close(o);
	free(decoded);
	csv_reader_set_limits(r, chunk, job, solo);
	dump_new(r, &got);
	csv_reader_close(r);
	cr_assert(strcmp(want.buf, got.buf) == 0,
		  "%s (chunk %zu, job %zu, solo %zu): oracle has\n%.300s\nnew reader has\n%.300s",
		  what, chunk, job, solo, first_diff(want.buf, got.buf),
		  first_diff(got.buf, want.buf));
	strbuf_release(&want);
	strbuf_release(&got);
}

static void all_sizes(const void *data, size_t n, const char *what)
{
	static const size_t chunks[] = { 1, 2, 3, 5, 7, 16, 17, 64 * 1024 };
	static const size_t jobs[] = { 1, 9, 40, 128 * 1024 };
	static const size_t solos[] = { 8, 33, 1024 * 1024 };
	size_t c, j, s;

	for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++)
		for (j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++)
			for (s = 0; s < sizeof(solos) / sizeof(solos[0]); s++)
				same_as_oracle(data, n, chunks[c], jobs[j],
					       solos[s], what);
}

static const char *const cases[] = {
	"",
	"a",
	"a,b,c\n1,2,3\n",
	"a;b;c\r\n1;2;3\r\n",
	"\xEF\xBB\xBFid,text\n1,\"Bộ Ngoại giao\"\n",
	"sep=;\nid;x\n1;2\n",
	"\xEF\xBB\xBFsep=;\r\nid;x\r\n1;2\r\n",
	"\r\n\n\na;b\n1;2\n\n\n",
	"a,b\n\"multi\nline\r\nfield\",x\n\"q\"\"q\",y\n",
	"a,b\nbad \"quote,1\nok,2\n",
	"a,b\n\"closed\" after,1\nok,2\n",
	"a,b\n\"closed\"   ,1\n\"x\"  \"y\",2\nok,3\n",
	"a,b\n\"never closed,1\nok,2\n",
	"a,b\n1,\xff\n2,3\n",
	"a,b\n1,2\x01x\n",
	"a,b\n1,\"x\"\xc3\n",
	"a,b\n1,\"x\"\xc3\xa9\n",
	"a,b\n1,\"x\"\xc3",
	"a,b\n1,x\xc3",
	"a,b\n\"x\xc3",
	"\xcc",
	"h1;h2\r\n\"Việt\r\nNam\";ổn\r\n",
	"a,b\n  1 ,  2  \n\" 3 \", \" 4 \"\n",
	"a,b,\n1,2,\n,,\n",
	"a\tb\tc\n1\t2\t3\n",
	"a,b\nhie\xcc\x82\xcc\xa3n tu\xcc\x9b\xcc\x80,x\n",
	"a,b\n\xe2\x84\xab,x\n",
	"a,b\n1,2",
	"a,b\n1,",
	"a,b\n\"1\"",
	"a,b\n\"1\"\"",
	"a,b\n1\r2\r3\r",
	"a,b\n1\r\n\r\n2\n",
	"x\n\"a\rb\"\n\"a\r\nb\"\n",
	"\xFF\xFE" "a",
	"PK\x03\x04rest",
	"a,b\n\xed\xa0\x80,x\n",
	"a,b\n\xf0\x9d\x84\x9e,\xf4\x90\x80\x80\n",
	"a,b\n\xe0\x80\x80,x\n",
	"a,b\n\xc0\xaf,x\n",
	"a,b\n\"ok\",\"x\" \xff\n",
	"a,b\nx,\"\"\"\"\n",
	"a,b\n\"\",\"\"\n,\n",
	" a , b \n",
	"\"a\" ,\"b\"\t\n",
};

Test(reader_oracle, hand_made_inputs_at_every_size)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		all_sizes(cases[i], strlen(cases[i]), cases[i]);
	}
	all_sizes("a\0b\n", 4, "NUL");
	all_sizes("\xFF\xFE" "a\0", 4, "UTF-16");
	all_sizes("a\0,\0b\0", 6, "UTF-16 without a BOM");
}



/* xorshift: the same inputs on every run */
static uint64_t rnd_state = 88172645463325252ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Pieces CSV is made of, more of the usual ones. */
static const char *const atoms[] = {
	",", ",", ",", ";", "\"", "\"", "\"\"", "\n", "\n", "\r\n", "\r",
	" ", " ", "\t", "a", "b", "xyz", "12", "ệ", "Bộ", "đ", "𝄞", "€",
	"e\xcc\x82\xcc\xa3", "\xcc\x80", "\xff", "\xc3", "\xe1\xbb", "\x01",
	"\0", "\xEF\xBB\xBF", "sep=;", "  ", "\"a\"",
};

static size_t random_input(char *buf, size_t cap)
{
	size_t n = 0, k = rnd() % 60, i;

	if (rnd() % 8 == 0) {
		memcpy(buf, "\xEF\xBB\xBF", 3);
		n = 3;
	}
	for (i = 0; i < k; i++) {
		const char *a = atoms[rnd() % (sizeof(atoms) / sizeof(atoms[0]))];
		size_t len = *a ? strlen(a) : 1;

		if (n + len > cap)
			break;
		memcpy(buf + n, a, len);
		n += len;
	}
	return n;
}

Test(reader_oracle, random_inputs)
{
	static const size_t chunks[] = { 1, 3, 7, 64 * 1024 };
	char buf[512];
	int t;

	for (t = 0; t < (getenv("ORACLE_ROUNDS") ? atoi(getenv("ORACLE_ROUNDS")) : 3000); t++) {
		size_t n = random_input(buf, sizeof(buf));
		char what[32];

		snprintf(what, sizeof what, "random input %d", t);
		same_as_oracle(buf, n, chunks[t % 4], 1 + rnd() % 50,
			       8 + rnd() % 64, what);
		same_as_oracle(buf, n, 64 * 1024, 128 * 1024, 1024 * 1024, what);
	}
}

/* A file read with threads, in small jobs, is read as the oracle reads. */
Test(reader_oracle, threads_and_solo_records_as_the_oracle)
{
	char path[] = "/tmp/tiendo-oracle-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	struct oracle_reader *o;
	struct csv_reader *r;
	unsigned long i, k;
	int round;

	fputs("\xEF\xBB\xBFid;text;note\r\n", f);
	for (i = 0; i < 20000; i++) {
		switch (i % 6) {
		case 0:
			fprintf(f, "%lu;\"Bộ Ngoại giao\nhàng %lu\";x\r\n", i, i);
			break;
		case 1:
			fprintf(f, "%lu;hie\xcc\x82\xcc\xa3n %lu;\n", i, i);
			break;
		case 2:
			fprintf(f, "%lu;bad \"quote;y\n", i);
			break;
		case 3:
			fprintf(f, "%lu;\"closed\" after;z\n", i);
			break;
		default:
			fprintf(f, "%lu;  kế hoạch “%lu” € 𝄞 ;\"a \"\"b\"\"\"\n", i, i);
		}
		if (i == 777 || i == 15000) {
			/* records longer than a job, one with a field past the
			   cap, one of thousands of cells */
			fputs("huge;\"", f);
			for (k = 0; k < CSV_FIELD_CAP / 4 + 100; k++)
				fputs("ệ\n", f);
			fputs("\";end\n", f);
			for (k = 0; k < 3000; k++)
				fputs("c;", f);
			fputs("\n", f);
		}
	}
	fputs("last;\xff;bad byte\n", f);
	fclose(f);
	o = oracle_reader_open(path);
	dump_oracle(o, &want);
	oracle_reader_close(o);
	for (round = 0; round < 3; round++) {
		strbuf_reset(&got);
		r = csv_reader_open_async(path);
		if (round == 1)
			csv_reader_set_limits(r, 1000, 3000, 5000);
		if (round == 2)
			csv_reader_set_limits(r, 64 * 1024, 200, 100000);
		dump_new(r, &got);
		csv_reader_close(r);
		cr_assert_gt(want.len, 1000000);
		cr_assert(strcmp(want.buf, got.buf) == 0,
			  "round %d: oracle has\n%.300s\nnew reader has\n%.300s",
			  round, first_diff(want.buf, got.buf),
			  first_diff(got.buf, want.buf));
	}
	remove(path);
	strbuf_release(&want);
	strbuf_release(&got);
}

/*
 * Values are checked sixteen bytes at a time: a byte that is not UTF-8,
 * a character cut, or one NFC changes, at every place in a long value,
 * quoted or not, must be found as the oracle finds it.
 */
Test(reader_oracle, long_values_with_a_fault_at_every_place)
{
	static const char *const faults[] = {
		"\xff", "\xc3", "\xe1\xbb", "\xed\xa0\x80", "\xe0\x80\x80",
		"\xf4\x90\x80\x80", "\xc0\xaf", "\x80", "\xf0\x9d\x84",
		"e\xcc\x82", "\xe1\xba\xa1", "\xe2\x80\x9c", "\xe2\x84\xab",
		"\xcc\x80", "\xe2\x82\xac", "\xf0\x9d\x84\x9e", "\xef\xbf\xbd",
		"\xe2\x80\x80", "\xe2\x80\x81", "\xe2\x80\x82", "\xe2\x83\x90",
		"a\xe2\x83\x90\xcc\x81", "\xe2\x83\x8f",
	};
	const char *text = "Bộ Ngoại giao đã hoàn thành kế hoạch năm 2023 ổn";
	size_t tn = strlen(text), f, at, q;

	for (f = 0; f < sizeof(faults) / sizeof(faults[0]); f++) {
		for (at = 0; at <= tn; at++) {
			for (q = 0; q < 2; q++) {
				char line[256];
				int n = snprintf(line, sizeof line,
						 "a,b\nx,%s%.*s%s%s%s,y\nz,%s%.*s%s%s\n",
						 q ? "\"" : "", (int)at, text,
						 faults[f], text + at,
						 q ? "\"" : "", q ? "\"" : "",
						 (int)at, text, faults[f],
						 q ? "\"" : "");

				same_as_oracle(line, (size_t)n, 64 * 1024,
					       128 * 1024, 1024 * 1024,
					       faults[f]);
			}
		}
	}
}

/* A string literal with its length, NULs inside included. */
struct lit {
	const char *s;
	size_t n;
};
#define LIT(x) { x, sizeof(x) - 1 }

/* UTF-16 units (LE) of the usual pieces and the broken ones. */
static const struct lit units16[] = {
	LIT("a\0"), LIT(",\0"), LIT(";\0"), LIT("\t\0"), LIT("\"\0"),
	LIT("\n\0"), LIT("\r\0"), LIT(" \0"), LIT("1\0"), LIT("\x91\x00"),
	LIT("\xC7\x1E"),                  /* ệ */
	LIT("\x34\xD8\x1E\xDD"),          /* 𝄞, a pair */
	LIT("\x01\x03"),                  /* a combining mark */
	LIT("\x34\xD8"), LIT("\x1E\xDD"), /* lone high, lone low */
	LIT("\0\0"), LIT("\xFF\xFE"),
};

/*
 * UTF-16 with its BOM, LE or BE, at every size, the same as the oracle
 * reading the UTF-8 it stands for (faults, odd bytes and pairs cut by
 * the pieces among it).
 */
Test(reader_oracle, utf16_as_the_oracle_reads_its_utf8)
{
	static const struct lit hand[] = {
		LIT("\xFF\xFE" "a\0\t\0b\0\r\0\n\0" "1\0\t\0\xC7\x1E\r\0\n\0"),
		LIT("\xFF\xFE" "a\0,\0\x34\xD8\x1E\xDD\n\0\"\0x\0\n\0y\0\"\0"),
		LIT("\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0\x34\xD8" "2\0\n\0"),
		LIT("\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0\x1E\xDD\n\0"),
		LIT("\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0" "2\0\n"),
		LIT("\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0\x34\xD8"),
		LIT("\xFE\xFF" "\0a\0\t\0b\0\n\x1E\xC7\0\t\xD8\x34\xDD\x1E"),
		LIT("\xFF\xFE" "\xFF\xFE" "a\0,\0b\0"),
		LIT("\xFF\xFE" "s\0e\0p\0=\0;\0\n\0a\0;\0b\0"),
		LIT("\xFF\xFE"),
		LIT("\xFF\xFE" "a"),
	};
	unsigned char buf[256];
	size_t i, m;
	int t;

	for (i = 0; i < sizeof(hand) / sizeof(hand[0]); i++)
		all_sizes(hand[i].s, hand[i].n, "hand-made UTF-16");
	for (t = 0; t < 400; t++) {
		size_t n = 2, k = rnd() % 40;
		bool be = rnd() % 2;
		char what[32];

		buf[0] = be ? 0xFE : 0xFF;
		buf[1] = be ? 0xFF : 0xFE;
		for (i = 0; i < k; i++) {
			const struct lit *u = &units16[rnd() % (sizeof(units16) /
							sizeof(units16[0]))];

			if (n + u->n > sizeof(buf))
				break;
			for (m = 0; m < u->n; m += 2) {
				buf[n + m] = (unsigned char)u->s[m + be];
				buf[n + m + 1] = (unsigned char)u->s[m + !be];
			}
			n += u->n;
		}
		if (rnd() % 8 == 0)
			buf[n++] = 'z'; /* an odd byte at the end */
		snprintf(what, sizeof what, "random UTF-16 %d", t);
		same_as_oracle(buf, n, 1 + rnd() % 7, 1 + rnd() % 50,
			       8 + rnd() % 64, what);
		same_as_oracle(buf, n, 64 * 1024, 128 * 1024, 1024 * 1024,
			       what);
	}
}
