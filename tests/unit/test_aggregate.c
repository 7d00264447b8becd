/*
 * aggregate: figures computed by hand on the roadmap in tests/data/agg.
 *
 * Its tasks (start .. due, weight):
 *   BNG-POL-001    2024-01-01 .. 2024-12-31  w2  no milestones
 *   BCT-ECO-001    2024-01-01 .. 2024-06-30  w3  2024-02-29 50 %, 2024-03-31 60 %
 *   BCT-ECO-002    2024-03-01 .. 2024-04-30  w1
 *   BKHDT-ECO-001  2024-07-01 .. 2025-06-30  w2  (BKHDT merged into BTC 2025-03-01)
 *   BTP-INS-001    2024-01-01 .. 2024-12-31  w1
 *   BYT-CUL-001    2024-01-01 .. 2024-12-31  w1
 *   BTC-ECO-001    2024-01-01 .. 2024-12-31  w1
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "aggregate.h"
#include "date.h"

static struct roadmap *rm;
static int warnings;
static char last_warning[512];

static void on_diag(void *ctx, const struct diag *d)
{
	(void)ctx;
	if (d->severity == SEV_WARNING) {
		warnings++;
		snprintf(last_warning, sizeof(last_warning), "%s:%lu [%s] %s",
			 d->file, d->line, d->code, d->message);
	}
}

static const struct diag_sink sink = { on_diag, NULL, LANG_EN, NULL };

static void setup(void)
{
	bool missing = false;

	rm = roadmap_load("tests/data/agg", "templates", &sink, &missing);
	cr_assert_not_null(rm, "the test roadmap loads");
	warnings = 0;
	last_warning[0] = '\0';
}

static void teardown(void)
{
	roadmap_free(rm);
}

TestSuite(aggregate, .init = setup, .fini = teardown);

static int ym(int y, int m)
{
	return y * 12 + m - 1;
}

static int32_t day(int y, int m, int d)
{
	return date_from_civil(y, m, d);
}

static int64_t at(int y, int m, int d, int hh, int mi)
{
	return (int64_t)day(y, m, d) * 86400 + hh * 3600 + mi * 60;
}

static struct progress_row row(int period, const char *agency,
			       const char *task, enum status st, double pct)
{
	struct progress_row r;

	memset(&r, 0, sizeof(r));
	r.period = period;
	r.agency = agency;
	r.task = task;
	r.status = st;
	r.percent = pct;
	r.report_date = ym_last_day(period) + 3;
	r.difficulties = "khó khăn";
	r.line = 2;
	return r;
}

/* One accepted file of the current month. */
static void feed(struct aggregator *a, const char *name, const char *agency,
		 int64_t received, const struct progress_row *rows, size_t n)
{
	struct agg_file f;

	memset(&f, 0, sizeof(f));
	f.name = name;
	f.kind = SUB_PROGRESS;
	f.agency = agency;
	f.received = received;
	f.stats.rows = f.stats.accepted = n;
	agg_add_file(a, &f, rows, n, NULL, 0);
}

/* One month holding one file with one row. */
static void report(struct aggregator *a, int period, const char *agency,
		   const char *task, enum status st, double pct)
{
	struct progress_row r = row(period, agency, task, st, pct);

	agg_begin_month(a, period);
	/* received on the 1st of the next month, 08:00: on time */
	feed(a, "f.csv", agency,
	     ((int64_t)ym_last_day(period) + 1) * 86400 + 8 * 3600, &r, 1);
}

static const struct task_figures *fig(const struct summary *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->ntasks; i++)
		if (strcmp(s->tasks[i].task->id, id) == 0)
			return &s->tasks[i];
	cr_assert_fail("no task %s", id);
	return NULL;
}

static const struct rollup *agency_rollup(const struct summary *s,
					  const char *code)
{
	size_t i;

	for (i = 0; i < s->nagencies; i++)
		if (strcmp(s->agencies[i].key, code) == 0)
			return &s->agencies[i];
	return NULL;
}

static const struct compliance *comp(const struct summary *s,
				     const char *code, int period)
{
	size_t i;

	for (i = 0; i < s->ncompliance; i++)
		if (strcmp(s->compliance[i].agency, code) == 0 &&
		    s->compliance[i].period == period)
			return &s->compliance[i];
	return NULL;
}

#define NEAR(x, y) cr_assert(fabs((x) - (y)) < 1e-9, "%.12f != %.12f", \
			     (double)(x), (double)(y))

Test(aggregate, planned_is_linear_in_days_across_a_leap_day)
{
	const struct task *t = roadmap_task(rm, "BNG-POL-001");

	/* 2024-01-01 .. 2024-12-31 is 365 days; 2024-02-29 is day 59 */
	NEAR(planned_percent(t, day(2024, 2, 29)), 100.0 * 59 / 365);
	NEAR(planned_percent(t, day(2024, 3, 1)), 100.0 * 60 / 365);
	NEAR(planned_percent(t, day(2024, 7, 1)), 100.0 * 182 / 365);
}

