/* submission: domain rules and the rows handed on. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "submission.h"

static int rows;
static double last_percent;
static enum status last_status;

static void on_row(void *ctx, const struct progress_row *r)
{
	(void)ctx;
	rows++;
	last_percent = r->percent;
	last_status = r->status;
}

static void quiet(void *ctx, const struct diag *d)
{
	(void)ctx;
	(void)d;
}

Test(submission, rows_are_handed_on_with_canonical_values)
{
	struct diag_sink sink = { quiet, NULL, LANG_VI, NULL };
	struct submission_schemas ss;
	struct submission_result res;
	struct roadmap *rm;
	char *err = NULL;
	bool missing;

	cr_assert_eq(submission_schemas_load(&ss, "templates", LANG_VI, &err), 0, "%s", err);
	rm = roadmap_load("tests/data/input", "templates", &sink, &missing);
	cr_assert_not_null(rm);
	{
		struct submission_opts o = { rm, -1, NULL, on_row, NULL, NULL,
					     NULL, AGENCY_FROM_ROWS, false,
					     false, 0, NULL };

		rows = 0;
		submission_check("tests/data/sub/ok_semicolon.csv", &ss, &o, &sink, &res);
		cr_assert_eq(rows, 1);
		cr_assert_float_eq(last_percent, 45.5, 1e-9);
		cr_assert_eq(res.kind, SUB_PROGRESS);
		cr_assert_str_eq(res.agency, "BCT");
		rows = 0;
		submission_check("tests/data/sub/ok_nfd.csv", &ss, &o, &sink, &res);
		cr_assert_eq(rows, 1);
		cr_assert_eq(last_status, ST_COMPLETED);
		rows = 0;
		/* rejected rows never reach the caller */
		submission_check("tests/data/input/submissions/2023-10/BCT_t10.csv",
				 &ss, &o, &sink, &res);
		cr_assert_eq((unsigned long)rows, res.stats.accepted);
	}
	roadmap_free(rm);
	submission_schemas_release(&ss);
}

Test(submission, history_answers_with_the_newest_earlier_month)
{
	struct history *h = history_new();
	int p;
	double v;

	history_record(h, "BCT", "BCT-ECO-001", 2023 * 12 + 8, 30);
	history_record(h, "BCT", "BCT-ECO-001", 2023 * 12 + 9, 50);
	cr_assert(history_lookup(h, "BCT", "BCT-ECO-001", 2023 * 12 + 10, &p, &v));
	cr_assert_eq(p, 2023 * 12 + 9);
	cr_assert_eq(v, 50);
	cr_assert(history_lookup(h, "BCT", "BCT-ECO-001", 2023 * 12 + 9, &p, &v));
	cr_assert_eq(v, 30);
	cr_assert_not(history_lookup(h, "BCT", "BCT-ECO-001", 2023 * 12 + 8, &p, &v));
	cr_assert_not(history_lookup(h, "BTC", "BCT-ECO-001", 2030 * 12, &p, &v));
	history_free(h);
}

Test(submission, folder_month)
{
	cr_assert_eq(submission_folder_period("input/submissions/2023-10/x.csv"),
		     2023 * 12 + 9);
	cr_assert_eq(submission_folder_period("2023-10/x.csv"), 2023 * 12 + 9);
	cr_assert_eq(submission_folder_period("x.csv"), -1);
	cr_assert_eq(submission_folder_period("a/12023-10/x.csv"), -1);
}

struct codes {
	char buf[1024];          /* "sev code line:col\n" of each problem */
};

static void note(void *ctx, const struct diag *d)
{
	struct codes *c = ctx;
	size_t n = strlen(c->buf);

	snprintf(c->buf + n, sizeof(c->buf) - n, "%d %s %lu:%lu\n",
		 (int)d->severity, d->code, d->line, d->col);
}

/* ok_plain.csv (one BCT row dated 2023-11-03) checked with opts o. */
static void check_plain(struct submission_opts *o, struct codes *c,
			struct submission_result *res)
{
	struct diag_sink sink = { note, c, LANG_EN, NULL };
	struct submission_schemas ss;
	char *err = NULL;

