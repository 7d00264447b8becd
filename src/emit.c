/*
 * emit: the three output formats of `tiendo validate`.
 *
 * JSON is streamed: each file's problems are written as they are found,
 * then its figures, so memory does not grow with the number of problems.
 */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "csv_reader.h"
#include "msg.h"
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

void emit_json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (;;) {
		/* the bytes that need no escape go out in one piece */
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\'; p++)
			;
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), out);
		if (!*p)
			break;
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default: fprintf(out, "\\u%04x", *p);
		}
		p++;
	}
	fputc('"', out);
}

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

static void csv_cell(FILE *out, const char *s, bool last)
{
	struct strbuf sb = STRBUF_INIT;

	csv_write_field(&sb, s ? s : "", ',');
	fputs(sb.buf, out);
	fputs(last ? "\r\n" : ",", out);
	strbuf_release(&sb);
}

static void on_diag(void *ctx, const struct diag *d)
{
	struct emitter *e = ctx;
	const char *sev = d->severity == SEV_ERROR ? "error" : "warning";
	char num[32];

	/* why a file is rejected whole is always said */
	if (e->max && e->shown >= e->max && !d->decisive) {
		e->hidden++;
		return;
	}
	e->shown++;
	switch (e->fmt) {
	case EMIT_TEXT:
		if (d->line)
			fprintf(e->out, "%s:%lu:%lu: %s: [%s] ", d->file,
				d->line, d->col, sev, d->code);
		else
			fprintf(e->out, "%s: %s: [%s] ", d->file, sev, d->code);
		if (d->field)
			fprintf(e->out, "%s: ", d->field);
		fprintf(e->out, "%s\n", d->message);
		break;
	case EMIT_JSON:
		fputs(e->first_problem ? "\n    " : ",\n    ", e->out);
		e->first_problem = false;
		fputs("{\"file\": ", e->out);
		emit_json_string(e->out, d->file);
		if (d->line)
			fprintf(e->out, ", \"line\": %lu, \"column\": %lu",
				d->line, d->col);
		else
			fputs(", \"line\": null, \"column\": null", e->out);
		fprintf(e->out, ", \"severity\": \"%s\", \"code\": ", sev);
		emit_json_string(e->out, d->code);
		fputs(", \"constraint\": ", e->out);
		emit_json_string(e->out, d->constraint);
		fputs(", \"field\": ", e->out);
		emit_json_string(e->out, d->field);
		fputs(", \"value\": ", e->out);
		emit_json_string(e->out, d->value);
		fputs(", \"message\": ", e->out);
		emit_json_string(e->out, d->message);
		fputc('}', e->out);
		break;
	case EMIT_CSV:
		csv_cell(e->out, d->file, false);
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
	if (e->fmt != EMIT_JSON)
		return;
	fputs(e->in_files ? ",\n  {\"file\": " : ",\n  \"files\": [\n  {\"file\": ",
	      e->out);
	e->in_files = true;
	emit_json_string(e->out, file);
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
		if (st->unreadable)
			fprintf(e->out, msg(e->lang, M_SUM_REJECTED), file,
				st->errors, S(st->errors));
		else
			fprintf(e->out, msg(e->lang, M_SUM_FILE), file, st->rows,
				st->accepted, st->rejected, st->errors,
				st->warnings, S(st->rows), S(st->errors),
				S(st->warnings));
		fputc('\n', e->out);
		break;
	case EMIT_JSON:
		fprintf(e->out, "%s], \"status\": \"%s\", \"kind\": ",
			e->first_problem ? "" : "\n  ", file_status(st));
		emit_json_string(e->out, kind);
		fputs(", \"agency\": ", e->out);
		emit_json_string(e->out, agency && *agency ? agency : NULL);
		fprintf(e->out, ", \"rows\": %lu, \"accepted\": %lu, "
			"\"rejected\": %lu, \"errors\": %lu, \"warnings\": %lu}",
			st->rows, st->accepted, st->rejected, st->errors,
			st->warnings);
		break;
	case EMIT_CSV:
		break;
	}
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
