/*
 * Prechecks: rows checked in the reader's threads as they are parsed,
 * then in order for what depends on the rows before. Over every
 * submission of the test data and of input/, read whole, in jobs of a few
 * bytes, with threads or without, the problems (every word of them), the
 * stats and the rows handed on are those of checking each row in the
 * caller's thread.
 */
#include <criterion/criterion.h>
#include <glob.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "strbuf.h"
#include "submission.h"

static void to_buf(void *ctx, const struct diag *d)
{
	strbuf_addf(ctx, "%d %s %s %lu:%lu %s [%s] %s\n", (int)d->severity,
		    d->code, d->constraint ? d->constraint : "-", d->line,
		    d->col, d->field ? d->field : "-", d->value ? d->value : "",
		    d->message ? d->message : "");
}

static void row_to_buf(void *ctx, const struct progress_row *r)
{
	strbuf_addf(ctx, "row %lu %d %s %s %d %g %d %s|%s|%s|%s|%s|%s\n",
		    r->line, r->period, r->agency, r->task, (int)r->status,
		    r->percent, (int)r->report_date,
		    r->output_document ? r->output_document : "-",
		    r->difficulties ? r->difficulties : "-",
		    r->proposals ? r->proposals : "-",
		    r->contact_name ? r->contact_name : "-",
		    r->contact_email ? r->contact_email : "-",
		    r->contact_phone ? r->contact_phone : "-");
}

static void ind_to_buf(void *ctx, const struct indicator_row *r)
{
	strbuf_addf(ctx, "indicator %lu %d %s %s %g\n", r->line, r->period,
		    r->agency, r->indicator, r->value);
}

static void check_all(const char *input, const char *pattern,
		      const struct submission_schemas *ss)
{
	static const struct validate_knobs ways[] = {
		{ false, false, 0, 0, 0 },
		{ false, false, 7, 61, 300 },
		{ false, true, 7, 61, 300 },
		{ false, true, 1000, 500, 4096 },
		{ false, false, 64 * 1024, 1, 1024 * 1024 },
	};
	static const struct validate_knobs plain = { true, false, 0, 0, 0 };
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT, roadmap_says = STRBUF_INIT;
	struct diag_sink quiet = { to_buf, &roadmap_says, LANG_VI, NULL };
	struct roadmap *rm;
	struct history *h = history_new();
	glob_t g;
	bool missing;
	size_t i, w;

	rm = roadmap_load(input, "templates", &quiet, &missing);
	cr_assert_not_null(rm, "%s", roadmap_says.buf);
	cr_assert_eq(glob(pattern, 0, NULL, &g), 0);
	cr_assert_gt(g.gl_pathc, 1);
	/* a history, so that decreases are looked for */
	history_record(h, "BNG", "BNG-POL-001", 2023 * 12 + 6, 99);
	history_record(h, "BCT", "BCT-ECO-001", 2023 * 12 + 6, 99);
	for (i = 0; i < g.gl_pathc * 3; i++) {
		const char *path = g.gl_pathv[i / 3];
		int known = (int)(i % 3);  /* what is known before reading */

		for (w = 0; w < sizeof(ways) / sizeof(ways[0]); w++) {
			struct strbuf *out = &got;
			int pass;

			for (pass = 0; pass < 2; pass++) {
				struct diag_sink sink = { to_buf, out, LANG_VI, NULL };
				struct submission_opts o = {
					rm, submission_folder_period(path), h,
					row_to_buf, ind_to_buf, out, NULL,
					AGENCY_FROM_ROWS, false, false, 0, NULL
				};
				struct submission_result res;

				/* 1: BCT's by its name, received on 2023-11-02
				   (report dates after it); 2: BNG's by the log,
				   other agencies allowed */
				if (known) {
					o.agency = known == 1 ? "BCT" : "BNG";
					o.agency_from = known == 1 ?
						AGENCY_FROM_NAME : AGENCY_FROM_LOG;
					o.allow_other_agency = known == 2;
					o.has_received = true;
					o.received_day = date_from_civil(
						2023, 11, known == 1 ? 2 : 30);
				}
				int rc;

				strbuf_reset(out);
				validate_set_knobs(pass ? &ways[w] : &plain);
				rc = submission_check(path, ss, &o, &sink, &res);
				strbuf_addf(out, "rc %d kind %d agency %s rows %lu accepted %lu rejected %lu errors %lu warnings %lu %d%d\n",
					    rc, (int)res.kind, res.agency,
					    res.stats.rows, res.stats.accepted,
					    res.stats.rejected, res.stats.errors,
					    res.stats.warnings,
					    (int)res.stats.unreadable,
					    (int)res.stats.missing);
				out = &want;
			}
			cr_assert(strcmp(want.buf, got.buf) == 0,
				  "%s, way %zu, known %d:\nin the caller's thread:\n%s\nwith prechecks:\n%s",
				  path, w, known, got.buf, want.buf);
		}
	}
	validate_set_knobs(&ways[0]);
	globfree(&g);
	history_free(h);
	roadmap_free(rm);
	strbuf_release(&want);
	strbuf_release(&got);
	strbuf_release(&roadmap_says);
}

