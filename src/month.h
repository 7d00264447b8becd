/*
 * month: the monthly run, everything for one month in one folder.
 *
 * Checks every submission of the month (and reads the months before it
 * for their figures), aggregates, and writes into OUTPUT/YYYY-MM/ the
 * summary PDF, one report per agency, the urging letters, the figures
 * as JSON, every problem found (validation-YYYY-MM.csv) and a manifest
 * of inputs and outputs with their SHA-256.
 *
 * The month's folder is built beside the old one under a temporary name
 * and swapped in whole (renameat2 RENAME_EXCHANGE): a run that fails or
 * is killed leaves the last complete run's files as they were.
 *
 * English runs name their files with "-en" before the extension
 * (summary-YYYY-MM-en.pdf, manifest-YYYY-MM-en.json, ...). A run keeps
 * the other language's files of the live folder: they are linked into
 * the staging folder before the swap, so each language replaces only
 * its own.
 */
#ifndef TIENDO_MONTH_H
#define TIENDO_MONTH_H

#include <stdbool.h>
#include <stdint.h>

#include "aggregate.h"
#include "roadmap.h"
#include "schema.h"
#include "submission.h"
#include "template.h"
#include "validate.h"

struct month_opts {
	const char *input;            /* the data folder */
	const char *output;           /* the folder holding YYYY-MM/ */
	const char *template_path;    /* for the manifest */
	const char *templates;        /* the schemas' folder, for the manifest */
	const struct roadmap *rm;
	const struct submission_schemas *ss;
	const struct schema *received;
	const struct report_template *tpl;
	enum lang lang;
	int period;
	int32_t as_of;
	bool has_date;                /* SOURCE_DATE_EPOCH, else the clock */
	int64_t date;
	/* submissions are judged at this moment (local seconds): pending
	   before the deadline; INT64_MAX for after every deadline */
	int64_t moment;
	int64_t received_by;          /* later files left out; 0: none */
	bool summary_only;            /* `report`: the summary PDF alone */
	/* problems of the period's files (all of them, messages formatted) */
	const struct diag_sink *sink;
};

enum month_fail {
	MONTH_OK,
	MONTH_NOINPUT,                /* a folder of submissions unreadable */
	MONTH_CANTCREAT,              /* an output could not be written */
	MONTH_NOSPACE,                /* the disk is full (space_* below) */
	MONTH_RENDER                  /* a document could not be made */
};

struct month_result {
	enum month_fail fail;
	char *what;                   /* the path or reason, when failed */
	int err;                      /* errno, when it applies */
	bool period_folder;           /* the period has a folder */
	struct file_totals totals;    /* the period's files */
	unsigned long errors, warnings;  /* problems reported to the sink */
	unsigned agency_reports, letters;
	unsigned long after;          /* files received after received_by */
	char *folder;                 /* OUTPUT/YYYY-MM, or the PDF (report) */
	/* MONTH_NOSPACE: what the month needs at least (what was written
	   before the disk filled, or what the last run took, the larger),
	   and what is free now, in bytes */
	uint64_t space_written, space_needed, space_free;
};

/**
 * Run the month. Returns 0 when every output was written (data errors
 * included: see res->errors), -1 otherwise with res->fail saying why.
 * Free what res holds with month_result_release().
 */
int month_run(const struct month_opts *o, struct month_result *res);

void month_result_release(struct month_result *res);

#endif