	memset(c, 0, sizeof(*c));
	cr_assert_eq(submission_schemas_load(&ss, "templates", LANG_EN, &err), 0);
	rows = 0;
	submission_check("tests/data/sub/ok_plain.csv", &ss, o, &sink, res);
	submission_schemas_release(&ss);
}

Test(submission, a_row_of_another_agency_than_the_files_is_an_error)
{
	struct diag_sink sink = { quiet, NULL, LANG_EN, NULL };
	struct submission_result res;
	struct codes c;
	bool missing;
	struct roadmap *rm = roadmap_load("tests/data/input", "templates", &sink,
					  &missing);
	struct submission_opts o = { rm, -1, NULL, on_row, NULL, NULL, "BNG",
				     AGENCY_FROM_LOG, false, false, 0, NULL };

	cr_assert_not_null(rm);
	check_plain(&o, &c, &res);
	cr_assert_str_eq(c.buf, "0 agency-mismatch 2:9\n");
	cr_assert_eq(rows, 0);
	cr_assert_str_eq(res.agency, "BNG");  /* the file's, not the row's */
	/* the template may allow it: a warning, the row counts */
	o.allow_other_agency = true;
	check_plain(&o, &c, &res);
	cr_assert_str_eq(c.buf, "1 agency-mismatch 2:9\n");
	cr_assert_eq(rows, 1);
	/* the file's own agency: nothing to say */
	o.agency = "BCT";
	o.allow_other_agency = false;
	check_plain(&o, &c, &res);
	cr_assert_str_eq(c.buf, "");
	cr_assert_eq(rows, 1);
	roadmap_free(rm);
}

Test(submission, a_report_dated_after_the_day_received_is_an_error)
{
	struct diag_sink sink = { quiet, NULL, LANG_EN, NULL };
	struct submission_result res;
	struct codes c;
	bool missing;
	struct roadmap *rm = roadmap_load("tests/data/input", "templates", &sink,
					  &missing);
	struct submission_opts o = { rm, -1, NULL, on_row, NULL, NULL, NULL,
				     AGENCY_FROM_ROWS, false, true,
				     date_from_civil(2023, 11, 2), NULL };

	cr_assert_not_null(rm);
	check_plain(&o, &c, &res);
	cr_assert_str_eq(c.buf, "0 report-date-future 2:40\n");
	cr_assert_eq(rows, 0);
	o.received_day = date_from_civil(2023, 11, 3);  /* the same day: fine */
	check_plain(&o, &c, &res);
	cr_assert_str_eq(c.buf, "");
	cr_assert_eq(rows, 1);
	o.has_received = false;
	o.received_day = 0;
	check_plain(&o, &c, &res);
	cr_assert_str_eq(c.buf, "");
	roadmap_free(rm);
}

struct logged {
	int n;
	char last[64];
};

static void on_receipt(void *ctx, const struct receipt_row *r)
{
	struct logged *l = ctx;
	char when[17];

	l->n++;
	snprintf(l->last, sizeof(l->last), "%s %s %s %lu", r->file,
		 datetime_format(r->at, when), r->agency ? r->agency : "-",
		 r->line);
}

Test(submission, a_receipt_log_holds_real_times_and_known_agencies)
{
	struct diag_sink quiet_sink = { quiet, NULL, LANG_EN, NULL };
	struct codes c;
	struct diag_sink sink = { note, &c, LANG_EN, NULL };
	struct table_stats st;
	struct logged l = { 0, "" };
	char path[] = "/tmp/tiendo-received-XXXXXX", *err = NULL;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	bool missing;
	struct roadmap *rm = roadmap_load("tests/data/input", "templates",
					  &quiet_sink, &missing);
	struct schema *s = schema_load("templates/received.schema.json",
				       LANG_EN, &err);

	cr_assert_not_null(rm);
	cr_assert_not_null(s, "%s", err);
	fputs("file,received_at,agency,sha256\n"
	      "a.csv,2024-02-30 10:00,,\n"
	      "b.csv,2024-13-45 99:99,BCT,\n"
	      "c.csv,2024-03-04 24:00,,\n"
	      "d.csv,2024-03-04 23:59,XYZ,\n"
	      "e.csv,05/03/2024 08:30,BCT,\n", f);
	fclose(f);
	memset(&c, 0, sizeof(c));
	submission_check_receipts(path, s, rm, &sink, on_receipt, &l, &st);
	cr_assert_str_eq(c.buf, "0 type-error 2:7\n0 type-error 3:7\n"
			 "0 type-error 4:7\n0 foreign-key-error 5:24\n",
			 "%s", c.buf);
	cr_assert_eq(l.n, 1);
	cr_assert_str_eq(l.last, "e.csv 2024-03-05 08:30 BCT 6");
	cr_assert_eq(st.errors, 4);
	remove(path);
	schema_free(s);
	roadmap_free(rm);
}

