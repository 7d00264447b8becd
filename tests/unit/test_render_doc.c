/*
 * render_doc: who owes the period's report and who is sent a letter,
 * decided once for the letters and the summary's decision page; figures
 * written for people, as each language writes them.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "render_doc.h"

static struct report_template *tpl;

static void setup(void)
{
	char *err = NULL;

	tpl = template_load("templates/report.json", LANG_VI, &err);
	cr_assert_not_null(tpl, "the template loads: %s", err ? err : "");
}

static void teardown(void)
{
	template_free(tpl);
}

TestSuite(render_doc, .init = setup, .fini = teardown);

#define NOV 2023 * 12 + 10     /* month number of November 2023 */

static struct compliance comps[] = {
	{ .agency = "BTC", .period = NOV, .status = COMP_MISSING, .expected = true },
	{ .agency = "BCT", .period = NOV, .status = COMP_REJECTED, .expected = true },
	{ .agency = "BYT", .period = NOV, .status = COMP_PENDING, .expected = true },
	{ .agency = "BNG", .period = NOV, .status = COMP_MISSING, .expected = true },
	{ .agency = "BQP", .period = NOV, .status = COMP_ON_TIME, .expected = true },
	{ .agency = "BTP", .period = NOV, .status = COMP_ON_TIME, .expected = true },
};

static struct task_figures tasks[] = {
	{ .responsible = "BQP", .rag = RAG_RED, .overdue = true },
	{ .responsible = "BYT", .rag = RAG_RED },
	{ .responsible = "BTP", .rag = RAG_AMBER },
	{ .responsible = "BNG", .rag = RAG_RED },
	{ .responsible = NULL, .rag = RAG_RED },
};

static struct summary sum;

/* The November summary, the documents dated day (y, m, d) at noon UTC,
   or undated when y is 0. */
static struct doc_input input(int y, int m, int d)
{
	struct doc_input in;

	memset(&sum, 0, sizeof(sum));
	sum.period = NOV;
	sum.as_of = date_from_civil(2023, 11, 30);
	sum.settings = agg_defaults;
	sum.compliance = comps;
	sum.ncompliance = sizeof(comps) / sizeof(*comps);
	sum.tasks = tasks;
	sum.ntasks = sizeof(tasks) / sizeof(*tasks);
	memset(&in, 0, sizeof(in));
	in.sum = &sum;
	in.tpl = tpl;
	in.lang = LANG_VI;
	in.has_date = y != 0;
	if (y)
		in.date = (int64_t)date_from_civil(y, m, d) * 86400 + 12 * 3600;
	return in;
}

Test(render_doc, the_deadline_is_the_deadline_day_of_the_next_month)
{
	struct doc_input in = input(0, 0, 0);

	cr_assert_eq(doc_deadline(&sum), date_from_civil(2023, 12, 5));
	/* undated documents are dated the as-of day */
	cr_assert_eq(doc_issue_day(&in), date_from_civil(2023, 11, 30));
	in = input(2023, 12, 10);
	cr_assert_eq(doc_issue_day(&in), date_from_civil(2023, 12, 10));
}

Test(render_doc, a_report_is_owed_when_rejected_or_missing_after_the_deadline)
{
	struct doc_input in = input(2023, 12, 10);

	cr_assert(doc_owes_report(&in, &comps[0]));       /* missing */
	cr_assert(doc_owes_report(&in, &comps[1]));       /* rejected */
	cr_assert_not(doc_owes_report(&in, &comps[2]));   /* pending */
	cr_assert_not(doc_owes_report(&in, &comps[4]));   /* on time */
	cr_assert_not(doc_owes_report(&in, NULL));
	/* dated on the deadline: a missing report is not owed yet, a
	 * rejected one is */
	in = input(2023, 12, 5);
	cr_assert_not(doc_owes_report(&in, &comps[0]));
	cr_assert(doc_owes_report(&in, &comps[1]));
}

Test(render_doc, a_task_lags_when_red_or_overdue_and_led_by_the_agency)
{
	cr_assert(doc_task_lags(&tasks[0], "BQP"));
	cr_assert_not(doc_task_lags(&tasks[0], "BYT"));
	cr_assert(doc_task_lags(&tasks[1], "BYT"));
	cr_assert_not(doc_task_lags(&tasks[2], "BTP"));   /* amber */
	cr_assert_not(doc_task_lags(&tasks[4], "BTC"));   /* nobody's */
}

