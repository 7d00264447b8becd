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
 * Read data whole (mem) with the oracle, then with the new reader in
 * pieces of chunk bytes, jobs of job bytes and solo records from solo
 * bytes, and compare.
 */
static void same_as_oracle(const void *data, size_t n, size_t chunk,
			   size_t job, size_t solo, const char *what)
{
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	struct oracle_reader *o = oracle_reader_open_mem(data, n);
	struct csv_reader *r = csv_reader_open_mem(data, n);

	dump_oracle(o, &want);
	oracle_reader_close(o);
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
