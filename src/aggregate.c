/*
 * aggregate: folding accepted rows into per-task state, month by month,
 * and computing ratings and roll-ups from that state.
 *
 * For each task the aggregator holds its newest counted report and the
 * last few (period, percent) points for the forecast; for each indicator
 * its newest value. A task's figure is its lead agency's report (or that
 * of the agency that took the lead over in a merger): supporting agencies
 * report their part, which is validated but does not set the figure.
 * Per month it holds the month's file list and per-agency submission
 * counts, dropped when the month ends. Figures of the trend months are
 * taken at each month's end, as the data stood then.
 */
#include "aggregate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "xalloc.h"

#define MAX_POINTS 12
#define MAX_HOPS 16

const struct agg_settings agg_defaults = { -5.0, -15.0, 10.0, 0.6, 0.8, 5,
					   12, 3 };

static const char *const rag_codes[RAG_COUNT] = {
	"completed", "green", "amber", "red", "grey", "not_started",
	"cancelled"
};

static const char *const comp_codes[] = {
	"on_time", "late", "rejected", "missing", "not_due", "pending"
};

/* The pillars in SPEC's order; any other sorts after them. */
static const char *const pillar_order[] = {
	"POL", "ECO", "DEF", "CUL", "SCI", "INS", "LOC"
};

const char *rag_code(enum rag r)
{
	return (unsigned)r < RAG_COUNT ? rag_codes[r] : "?";
}

const char *comp_code(enum comp_status c)
{
	return (unsigned)c < COMP_COUNT ? comp_codes[c] : "?";
}

struct point {
	int period;
	double percent;
};

struct tstate {                  /* what is kept of a task */
	bool reported;
	enum status status;
	double percent;
	int period;
	int32_t report_date;
	char *difficulties, *proposals, *output_document;
	const char *by;              /* interned agency code */
	int month_file;              /* file of this month that set it, -1 */
	int npoints;
	struct point points[MAX_POINTS];
};

struct istate {                  /* what is kept of an indicator */
	bool reported;
	double value;
	int period;
	int month_file;
};

struct mfile {                   /* a file of the current month */
	char *name;
	int64_t received;
};

struct acount {                  /* an agency's submission this month */
	bool expected;
	unsigned files, unreadable, empty;
	bool has_received;
	int64_t received;
	unsigned long rows, accepted, rejected, errors, warnings;
};

struct aggregator {
	const struct roadmap *rm;
	struct agg_settings set;
	int period, first_trend, month;
	bool ignoring;               /* a month after the period was begun */
	int32_t as_of;
	int64_t moment;              /* submissions judged then (local secs) */
	const struct diag_sink *sink;
	int *lead;                   /* per task: index of its lead agency */
	int *succ;                   /* per agency: successor index, or -1 */
	struct tstate *tasks;
	struct istate *inds;
	struct mfile *files;         /* this month's */
	size_t nfiles, capfiles;
	struct acount *counts;       /* per agency, this month */
	const char **pillars;
	size_t npillars;
	int *task_pillar;            /* per task: index into pillars */
	struct trend_point *trend;   /* ntrend slots */
	int ntrend;                  /* months of the trend, the period last */
	struct compliance *comp;
	size_t ncomp, capcomp;
	struct file_totals totals;
};

/* ---- the plan ------------------------------------------------------------ */

double planned_percent(const struct task *t, int32_t d)
{
	int32_t d0 = t->start;
	double p0 = 0.0;
	size_t i;

	if (d >= t->due)
		return 100.0;
	if (d <= t->start)
		return 0.0;
	for (i = 0; i <= t->nmilestones; i++) {
		int32_t d1 = i < t->nmilestones ? t->milestones[i].date : t->due;
		double p1 = i < t->nmilestones ? t->milestones[i].percent : 100.0;

		if (d < d1)
			return p0 + (p1 - p0) * (double)(d - d0) / (double)(d1 - d0);
		d0 = d1;
		p0 = p1;
	}
	return 100.0;
}

static int agency_index(const struct roadmap *rm, const char *code)
{
	const struct agency *a = code ? roadmap_agency(rm, code) : NULL;

	return a ? (int)(a - rm->agencies) : -1;
}