Test(aggregate, planned_follows_the_milestones)
{
	const struct task *t = roadmap_task(rm, "BCT-ECO-001");

	/* (01-01, 0) to (02-29, 50): 59 days; 02-15 is day 45 */
	NEAR(planned_percent(t, day(2024, 2, 15)), 50.0 * 45 / 59);
	NEAR(planned_percent(t, day(2024, 2, 29)), 50.0);
	/* (02-29, 50) to (03-31, 60): 31 days; 03-15 is day 15 */
	NEAR(planned_percent(t, day(2024, 3, 15)), 50.0 + 10.0 * 15 / 31);
	/* (03-31, 60) to (06-30, 100): 91 days; 05-31 is day 61 */
	NEAR(planned_percent(t, day(2024, 5, 31)), 60.0 + 40.0 * 61 / 91);
}

Test(aggregate, planned_is_0_until_start_and_100_from_due)
{
	const struct task *t = roadmap_task(rm, "BCT-ECO-002");

	NEAR(planned_percent(t, day(2024, 2, 1)), 0.0);
	NEAR(planned_percent(t, day(2024, 3, 1)), 0.0);
	NEAR(planned_percent(t, day(2024, 4, 30)), 100.0);
	NEAR(planned_percent(t, day(2025, 1, 1)), 100.0);
	/* 60 days; 03-31 is day 30 */
	NEAR(planned_percent(t, day(2024, 3, 31)), 100.0 * 30 / 60);
}

Test(aggregate, as_of_mid_month_moves_the_plan_not_the_data)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       day(2024, 2, 15), &sink);
	struct summary *s;
	const struct task_figures *f;

	report(a, ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 40);
	s = agg_finish(a);
	f = fig(s, "BCT-ECO-001");
	NEAR(f->planned, 50.0 * 45 / 59);           /* 38.135... */
	NEAR(f->actual, 40.0);
	NEAR(f->variance, 40.0 - 50.0 * 45 / 59);   /* +1.86: green */
	cr_assert_eq(f->rag, RAG_GREEN);
	cr_assert_not(f->stale);
	cr_assert_eq(s->as_of, day(2024, 2, 15));
	summary_free(s);
	agg_free(a);
}

Test(aggregate, an_old_report_is_carried_forward_and_stale)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 3),
				       ym_last_day(ym(2024, 3)), &sink);
	struct summary *s;
	const struct task_figures *f;

	report(a, ym(2024, 1), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 30);
	s = agg_finish(a);
	f = fig(s, "BNG-POL-001");
	cr_assert(f->reported);
	cr_assert(f->stale);
	cr_assert_eq(f->actual_period, ym(2024, 1));
	NEAR(f->actual, 30.0);
	/* 2024-03-31 is day 90 of 365: planned 24.66, variance +5.34 */
	NEAR(f->variance, 30.0 - 100.0 * 90 / 365);
	cr_assert_eq(f->rag, RAG_GREEN);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, files_seconds_apart_are_told_apart_in_the_warning)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct progress_row one[1] = {
		row(ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 40),
	};
	struct progress_row two[1] = {
		row(ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 45),
	};

	agg_begin_month(a, ym(2024, 2));
	feed(a, "BCT_a.csv", "BCT", at(2024, 3, 3, 9, 15) + 7, one, 1);
	feed(a, "BCT_b.csv", "BCT", at(2024, 3, 3, 9, 15) + 9, two, 1);
	summary_free(agg_finish(a));
	cr_assert(strstr(last_warning, "(received 2024-03-03 09:15:07)"),
		  "%s", last_warning);
	agg_free(a);
}

