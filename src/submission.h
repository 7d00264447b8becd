/*
 * submission: checking one monthly submission, a progress report or an
 * indicator report, told apart by its header.
 *
 * On top of the schemas: the period matches the month folder, the agency
 * exists in that period, one agency a file, the task is led or supported
 * by the agency (or by one it took over from), status and percent agree,
 * and a percent lower than the agency's earlier report is a warning.
 * Accepted rows are handed to the caller as they are found.
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

struct submission_opts {
	const struct roadmap *rm;
	int folder_period;            /* -1 when not in a month folder */
	const struct history *history; /* may be NULL */
	/* accepted rows; pointers valid during the call only. If the file
	   then turns out unreadable, drop what it gave (stats.unreadable). */
	void (*on_progress)(void *ctx, const struct progress_row *row);
	void (*on_indicator)(void *ctx, const struct indicator_row *row);
	void *ctx;
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

/** The month of the folder holding path ("…/2023-10/x.csv"), or -1. */
int submission_folder_period(const char *path);

#endif