/* The agency answering for agency i on day d, following mergers. */
static int on_day(const struct aggregator *a, int i, int32_t d)
{
	int hops;

	for (hops = 0; i >= 0 && hops < MAX_HOPS; hops++) {
		if (a->rm->agencies[i].valid_to >= d || a->succ[i] < 0)
			break;
		i = a->succ[i];
	}
	return i;
}

static int pillar_rank(const char *p)
{
	size_t i;

	for (i = 0; i < sizeof(pillar_order) / sizeof(*pillar_order); i++)
		if (strcmp(p, pillar_order[i]) == 0)
			return (int)i;
	return (int)(sizeof(pillar_order) / sizeof(*pillar_order));
}

static int by_pillar(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	int ra = pillar_rank(a), rb = pillar_rank(b);

	return ra != rb ? (ra < rb ? -1 : 1) : strcmp(a, b);
}

static void find_pillars(struct aggregator *a)
{
	const struct roadmap *rm = a->rm;
	size_t i, j;

	a->pillars = xcalloc(rm->ntasks + 1, sizeof(*a->pillars));
	for (i = 0; i < rm->ntasks; i++) {
		for (j = 0; j < a->npillars; j++)
			if (strcmp(a->pillars[j], rm->tasks[i].pillar) == 0)
				break;
		if (j == a->npillars)
			a->pillars[a->npillars++] = rm->tasks[i].pillar;
	}
	if (a->npillars)
		qsort(a->pillars, a->npillars, sizeof(*a->pillars), by_pillar);
	a->task_pillar = xcalloc(rm->ntasks + 1, sizeof(*a->task_pillar));
	for (i = 0; i < rm->ntasks; i++)
		for (j = 0; j < a->npillars; j++)
			if (strcmp(a->pillars[j], rm->tasks[i].pillar) == 0)
				a->task_pillar[i] = (int)j;
}

/* The month the roadmap's first task begins (or INT32_MIN for none). */
static int roadmap_first_month(const struct roadmap *rm)
{
	int32_t first = INT32_MAX;

	for (size_t i = 0; i < rm->ntasks; i++)
		if (rm->tasks[i].start < first)
			first = rm->tasks[i].start;
	return first == INT32_MAX ? INT32_MIN : ym_of(first);
}

struct aggregator *agg_new(const struct roadmap *rm,
			   const struct agg_settings *s, int period,
			   int32_t as_of, const struct diag_sink *sink)
{
	struct aggregator *a = xcalloc(1, sizeof(*a));
	size_t i;

	a->rm = rm;
	a->set = s ? *s : agg_defaults;
	if (a->set.trend_months < 1)
		a->set.trend_months = 1;
	if (a->set.forecast_points < 2)
		a->set.forecast_points = 2;
	if (a->set.forecast_points > MAX_POINTS)
		a->set.forecast_points = MAX_POINTS;
	a->period = period;
	/* the trend goes back trend_months, but not before the roadmap's
	   first month: months before it are zeros that say nothing */
	a->first_trend = period - a->set.trend_months + 1;
	{
		int first = roadmap_first_month(rm);

		if (first > a->first_trend)
			a->first_trend = first < period ? first : period;
	}
	a->ntrend = period - a->first_trend + 1;
	a->month = INT32_MIN;
	a->as_of = as_of;
	a->moment = INT64_MAX;
	a->sink = sink;
	a->succ = xcalloc(rm->nagencies + 1, sizeof(*a->succ));
	for (i = 0; i < rm->nagencies; i++)
		a->succ[i] = agency_index(rm, rm->agencies[i].successor);
	a->lead = xcalloc(rm->ntasks + 1, sizeof(*a->lead));
	a->tasks = xcalloc(rm->ntasks + 1, sizeof(*a->tasks));
	for (i = 0; i < rm->ntasks; i++) {
		a->lead[i] = agency_index(rm, rm->tasks[i].lead);
		a->tasks[i].period = -1;
		a->tasks[i].month_file = -1;
	}
	a->inds = xcalloc(rm->nindicators + 1, sizeof(*a->inds));
	for (i = 0; i < rm->nindicators; i++) {
		a->inds[i].period = -1;
		a->inds[i].month_file = -1;
	}
	a->counts = xcalloc(rm->nagencies + 1, sizeof(*a->counts));
	find_pillars(a);
	a->trend = xcalloc((size_t)a->ntrend, sizeof(*a->trend));
	return a;
}