Test(aggregate, two_files_in_a_month_merge_and_the_later_wins)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct progress_row first[2] = {
		row(ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 40),
		row(ym(2024, 2), "BCT", "BNG-POL-001", ST_IN_PROGRESS, 99),
	};
	struct progress_row second[1] = {
		row(ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 45),
	};
	struct summary *s;

	agg_begin_month(a, ym(2024, 2));
	feed(a, "BCT_a.csv", "BCT", at(2024, 3, 3, 9, 15), first, 2);
	feed(a, "BCT_b.csv", "BCT", at(2024, 3, 6, 8, 0), second, 1);
	s = agg_finish(a);
	NEAR(fig(s, "BCT-ECO-001")->actual, 45.0);
	cr_assert_eq(warnings, 1);
	cr_assert(strstr(last_warning, "BCT_b.csv:2 [duplicate-report]"),
		  "%s", last_warning);
	cr_assert(strstr(last_warning, "\"BCT_a.csv\" (received 2024-03-03 09:15)"),
		  "%s", last_warning);
	/* a supporting agency's row does not set the lead's figure */
	cr_assert_not(fig(s, "BNG-POL-001")->reported);
	/* on time: the first file came by the 5th */
	cr_assert_eq(comp(s, "BCT", ym(2024, 2))->status, COMP_ON_TIME);
	cr_assert_eq(comp(s, "BCT", ym(2024, 2))->files, 2);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, a_file_rejected_whole_counts_for_nothing)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct progress_row r = row(ym(2024, 2), "BTP", "BTP-INS-001",
				    ST_IN_PROGRESS, 20);
	struct agg_file f;
	struct summary *s;

	memset(&f, 0, sizeof(f));
	f.name = "BTP.csv";
	f.kind = SUB_UNKNOWN;
	f.agency = "BTP";
	f.received = at(2024, 3, 2, 8, 0);
	f.stats.unreadable = true;
	f.stats.errors = 1;
	agg_begin_month(a, ym(2024, 2));
	agg_add_file(a, &f, &r, 1, NULL, 0);
	s = agg_finish(a);
	cr_assert_not(fig(s, "BTP-INS-001")->reported);
	cr_assert_eq(fig(s, "BTP-INS-001")->rag, RAG_GREY);
	cr_assert_eq(comp(s, "BTP", ym(2024, 2))->status, COMP_REJECTED);
	cr_assert_eq(s->totals.unreadable, 1);
	cr_assert_eq(s->totals.errors, 1);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, cancelled_is_listed_but_left_out_of_rollups)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct summary *s;
	const struct rollup *byt;

	report(a, ym(2024, 2), "BYT", "BYT-CUL-001", ST_CANCELLED, 10);
	s = agg_finish(a);
	cr_assert_eq(fig(s, "BYT-CUL-001")->rag, RAG_CANCELLED);
	cr_assert_eq(s->overall.tasks, 6);
	cr_assert_eq(s->overall.cancelled, 1);
	cr_assert_eq(s->overall.counts[RAG_CANCELLED], 1);
	byt = agency_rollup(s, "BYT");
	cr_assert_not_null(byt);
	cr_assert_eq(byt->tasks, 0);
	cr_assert_not(byt->has_index);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, rollups_are_weighted)
{
	/*
	 * As of 2024-02-29 (day 59): BNG-POL-001 w2 planned 59/365*100 =
	 * 16.164, actual 20; BCT-ECO-001 w3 planned 50, actual 45;
	 * BCT-ECO-002 w1 not started (planned 0, not reported: 0);
	 * BKHDT-ECO-001 w2 planned 0; BTP, BYT, BTC w1 each planned 16.164.
	 * sum w = 11; sum w*planned = 2p + 150 + 3p = 150 + 5p, p = 5900/365
	 * sum w*actual = 40 + 135 = 175.
	 */
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct progress_row bng = row(ym(2024, 2), "BNG", "BNG-POL-001",
				      ST_IN_PROGRESS, 20);
	struct progress_row bct = row(ym(2024, 2), "BCT", "BCT-ECO-001",
				      ST_IN_PROGRESS, 45);
	double p = 5900.0 / 365, wp = 150 + 5 * p;
	const struct rollup *r;
	struct summary *s;

	agg_begin_month(a, ym(2024, 2));
	feed(a, "bng.csv", "BNG", at(2024, 3, 1, 8, 0), &bng, 1);
	feed(a, "bct.csv", "BCT", at(2024, 3, 2, 8, 0), &bct, 1);
	s = agg_finish(a);
	cr_assert_eq(s->overall.tasks, 7);
	NEAR(s->overall.weight, 11.0);
	NEAR(s->overall.planned, wp / 11);
	NEAR(s->overall.actual, 175.0 / 11);
	cr_assert(s->overall.has_index);
	NEAR(s->overall.schedule_index, 175.0 / wp);
	/* ECO: BCT-ECO-001 w3, BCT-ECO-002 w1, BKHDT-ECO-001 w2, BTC w1 */
	cr_assert_str_eq(s->pillars[0], "POL");
	cr_assert_str_eq(s->pillars[1], "ECO");
	r = &s->pillar_rollups[1];
	NEAR(r->weight, 7.0);
	NEAR(r->planned, (150 + p) / 7);
	NEAR(r->actual, 135.0 / 7);
	/* BCT leads BCT-ECO-001 (amber? 45 vs 50: -5, green) and -002 */
	r = agency_rollup(s, "BCT");
	cr_assert_eq(r->tasks, 2);
	NEAR(r->actual, 135.0 / 4);
	cr_assert_eq(r->counts[RAG_GREEN], 1);
	cr_assert_eq(r->counts[RAG_NOT_STARTED], 1);   /* -002 begins 01/03 */
	summary_free(s);
	agg_free(a);
}

Test(aggregate, thresholds_are_inclusive_at_minus_5_and_minus_15)
{
	/* as of 2024-02-29 BCT-ECO-001 is planned at exactly 50 % */
	static const struct { double actual; enum rag rag; } cases[] = {
		{ 45.0, RAG_GREEN }, { 44.99, RAG_AMBER },
		{ 35.0, RAG_AMBER }, { 34.99, RAG_RED },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
					       day(2024, 2, 29), &sink);
		struct summary *s;

		report(a, ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS,
		       cases[i].actual);
		s = agg_finish(a);
		cr_assert_eq(fig(s, "BCT-ECO-001")->rag, cases[i].rag,
			     "actual %g", cases[i].actual);
		summary_free(s);
		agg_free(a);
	}
}