struct rejects {
	int n;
	char text[512];          /* "line-end key figure|text\n" of each */
};

static void on_reject(void *ctx, const struct rejected_row *r)
{
	struct rejects *k = ctx;
	size_t n = strlen(k->text);

	k->n++;
	snprintf(k->text + n, sizeof(k->text) - n, "%lu-%lu %s %s %s\n",
		 r->line, r->end_line, r->key ? r->key : "-",
		 r->has_figure ? (r->figure == 40 ? "40" : r->figure == 120 ?
				  "120" : r->figure == 45.5 ? "45.5" : "?") : "-",
		 r->figure_text ? r->figure_text : "-");
}

/* Each rejected row tells its task and the figure it would have set,
   whichever way the rows are checked (in threads or not). */
Test(submission, a_rejected_row_tells_its_task_and_figure)
{
	struct diag_sink sink = { quiet, NULL, LANG_EN, NULL };
	struct submission_schemas ss;
	struct submission_result res;
	struct rejects k;
	char path[] = "/tmp/tiendo-rejected-XXXXXX", *err = NULL;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	bool missing;
	struct roadmap *rm = roadmap_load("tests/data/input", "templates",
					  &sink, &missing);
	struct submission_opts o = { rm, -1, NULL, on_row, NULL, &k, NULL,
				     AGENCY_FROM_ROWS, false, false, 0,
				     on_reject };

	cr_assert_not_null(rm);
	cr_assert_eq(submission_schemas_load(&ss, "templates", LANG_EN, &err), 0);
	fputs("period,agency_code,task_id,status,percent_complete,report_date,"
	      "output_document,difficulties,proposals,contact_name,"
	      "contact_email,contact_phone\n"
	      /* a cell short: the phone */
	      "2023-10,BCT,BCT-ECO-001,in_progress,40,2023-11-03,,,,An,"
	      "an@moit.gov.vn\n"
	      /* accepted */
	      "2023-10,BCT,BNG-POL-001,in_progress,45.5,2023-11-03,,,,An,"
	      "an@moit.gov.vn,024 3826 2538\n"
	      /* over 100, over two lines */
	      "2023-10,BCT,BCT-ECO-001,in_progress,120,2023-11-03,,\"a\nb\","
	      ",An,an@moit.gov.vn,024 3826 2538\n"
	      /* no task, no percent */
	      "2023-10,BCT,,in_progress,,2023-11-03,,,,An,an@moit.gov.vn,"
	      "024 3826 2538\n", f);
	fclose(f);
	for (int way = 0; way < 2; way++) {
		struct validate_knobs kn = { way == 0, way == 1, 0, 0, 0 };

		validate_set_knobs(&kn);
		memset(&k, 0, sizeof(k));
		submission_check(path, &ss, &o, &sink, &res);
		cr_assert_eq(res.stats.rejected, 3, "way %d", way);
		cr_assert_eq(k.n, 3, "way %d", way);
		cr_assert_str_eq(k.text, "2-2 BCT-ECO-001 40 40\n"
				 "4-5 BCT-ECO-001 120 120\n"
				 "6-6 - - -\n", "way %d: %s", way, k.text);
	}
	{
		struct validate_knobs kn = { 0 };

		validate_set_knobs(&kn);
	}
	remove(path);
	submission_schemas_release(&ss);
	roadmap_free(rm);
}