/* ---- the figures --------------------------------------------------------- */

static bool is_closed(const struct tstate *ts)
{
	return ts->reported && (ts->status == ST_COMPLETED ||
				ts->status == ST_CANCELLED);
}

#define FORECAST_HORIZON 36500   /* days: a finish further away is none */

/*
 * The projected finish from the velocity between the first and the last
 * kept points. A finish beyond the horizon (a task all but stalled) gives
 * no date but does miss its due date.
 */
static void forecast(const struct tstate *ts, const struct task *t,
		     int min_points, struct task_figures *f)
{
	const struct point *first, *last;
	int32_t d0, d1;
	double v, days;

	f->has_forecast = false;
	/* a pace from fewer reports is a guess: say nothing */
	if (ts->npoints < 2 || (int)ts->npoints < min_points)
		return;
	first = &ts->points[0];
	last = &ts->points[ts->npoints - 1];
	d0 = ym_last_day(first->period);
	d1 = ym_last_day(last->period);
	if (d1 <= d0)
		return;
	v = (last->percent - first->percent) / (double)(d1 - d0);
	if (!(v > 0.0))
		return;
	days = ceil((100.0 - last->percent) / v - 1e-9);
	if (days > FORECAST_HORIZON) {
		f->misses_due = 1;
		return;
	}
	f->has_forecast = true;
	f->forecast_finish = d1 + (int32_t)days;
	f->misses_due = f->forecast_finish > t->due;
}

/* The figures of task i for period m as of day d. */
static void figure(const struct aggregator *a, size_t i, int m, int32_t d,
		   bool with_forecast, struct task_figures *f)
{
	const struct task *t = &a->rm->tasks[i];
	const struct tstate *ts = &a->tasks[i];
	const struct agg_settings *s = &a->set;
	int resp = on_day(a, a->lead[i], d);

	memset(f, 0, sizeof(*f));
	f->task = t;
	f->responsible = resp >= 0 ? a->rm->agencies[resp].code : t->lead;
	f->planned = planned_percent(t, d);
	f->reported = ts->reported;
	f->actual_period = ts->reported ? ts->period : -1;
	f->status = ts->reported ? ts->status : ST_NOT_STARTED;
	f->misses_due = -1;
	if (ts->reported) {
		f->actual = ts->percent;
		f->variance = ts->percent - f->planned;
		f->report_date = ts->report_date;
		f->difficulties = ts->difficulties;
		f->proposals = ts->proposals;
		f->output_document = ts->output_document;
		f->reported_by = ts->by;
	}
	if (f->status == ST_CANCELLED) {
		f->rag = RAG_CANCELLED;
		return;
	}
	if (f->status == ST_COMPLETED) {
		f->rag = RAG_COMPLETED;
		f->misses_due = 0;
		return;
	}
	/* stale: an open task whose newest report is older than the period */
	f->stale = ts->reported && ts->period < m;
	f->overdue = d > t->due;
	if (with_forecast && ts->reported)
		forecast(ts, t, s->forecast_points, f);
	if (f->overdue) {
		f->rag = RAG_RED;
		f->misses_due = 1;
	} else if (!ts->reported)
		f->rag = f->planned > 0.0 ? RAG_GREY : RAG_NOT_STARTED;
	else
		f->rag = rag_by_figures(f->planned, f->actual, s);
}

enum rag rag_by_figures(double planned, double actual,
			const struct agg_settings *s)
{
	double v = actual - planned;
	enum rag by_points = v >= s->green_min_variance ? RAG_GREEN :
			     v >= s->amber_min_variance ? RAG_AMBER : RAG_RED;
	enum rag by_index = RAG_GREEN;

	if (planned >= s->index_min_planned && planned > 0.0) {
		double si = actual / planned;

		by_index = si < s->index_red_below ? RAG_RED :
			   si < s->index_amber_below ? RAG_AMBER : RAG_GREEN;
	}
	/* GREEN < AMBER < RED in the enum: the larger is the worse */
	return by_index > by_points ? by_index : by_points;
}

enum rag rag_rollup(const struct rollup *r, const struct agg_settings *s)
{
	size_t begun;

