/*
 * submission: checking one monthly submission, a progress report or an
 * indicator report, told apart by its header.
 *
 * On top of the schemas: the period matches the month folder, the agency
 * exists in that period, one agency a file (the one the caller knows it
 * from, else its first row's), the task is led or supported by the agency
 * (or by one it took over from), status and percent agree, the report is
 * not dated after the file was received, and a percent lower than the
 * agency's earlier report is a warning. Accepted rows are handed to the
 * caller as they are found. The month's receipt log is checked here too.
 */
#ifndef TIENDO_SUBMISSION_H
#define TIENDO_SUBMISSION_H

#include <stdbool.h>
#include <stdint.h>

#include "roadmap.h"
#include "validate.h"

enum status {
	ST_NOT_STARTED, ST_IN_PROGRESS, ST_COMPLETED, ST_DELAYED, ST_CANCELLED
};

/** The canonical code of a status ("in_progress"). */
const char *status_code(enum status s);

struct progress_row {
	int period;                 /* month number (date.h) */
	const char *agency, *task;
	enum status status;
	double percent;
	int32_t report_date;        /* day number */
	const char *output_document, *difficulties, *proposals; /* or NULL */
	const char *contact_name, *contact_email, *contact_phone;
	unsigned long line;
};

struct indicator_row {
	int period;
	const char *agency, *indicator;
	double value;
	const char *source_document, *note; /* or NULL */
	unsigned long line;
};

enum submission_kind { SUB_UNKNOWN, SUB_PROGRESS, SUB_INDICATOR };

/**
 * A row rejected (an error reported on it), as its agency's report tells
 * it: the task or indicator it was about and the figure it would have
 * set. The lines are those of the record, so that the problems reported
 * on it can be found (diag line between line and end_line).
 */
struct rejected_row {
	enum submission_kind kind;
	unsigned long line, end_line;
	const char *key;            /* task_id or indicator_id as written, or
				       NULL when empty or missing */
	bool has_figure;            /* the percent (progress) or value
				       (indicator) read as a number */
	double figure;
	const char *figure_text;    /* that cell as written, or NULL */
};

struct submission_schemas {
	struct schema *progress, *indicator;
};

/**
 * Load progress.schema.json and indicator.schema.json from templates_dir.
 * Returns 0, or -1 with *err (caller frees) naming the broken schema.
 */
int submission_schemas_load(struct submission_schemas *ss,
			    const char *templates_dir, enum lang lang,
			    char **err);
void submission_schemas_release(struct submission_schemas *ss);

/** Each agency's newest accepted percent per task, from earlier months. */
struct history;
struct history *history_new(void);
/**
 * A history that keeps only the newest point of each key, for months fed
 * in order: memory grows with the keys, not with the months.
 */
struct history *history_new_newest(void);
/** Remember percent for (agency, task) in period, if newer than held. */
void history_record(struct history *h, const char *agency, const char *task,
		    int period, double percent);
/** The newest held value from a period before `before`; false if none. */
bool history_lookup(const struct history *h, const char *agency,
		    const char *task, int before, int *period, double *percent);
void history_free(struct history *h);

/** Where a file's agency is known from, before its rows are read. */
enum agency_source {
	AGENCY_FROM_ROWS,             /* not known before: its first row's */
	AGENCY_FROM_LOG,              /* received.csv's agency column */
	AGENCY_FROM_NAME,             /* a word of the file's name */
	AGENCY_FROM_TOKEN             /* the intake token that sent it */
};

struct submission_opts {
	const struct roadmap *rm;
	int folder_period;            /* -1 when not in a month folder */
	const struct history *history; /* may be NULL */
	/* accepted rows; pointers valid during the call only. If the file
	   then turns out unreadable, drop what it gave (stats.unreadable). */
	void (*on_progress)(void *ctx, const struct progress_row *row);
	void (*on_indicator)(void *ctx, const struct indicator_row *row);
	void *ctx;
	/* The file's agency when known before reading (agency_from not
	   AGENCY_FROM_ROWS), else NULL. A row that names another agency is
	   an error (agency-mismatch), a warning when allow_other_agency. */
	const char *agency;
	enum agency_source agency_from;
	bool allow_other_agency;      /* allow_other_agency_rows */
	/* The day the file was received (civil, the template's zone), when
	   has_received: a report_date after it is an error. */
	bool has_received;
	int32_t received_day;
	/* each rejected row, in file order (may be NULL); pointers valid
	   during the call only. Called for a file rejected whole too, for
	   the rows read before: drop them then (stats.unreadable). */
	void (*on_rejected)(void *ctx, const struct rejected_row *row);
};

struct submission_result {
	enum submission_kind kind;
	char agency[16];              /* the file's agency, "" when unknown */
	struct table_stats stats;
};

/**
 * Check the submission at path. Returns as validate_file(): 0 read,
 * -1 cannot be opened, 1 rejected whole.
 */
int submission_check(const char *path, const struct submission_schemas *ss,
		     const struct submission_opts *o,
		     const struct diag_sink *sink, struct submission_result *res);

/**
 * Check n bytes at data as submission_check() checks a file, the file
 * being named name in the problems (intake: a file not stored yet, or
 * stored under that name). Returns as validate_mem().
 */
int submission_check_mem(const void *data, size_t n, const char *name,
			 const struct submission_schemas *ss,
			 const struct submission_opts *o,
			 const struct diag_sink *sink,
			 struct submission_result *res);

/** A line of a month's receipt log (received.csv). */
struct receipt_row {
	const char *file;
	int64_t at;                   /* received_at, local seconds (date.h) */
	const char *agency;           /* its agency column, or NULL */
	unsigned long line;
};

/**
 * Check a receipt log against its schema (templates/received.schema.json:
 * file, received_at, optional agency and sha256) and received_at a real
 * time (datetime_parse(): no 2024-02-30 nor 25:00), with the agencies of
 * rm (may be NULL: not looked up). validate and run both check it here.
 * Each good line goes to on_row (may be NULL; pointers valid during the
 * call). Returns as validate_file().
 */
int submission_check_receipts(const char *path, const struct schema *s,
			      const struct roadmap *rm,
			      const struct diag_sink *sink,
			      void (*on_row)(void *ctx,
					     const struct receipt_row *r),
			      void *ctx, struct table_stats *stats);

/** The month of the folder holding path ("…/2023-10/x.csv"), or -1. */
int submission_folder_period(const char *path);

#endif
