/*
 * intake: a monthly submission handed in by an agency, checked and stored
 * as the intake service (`tiendo serve`) takes it. No HTTP here: the
 * server hands in the bytes and the agency known from the token, and gets
 * back the document `validate --format json` prints, or a receipt.
 *
 * A file is checked as `validate` checks a file of its month folder
 * (submission_check_mem(): the same code), its agency being the token's:
 * rows naming another agency are errors. A file is stored whole or not at
 * all: written under a hidden temporary name (.intake-XXXXXX) in
 * input/submissions/YYYY-MM/, fsync'd, renamed to a name of tiendo's own,
 * CODE-YYYY-MM-YYYYMMDDTHHMMSS.csv (the receipt time in the template's
 * zone; -2, -3... when taken), the folder fsync'd, then one line appended
 * to the month's received.csv with a single write(). The rename and the
 * line happen under the month's exclusive lock (batch_month_lock()), which
 * a run takes shared while it reads the month. intake_sweep() removes what
 * a process killed half way left: temporaries, and stored names without
 * their line.
 */
#ifndef TIENDO_INTAKE_H
#define TIENDO_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "msg.h"
#include "roadmap.h"
#include "schema.h"
#include "submission.h"

struct intake_cache;

/** What intake checks with; read only, shared by every request. */
struct intake {
	const char *input;            /* the data folder */
	const struct roadmap *rm;
	const struct submission_schemas *ss;
	const struct schema *received; /* received.schema.json */
	bool allow_other_agency;      /* the template's rule */
	unsigned long max_problems;   /* listed at most (0: all) */
	/* the earlier months' percents, read again only when a file under
	   submissions/ changed (intake_cache_new(); may be NULL: read for
	   every check) */
	struct intake_cache *cache;
};

/** A cache of the history for in's checks; free with intake_cache_free(). */
struct intake_cache *intake_cache_new(void);
void intake_cache_free(struct intake_cache *c);

/** Where a stored file went. */
struct intake_stored {
	char file[64];                /* its name in the month folder */
	char path[4096];              /* input/submissions/YYYY-MM/file */
	char received_at[20];         /* "YYYY-MM-DD HH:MM:SS", local */
	char sha256[65];
};

/**
 * Check n bytes at data as `validate` checks a file named name in the
 * folder of period (-1: no month folder, the period is not compared) sent
 * by agency (may be NULL: known from its rows), received at now (seconds
 * since 1970; its day in the process's zone: a report dated later is an
 * error). The document `validate --format json` prints goes to out in
 * lang; res gets the file's figures. Returns as validate_mem().
 */
int intake_check(const struct intake *in, const void *data, size_t n,
		 const char *name, const char *agency, int period,
		 int64_t now, enum lang lang, FILE *out,
		 struct submission_result *res);

/**
 * Store n bytes at data as agency's file of period, received at now (see
 * above). Returns 0 and fills *st, or -1 and *err (caller frees): then
 * nothing was stored (no file, no line).
 */
int intake_store(const char *input, const void *data, size_t n,
		 const char *agency, int period, int64_t now,
		 struct intake_stored *st, char **err);

/**
 * Store the file (intake_store()) then check it under its stored name and
 * write the receipt (EMIT_RECEIPT, in lang) to out. Returns 0, or -1 and
 * *err when it could not be stored (nothing written to out).
 */
int intake_submit(const struct intake *in, const void *data, size_t n,
		  const char *agency, int period, int64_t now, enum lang lang,
		  FILE *out, struct intake_stored *st,
		  struct submission_result *res, char **err);

/**
 * The name intake gives agency's file of period received at local time
 * t (seconds, date.h), the n-th of that second (n >= 1: "-N" from 2 on),
 * into buf. Returns buf.
 */
char *intake_name(char buf[64], const char *agency, int period, int64_t t,
		  unsigned n);

/** Is name one intake gives (CODE-YYYY-MM-YYYYMMDDTHHMMSS[-N].csv)? */
bool intake_is_name(const char *name);

/**
 * Clean every month folder under input/submissions of what a process
 * killed half way left, under each month's lock: .intake-* temporaries,
 * and files of intake's names that have no line in received.csv (stored
 * but never logged nor acknowledged). each (may be NULL) is told the path
 * of every file removed; *removed (may be NULL) counts them. Returns 0, or
 * -1 and *err (caller frees) when a folder could not be cleaned.
 */
int intake_sweep(const char *input, void (*each)(void *ctx, const char *path),
		 void *ctx, unsigned *removed, char **err);

/** A file's line in received.csv; "" for a column the log lacks. */
struct intake_line {
	char agency[16];
	char received_at[20];
	char sha256[65];
};

/** Is name listed in the received.csv of mdir? Its line to *l (or NULL). */
bool intake_logged(const char *mdir, const char *name, struct intake_line *l);

/**
 * Check the stored file name of period as `validate` checks it in its
 * month folder (its agency and received time from received.csv), the
 * document to out, named by its plain name. Returns as validate_mem(), or
 * -1 when it cannot be read.
 */
int intake_check_stored(const struct intake *in, int period,
			const char *name, enum lang lang, FILE *out,
			struct submission_result *res);

#endif