Test(aggregate, thresholds_come_from_the_settings)
{
	struct agg_settings set = agg_defaults;
	struct aggregator *a;
	struct summary *s;

	set.green_min_variance = -2;
	set.amber_min_variance = -4;
	a = agg_new(rm, &set, ym(2024, 2), day(2024, 2, 29), &sink);
	report(a, ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 45);
	s = agg_finish(a);
	cr_assert_eq(fig(s, "BCT-ECO-001")->rag, RAG_RED);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, past_due_and_not_completed_is_red_whatever_the_variance)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 5),
				       ym_last_day(ym(2024, 5)), &sink);
	struct summary *s;
	const struct task_figures *f;

	report(a, ym(2024, 5), "BCT", "BCT-ECO-002", ST_IN_PROGRESS, 99);
	s = agg_finish(a);
	f = fig(s, "BCT-ECO-002");
	NEAR(f->variance, -1.0);
	cr_assert(f->overdue);
	cr_assert_eq(f->rag, RAG_RED);
	cr_assert_eq(f->misses_due, 1);
	cr_assert_eq(s->overall.overdue, 1);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, never_reported_is_grey_and_counts_as_zero)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct summary *s = agg_finish(a);
	const struct task_figures *f = fig(s, "BTP-INS-001");

	cr_assert_not(f->reported);
	cr_assert_eq(f->rag, RAG_GREY);
	cr_assert_eq(f->actual_period, -1);
	cr_assert_eq(f->misses_due, -1);
	/* BCT-ECO-002 and BKHDT-ECO-001 begin later: not begun, not grey */
	cr_assert_eq(s->overall.counts[RAG_GREY], 5);
	cr_assert_eq(s->overall.counts[RAG_NOT_STARTED], 2);
	NEAR(s->overall.actual, 0.0);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, a_merged_agency_hands_its_tasks_to_the_successor)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2025, 3),
				       ym_last_day(ym(2025, 3)), &sink);
	struct summary *s;
	const struct task_figures *f;
	const struct rollup *btc;

	report(a, ym(2025, 1), "BKHDT", "BKHDT-ECO-001", ST_IN_PROGRESS, 50);
	report(a, ym(2025, 3), "BTC", "BKHDT-ECO-001", ST_IN_PROGRESS, 70);
	s = agg_finish(a);
	f = fig(s, "BKHDT-ECO-001");
	cr_assert_str_eq(f->responsible, "BTC");
	cr_assert_str_eq(f->reported_by, "BTC");
	NEAR(f->actual, 70.0);
	cr_assert_null(agency_rollup(s, "BKHDT"));
	btc = agency_rollup(s, "BTC");
	cr_assert_not_null(btc);
	cr_assert_eq(btc->tasks, 2);   /* BTC-ECO-001 and BKHDT-ECO-001 */
	/* BKHDT reported in January, before the merger, as itself */
	cr_assert_not_null(comp(s, "BKHDT", ym(2025, 1)));
	cr_assert_null(comp(s, "BKHDT", ym(2025, 3)));
	summary_free(s);
	agg_free(a);

	/* on its last day, 2025-02-28, BKHDT still answers for it itself */
	a = agg_new(rm, NULL, ym(2025, 2), day(2025, 2, 28), &sink);
	s = agg_finish(a);
	cr_assert_str_eq(fig(s, "BKHDT-ECO-001")->responsible, "BKHDT");
	summary_free(s);
	agg_free(a);
}

