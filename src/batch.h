/*
 * batch: a month's submissions as a run reads them.
 *
 * Walks input/submissions/YYYY-MM/ month after month up to a period.
 * In each month it reads the receipt log (received.csv), orders the files
 * by the time they were received (the log's line, else the file's
 * modification time), checks each one and hands its accepted rows to an
 * aggregator. Problems in the period's own files go to a sink; earlier
 * months are read for their figures only.
 */
#ifndef TIENDO_BATCH_H
#define TIENDO_BATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "aggregate.h"
#include "roadmap.h"
#include "schema.h"
#include "submission.h"
#include "validate.h"

/** One checked file of the period, for callers that list them. */
struct batch_file {
	const char *path;
	const char *name;             /* base name */
	int64_t received;             /* local seconds */
	bool logged;                  /* received comes from received.csv */
	const char *agency;           /* from its rows or its name; or NULL */
	struct submission_result res;
	/* its rejected rows in file order (none for a file rejected whole:
	   the file is) */
	const struct rejected_row *rejected;
	size_t nrejected;
	/* its accepted progress rows (none for a file rejected whole) */
	const struct progress_row *accepted;
	size_t naccepted;
};

struct batch_opts {
	const char *input;            /* the data folder */
	const struct roadmap *rm;
	const struct submission_schemas *ss;
	const struct schema *received; /* received.schema.json */
	int period;                   /* the last month read */
	const struct diag_sink *sink; /* problems of the period's files */
	bool allow_other_agency;      /* rows of another agency than the
					 file's: a warning, not an error */
	struct aggregator *agg;       /* fed every month; may be NULL */
	/* files received after this moment (local seconds) are left out,
	   as a meeting report as of a day must: 0 for none */
	int64_t received_by;
	/* each file of the period once checked (may be NULL) */
	void (*on_file)(void *ctx, const struct batch_file *f);
	/* every file of every month read, and each receipt log (may be
	   NULL) */
	void (*on_input)(void *ctx, const char *path, bool receipts);
	void *ctx;
};

struct batch_result {
	unsigned months;              /* month folders read */
	bool period_folder;           /* the period has a folder */
	unsigned long after;          /* files left out: received after
					 received_by */
	char unreadable[512];         /* a folder that could not be read */
};

/**
 * Read every month up to o->period. Returns 0, or -1 when a folder could
 * not be read (res->unreadable names it; what could be read was).
 */
int batch_run(const struct batch_opts *o, struct batch_result *res);

/**
 * The accepted percents of every month under input/submissions, for
 * checking a single file against the months before its own: rows are
 * accepted as a run accepts them (received, the agency's own or, with
 * allow_other_agency, any agency's). The caller
 * frees with history_free().
 */
struct history *batch_history(const char *input, const struct roadmap *rm,
			      const struct submission_schemas *ss,
			      const struct schema *received,
			      bool allow_other_agency);

/** What a run would know of one file before reading it. */
struct batch_receipt {
	bool known;                   /* received is known */
	bool logged;                  /* from received.csv, not the mtime */
	int64_t received;             /* local seconds */
	int32_t received_day;         /* its day */
	const char *agency;           /* the roadmap's code, or NULL */
	enum agency_source from;      /* where agency comes from */
};

/**
 * The received time and agency of the file at path as a run finds them:
 * its line in received.csv when it sits in a month folder (problems of
 * that log are not told here: validate it on its own), else its
 * modification time; the log's agency, else one in its name. Times are
 * civil times of the process's zone. Returns out->known.
 */
bool batch_receipt_of(const char *path, const struct roadmap *rm,
		      const struct schema *received, struct batch_receipt *out);

/** The lock file of a month folder, shared by intake and the runs. */
#define BATCH_MONTH_LOCK ".intake.lock"

/**
 * Take the lock of the month folder mdir: exclusive for intake while it
 * moves a file in and logs it, shared for a run while it reads the month,
 * so that a run sees each file whole with its line in received.csv, or
 * neither. With create, the lock file is made when missing (intake);
 * without, a folder that has none (no intake ever wrote there) is read
 * unlocked. Blocks until the lock is held. Returns the descriptor to
 * close() to let go, -2 when there is no lock file and create is false,
 * or -1 (errno set).
 */
int batch_month_lock(const char *mdir, bool exclusive, bool create);

/** The agency code that appears as a word of a file name, or NULL. */
const char *batch_agency_from_name(const struct roadmap *rm,
				   const char *name);

#endif