	if (!r->tasks)
		return r->cancelled ? RAG_CANCELLED : RAG_GREY;
	if (r->counts[RAG_COMPLETED] == r->tasks)
		return RAG_COMPLETED;
	begun = r->tasks - r->counts[RAG_NOT_STARTED];
	if (!begun)
		return RAG_NOT_STARTED;
	if (!r->reported)
		return RAG_GREY;
	return rag_by_figures(r->planned, r->actual, s);
}

int rag_severity(enum rag r)
{
	switch (r) {
	case RAG_RED: return 0;
	case RAG_GREY: return 1;
	case RAG_AMBER: return 2;
	case RAG_GREEN: return 3;
	case RAG_COMPLETED: return 4;
	case RAG_NOT_STARTED: return 5;
	default: return 6;
	}
}

int rollup_cmp_worst(const struct rollup *a, const struct rollup *b)
{
	double va = a->actual - a->planned, vb = b->actual - b->planned;

	if (rag_severity(a->rag) != rag_severity(b->rag))
		return rag_severity(a->rag) - rag_severity(b->rag);
	if (a->has_index != b->has_index)
		return a->has_index ? -1 : 1;
	if (a->has_index && a->schedule_index != b->schedule_index)
		return a->schedule_index < b->schedule_index ? -1 : 1;
	if (va != vb)
		return va < vb ? -1 : 1;
	return strcmp(a->key, b->key);
}

static void rollup_add(struct rollup *r, const struct task_figures *f)
{
	double w = f->task->weight;

	if (f->rag == RAG_CANCELLED) {
		r->cancelled++;
		r->counts[RAG_CANCELLED]++;
		return;
	}
	r->tasks++;
	r->weight += w;
	r->planned += w * f->planned;  /* sums until rollup_close() */
	r->actual += w * f->actual;
	r->counts[f->rag]++;
	r->overdue += f->overdue;
	r->reported += f->reported;
	r->stale += f->stale;
}

static void rollup_close(struct rollup *r, const struct agg_settings *s)
{
	r->has_index = r->planned > 0.0;
	r->schedule_index = r->has_index ? r->actual / r->planned : 0.0;
	if (r->weight > 0.0) {
		r->planned /= r->weight;
		r->actual /= r->weight;
	} else
		r->planned = r->actual = 0.0;
	r->rag = rag_rollup(r, s);
}

/* The agencies' roll-ups of a trend point, by agencies.csv index. */
static void trend_agencies_open(const struct roadmap *rm,
				struct trend_point *tp)
{
	tp->nagencies = rm->nagencies;
	tp->agencies = xcalloc(rm->nagencies + 1, sizeof(*tp->agencies));
	for (size_t i = 0; i < rm->nagencies; i++)
		tp->agencies[i].key = rm->agencies[i].code;
}

static void trend_agencies_add(const struct roadmap *rm,
			       struct trend_point *tp,
			       const struct task_figures *f)
{
	int ai = agency_index(rm, f->responsible);

	if (ai >= 0)
		rollup_add(&tp->agencies[ai], f);
}

static void trend_agencies_close(struct trend_point *tp,
				 const struct agg_settings *set)
{
	for (size_t i = 0; i < tp->nagencies; i++)
		rollup_close(&tp->agencies[i], set);
}

/* Overall and per-pillar figures of the tasks for period m as of d. */
static void snapshot(const struct aggregator *a, int m, int32_t d,
		     struct trend_point *tp)
{
	size_t i;
	struct task_figures f;

	tp->period = m;
	tp->as_of = d;
	memset(&tp->overall, 0, sizeof(tp->overall));
	tp->overall.key = "all";
	tp->pillars = xcalloc(a->npillars + 1, sizeof(*tp->pillars));
	for (i = 0; i < a->npillars; i++)
		tp->pillars[i].key = a->pillars[i];
	trend_agencies_open(a->rm, tp);
	for (i = 0; i < a->rm->ntasks; i++) {
		figure(a, i, m, d, false, &f);
		rollup_add(&tp->overall, &f);
		rollup_add(&tp->pillars[a->task_pillar[i]], &f);
		trend_agencies_add(a->rm, tp, &f);
	}
	rollup_close(&tp->overall, &a->set);
	for (i = 0; i < a->npillars; i++)
		rollup_close(&tp->pillars[i], &a->set);
	trend_agencies_close(tp, &a->set);
}