Test(aggregate, a_forecast_that_misses_its_due_date)
{
	/*
	 * 10 % (Jan), 20 % (Feb), 30 % (Mar): 20 points over Jan 31 .. Mar 31,
	 * 60 days, 1/3 point a day; 70 points to go take 210 days from
	 * 2024-03-31: 2024-10-27, after the due date 2024-06-30.
	 */
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 3),
				       ym_last_day(ym(2024, 3)), &sink);
	struct summary *s;
	const struct task_figures *f;

	report(a, ym(2024, 1), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 10);
	report(a, ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 20);
	report(a, ym(2024, 3), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 30);
	s = agg_finish(a);
	f = fig(s, "BCT-ECO-001");
	cr_assert(f->has_forecast);
	cr_assert_eq(f->forecast_finish, day(2024, 10, 27));
	cr_assert_eq(f->misses_due, 1);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, the_forecast_uses_the_last_three_points_only)
{
	/*
	 * 10, 20, 30, then 60 in April: the last three (20 Feb, 30 Mar,
	 * 60 Apr) give 40 points over Feb 29 .. Apr 30, 61 days; 40 to go
	 * take 61 days from 2024-04-30: 2024-06-30, the due date itself.
	 */
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 4),
				       ym_last_day(ym(2024, 4)), &sink);
	struct summary *s;
	const struct task_figures *f;

	report(a, ym(2024, 1), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 10);
	report(a, ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 20);
	report(a, ym(2024, 3), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 30);
	report(a, ym(2024, 4), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 60);
	s = agg_finish(a);
	f = fig(s, "BCT-ECO-001");
	cr_assert(f->has_forecast);
	cr_assert_eq(f->forecast_finish, day(2024, 6, 30));
	cr_assert_eq(f->misses_due, 0);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, no_forecast_from_one_point_or_no_progress)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 3),
				       ym_last_day(ym(2024, 3)), &sink);
	struct summary *s;

	report(a, ym(2024, 2), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 10);
	report(a, ym(2024, 3), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 30);
	s = agg_finish(a);
	cr_assert_not(fig(s, "BCT-ECO-001")->has_forecast);
	cr_assert_eq(fig(s, "BCT-ECO-001")->misses_due, -1);
	summary_free(s);
	agg_free(a);

	a = agg_new(rm, NULL, ym(2024, 3), ym_last_day(ym(2024, 3)), &sink);
	report(a, ym(2024, 2), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 10);
	report(a, ym(2024, 3), "BNG", "BNG-POL-001", ST_DELAYED, 10);
	s = agg_finish(a);
	cr_assert_not(fig(s, "BNG-POL-001")->has_forecast);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, a_month_with_no_submissions_at_all)
{
	/* data in January only; February and March have no files */
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 3),
				       ym_last_day(ym(2024, 3)), &sink);
	struct summary *s;
	const struct compliance *c;
	size_t i, missing = 0;

	report(a, ym(2024, 1), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 5);
	s = agg_finish(a);
	for (i = 0; i < s->ncompliance; i++)
		if (s->compliance[i].period == ym(2024, 3)) {
			cr_assert_eq(s->compliance[i].status, COMP_MISSING);
			missing++;
		}
	/* BNG, BCT, BTP, BYT, BTC answer for begun tasks; BKHDT's starts
	   in July */
	cr_assert_eq(missing, 5);
	cr_assert_null(comp(s, "BKHDT", ym(2024, 3)));
	c = comp(s, "BNG", ym(2024, 1));
	cr_assert_eq(c->status, COMP_ON_TIME);
	cr_assert_eq(s->totals.files, 0);
	/* the trend runs from the roadmap's first month (January: its
	   tasks begin 2024-01-01), March last, though no file came */
	cr_assert_eq(s->ntrend, 3);
	cr_assert_eq(s->trend[2].period, ym(2024, 3));
	cr_assert_eq(s->trend[1].period, ym(2024, 2));
	cr_assert_eq(s->trend[0].period, ym(2024, 1));
	cr_assert_eq(s->trend[0].overall.tasks, 7);
	cr_assert(s->trend[0].overall.planned > 0.0);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, the_trend_keeps_each_month_as_it_stood)
{
	/*
	 * BNG-POL-001 reports 10 % in January and 40 % in February. The
	 * January point must show 10 %: weighted 2*10 / 11 overall.
	 */
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct summary *s;

	report(a, ym(2024, 1), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 10);
	report(a, ym(2024, 2), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 40);
	s = agg_finish(a);
	cr_assert_eq(s->ntrend, 2);   /* the roadmap begins in January */
	cr_assert_eq(s->trend[0].period, ym(2024, 1));
	NEAR(s->trend[0].overall.actual, 20.0 / 11);
	NEAR(s->trend[1].overall.actual, 80.0 / 11);
	/* POL holds BNG-POL-001 alone: 10 then 40 */
	cr_assert_str_eq(s->trend[0].pillars[0].key, "POL");
	NEAR(s->trend[0].pillars[0].actual, 10.0);
	NEAR(s->trend[1].pillars[0].actual, 40.0);
	/* January as of 01-31: planned 30/365 */
	NEAR(s->trend[0].pillars[0].planned, 3000.0 / 365);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, late_after_the_deadline_day)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 1),
				       ym_last_day(ym(2024, 1)), &sink);
	struct progress_row bng = row(ym(2024, 1), "BNG", "BNG-POL-001",
				      ST_IN_PROGRESS, 5);
	struct progress_row bct = row(ym(2024, 1), "BCT", "BCT-ECO-001",
				      ST_IN_PROGRESS, 5);
	struct summary *s;

	agg_begin_month(a, ym(2024, 1));
	feed(a, "bng.csv", "BNG", at(2024, 2, 5, 23, 59), &bng, 1);
	feed(a, "bct.csv", "BCT", at(2024, 2, 6, 0, 0), &bct, 1);
	s = agg_finish(a);
	cr_assert_eq(comp(s, "BNG", ym(2024, 1))->status, COMP_ON_TIME);
	cr_assert_eq(comp(s, "BCT", ym(2024, 1))->status, COMP_LATE);
	cr_assert_eq(comp(s, "BTP", ym(2024, 1))->status, COMP_MISSING);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, completed_tasks_are_no_longer_expected)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct summary *s;

	report(a, ym(2024, 1), "BYT", "BYT-CUL-001", ST_COMPLETED, 100);
	s = agg_finish(a);
	cr_assert_eq(comp(s, "BYT", ym(2024, 1))->status, COMP_ON_TIME);
	cr_assert_null(comp(s, "BYT", ym(2024, 2)));
	cr_assert_eq(fig(s, "BYT-CUL-001")->rag, RAG_COMPLETED);
	cr_assert_eq(fig(s, "BYT-CUL-001")->misses_due, 0);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, indicators_measure_the_way_from_baseline_to_target)
{
	/*
	 * IND-POL-01: 33 (2024-01-01) to 43 (2024-12-31); 38 in June is
	 * 50 % of the way; 2024-06-30 is day 181 of 365 (49.59 %): on course.
	 * IND-ECO-01, a rank going down from 48 to 40: 47 in June is 12.5 %
	 * of the way, 37 points behind time: not on course.
	 */
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 6),
				       ym_last_day(ym(2024, 6)), &sink);
	struct indicator_row ir[2];
	struct agg_file f;
	struct summary *s;

	memset(ir, 0, sizeof(ir));
	ir[0].period = ir[1].period = ym(2024, 6);
	ir[0].agency = "BNG";
	ir[0].indicator = "IND-POL-01";
	ir[0].value = 38;
	ir[1].agency = "BCT";
	ir[1].indicator = "IND-ECO-01";
	ir[1].value = 47;
	memset(&f, 0, sizeof(f));
	f.name = "ind.csv";
	f.kind = SUB_INDICATOR;
	f.agency = "BNG";
	f.received = at(2024, 7, 1, 8, 0);
	agg_begin_month(a, ym(2024, 6));
	agg_add_file(a, &f, NULL, 0, ir, 2);
	s = agg_finish(a);
	cr_assert_eq(s->nindicators, 2);
	cr_assert(s->indicators[0].reported);
	NEAR(s->indicators[0].value, 38.0);
	NEAR(s->indicators[0].progress, 50.0);
	NEAR(s->indicators[0].expected, 100.0 * 181 / 365);
	cr_assert_eq(s->indicators[0].on_course, 1);
	NEAR(s->indicators[1].progress, 12.5);
	cr_assert_eq(s->indicators[1].on_course, 0);
	/* an indicator file is not a progress submission */
	cr_assert_eq(comp(s, "BNG", ym(2024, 6))->files, 0);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, a_one_day_task_is_100_on_its_day)
{
	struct task t;

	memset(&t, 0, sizeof(t));
	t.start = t.due = day(2024, 2, 15);
	NEAR(planned_percent(&t, day(2024, 2, 14)), 0.0);
	NEAR(planned_percent(&t, day(2024, 2, 15)), 100.0);
}

