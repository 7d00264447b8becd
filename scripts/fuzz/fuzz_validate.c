/*
 * libFuzzer target: arbitrary bytes through the CSV reader, compared with
 * the oracle of tests/oracle (the reader it replaced: same records,
 * values, positions and errors, or the target aborts), and through the
 * whole validation of a submission (schemas from templates/, the roadmap
 * of tests/data/input), under AddressSanitizer and UBSan. Run from the
 * repository root: scripts/fuzz/run.sh does.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "oracle_reader.h"
#include "roadmap.h"
#include "submission.h"
#include "strbuf.h"
#include "validate.h"

static struct submission_schemas ss;
static struct roadmap *rm;
static unsigned long sunk;

static void sink_fn(void *ctx, const struct diag *d)
{
	(void)ctx;
	/* touch every string, as an emitter would */
	sunk += strlen(d->file) + (d->message ? strlen(d->message) : 0) +
		(d->value ? strlen(d->value) : 0);
}

static void on_row(void *ctx, const struct progress_row *r)
{
	(void)ctx;
	sunk += strlen(r->agency) + strlen(r->task) + (size_t)r->percent;
}

static void dump(struct strbuf *out, int rc, const struct csv_record *rec,
		 const struct csv_error *e)
{
	size_t i;

	if (rc < 0) {
		strbuf_addf(out, "error %d %d %lu:%lu %d %02x\n", (int)e->kind,
			    (int)e->fatal, e->line, e->col, e->sys_errno, e->byte);
		return;
	}
	strbuf_addf(out, "record %lu-%lu:%lu", rec->line, rec->end_line,
		    rec->end_col);
	for (i = 0; i < rec->nfields; i++) {
		const struct csv_field *f = &rec->fields[i];

		strbuf_addf(out, " [%lu:%lu %d%d %zu ", f->line, f->col,
			    (int)f->quoted, (int)f->truncated, f->len);
		strbuf_add(out, f->value, f->len);
		strbuf_addch(out, ']');
	}
	strbuf_addch(out, '\n');
}

/* The reader, in pieces and jobs of sizes the input picks, as the oracle. */
static void against_oracle(const uint8_t *data, size_t size)
{
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	struct oracle_reader *o = oracle_reader_open_mem(data, size);
	struct csv_reader *r = csv_reader_open_mem(data, size);
	const struct csv_record *rec;
	int rc;

	while ((rc = oracle_reader_next(o, &rec)) != 0)
		dump(&want, rc, rec, oracle_reader_error(o));
	strbuf_addf(&want, "%c %d\n", oracle_reader_delimiter(o),
		    (int)oracle_reader_had_bom(o));
	csv_reader_set_limits(r, 1 + size % 13, 1 + size % 97, 8 + size % 300);
	while ((rc = csv_reader_next(r, &rec)) != 0)
		dump(&got, rc, rec, csv_reader_error(r));
	strbuf_addf(&got, "%c %d\n", csv_reader_delimiter(r),
		    (int)csv_reader_had_bom(r));
	if (strcmp(want.buf, got.buf) != 0) {
		fprintf(stderr, "reader and oracle differ\noracle:\n%s\nreader:\n%s\n",
			want.buf, got.buf);
		abort();
	}
	oracle_reader_close(o);
	csv_reader_close(r);
	strbuf_release(&want);
	strbuf_release(&got);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag_sink sink = { sink_fn, NULL, LANG_VI, NULL };
	char *err = NULL;
	bool missing;

	(void)argc;
	(void)argv;
	if (submission_schemas_load(&ss, "templates", LANG_VI, &err) < 0)
		abort();
	rm = roadmap_load("tests/data/input", "templates", &sink, &missing);
	if (!rm)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_sink sink = { sink_fn, NULL, LANG_VI, NULL };
	const struct schema *schemas[2] = { ss.progress, ss.indicator };
	struct fk_resolver fk = roadmap_resolver(rm);
	struct table_stats st;
	struct csv_reader *r;
	const struct csv_record *rec;
	FILE *fp;
	int rc;

	/* the reader alone, every record and error, read from a stream in
	   small chunks (CSV_READ_CHUNK) */
	fp = size ? fmemopen((void *)data, size, "rb") : NULL;
	if (fp) {
		r = csv_reader_open_stream(fp);
		while ((rc = csv_reader_next(r, &rec)) != 0)
			if (rc > 0 && rec->nfields)
				sunk += rec->fields[rec->nfields - 1].len;
		csv_reader_close(r);
	}
	against_oracle(data, size);
	/* the whole validation */
	validate_mem(data, size, "fuzz.csv", schemas, 2, &sink, &fk, NULL, &st,
		     NULL);
	(void)on_row;
	return 0;
}