/* ---- the months ---------------------------------------------------------- */

static void open_month(struct aggregator *a, int m)
{
	const struct roadmap *rm = a->rm;
	int32_t first = ym_first_day(m), last = ym_last_day(m);
	size_t i;

	a->month = m;
	memset(a->counts, 0, rm->nagencies * sizeof(*a->counts));
	/* expected: an agency in existence answering for a task begun and
	   not reported completed or cancelled before this month */
	for (i = 0; i < rm->ntasks; i++) {
		int who;

		if (rm->tasks[i].start > last || is_closed(&a->tasks[i]))
			continue;
		who = on_day(a, a->lead[i], last);
		if (who >= 0 && agency_valid_between(&rm->agencies[who], first,
						     last))
			a->counts[who].expected = true;
	}
}

static void close_month(struct aggregator *a);

void agg_set_moment(struct aggregator *a, int64_t moment)
{
	a->moment = moment;
}

void agg_begin_month(struct aggregator *a, int m)
{
	a->ignoring = m > a->period || (a->month != INT32_MIN && m < a->month);
	if (a->ignoring)
		return;
	if (a->month == INT32_MIN) {
		/* the trend window is complete even when the files start
		   later */
		if (m <= a->first_trend) {
			open_month(a, m);
			return;
		}
		open_month(a, a->first_trend);
	}
	if (m <= a->month)
		return;
	close_month(a);
	while (a->month + 1 < m) {  /* months without files */
		open_month(a, a->month + 1);
		close_month(a);
	}
	open_month(a, m);
}

static void keep_compliance(struct aggregator *a)
{
	const struct roadmap *rm = a->rm;
	int64_t deadline = ((int64_t)ym_first_day(a->month + 1) +
			    a->set.deadline_day) * 86400 - 1;
	size_t i;

	for (i = 0; i < rm->nagencies; i++) {
		const struct acount *c = &a->counts[i];
		struct compliance *k;

		if (!c->expected && !c->files)
			continue;
		XGROW(a->comp, a->ncomp + 1, a->capcomp);
		k = &a->comp[a->ncomp++];
		memset(k, 0, sizeof(*k));
		k->agency = rm->agencies[i].code;
		k->period = a->month;
		k->expected = c->expected;
		k->files = c->files;
		k->unreadable = c->unreadable;
		k->empty = c->empty;
		k->has_received = c->has_received;
		k->received = c->received;
		k->rows = c->rows;
		k->accepted = c->accepted;
		k->rejected = c->rejected;
		k->errors = c->errors;
		k->warnings = c->warnings;
		if (!c->expected)
			k->status = COMP_NOT_DUE;
		else if (c->has_received)
			k->status = c->received <= deadline ? COMP_ON_TIME :
							      COMP_LATE;
		else if (c->unreadable || c->empty)
			k->status = COMP_REJECTED;
		else if (c->expected && a->moment <= deadline)
			k->status = COMP_PENDING;
		else
			k->status = c->expected ? COMP_MISSING : COMP_NOT_DUE;
	}
}