/*
 * A file of every kind of row, good and bad, a few hundred times over:
 * with small jobs most of them are prechecked, each kind in every place.
 */
static void write_mixed(const char *path)
{
	static const char *const rows[] = {
		"2023-10,BCT,BCT-ECO-001,in_progress,25,2023-11-03,,,,An,an@moit.gov.vn,024 2220 2222",
		"2023-10,BCT,BCT-ECO-002,Hoàn thành,80,2023-11-03,12/BC-BCT,,,An,an@moit.gov.vn,024 2220 2222",
		"2023-10,BCT,BCT-ECO-002,in_progress,100,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,BCT,BCT-ECO-001,not_started,5,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,BCT,BNG-POL-001,in_progress,5,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,BCT,BKHDT-ECO-001,in_progress,5,03/11/2023,,,,An,an@moit.gov.vn,",
		"2023-10,BNG,BNG-POL-001,completed,100,2023-11-03,,,,Bình,binh@mofa.gov.vn,",
		"2023-10,BCT,BCT-ECO-001,in_progress,\"45,5\",2023-11-03,,,,An,an@@moit,",
		"2023-10,BCT,BCT-ECO-009,in_progress,5,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,XYZ,BCT-ECO-001,in_progress,5,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,BCT,BCT-ECO-001,in_progress,5,2023-13-03,,,,An,an@moit.gov.vn,",
		"2023-09,BCT,BCT-ECO-001,in_progress,5,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,BCT,BCT-ECO-001,Đang thực hiện,101,2023-11-03,,,,An,an@moit.gov.vn,12",
		"2023-10,BCT,BNNMT-CUL-001,in_progress,5,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,BNNMT,BNNMT-CUL-001,in_progress,5,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,BCT,BCT-ECO-001,in_progress,5,2023-11-03,,\"dòng một\ndòng hai\",,An,an@moit.gov.vn,",
		"2023-10,BCT,BCT-ECO-001,in_progress,5,2023-11-03,,,,An,an@moit.gov.vn,,extra",
		"2023-10,BCT,BCT-ECO-001,in_progress,5",
		",,,,,,,,,,,",
		"2023-10,BCT,BCT-ECO-001,in_progress,5,2023-11-03,,kho\xcc\x81 kha\xcc\x86n,,An,an@moit.gov.vn,",
		"2023-10,BKHDT,BCT-ECO-001,delayed,5,2023-11-03,,,,An,an@mpi.gov.vn,",
		"2023-10,BCT,BTP-INS-001,cancelled,100,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,BCT,BCT-ECO-001,in_progress,,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,BCT,BCT-ECO-001,bogus,5,2023-11-03,,,,An,an@moit.gov.vn,",
		"2023-10,BCT,BCT-ECO-001,in_progress,5,2023-11-03,12/XX,,,An,an@moit.gov.vn,",
	};
	FILE *f = fopen(path, "w");
	size_t i;

	cr_assert_not_null(f);
	fputs("period,agency_code,task_id,status,percent_complete,report_date,"
	      "output_document,difficulties,proposals,contact_name,"
	      "contact_email,contact_phone\n", f);
	for (i = 0; i < 40 * sizeof(rows) / sizeof(rows[0]); i++)
		fprintf(f, "%s\n", rows[(i * 7) % (sizeof(rows) / sizeof(rows[0]))]);
	fclose(f);
}

