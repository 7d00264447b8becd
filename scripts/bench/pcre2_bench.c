/*
 * pcre2_bench.c: micro-benchmark of PCRE2 cost per field, for the benchmark.
 *
 *   pcre2_bench FILE [ROWS]
 *
 * Loads the first ROWS (default 200000) data rows of a progress file with
 * libcsv, then matches each column against a pattern like the schema's
 * (UTF | UCP), four ways: JIT with one reused match_data; JIT with
 * PCRE2_NO_UTF_CHECK (subjects already checked as UTF-8); the interpreter
 * (no JIT); JIT with a match_data created and freed per call.  Prints ns
 * per match and the projected seconds per 1,000,000 rows, per column and in
 * total, plus the share of subjects that matched (a sanity check).
 * The free-text rows show what a pattern (or a UTF-8 check) on long text costs.
 */
#define _POSIX_C_SOURCE 200809L
#define PCRE2_CODE_UNIT_WIDTH 8
#include <csv.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct col {
	const char *name, *pattern;
	int idx;                   /* column index in the file, -1 if absent */
	size_t n, cap;
	size_t *off, *len;         /* subjects as (offset, length) in arena */
	char *arena;               /* per column, so that subjects sit together */
	size_t alen, acap;
};

static struct col cols[] = {
	{"period", "^[0-9]{4}-(0[1-9]|1[0-2])$", -1, 0, 0, NULL, NULL, NULL, 0, 0},
	{"agency_code", "^[A-Z][A-Z0-9]{1,5}$", -1, 0, 0, NULL, NULL, NULL, 0, 0},
	{"task_id", "^[A-Z][A-Z0-9]{1,5}-[A-Z]{3}-[0-9]{3}$", -1, 0, 0, NULL, NULL, NULL, 0, 0},
	{"percent_complete", "^[0-9]{1,3}([.,][0-9]+)?$", -1, 0, 0, NULL, NULL, NULL, 0, 0},
	{"report_date", "^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}/[0-9]{2}/[0-9]{4})$", -1, 0, 0, NULL, NULL, NULL, 0, 0},
	{"output_document", "^[0-9]+(/[0-9]{4})?/\\p{Lu}[\\p{Lu}0-9]*(-[\\p{Lu}0-9]+)*$", -1, 0, 0, NULL, NULL, NULL, 0, 0},
	{"difficulties", "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*$", -1, 0, 0, NULL, NULL, NULL, 0, 0},
	{"proposals", "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*$", -1, 0, 0, NULL, NULL, NULL, 0, 0},
	{"contact_email", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", -1, 0, 0, NULL, NULL, NULL, 0, 0},
	{"contact_phone", "^(\\+84|0)([ .]?[0-9]){9,10}$", -1, 0, 0, NULL, NULL, NULL, 0, 0},
};
#define NCOL (sizeof cols / sizeof cols[0])

struct loader {
	unsigned long row, maxrows;
	int field;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("pcre2_bench: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static void on_field(void *s, size_t len, void *data)
{
	struct loader *L = data;
	size_t c;
	int f = L->field++;
	if (L->row == 0 || L->row > L->maxrows) {
		if (L->row == 0)
			for (c = 0; c < NCOL; c++)
				if (strlen(cols[c].name) == len && !memcmp(cols[c].name, s, len))
					cols[c].idx = f;
		return;
	}
	for (c = 0; c < NCOL; c++) {
		struct col *k = &cols[c];
		if (k->idx != f || len == 0)      /* empty = missing value, no match */
			continue;
		if (k->n == k->cap) {
			k->cap = k->cap ? k->cap * 2 : 4096;
			k->off = xrealloc(k->off, k->cap * sizeof *k->off);
			k->len = xrealloc(k->len, k->cap * sizeof *k->len);
		}
		if (k->alen + len > k->acap) {
			k->acap = (k->acap + len) * 2;
			k->arena = xrealloc(k->arena, k->acap);
		}
		memcpy(k->arena + k->alen, s, len);
		k->off[k->n] = k->alen;
		k->len[k->n] = len;
		k->n++;
		k->alen += len;
	}
}

static void on_row(int c, void *data)
{
	struct loader *L = data;
	(void)c;
	L->row++;
	L->field = 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

enum { M_JIT, M_JIT_NOCHECK, M_INTERP, M_JIT_MD_PER_CALL, NMODE };

/* ns per match of column k in mode m, best of 3 passes (less noise) */
static double run_mode(const struct col *k, int m, const pcre2_code *re,
		       pcre2_match_data *md, size_t *matched)
{
	double best = 1e30;
	int rep;
	for (rep = 0; rep < 3; rep++) {
		double t0 = now(), t;
		size_t i, hits = 0;
		for (i = 0; i < k->n; i++) {
			PCRE2_SPTR s = (PCRE2_SPTR)(k->arena + k->off[i]);
			size_t n = k->len[i];
			int r;
			if (m == M_JIT_NOCHECK) {
				r = pcre2_match(re, s, n, 0, PCRE2_NO_UTF_CHECK, md, NULL);
			} else if (m == M_JIT_MD_PER_CALL) {
				pcre2_match_data *d = pcre2_match_data_create_from_pattern(re, NULL);
				r = pcre2_match(re, s, n, 0, 0, d, NULL);
				pcre2_match_data_free(d);
			} else {
				r = pcre2_match(re, s, n, 0, 0, md, NULL);
			}
			hits += r > 0;
		}
		t = now() - t0;
		if (t < best)
			best = t;
		*matched = hits;
	}
	return best * 1e9 / (double)k->n;
}

int main(int argc, char **argv)
{
	static char buf[64 * 1024];
	struct loader L = {0, 200000, 0};
	struct csv_parser p;
	double total[NMODE] = {0};
	size_t got, c;
	unsigned long rows;
	FILE *f;

	if (argc < 2 || argc > 3) {
		fputs("usage: pcre2_bench FILE [ROWS]\n", stderr);
		return 64;
	}
	if (argc == 3)
		L.maxrows = strtoul(argv[2], NULL, 10);
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
	while (L.row <= L.maxrows && (got = fread(buf, 1, sizeof buf, f)) > 0)
		if (csv_parse(&p, buf, got, on_field, on_row, &L) != got) {
			fprintf(stderr, "pcre2_bench: %s\n", csv_strerror(csv_error(&p)));
			return 1;
		}
	csv_fini(&p, on_field, on_row, &L);
	csv_free(&p);
	fclose(f);
	rows = L.row > L.maxrows ? L.maxrows : L.row - 1;
	if (!rows) {
		fputs("pcre2_bench: no rows\n", stderr);
		return 1;
	}

	printf("PCRE2 %d.%d, %lu rows; ns per match (match %% = share of subjects matched)\n",
	       PCRE2_MAJOR, PCRE2_MINOR, rows);
	printf("%-17s %7s %7s %11s %8s %11s %6s\n", "column", "avg_len", "jit",
	       "jit+nocheck", "interp", "jit+md/call", "match%");
	for (c = 0; c < NCOL; c++) {
		struct col *k = &cols[c];
		pcre2_code *re, *re_nojit;
		pcre2_match_data *md;
		int errcode, m;
		PCRE2_SIZE erroff;
		double ns[NMODE];
		size_t i, matched = 0, bytes = 0;

		if (k->idx < 0 || k->n == 0)
			continue;
		re = pcre2_compile((PCRE2_SPTR)k->pattern, PCRE2_ZERO_TERMINATED,
				   PCRE2_UTF | PCRE2_UCP, &errcode, &erroff, NULL);
		re_nojit = pcre2_compile((PCRE2_SPTR)k->pattern, PCRE2_ZERO_TERMINATED,
					 PCRE2_UTF | PCRE2_UCP, &errcode, &erroff, NULL);
		if (!re || !re_nojit) {
			fprintf(stderr, "pcre2_bench: %s: bad pattern at %zu\n", k->name,
				(size_t)erroff);
			return 1;
		}
		if (pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) != 0)
			fprintf(stderr, "pcre2_bench: JIT unavailable for %s\n", k->name);
		md = pcre2_match_data_create_from_pattern(re, NULL);
		for (m = 0; m < NMODE; m++) {
			ns[m] = run_mode(k, m, m == M_INTERP ? re_nojit : re, md, &matched);
			/* per 1M rows: per-match cost times this column's fill rate */
			total[m] += ns[m] * (double)k->n / (double)rows * 1e6 / 1e9;
		}
		for (i = 0; i < k->n; i++)
			bytes += k->len[i];
		printf("%-17s %7.1f %7.0f %11.0f %8.0f %11.0f %6.1f\n", k->name,
		       (double)bytes / (double)k->n, ns[0], ns[1], ns[2], ns[3],
		       100.0 * (double)matched / (double)k->n);
		pcre2_match_data_free(md);
		pcre2_code_free(re);
		pcre2_code_free(re_nojit);
	}
	printf("%-17s %7s %7.2f %11.2f %8.2f %11.2f  s per 1M rows, all columns\n",
	       "total", "", total[0], total[1], total[2], total[3]);
	for (c = 0; c < NCOL; c++) {
		free(cols[c].off);
		free(cols[c].len);
		free(cols[c].arena);
	}
	return 0;
}