Test(aggregate, an_agency_not_expected_is_not_due_even_when_it_sends)
{
	/* BKHDT's task starts in July: a file in February is unasked */
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct summary *s;

	report(a, ym(2024, 2), "BKHDT", "BKHDT-ECO-001", ST_NOT_STARTED, 0);
	s = agg_finish(a);
	cr_assert_eq(comp(s, "BKHDT", ym(2024, 2))->status, COMP_NOT_DUE);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, completed_tasks_are_not_stale)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 3),
				       ym_last_day(ym(2024, 3)), &sink);
	struct summary *s;

	report(a, ym(2024, 1), "BYT", "BYT-CUL-001", ST_COMPLETED, 100);
	report(a, ym(2024, 1), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 10);
	s = agg_finish(a);
	cr_assert_not(fig(s, "BYT-CUL-001")->stale);
	cr_assert(fig(s, "BNG-POL-001")->stale);
	cr_assert_eq(s->overall.stale, 1);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, a_stalled_task_has_no_date_but_misses_its_due_date)
{
	/* 5 %, 5 % then 5.000001 %: centuries to go, no date, misses */
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 3),
				       ym_last_day(ym(2024, 3)), &sink);
	struct summary *s;

	report(a, ym(2024, 1), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 5);
	report(a, ym(2024, 2), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 5);
	report(a, ym(2024, 3), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 5.000001);
	s = agg_finish(a);
	cr_assert_not(fig(s, "BNG-POL-001")->has_forecast);
	cr_assert_eq(fig(s, "BNG-POL-001")->misses_due, 1);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, files_of_a_month_after_the_period_are_ignored)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 1),
				       ym_last_day(ym(2024, 1)), &sink);
	struct summary *s;

	report(a, ym(2024, 1), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 5);
	report(a, ym(2024, 2), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 50);
	s = agg_finish(a);
	NEAR(fig(s, "BNG-POL-001")->actual, 5.0);
	cr_assert_eq(comp(s, "BNG", ym(2024, 1))->files, 1);
	cr_assert_eq(s->totals.files, 1);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, rating_is_the_worse_of_points_and_index)
{
	const struct agg_settings *s = &agg_defaults;

	/* -8 points is amber by points; 0.38 of plan is red by index */
	cr_assert_eq(rag_by_figures(13.0, 5.0, s), RAG_RED);
	/* -3 points is green by points; 0.75 of plan is amber */
	cr_assert_eq(rag_by_figures(12.0, 9.0, s), RAG_AMBER);
	/* under 10 % planned the index does not count: 0.5 of 9 % is green */
	cr_assert_eq(rag_by_figures(9.0, 4.5, s), RAG_GREEN);
	/* borders: exactly 0.6 is amber, exactly 0.8 green; 10 % counts */
	cr_assert_eq(rag_by_figures(10.0, 6.0, s), RAG_AMBER);
	cr_assert_eq(rag_by_figures(10.0, 8.0, s), RAG_GREEN);
	cr_assert_eq(rag_by_figures(10.0, 5.9, s), RAG_RED);
	/* points still rule when worse: -20 at 0.8 of plan */
	cr_assert_eq(rag_by_figures(100.0, 80.0, s), RAG_RED);
	/* ahead of plan is green, even with nothing planned */
	cr_assert_eq(rag_by_figures(0.0, 5.0, s), RAG_GREEN);
}

