/*
 * aggregate: progress against the roadmap, month by month.
 *
 * The aggregation stage. It is fed the accepted rows of every month up to
 * the period asked for, month after month and within a month file after
 * file in the order they were received, and keeps for each task only what
 * the figures need (its newest report and its last few points), so memory
 * grows with the roadmap, never with the number of months. At the end of
 * each month of the trend window it takes that month's figures as the
 * data stood then; agg_finish() computes the period's.
 *
 * It knows the roadmap and validated rows; nothing of CSV or PDF.
 */
#ifndef TIENDO_AGGREGATE_H
#define TIENDO_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "roadmap.h"
#include "submission.h"
#include "validate.h"

/** What the report template says about measuring (defaults in agg_defaults). */
struct agg_settings {
	double green_min_variance;    /* green when variance >= this (-5) */
	double amber_min_variance;    /* amber when >= this (-15), else red */
	/* the schedule index counts once planned >= index_min_planned (10
	   percent): red below index_red_below (0.6), amber below
	   index_amber_below (0.8); the worse of it and the points wins */
	double index_min_planned;
	double index_red_below, index_amber_below;
	int deadline_day;             /* on time up to this day of next month */
	int trend_months;             /* months in the trend, the period last */
	int forecast_points;          /* reports the velocity is taken over */
};

/** The defaults of SPEC: -5, -15 points; 10 %, 0.6, 0.8 of plan; the 5th,
    12 months, 3 points. */
extern const struct agg_settings agg_defaults;

/*
 * A rating. not_started: the plan has not begun (planned 0 % on the as-of
 * day) and nothing was reported, which is nobody's failure; grey: begun
 * by plan and never reported.
 */
enum rag { RAG_COMPLETED, RAG_GREEN, RAG_AMBER, RAG_RED, RAG_GREY,
	   RAG_NOT_STARTED, RAG_CANCELLED, RAG_COUNT };

/** "completed", "green", ... "not_started", "cancelled". */
const char *rag_code(enum rag r);

/** A figure of a task, as of the as-of date. */
struct task_figures {
	const struct task *task;
	const char *responsible;      /* lead, or its successor on as-of */
	double planned;               /* percent */
	bool reported;                /* an accepted report exists */
	double actual;                /* percent; 0 when not reported */
	double variance;              /* actual - planned, when reported */
	enum status status;           /* of the newest report */
	int actual_period;            /* month of the newest report, or -1 */
	int32_t report_date;          /* its report_date */
	enum rag rag;
	bool stale;                   /* newest report older than the period */
	bool overdue;                 /* past due and not completed */
	bool has_forecast;
	int32_t forecast_finish;      /* day number, when has_forecast */
	int misses_due;               /* 1, 0, or -1 when unknown */
	/* of the newest report; NULL when empty. Owned by the summary. */
	const char *difficulties, *proposals, *output_document;
	const char *reported_by;      /* agency code of the newest report */
};

/** Figures of a group of tasks (an agency, a pillar, all). */
struct rollup {
	const char *key;              /* agency code, pillar, or "all" */
	size_t tasks;                 /* in the roll-up (cancelled left out) */
	size_t cancelled;             /* listed, not rolled up */
	double weight;                /* sum of weights */
	double planned, actual;       /* weighted percents; 0 when no task */
	bool has_index;               /* schedule index defined (planned > 0) */
	double schedule_index;        /* sum w*actual / sum w*planned */
	size_t counts[RAG_COUNT];     /* tasks per rating */
	size_t overdue, reported, stale;
	enum rag rag;                 /* the group's own rating (rag_rollup) */
};

/**
 * The rating of a group from its weighted figures, by the task's rule:
 * cancelled or grey when it holds no task, completed when all are,
 * not_started when none has begun by plan, grey when none begun was
 * reported, else the worse of points and schedule index.
 */
enum rag rag_rollup(const struct rollup *r, const struct agg_settings *s);

/**
 * The worse of the points rule (variance) and, once planned reaches
 * s->index_min_planned, the schedule-index rule: green, amber or red.
 */
enum rag rag_by_figures(double planned, double actual,
			const struct agg_settings *s);

/**
 * How bad a rating is, worst first: red 0, grey 1, amber 2, green 3,
 * completed 4, not_started 5, cancelled 6. Lists that put those who must
 * act on top sort by it.
 */
int rag_severity(enum rag r);

/**
 * Order of two roll-ups, worst first: by rag_severity(), then the lower
 * schedule index (a roll-up without one after those with one), then the
 * larger shortfall in points, then the key (strcmp), so that the order is
 * total and the same on every run. Returns <0, 0 or >0 as strcmp does.
 */
int rollup_cmp_worst(const struct rollup *a, const struct rollup *b);

/*
 * A month's submission of an agency. rejected: every file it sent was
 * unreadable or had no row accepted; pending: nothing yet, and the
 * deadline had not passed at the moment the figures are judged.
 */
enum comp_status { COMP_ON_TIME, COMP_LATE, COMP_REJECTED, COMP_MISSING,
		   COMP_NOT_DUE, COMP_PENDING, COMP_COUNT };

