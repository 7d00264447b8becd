/*
 * libFuzzer target: arbitrary bytes through the CSV reader, compared with
 * the oracle of tests/oracle (the reader it replaced: same records,
 * values, positions and errors, or the target aborts), and through the
 * whole validation of a submission (schemas from templates/, the roadmap
 * of tests/data/input), under AddressSanitizer and UBSan. Run from the
 * repository root: scripts/fuzz/run.sh does.
 */
#include "csv_reader.h"
#include "fuzz_util.h"
#include "oracle_reader.h"
#include "roadmap.h"
#include "submission.h"
#include "strbuf.h"
#include "text.h"
#include "validate.h"

static struct submission_schemas ss;
static struct roadmap *rm;

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
	struct text_utf16 d;
	unsigned char *decoded = NULL;
	size_t on = size;
	struct oracle_reader *o;
	struct csv_reader *r = csv_reader_open_mem(data, size);
	const struct csv_record *rec;
	int rc;

	/* the reader decodes UTF-16 with its BOM, which the oracle never
	   did: the oracle reads the UTF-8 that decoding it whole gives */
	if (size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
			  (data[0] == 0xFE && data[1] == 0xFF))) {
		memset(&d, 0, sizeof(d));
		d.big_endian = data[0] == 0xFE;
		decoded = malloc(TEXT_UTF16_ROOM(size));
		on = text_utf16_decode(&d, data + 2, size - 2, true, decoded);
	}
	o = oracle_reader_open_mem(decoded ? decoded : data, on);

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
	free(decoded);
	csv_reader_close(r);
	strbuf_release(&want);
	strbuf_release(&got);
}

static void to_buf(void *ctx, const struct diag *d)
{
	strbuf_addf(ctx, "%d %s %s %lu:%lu %s [%s] %s\n", (int)d->severity,
		    d->code, d->constraint ? d->constraint : "-", d->line,
		    d->col, d->field ? d->field : "-", d->value ? d->value : "",
		    d->message ? d->message : "");
}

static void row_to_buf(void *ctx, const struct progress_row *r)
{
	strbuf_addf(ctx, "row %lu %s %s %g\n", r->line, r->agency, r->task,
		    r->percent);
}

/*
 * A submission checked row by row in this thread, and with its rows
 * prechecked in jobs of a few bytes (threads when the input's size says
 * so): the same problems, stats and rows, or the target aborts.
 */
static void prechecks_as_in_order(const uint8_t *data, size_t size)
{
	const char *path = fuzz_anon_file(data, size);
	struct strbuf out[2] = { STRBUF_INIT, STRBUF_INIT };
	int k;

	for (k = 0; k < 2; k++) {
		struct validate_knobs kn = { k == 0, k == 1 && size % 2,
					     k ? 1 + size % 7 : 0,
					     k ? 1 + size % 61 : 0,
					     k ? 300 : 0 };
		struct diag_sink sink = { to_buf, &out[k], LANG_VI, NULL };
		struct submission_opts o;
		struct submission_result res;
		int rc;

		memset(&o, 0, sizeof(o));
		o.rm = rm;
		o.folder_period = -1;
		o.on_progress = row_to_buf;
		o.ctx = &out[k];

		validate_set_knobs(&kn);
		rc = submission_check(path, &ss, &o, &sink, &res);
		strbuf_addf(&out[k], "rc %d %lu %lu %lu %lu %lu %d\n", rc,
			    res.stats.rows, res.stats.accepted,
			    res.stats.rejected, res.stats.errors,
			    res.stats.warnings, (int)res.stats.unreadable);
	}
	validate_set_knobs(&(struct validate_knobs){ false, false, 0, 0, 0 });
	if (strcmp(out[0].buf, out[1].buf) != 0) {
		fprintf(stderr, "prechecks differ\nin order:\n%s\nprechecked:\n%s\n",
			out[0].buf, out[1].buf);
		abort();
	}
	strbuf_release(&out[0]);
	strbuf_release(&out[1]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *err = NULL;
	bool missing;

	(void)argc;
	(void)argv;
	if (submission_schemas_load(&ss, "templates", LANG_VI, &err) < 0)
		abort();
	rm = roadmap_load("tests/data/input", "templates", &fuzz_sink,
			  &missing);
	if (!rm)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
				fuzz_sunk += rec->fields[rec->nfields - 1].len;
		csv_reader_close(r);
	}
	against_oracle(data, size);
	/* the whole validation */
	validate_mem(data, size, "fuzz.csv", schemas, 2, &fuzz_sink, &fk, NULL,
		     &st, NULL);
	prechecks_as_in_order(data, size);
	return 0;
}
