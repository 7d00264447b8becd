/*
 * validate: checking a CSV file against a Table Schema.
 *
 * The generic engine of the validate stage: it maps the header to the
 * schema's fields, types every cell, checks the constraints, unique and
 * primary keys, and foreign keys through a lookup the caller provides.
 * Domain rules (submission.c, roadmap.c) run on top through a row hook.
 * Every problem goes to a diag_sink with file, physical line and column.
 */
#ifndef TIENDO_VALIDATE_H
#define TIENDO_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csv_reader.h"
#include "msg.h"
#include "schema.h"

enum severity { SEV_ERROR, SEV_WARNING };

/** One problem found, as every output format shows it. */
struct diag {
	enum severity severity;
	const char *code;        /* "type-error", "constraint-error", ... */
	const char *constraint;  /* for constraint-error: "maximum", ... */
	const char *file;
	unsigned long line, col; /* 1-based; 0 when about the whole file */
	const char *field;       /* field name, or NULL */
	const char *value;       /* the cell as read (shortened), or NULL */
	const char *message;     /* in the sink's language */
	bool decisive;           /* why the file is rejected whole: shown
				    however many problems came before */
};

/**
 * Where problems go. emit() must copy what it keeps. full() (may be NULL)
 * tells that no more problems will be shown: they are then still emitted,
 * to be counted, but with message and value NULL, but for decisive ones.
 */
struct diag_sink {
	void (*emit)(void *ctx, const struct diag *d);
	void *ctx;
	enum lang lang;
	bool (*full)(void *ctx);
};

/** Build a diag whose message is msg(sink->lang, id) and emit it. */
void diag_report(const struct diag_sink *sink, enum severity sev,
		 const char *code, const char *constraint, const char *file,
		 unsigned long line, unsigned long col, const char *field,
		 const char *value, enum msg_id id, ...);

/**
 * Read s as a number of a field whose decimal separators are
 * decimal_chars ("45", "-3.5", "45,5" with ",", "1e5"): digits, at most
 * one separator, a sign, an exponent; the value as strtod() gives it.
 * False otherwise (NaN and INF too). cell_number() with no group.
 */
bool validate_number(const char *s, const char *decimal_chars, double *out);

/** Shorten v for display to at most max characters, with an ellipsis. */
char *diag_shorten(const char *v, size_t max);

/** A typed cell of the current row. */
struct cell {                    /* 32 bytes: a precheck writes millions */
	const char *text;        /* trimmed; the canonical value for enums */
	union field_value v;     /* by the field's type (schema.h) */
	uint32_t len;            /* bytes in text (at most CSV_FIELD_CAP) */
	uint32_t line, col;
	bool present;            /* the file has this column */
	bool null;               /* empty, or one of missingValues */
	bool valid;              /* typed and within constraints (or null) */
};

/**
 * Foreign key lookups: true when values (one per referenced field)
 * exist in the resource. what/where describe the resource in messages
 * ("danh mục cơ quan", "input/agencies.csv"). When ids is set, *id gets
 * the number of the row found (1 and up): equal values, equal numbers.
 * lookup() may be called from several threads at once.
 */
struct fk_resolver {
	bool (*lookup)(void *ctx, const struct foreign_key *fk,
		       const char *const *values, enum lang lang,
		       const char **what, const char **where, uint32_t *id);
	void *ctx;
	bool ids;
};

struct table_stats {
	unsigned long rows;      /* data rows read, blank rows not counted */
	unsigned long accepted;
	unsigned long rejected;
	unsigned long errors, warnings;
	bool unreadable;         /* the file was rejected whole */
	bool missing;            /* the file could not be opened */
};

struct table;

/**
 * Hooks of a caller that checks more than the schema says. row() runs on
 * every non-blank row after the schema checks (cells carry valid flags),
 * reports through table_report() and returns nothing: a row with an error
 * reported is rejected.
 *
 * A caller may also split row() in two, so that rows are checked in the
 * reader's threads as they are parsed: row_local() holds the checks that
 * depend on the row alone and read nothing that changes (it may run in
 * any thread, out of order, and quietly: its table_report() calls then
 * only note that the row has something to say); row_ordered() holds the
 * rest. A row that the schema checks and row_local() find nothing to say
 * about gets row_ordered() only; any other row gets row(). For such a
 * row, row_local() then row_ordered() must do what row() does.
 */
struct validate_hooks {
	void (*row)(void *ctx, struct table *t, const struct cell *cells,
		    const struct csv_record *rec);
	/* after the header was mapped, before the rows; may reject the file
	   by returning false */
	bool (*header)(void *ctx, struct table *t);
	void *ctx;
	void (*row_local)(void *ctx, struct table *t, const struct cell *cells,
			  const struct csv_record *rec);
	void (*row_ordered)(void *ctx, struct table *t,
			    const struct cell *cells,
			    const struct csv_record *rec);
};

/**
 * Validate the file at path against whichever of schemas its header fits
 * (a schema fits when its primary key columns are all in the header; with
 * one schema, that one). Problems go to sink; *stats is filled; *chosen
 * (may be NULL) gets the schema used or NULL. Returns 0 when the file was
 * read, -1 when it could not be opened (stats->missing) and 1 when it was
 * rejected whole (stats->unreadable).
 */
int validate_file(const char *path, const struct schema *const *schemas,
		  size_t nschemas, const struct diag_sink *sink,
		  const struct fk_resolver *fk, const struct validate_hooks *hooks,
		  struct table_stats *stats, const struct schema **chosen);

/** Same, reading n bytes at data (for tests and fuzzing). */
int validate_mem(const void *data, size_t n, const char *name,
		 const struct schema *const *schemas, size_t nschemas,
		 const struct diag_sink *sink, const struct fk_resolver *fk,
		 const struct validate_hooks *hooks, struct table_stats *stats,
		 const struct schema **chosen);

/**
 * For tests: check every row in the caller's thread (prechecks false),
 * or read in pieces of chunk bytes and jobs of job_bytes, with threads
 * whatever the file's size (async): each way gives the same problems,
 * stats and rows. All zero: as by default.
 */
struct validate_knobs {
	bool no_prechecks, async;
	size_t chunk, job_bytes, solo_bytes;
};
void validate_set_knobs(const struct validate_knobs *k);

/** The schema and file of a table, for hooks. */
const struct schema *table_schema(const struct table *t);
const char *table_file(const struct table *t);
enum lang table_lang(const struct table *t);

/**
 * Report a problem with cell field of the current row (field = (size_t)-1:
 * the row as a whole). An error rejects the row.
 */
void table_report(struct table *t, size_t field, enum severity sev,
		  const char *code, const char *constraint, enum msg_id id, ...);

/** True when an error was reported on the current row so far. */
bool table_row_has_error(const struct table *t);

/** True when no error was reported on the current row and every cell of
    it is valid. */
bool table_row_all_valid(const struct table *t);

/** Report a problem about the whole file at line 1 (header hooks). */
void table_report_file(struct table *t, enum severity sev, const char *code,
		       enum msg_id id, ...);

#endif
