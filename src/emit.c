/*
 * emit: the three output formats of `tiendo validate`.
 *
 * JSON is streamed: each file's problems are written as they are found,
 * then its figures, so memory does not grow with the number of problems.
 */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "msg.h"
#include "strbuf.h"
#include "xalloc.h"

struct emitter {
	FILE *out;
	enum emit_format fmt;
	enum lang lang;
	unsigned long max, shown, hidden;
	bool any_section;       /* JSON: a section was written */
	bool first_problem;     /* JSON: no problem yet in this section */
	bool in_files;          /* JSON: the "files" array is open */
	unsigned long files, rows, accepted, rejected, errors, warnings;
	unsigned long unreadable, missing;
};

/* The English plural ending of a count. */
#define S(n) ((n) == 1 ? "" : "s")

struct emitter *emit_open(FILE *out, enum emit_format fmt, enum lang lang,
			  unsigned long max_problems)
{
	struct emitter *e = xcalloc(1, sizeof(*e));

	e->out = out;
	e->fmt = fmt;
	e->lang = lang;
	e->max = max_problems;
	if (fmt == EMIT_JSON)
		fprintf(out, "{\"tool\": \"tiendo\", \"version\": \"%s\"",
			TIENDO_VERSION);
	else if (fmt == EMIT_CSV) /* with a BOM, for Excel */
		fputs("\xEF\xBB\xBF" "file,line,column,severity,code,constraint,"
		      "field,value,message\r\n", out);
	return e;
}

/* One cell of a row: a text cell that Excel would run gets a leading
 * apostrophe (escape_csv_cell()); counts are plain numbers. */
static void csv_cell(FILE *out, const char *s, bool last)
{
	struct strbuf sb = STRBUF_INIT;

	escape_csv_cell(&sb, s);
	fputs(sb.buf, out);
	fputs(last ? "\r\n" : ",", out);
	strbuf_release(&sb);
}

/* Write s to a terminal or text file with its control characters and
 * bytes that are not UTF-8 shown escaped (escape_text()). */