Test(aggregate, a_group_is_rated_by_its_own_figures)
{
	const struct agg_settings *s = &agg_defaults;
	struct rollup r;

	memset(&r, 0, sizeof(r));
	cr_assert_eq(rag_rollup(&r, s), RAG_GREY);
	r.cancelled = 1;
	cr_assert_eq(rag_rollup(&r, s), RAG_CANCELLED);
	/* none begun by plan: nobody's failure */
	r.tasks = 2;
	r.counts[RAG_NOT_STARTED] = 2;
	cr_assert_eq(rag_rollup(&r, s), RAG_NOT_STARTED);
	/* one begun and never reported: grey */
	r.counts[RAG_NOT_STARTED] = 1;
	r.counts[RAG_GREY] = 1;
	r.planned = 12.0;
	cr_assert_eq(rag_rollup(&r, s), RAG_GREY);
	/* reported at 0.4 of a 12 % plan: red by index, amber by points */
	r.counts[RAG_GREY] = 0;
	r.counts[RAG_AMBER] = 1;
	r.reported = 1;
	r.actual = 4.8;
	cr_assert_eq(rag_rollup(&r, s), RAG_RED);
	/* all completed */
	memset(r.counts, 0, sizeof(r.counts));
	r.counts[RAG_COMPLETED] = 2;
	cr_assert_eq(rag_rollup(&r, s), RAG_COMPLETED);
}

Test(aggregate, a_task_not_begun_by_plan_is_not_started_not_grey)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct summary *s = agg_finish(a);

	/* begins 2024-03-01: planned 0 on 29/02, nothing reported */
	cr_assert_eq(fig(s, "BCT-ECO-002")->rag, RAG_NOT_STARTED);
	/* begun 2024-01-01, never reported */
	cr_assert_eq(fig(s, "BTP-INS-001")->rag, RAG_GREY);
	cr_assert_eq(s->overall.counts[RAG_NOT_STARTED], 2);
	cr_assert_eq(agency_rollup(s, "BKHDT")->rag, RAG_NOT_STARTED);
	cr_assert_eq(agency_rollup(s, "BTP")->rag, RAG_GREY);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, no_forecast_from_fewer_than_three_reports)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 3),
				       ym_last_day(ym(2024, 3)), &sink);
	struct summary *s;
	const struct task_figures *f;

	report(a, ym(2024, 2), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 5);
	report(a, ym(2024, 3), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 20);
	s = agg_finish(a);
	f = fig(s, "BNG-POL-001");
	cr_assert_not(f->has_forecast);
	cr_assert_eq(f->misses_due, -1);
	summary_free(s);
	agg_free(a);
	a = agg_new(rm, NULL, ym(2024, 3), ym_last_day(ym(2024, 3)), &sink);
	report(a, ym(2024, 1), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 5);
	report(a, ym(2024, 2), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 10);
	report(a, ym(2024, 3), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 20);
	s = agg_finish(a);
	cr_assert(fig(s, "BNG-POL-001")->has_forecast);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, nothing_in_before_the_deadline_is_pending)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct summary *s;

	/* judged on 05/03 at noon: BTC's deadline (05/03 23:59) is ahead */
	agg_set_moment(a, at(2024, 3, 5, 12, 0));
	report(a, ym(2024, 2), "BNG", "BNG-POL-001", ST_IN_PROGRESS, 10);
	s = agg_finish(a);
	cr_assert_eq(comp(s, "BTC", ym(2024, 2))->status, COMP_PENDING);
	cr_assert_eq(comp(s, "BNG", ym(2024, 2))->status, COMP_ON_TIME);
	/* January's deadline (05/02) has passed: missing */
	cr_assert_eq(comp(s, "BTC", ym(2024, 1))->status, COMP_MISSING);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, a_file_without_an_accepted_row_is_rejected)
{
	struct aggregator *a = agg_new(rm, NULL, ym(2024, 2),
				       ym_last_day(ym(2024, 2)), &sink);
	struct agg_file f;
	struct summary *s;

	agg_begin_month(a, ym(2024, 2));
	memset(&f, 0, sizeof(f));
	f.name = "BTC_t2.csv";
	f.kind = SUB_PROGRESS;
	f.agency = "BTC";
	f.received = at(2024, 3, 1, 9, 0);
	f.stats.rows = f.stats.rejected = f.stats.errors = 3;
	agg_add_file(a, &f, NULL, 0, NULL, 0);
	s = agg_finish(a);
	cr_assert_eq(comp(s, "BTC", ym(2024, 2))->status, COMP_REJECTED);
	cr_assert_eq(comp(s, "BTC", ym(2024, 2))->empty, 1);
	summary_free(s);
	agg_free(a);
}