Test(render_doc, a_letter_goes_to_who_owes_or_lags_never_to_the_issuer)
{
	struct doc_input in = input(2023, 12, 10);

	cr_assert(doc_letter_due(&in, "BTC"));       /* missing */
	cr_assert(doc_letter_due(&in, "BCT"));       /* rejected */
	cr_assert(doc_letter_due(&in, "BYT"));       /* pending, a red task */
	cr_assert(doc_letter_due(&in, "BQP"));       /* an overdue task */
	cr_assert_not(doc_letter_due(&in, "BTP"));   /* amber only */
	cr_assert_not(doc_letter_due(&in, "BNG"));   /* signs the letters */
	/* before the deadline, a missing report earns no letter */
	in = input(2023, 12, 5);
	cr_assert_not(doc_letter_due(&in, "BTC"));
}

static struct doc_input in_vi = { .lang = LANG_VI };
static struct doc_input in_en = { .lang = LANG_EN };
static struct doc vi = { .in = &in_vi };
static struct doc en = { .in = &in_en };

Test(render_doc, numbers_are_grouped_by_thousands)
{
	char b[32];

	cr_assert_str_eq(doc_number(&vi, 4110, 0, b), "4.110");
	cr_assert_str_eq(doc_number(&en, 4110, 0, b), "4,110");
	cr_assert_str_eq(doc_number(&vi, 7500, 0, b), "7.500");
	cr_assert_str_eq(doc_number(&vi, 1234567.25, 2, b), "1.234.567,25");
	cr_assert_str_eq(doc_number(&en, 1234567.25, 2, b), "1,234,567.25");
	cr_assert_str_eq(doc_number(&vi, 999, 0, b), "999");
	cr_assert_str_eq(doc_number(&en, 100000, 0, b), "100,000");
	cr_assert_str_eq(doc_number(&vi, -1500.5, 1, b), "-1.500,5");
	cr_assert_str_eq(doc_number(&en, -0.7, 1, b), "-0.7");
	/* no "-0" from a rounding residue */
	cr_assert_str_eq(doc_number(&en, -1e-12, 1, b), "0.0");
	cr_assert_str_eq(doc_number(&vi, 0.99, 2, b), "0,99");
}

Test(render_doc, counts_are_grouped_too)
{
	char b[32];

	cr_assert_str_eq(doc_count(&vi, 2800, b), "2.800");
	cr_assert_str_eq(doc_count(&en, 2800, b), "2,800");
	cr_assert_str_eq(doc_count(&vi, 7, b), "7");
	cr_assert_str_eq(doc_count(&en, 4294967295UL, b), "4,294,967,295");
}

Test(render_doc, the_percent_sign_is_spaced_as_the_language_spaces_it)
{
	char b[32];

	/* Vietnamese: a no-break space (U+00A0) that never breaks the line */
	cr_assert_str_eq(doc_percent(&vi, 37.5, b), "37,5\u00a0%");
	cr_assert_str_eq(doc_percent(&en, 37.5, b), "37.5%");
	cr_assert_str_eq(doc_percent(&vi, 1000, b), "1.000,0\u00a0%");
	cr_assert_str_eq(doc_percent_places(&vi, 25, 0, b), "25\u00a0%");
	cr_assert_str_eq(doc_percent_places(&en, 25, 0, b), "25%");
	cr_assert_null(strchr(doc_percent(&en, 100, b), ' '));
}

/* The fix of a rejected row: the errors on its lines, one a line. */
Test(render_doc, a_rejected_rows_fix_is_the_errors_on_its_lines)
{
	struct doc_problem p[] = {
		{ true, 2, 5, "type-error", "a", "before the row" },
		{ true, 3, 9, "missing-cell", "b", "add the phone" },
		{ false, 3, 4, "percent-decrease", "c", "a warning" },
		{ true, 4, 1, "type-error", "d", "fix the e-mail" },
		{ true, 4, 2, "type-error", "e", "" },
		{ true, 5, 1, "type-error", "f", "after the row" },
	};
	struct doc_file f = { 0 };
	struct doc_row r = { 0 };
	char *s;

	f.problems = p;
	f.nproblems = sizeof(p) / sizeof(*p);
	r.line = 3;
	r.end_line = 4;              /* a record over two lines */
	s = doc_row_fix(&f, &r);
	cr_assert_str_eq(s, "add the phone\nfix the e-mail");
	free(s);
	/* none kept for the row: NULL, the caller says where to look */
	r.line = r.end_line = 9;
	cr_assert_null(doc_row_fix(&f, &r));
}