static void close_month(struct aggregator *a)
{
	size_t i;

	if (a->month >= a->first_trend && a->month <= a->period) {
		keep_compliance(a);
		if (a->month < a->period)
			snapshot(a, a->month, ym_last_day(a->month),
				 &a->trend[a->month - a->first_trend]);
	}
	for (i = 0; i < a->nfiles; i++)
		free(a->files[i].name);
	a->nfiles = 0;
	for (i = 0; i < a->rm->ntasks; i++)
		a->tasks[i].month_file = -1;
	for (i = 0; i < a->rm->nindicators; i++)
		a->inds[i].month_file = -1;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

static void overruled(const struct aggregator *a, const struct agg_file *f,
		      unsigned long line, enum msg_id id, const char *what,
		      int earlier)
{
	int64_t t = a->files[earlier].received;
	char when[20];

	if (!a->sink || a->month != a->period)
		return;
	datetime_format(t, when);
	if (t % 60)  /* two files a few seconds apart are told apart */
		snprintf(when + 16, 4, ":%02d", (int)(((t % 60) + 60) % 60));
	diag_report(a->sink, SEV_WARNING, "duplicate-report", NULL, f->name,
		    line, 1, NULL, NULL, id, what, a->files[earlier].name, when);
}

static void add_point(struct tstate *ts, int period, double percent, int max)
{
	if (ts->npoints && ts->points[ts->npoints - 1].period == period) {
		ts->points[ts->npoints - 1].percent = percent;
		return;
	}
	if (ts->npoints == max) {
		memmove(ts->points, ts->points + 1,
			(size_t)(max - 1) * sizeof(*ts->points));
		ts->npoints--;
	}
	ts->points[ts->npoints].period = period;
	ts->points[ts->npoints].percent = percent;
	ts->npoints++;
}

static void add_progress(struct aggregator *a, const struct agg_file *f,
			 int fi, const struct progress_row *r)
{
	const struct roadmap *rm = a->rm;
	const struct task *t = roadmap_task(rm, r->task);
	const struct agency *by = roadmap_agency(rm, r->agency);
	struct tstate *ts;

	if (!t || !by || r->period != a->month ||
	    !agency_is_or_succeeds(rm, t->lead, by->code))
		return;
	ts = &a->tasks[t - rm->tasks];
	if (ts->month_file >= 0 && ts->month_file != fi)
		overruled(a, f, r->line, M_DUPLICATE_REPORT, t->id,
			  ts->month_file);
	ts->reported = true;
	ts->status = r->status;
	ts->percent = r->percent;
	ts->period = r->period;
	ts->report_date = r->report_date;
	free(ts->difficulties);
	free(ts->proposals);
	free(ts->output_document);
	ts->difficulties = dup_or_null(r->difficulties);
	ts->proposals = dup_or_null(r->proposals);
	ts->output_document = dup_or_null(r->output_document);
	ts->by = by->code;
	ts->month_file = fi;
	add_point(ts, r->period, r->percent, a->set.forecast_points);
}

static void add_indicator(struct aggregator *a, const struct agg_file *f,
			  int fi, const struct indicator_row *r)
{
	const struct indicator *ind = roadmap_indicator(a->rm, r->indicator);
	struct istate *is;

	if (!ind || r->period != a->month)
		return;
	is = &a->inds[ind - a->rm->indicators];
	if (is->month_file >= 0 && is->month_file != fi)
		overruled(a, f, r->line, M_DUPLICATE_INDICATOR, ind->id,
			  is->month_file);
	is->reported = true;
	is->value = r->value;
	is->period = r->period;
	is->month_file = fi;
}

static void count_file(struct aggregator *a, const struct agg_file *f)
{
	const struct table_stats *st = &f->stats;
	int ai = agency_index(a->rm, f->agency);

	if (a->month == a->period) {
		a->totals.files++;
		a->totals.unreadable += st->unreadable;
		a->totals.rows += st->rows;
		a->totals.accepted += st->accepted;
		a->totals.rejected += st->rejected;
		a->totals.errors += st->errors;
		a->totals.warnings += st->warnings;
	}
	if (ai >= 0 && f->kind != SUB_INDICATOR) {
		struct acount *c = &a->counts[ai];

		c->files++;
		c->rows += st->rows;
		c->accepted += st->accepted;
		c->rejected += st->rejected;
		c->errors += st->errors;
		c->warnings += st->warnings;
		/* a file of which no row was accepted is no report: an
		   agency whose figures all fail has not reported */
		if (st->unreadable)
			c->unreadable++;
		else if (!st->accepted)
			c->empty++;
		else if (!c->has_received || f->received < c->received) {
			c->has_received = true;
			c->received = f->received;
		}
	}
}

void agg_add_file(struct aggregator *a, const struct agg_file *f,
		  const struct progress_row *rows, size_t nrows,
		  const struct indicator_row *irows, size_t nirows)
{
	int fi = (int)a->nfiles;
	size_t i;

	if (a->ignoring || a->month == INT32_MIN || a->month > a->period)
		return;
	XGROW(a->files, a->nfiles + 1, a->capfiles);
	a->files[a->nfiles].name = xstrdup(f->name);
	a->files[a->nfiles].received = f->received;
	a->nfiles++;
	count_file(a, f);
	if (f->stats.unreadable)
		return;
	for (i = 0; i < nrows; i++)
		add_progress(a, f, fi, &rows[i]);
	for (i = 0; i < nirows; i++)
		add_indicator(a, f, fi, &irows[i]);
}

/* ---- the summary --------------------------------------------------------- */

static void figure_indicator(const struct aggregator *a, size_t i,
			     struct indicator_figures *f)
{
	const struct indicator *ind = &a->rm->indicators[i];
	const struct istate *is = &a->inds[i];
	double span = (double)(ind->target_date - ind->baseline_date);

	f->indicator = ind;
	f->reported = is->reported;
	f->period = is->reported ? is->period : -1;
	f->on_course = -1;
	if (span <= 0.0 || a->as_of >= ind->target_date)
		f->expected = 100.0;
	else if (a->as_of <= ind->baseline_date)
		f->expected = 0.0;
	else
		f->expected = 100.0 * (double)(a->as_of - ind->baseline_date) /
			      span;
	if (!is->reported)
		return;
	f->value = is->value;
	f->stale = is->period < a->period;
	if (ind->target == ind->baseline)
		return;
	f->has_progress = true;
	f->progress = 100.0 * (is->value - ind->baseline) /
		      (ind->target - ind->baseline);
	f->on_course = f->progress - f->expected >=
		       a->set.green_min_variance;
}

/*
 * An agency that does not exist on the as-of day (a ministry of the 2025
 * mergers, in 2023) and answers for no task begun by plan is left out: a
 * report of zeros for it would only mislead.
 */
static void drop_unborn(const struct aggregator *a, struct summary *s)
{
	size_t i, k = 0;

	for (i = 0; i < s->nagencies; i++) {
		const struct rollup *r = &s->agencies[i];
		const struct agency *ag = roadmap_agency(a->rm, r->key);
		bool exists = ag && ag->valid_from <= s->as_of &&
			      s->as_of <= ag->valid_to;
		size_t begun = r->tasks - r->counts[RAG_NOT_STARTED];

		if (exists || begun)
			s->agencies[k++] = *r;
	}
	s->nagencies = k;
}

static void agency_rollups(struct aggregator *a, struct summary *s)
{
	const struct roadmap *rm = a->rm;
	int *slot = xcalloc(rm->nagencies + 1, sizeof(*slot));
	size_t i;

	for (i = 0; i < rm->nagencies; i++)
		slot[i] = -1;
	for (i = 0; i < s->ntasks; i++) {
		int ai = agency_index(rm, s->tasks[i].responsible);

		if (ai >= 0)
			slot[ai] = 0;
	}
	s->agencies = xcalloc(rm->nagencies + 1, sizeof(*s->agencies));
	for (i = 0; i < rm->nagencies; i++)
		if (slot[i] == 0) {
			slot[i] = (int)s->nagencies;
			s->agencies[s->nagencies++].key = rm->agencies[i].code;
		}
	for (i = 0; i < s->ntasks; i++) {
		int ai = agency_index(rm, s->tasks[i].responsible);

		if (ai >= 0)
			rollup_add(&s->agencies[slot[ai]], &s->tasks[i]);
	}
	for (i = 0; i < s->nagencies; i++)
		rollup_close(&s->agencies[i], &a->set);
	free(slot);
	drop_unborn(a, s);
}

static void own(struct summary *s, char *p)
{
	if (!p)
		return;
	s->owned = xreallocarray(s->owned, s->nowned + 1, sizeof(*s->owned));
	s->owned[s->nowned++] = p;
}

struct summary *agg_finish(struct aggregator *a)
{
	struct summary *s = xcalloc(1, sizeof(*s));
	struct trend_point *last;
	size_t i;

	if (a->month == INT32_MIN || a->month < a->period)
		agg_begin_month(a, a->period);
	close_month(a);
	a->month = a->period + 1;  /* nothing more comes in */

	s->period = a->period;
	s->as_of = a->as_of;
	s->settings = a->set;
	s->ntasks = a->rm->ntasks;
	s->tasks = xcalloc(s->ntasks + 1, sizeof(*s->tasks));
	s->npillars = a->npillars;
	s->pillars = xcalloc(a->npillars + 1, sizeof(*s->pillars));
	memcpy(s->pillars, a->pillars, a->npillars * sizeof(*s->pillars));
	s->pillar_rollups = xcalloc(a->npillars + 1, sizeof(*s->pillar_rollups));
	for (i = 0; i < a->npillars; i++)
		s->pillar_rollups[i].key = a->pillars[i];
	s->overall.key = "all";
	for (i = 0; i < s->ntasks; i++) {
		struct tstate *ts = &a->tasks[i];

		figure(a, i, a->period, a->as_of, true, &s->tasks[i]);
		rollup_add(&s->overall, &s->tasks[i]);
		rollup_add(&s->pillar_rollups[a->task_pillar[i]], &s->tasks[i]);
		/* the texts move to the summary */
		own(s, ts->difficulties);
		own(s, ts->proposals);
		own(s, ts->output_document);
		ts->difficulties = ts->proposals = ts->output_document = NULL;
	}
	rollup_close(&s->overall, &a->set);
	for (i = 0; i < s->npillars; i++)
		rollup_close(&s->pillar_rollups[i], &a->set);
	agency_rollups(a, s);

	last = &a->trend[a->ntrend - 1];
	last->period = a->period;
	last->as_of = a->as_of;
	last->overall = s->overall;
	last->pillars = xcalloc(s->npillars + 1, sizeof(*last->pillars));
	memcpy(last->pillars, s->pillar_rollups,
	       s->npillars * sizeof(*last->pillars));
	trend_agencies_open(a->rm, last);
	for (i = 0; i < s->ntasks; i++)
		trend_agencies_add(a->rm, last, &s->tasks[i]);
	trend_agencies_close(last, &a->set);
	s->trend = a->trend;
	s->ntrend = (size_t)a->ntrend;
	a->trend = NULL;

	s->compliance = a->comp;
	s->ncompliance = a->ncomp;
	a->comp = NULL;
	a->ncomp = a->capcomp = 0;

	s->nindicators = a->rm->nindicators;
	s->indicators = xcalloc(s->nindicators + 1, sizeof(*s->indicators));
	for (i = 0; i < s->nindicators; i++)
		figure_indicator(a, i, &s->indicators[i]);
	s->totals = a->totals;
	return s;
}

/* Agency code's roll-up in trend point tp, or NULL. */
static const struct rollup *trend_agency(const struct trend_point *tp,
					 const char *code)
{
	for (size_t i = 0; i < tp->nagencies; i++)
		if (strcmp(tp->agencies[i].key, code) == 0)
			return &tp->agencies[i];
	return NULL;
}

const struct rollup *summary_previous(const struct summary *s,
				      const char *code)
{
	const struct trend_point *tp;
	const struct rollup *r;

	if (s->ntrend < 2)
		return NULL;
	tp = &s->trend[s->ntrend - 2];
	if (tp->period != s->period - 1)
		return NULL;
	r = trend_agency(tp, code);
	return r && r->tasks ? r : NULL;
}

int summary_red_since(const struct summary *s, const char *code)
{
	int since = -1;

	for (size_t i = s->ntrend; i-- > 0;) {
		const struct rollup *r = trend_agency(&s->trend[i], code);

		if (!r || !r->counts[RAG_RED])
			break;
		since = s->trend[i].period;
	}
	return since;
}

void agg_free(struct aggregator *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->rm->ntasks; i++) {
		free(a->tasks[i].difficulties);
		free(a->tasks[i].proposals);
		free(a->tasks[i].output_document);
	}
	for (i = 0; i < a->nfiles; i++)
		free(a->files[i].name);
	if (a->trend)
		for (i = 0; i < (size_t)a->ntrend; i++) {
			free(a->trend[i].pillars);
			free(a->trend[i].agencies);
		}
	free(a->trend);
	free(a->comp);
	free(a->files);
	free(a->counts);
	free(a->tasks);
	free(a->inds);
	free(a->lead);
	free(a->succ);
	free(a->pillars);
	free(a->task_pillar);
	free(a);
}

void summary_free(struct summary *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	free(s->owned);
	for (i = 0; i < s->ntrend; i++) {
		free(s->trend[i].pillars);
		free(s->trend[i].agencies);
	}
	free(s->trend);
	free(s->tasks);
	free(s->agencies);
	free(s->pillars);
	free(s->pillar_rollups);
	free(s->compliance);
	free(s->indicators);
	free(s);
}