Test(aggregate, ratings_sort_worst_first)
{
	enum rag order[] = { RAG_RED, RAG_GREY, RAG_AMBER, RAG_GREEN,
			     RAG_COMPLETED, RAG_NOT_STARTED, RAG_CANCELLED };

	for (size_t i = 1; i < sizeof(order) / sizeof(*order); i++)
		cr_assert_lt(rag_severity(order[i - 1]), rag_severity(order[i]),
			     "%s before %s", rag_code(order[i - 1]),
			     rag_code(order[i]));
}

Test(aggregate, rollups_compare_by_rating_then_index_then_points_then_code)
{
	struct rollup a = { .key = "BTC", .rag = RAG_AMBER, .has_index = true,
			    .schedule_index = 0.7, .planned = 20, .actual = 14 };
	struct rollup b = a, c = a, d = a, e = a;

	b.key = "BCT";
	b.rag = RAG_RED;                     /* worse rating first */
	cr_assert_gt(rollup_cmp_worst(&a, &b), 0);
	cr_assert_lt(rollup_cmp_worst(&b, &a), 0);
	c.key = "BYT";
	c.schedule_index = 0.65;             /* same rating, lower index */
	cr_assert_gt(rollup_cmp_worst(&a, &c), 0);
	d.key = "BNG";
	d.has_index = false;                 /* no index: after those with one */
	cr_assert_lt(rollup_cmp_worst(&a, &d), 0);
	d.has_index = true;
	d.actual = 10;                       /* same index, more points behind */
	cr_assert_gt(rollup_cmp_worst(&a, &d), 0);
	e.key = "BCA";                       /* all the same: by code */
	cr_assert_gt(rollup_cmp_worst(&a, &e), 0);
	cr_assert_eq(rollup_cmp_worst(&a, &a), 0);
}

Test(aggregate, the_previous_month_rating_and_red_since)
{
	/*
	 * BCT-ECO-001 (w3, 50 % planned by 29 Feb, 60 % by 31 Mar): 0 % in
	 * January and 5 % in February are red; 60 % in March is on plan,
	 * while BCT-ECO-002 (w1, begun 1 March) is not reported: amber.
	 */
	struct aggregator *a;
	struct summary *s;

	a = agg_new(rm, NULL, ym(2024, 3), ym_last_day(ym(2024, 3)), &sink);
	report(a, ym(2024, 1), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 0);
	report(a, ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 5);
	report(a, ym(2024, 3), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 60);
	s = agg_finish(a);
	cr_assert_eq(agency_rollup(s, "BCT")->rag, RAG_AMBER);
	cr_assert_not_null(summary_previous(s, "BCT"));
	cr_assert_eq(summary_previous(s, "BCT")->rag, RAG_RED);
	/* no red task in March: nothing to date */
	cr_assert_eq(summary_red_since(s, "BCT"), -1);
	summary_free(s);
	agg_free(a);

	/* as of February: red since January, and nothing before January */
	a = agg_new(rm, NULL, ym(2024, 2), ym_last_day(ym(2024, 2)), &sink);
	report(a, ym(2024, 1), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 0);
	report(a, ym(2024, 2), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 5);
	s = agg_finish(a);
	cr_assert_eq(summary_red_since(s, "BCT"), ym(2024, 1));
	cr_assert_eq(summary_previous(s, "BCT")->rag, RAG_RED);
	cr_assert_null(summary_previous(s, "XYZ"));
	summary_free(s);
	agg_free(a);

	/* January is the roadmap's first month: no month before it */
	a = agg_new(rm, NULL, ym(2024, 1), ym_last_day(ym(2024, 1)), &sink);
	report(a, ym(2024, 1), "BCT", "BCT-ECO-001", ST_IN_PROGRESS, 0);
	s = agg_finish(a);
	cr_assert_null(summary_previous(s, "BCT"));
	cr_assert_eq(summary_red_since(s, "BCT"), ym(2024, 1));
	summary_free(s);
	agg_free(a);
}