static void put_text(FILE *out, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	escape_text(&sb, s);
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

static void on_diag(void *ctx, const struct diag *d)
{
	struct emitter *e = ctx;
	const char *sev = d->severity == SEV_ERROR ? "error" : "warning";
	char num[32], *file;

	/* why a file is rejected whole is always said */
	if (e->max && e->shown >= e->max && !d->decisive) {
		e->hidden++;
		return;
	}
	e->shown++;
	file = escape_name_dup(d->file);  /* the same text in every format */
	switch (e->fmt) {
	case EMIT_TEXT:
		if (d->line)
			fprintf(e->out, "%s:%lu:%lu: %s: [%s] ",
				file ? file : "", d->line, d->col, sev,
				d->code);
		else
			fprintf(e->out, "%s: %s: [%s] ", file ? file : "", sev,
				d->code);
		if (d->field) {
			put_text(e->out, d->field);
			fputs(": ", e->out);
		}
		put_text(e->out, d->message);
		fputc('\n', e->out);
		break;
	case EMIT_JSON:
	case EMIT_RECEIPT:
		fputs(e->first_problem ? "\n    " : ",\n    ", e->out);
		e->first_problem = false;
		fputs("{\"file\": ", e->out);
		escape_json_string(e->out, file);
		if (d->line)
			fprintf(e->out, ", \"line\": %lu, \"column\": %lu",
				d->line, d->col);
		else
			fputs(", \"line\": null, \"column\": null", e->out);
		fprintf(e->out, ", \"severity\": \"%s\", \"code\": ", sev);
		escape_json_string(e->out, d->code);
		fputs(", \"constraint\": ", e->out);
		escape_json_string(e->out, d->constraint);
		fputs(", \"field\": ", e->out);
		escape_json_string(e->out, d->field);
		fputs(", \"value\": ", e->out);
		escape_json_string(e->out, d->value);
		fputs(", \"message\": ", e->out);
		escape_json_string(e->out, d->message);
		fputc('}', e->out);
		break;
	case EMIT_CSV:
		csv_cell(e->out, file, false);
		snprintf(num, sizeof(num), "%lu", d->line);
		csv_cell(e->out, d->line ? num : "", false);
		snprintf(num, sizeof(num), "%lu", d->col);
		csv_cell(e->out, d->line ? num : "", false);
		csv_cell(e->out, sev, false);
		csv_cell(e->out, d->code, false);
		csv_cell(e->out, d->constraint, false);
		csv_cell(e->out, d->field, false);
		csv_cell(e->out, d->value, false);
		csv_cell(e->out, d->message, true);
		break;
	}
	free(file);
}

static bool is_full(void *ctx)
{
	struct emitter *e = ctx;

	return e->max && e->shown >= e->max;
}

struct diag_sink emit_sink(struct emitter *e)
{
	struct diag_sink s = { on_diag, e, e->lang, is_full };

	return s;
}

void emit_begin_roadmap(struct emitter *e)
{
	if (e->fmt != EMIT_JSON)
		return;
	fputs(",\n  \"roadmap\": {\"problems\": [", e->out);
	e->first_problem = true;
}

void emit_end_roadmap(struct emitter *e, bool broken)
{
	if (e->fmt != EMIT_JSON)
		return;
	fprintf(e->out, "%s], \"broken\": %s}", e->first_problem ? "" : "\n  ",
		broken ? "true" : "false");
}

void emit_begin_file(struct emitter *e, const char *file)
{
	char *name;

	if (e->fmt != EMIT_JSON)
		return;
	fputs(e->in_files ? ",\n  {\"file\": " : ",\n  \"files\": [\n  {\"file\": ",
	      e->out);
	e->in_files = true;
	name = escape_name_dup(file);
	escape_json_string(e->out, name);
	free(name);
	fputs(", \"problems\": [", e->out);
	e->first_problem = true;
}

static const char *file_status(const struct table_stats *st)
{
	if (st->missing)
		return "missing";
	if (st->unreadable)
		return "rejected";
	return st->errors ? "invalid" : "valid";
}

void emit_end_file(struct emitter *e, const char *file, const char *kind,
		   const char *agency, const struct table_stats *st)
{
	char *name;

	e->files++;
	e->rows += st->rows;
	e->accepted += st->accepted;
	e->rejected += st->rejected;
	e->errors += st->errors;
	e->warnings += st->warnings;
	e->unreadable += st->unreadable;
	e->missing += st->missing;
	switch (e->fmt) {
	case EMIT_TEXT:
		if (st->missing)
			break;
		name = escape_name_dup(file);
		if (st->unreadable)
			fprintf(e->out, msg(e->lang, M_SUM_REJECTED), name,
				st->errors, S(st->errors));
		else
			fprintf(e->out, msg(e->lang, M_SUM_FILE), name,
				st->rows, st->accepted, st->rejected, st->errors,
				st->warnings, S(st->rows), S(st->errors),
				S(st->warnings));
		fputc('\n', e->out);
		free(name);
		break;
	case EMIT_JSON:
		fprintf(e->out, "%s], \"status\": \"%s\", \"kind\": ",
			e->first_problem ? "" : "\n  ", file_status(st));
		escape_json_string(e->out, kind);
		fputs(", \"agency\": ", e->out);
		escape_json_string(e->out, agency && *agency ? agency : NULL);
		fprintf(e->out, ", \"rows\": %lu, \"accepted\": %lu, "
			"\"rejected\": %lu, \"errors\": %lu, \"warnings\": %lu}",
			st->rows, st->accepted, st->rejected, st->errors,
			st->warnings);
		break;
	case EMIT_CSV:
	case EMIT_RECEIPT:
		break;
	}
}

void emit_begin_receipt(struct emitter *e, const struct emit_receipt *r)
{
	char *name = escape_name_dup(r->file);

	fputs("{\"tool\": \"tiendo\", \"version\": \"" TIENDO_VERSION
	      "\",\n  \"agency\": ", e->out);
	escape_json_string(e->out, r->agency);
	fputs(", \"period\": ", e->out);
	escape_json_string(e->out, r->period);
	fputs(", \"file\": ", e->out);
	escape_json_string(e->out, name);
	fputs(",\n  \"received_at\": ", e->out);
	escape_json_string(e->out, r->received_at);
	fputs(", \"sha256\": ", e->out);
	escape_json_string(e->out, r->sha256);
	fputs(",\n  \"problems\": [", e->out);
	e->first_problem = true;
	free(name);
}

void emit_end_receipt(struct emitter *e, const char *kind,
		      const struct table_stats *st)
{
	fprintf(e->out, "%s],\n  \"status\": \"%s\", \"kind\": ",
		e->first_problem ? "" : "\n  ",
		st->unreadable || st->missing || !st->accepted ? "rejected" :
		"accepted");
	escape_json_string(e->out, kind);
	fprintf(e->out, ", \"rows\": %lu, \"accepted\": %lu, "
		"\"rejected\": %lu, \"errors\": %lu, \"warnings\": %lu,\n"
		"  \"max_errors\": %lu, \"shown\": %lu, \"not_shown\": %lu\n}\n",
		st->rows, st->accepted, st->rejected, st->errors, st->warnings,
		e->max, e->shown, e->hidden);
}

void emit_close(struct emitter *e)
{
	if (!e)
		return;
	if (e->fmt == EMIT_TEXT) {
		if (e->hidden) {
			fprintf(e->out, msg(e->lang, M_SUM_HIDDEN), e->shown,
				e->hidden, S(e->shown));
			fputc('\n', e->out);
		}
		if (e->files > 1) {
			fprintf(e->out, msg(e->lang, M_SUM_TOTAL), e->files,
				e->unreadable, e->missing, e->rows, e->accepted,
				e->rejected, e->errors, e->warnings, S(e->rows),
				S(e->errors), S(e->warnings));
			fputc('\n', e->out);
		}
	} else if (e->fmt == EMIT_CSV && e->hidden) {
		/* the table stays a table: the count goes to the terminal */
		fprintf(stderr, "tiendo: ");
		fprintf(stderr, msg(e->lang, M_SUM_HIDDEN), e->shown, e->hidden,
			S(e->shown));
		fputc('\n', stderr);
	} else if (e->fmt == EMIT_JSON) {
		fprintf(e->out, "%s,\n  \"totals\": {\"files\": %lu, "
			"\"rejected_files\": %lu, \"missing_files\": %lu, "
			"\"rows\": %lu, \"accepted\": %lu, \"rejected\": %lu, "
			"\"errors\": %lu, \"warnings\": %lu},\n"
			"  \"max_errors\": %lu, \"shown\": %lu, \"not_shown\": %lu\n}\n",
			e->in_files ? "\n  ]" : ",\n  \"files\": []",
			e->files, e->unreadable, e->missing, e->rows,
			e->accepted, e->rejected, e->errors, e->warnings,
			e->max, e->shown, e->hidden);
	}
	free(e);
}