/** "on_time", "late", "rejected", "missing", "not_due", "pending". */
const char *comp_code(enum comp_status c);

/** One agency's submission for one month. */
struct compliance {
	const char *agency;
	int period;
	enum comp_status status;
	bool expected;                /* had open tasks that month */
	unsigned files, unreadable;   /* progress files; of them rejected whole */
	unsigned empty;               /* read, but no row of them accepted */
	bool has_received;
	int64_t received;             /* first readable file (local seconds) */
	unsigned long rows, accepted, rejected, errors, warnings;
};

/** The figures of one month of the trend, as the data stood then. */
struct trend_point {
	int period;
	int32_t as_of;
	struct rollup overall;
	struct rollup *pillars;       /* npillars, in summary order */
	struct rollup *agencies;      /* one per agency of agencies.csv, in
				       * its order; tasks 0 when it led none */
	size_t nagencies;
};

struct indicator_figures {
	const struct indicator *indicator;
	bool reported;
	double value;                 /* latest accepted value */
	int period;                   /* its month, or -1 */
	bool stale;
	bool has_progress;            /* baseline != target and reported */
	double progress;              /* percent of the way, may pass 0..100 */
	double expected;              /* percent of the time gone, 0..100 */
	int on_course;                /* 1, 0, or -1 when unknown */
};

/** The files of the period, counted. */
struct file_totals {
	unsigned long files, unreadable, rows, accepted, rejected, errors,
		      warnings;
};

/** Everything aggregated for a period; free with summary_free(). */
struct summary {
	int period;
	int32_t as_of;
	struct agg_settings settings;
	struct task_figures *tasks;   /* roadmap order */
	size_t ntasks;
	struct rollup *agencies;      /* answering agencies, agencies.csv order */
	size_t nagencies;
	const char **pillars;         /* POL ECO DEF CUL SCI INS LOC order */
	struct rollup *pillar_rollups;
	size_t npillars;
	struct rollup overall;
	struct compliance *compliance; /* trend months, then agency code */
	size_t ncompliance;
	struct trend_point *trend;    /* oldest first, the period last */
	size_t ntrend;
	struct indicator_figures *indicators;
	size_t nindicators;
	struct file_totals totals;    /* the period's own files */
	/* private */
	char **owned;
	size_t nowned;
};

/**
 * Agency code's roll-up of the month before the period, as the figures
 * stood then (a point of the trend, rated by the same rule), or NULL when
 * the trend does not reach that month or the agency led no task in it.
 * Points into s.
 */
const struct rollup *summary_previous(const struct summary *s,
				      const char *code);

/**
 * The first month (month number) of the unbroken run of months, ending at
 * the period, in which agency code led a red task (as the trend kept each
 * month); -1 when it leads none in the period. The run is cut at the
 * trend's first month.
 */
int summary_red_since(const struct summary *s, const char *code);

/** A submission file as the aggregator sees it. */
struct agg_file {
	const char *name;             /* for messages */
	enum submission_kind kind;
	const char *agency;           /* its agency, or NULL when unknown */
	int64_t received;             /* local seconds (date.h datetime) */
	struct table_stats stats;
};

struct aggregator;

/**
 * An aggregator for period (month number) as of day as_of. Warnings about
 * reports that overrule others go to sink (may be NULL). Free with
 * agg_free() (agg_finish() does not free it).
 */
struct aggregator *agg_new(const struct roadmap *rm,
			   const struct agg_settings *s, int period,
			   int32_t as_of, const struct diag_sink *sink);

/**
 * The moment (local seconds, date.h datetime) at which submissions are
 * judged: an agency with nothing in whose deadline is later is pending,
 * not missing. By default INT64_MAX: every deadline has passed.
 */
void agg_set_moment(struct aggregator *a, int64_t moment);

/**
 * Start month m, closing the month before. Months come in order; a month
 * skipped is a month without files, and so are the trend months before
 * the first one begun. A month after the period, or not after the
 * current one, is ignored.
 */
void agg_begin_month(struct aggregator *a, int m);

/**
 * Fold in one file of the current month with its accepted rows (rows of
 * a file rejected whole must not be passed). Files must come in the order
 * they were received; a later file overrules an earlier one for a task
 * both report.
 */
void agg_add_file(struct aggregator *a, const struct agg_file *f,
		  const struct progress_row *rows, size_t nrows,
		  const struct indicator_row *irows, size_t nirows);

/**
 * The figures of the period (months not yet begun up to the period are
 * taken as months without files). Returns a summary the caller frees with
 * summary_free(); the aggregator stays usable only for agg_free().
 */
struct summary *agg_finish(struct aggregator *a);

/** Free an aggregator; accepts NULL. A summary taken from it stays valid. */
void agg_free(struct aggregator *a);

/**
 * Free a summary; accepts NULL. Its texts are its own; task, indicator and
 * agency names point into the roadmap, which must outlive it.
 */
void summary_free(struct summary *s);

/**
 * Planned percent of task t on day d: piecewise linear in days through
 * (start, 0), the milestones, (due, 100); 0 before start, 100 from due.
 */
double planned_percent(const struct task *t, int32_t d);

#endif
