/* submission: domain rules and the rows handed on. */
#include <criterion/criterion.h>
#include <string.h>

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
					     false, 0 };

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