Test(prechecks, test_submissions_as_checked_in_order)
{
	struct submission_schemas ss;
	char *err = NULL;

	cr_assert_eq(submission_schemas_load(&ss, "templates", LANG_VI, &err), 0, "%s", err);
	check_all("tests/data/input", "tests/data/sub/*.csv", &ss);
	check_all("tests/data/input", "tests/data/input/submissions/*/*.csv", &ss);
	check_all("tests/data/agg", "tests/data/agg/submissions/*/*.csv", &ss);
	check_all("input", "input/submissions/*/*.csv", &ss);
	mkdir("/tmp/tiendo-prechecks", 0700);
	mkdir("/tmp/tiendo-prechecks/2023-10", 0700);
	write_mixed("/tmp/tiendo-prechecks/2023-10/BCT_mixed.csv");
	write_mixed("/tmp/tiendo-prechecks/2023-10/BCT_mixed2.csv");
	check_all("tests/data/input", "/tmp/tiendo-prechecks/2023-10/*.csv", &ss);
	remove("/tmp/tiendo-prechecks/2023-10/BCT_mixed.csv");
	remove("/tmp/tiendo-prechecks/2023-10/BCT_mixed2.csv");
	rmdir("/tmp/tiendo-prechecks/2023-10");
	rmdir("/tmp/tiendo-prechecks");
	submission_schemas_release(&ss);
}

/*
 * A key field that must also be unique: a repeated value is a unique
 * error, and the row then has no key to repeat (found by review: the
 * precheck's key was used all the same).
 */
Test(prechecks, a_unique_key_field_is_said_once)
{
	static const char *json =
		"{\"fields\": [{\"name\": \"period\", \"type\": \"yearmonth\","
		" \"constraints\": {\"required\": true, \"unique\": true}},"
		" {\"name\": \"note\", \"type\": \"string\"}],"
		" \"primaryKey\": [\"period\"]}";
	static const struct validate_knobs ways[] = {
		{ true, false, 0, 0, 0 },
		{ false, false, 7, 61, 300 },
		{ false, true, 1000, 500, 4096 },
	};
	char *err = NULL;
	struct schema *s = schema_load_string(json, "month.schema.json", LANG_EN, &err);
	const struct schema *ss[1];
	char path[] = "/tmp/tiendo-months-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct strbuf out[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	size_t w;
	int y, m;

	cr_assert_not_null(s, "%s", err);
	ss[0] = s;
	fputs("period,note\n", f);
	for (y = 1900; y < 2100; y++)
		for (m = 1; m <= 12; m++)
			fprintf(f, "%04d-%02d,a note long enough to fill jobs\n", y, m);
	fputs("2023-05,again\n2023-05,and again\n", f);
	fclose(f);
	for (w = 0; w < 3; w++) {
		struct diag_sink sink = { to_buf, &out[w], LANG_EN, NULL };
		struct table_stats st;

		validate_set_knobs(&ways[w]);
		validate_file(path, ss, 1, &sink, NULL, NULL, &st, NULL);
		strbuf_addf(&out[w], "rows %lu accepted %lu errors %lu\n", st.rows,
			    st.accepted, st.errors);
	}
	validate_set_knobs(&ways[0]);
	validate_set_knobs(&(struct validate_knobs){ false, false, 0, 0, 0 });
	cr_assert(strstr(out[0].buf, "unique-error") != NULL);
	cr_assert(strstr(out[0].buf, "errors 2\n") != NULL, "%s", out[0].buf);
	cr_assert_str_eq(out[1].buf, out[0].buf);
	cr_assert_str_eq(out[2].buf, out[0].buf);
	remove(path);
	schema_free(s);
	for (w = 0; w < 3; w++)
		strbuf_release(&out[w]);
}
