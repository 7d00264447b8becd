/*
 * libFuzzer target: arbitrary bytes through the CSV reader and the whole
 * validation of a submission (schemas from templates/, the roadmap of
 * tests/data/input), under AddressSanitizer and UBSan. Run from the
 * repository root: scripts/fuzz/run.sh does.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "roadmap.h"
#include "submission.h"
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
	/* the whole validation */
	validate_mem(data, size, "fuzz.csv", schemas, 2, &sink, &fk, NULL, &st,
		     NULL);
	(void)on_row;
	return 0;
}
