/*
 * submission: the domain rules of a monthly report, as a row hook over the
 * validation engine, and the history of earlier months that the percent
 * decrease warning looks back at.
 */
#include "submission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "hashmap.h"
#include "strbuf.h"
#include "xalloc.h"

static const char *const status_codes[] = {
	"not_started", "in_progress", "completed", "delayed", "cancelled"
};

const char *status_code(enum status s)
{
	return status_codes[s];
}

static enum status status_of(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(status_codes) / sizeof(*status_codes); i++)
		if (status_codes[i][0] == code[0] && strcmp(status_codes[i], code) == 0)
			return (enum status)i;
	return ST_IN_PROGRESS;
}

/* ---- schemas ------------------------------------------------------------- */

static struct schema *load_one(const char *dir, const char *name,
			       const char *const *needs, enum lang lang,
			       char **err)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct schema *s = schema_load(path, lang, err);
	const char *lacks = s ? schema_lacks(s, needs) : NULL;

	if (lacks) {
		char *m = xasprintf(msg(lang, M_SCHEMA_NEEDS), lacks);

		*err = xasprintf("%s: %s", path, m);
		free(m);
		schema_free(s);
		s = NULL;
	}
	free(path);
	return s;
}

int submission_schemas_load(struct submission_schemas *ss,
			    const char *templates_dir, enum lang lang,
			    char **err)
{
	static const char *const progress[] = {
		"period", "agency_code", "task_id", "status", "percent_complete",
		"report_date", "output_document", "difficulties", "proposals",
		"contact_name", "contact_email", "contact_phone", NULL
	};
	static const char *const indicator[] = {
		"period", "agency_code", "indicator_id", "value",
		"source_document", "note", NULL
	};

	ss->progress = load_one(templates_dir, "progress.schema.json", progress,
				lang, err);
	ss->indicator = ss->progress ?
		load_one(templates_dir, "indicator.schema.json", indicator,
			 lang, err) : NULL;
	if (!ss->indicator) {
		submission_schemas_release(ss);
		return -1;
	}
	return 0;
}

void submission_schemas_release(struct submission_schemas *ss)
{
	schema_free(ss->progress);
	schema_free(ss->indicator);
	ss->progress = ss->indicator = NULL;
}

/* ---- history ------------------------------------------------------------- */

struct point {
	int period;
	double percent;
};

struct history {
	struct strmap *m;     /* "agency\x1ftask" -> index + 1 into lists */
	struct plist {
		struct point *v;
		size_t n, cap;
	} *lists;
	size_t nlists, cap;
	bool newest_only;     /* keep one point a key (history_new_newest) */
};

struct history *history_new(void)
{
	struct history *h = xcalloc(1, sizeof(*h));

	h->m = strmap_new();
	return h;
}

struct history *history_new_newest(void)
{
	struct history *h = history_new();

	h->newest_only = true;
	return h;
}

/* "agency\x1ftask" in buf (cap bytes), or in sb when longer. */
static const char *history_key(char *buf, size_t cap, struct strbuf *sb,
			       const char *agency, const char *task,
			       size_t *len)
{
	size_t a = strlen(agency), t = strlen(task);
	char *p = buf;

	*len = a + 1 + t;
	if (*len >= cap) {
		strbuf_grow(sb, *len + 1);
		p = sb->buf;
	}
	memcpy(p, agency, a);
	p[a] = '\x1f';
	memcpy(p + a + 1, task, t);
	p[*len] = '\0';
	return p;
}

void history_record(struct history *h, const char *agency, const char *task,
		    int period, double percent)
{
	struct strbuf sb = STRBUF_INIT;
	struct strmap_entry *e;
	struct plist *l;
	size_t i, len;
	bool added;
	char buf[64];
	const char *key = history_key(buf, sizeof(buf), &sb, agency, task, &len);

	e = strmap_put(h->m, key, len, &added);
	strbuf_release(&sb);
	if (added) {
		XGROW(h->lists, h->nlists + 1, h->cap);
		memset(&h->lists[h->nlists], 0, sizeof(*h->lists));
		e->value = ++h->nlists;
	}
	l = &h->lists[e->value - 1];
	if (h->newest_only && l->n) {
		if (period >= l->v[0].period) {
			l->v[0].period = period;
			l->v[0].percent = percent;
		}
		return;
	}
	for (i = 0; i < l->n; i++) {
		if (l->v[i].period == period) {
			l->v[i].percent = percent; /* a later file wins */
			return;
		}
	}
	XGROW(l->v, l->n + 1, l->cap);
	l->v[l->n].period = period;
	l->v[l->n].percent = percent;
	l->n++;
}

bool history_lookup(const struct history *h, const char *agency,
		    const char *task, int before, int *period, double *percent)
{
	struct strbuf sb = STRBUF_INIT;
	const struct strmap_entry *e;
	const struct plist *l;
	bool found = false;
	size_t i, len;
	char buf[64];
	const char *key;

	if (!h->nlists)
		return false;
	key = history_key(buf, sizeof(buf), &sb, agency, task, &len);
	e = strmap_get(h->m, key, len);
	strbuf_release(&sb);
	if (!e)
		return false;
	l = &h->lists[e->value - 1];
	for (i = 0; i < l->n; i++) {
		if (l->v[i].period < before &&
		    (!found || l->v[i].period > *period)) {
			*period = l->v[i].period;
			*percent = l->v[i].percent;
			found = true;
		}
	}
	return found;
}

void history_free(struct history *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->nlists; i++)
		free(h->lists[i].v);
	free(h->lists);
	strmap_free(h->m);
	free(h);
}

/* ---- checking ------------------------------------------------------------ */

enum { F_PERIOD, F_AGENCY, F_KEY, F_STATUS, F_PERCENT, F_REPORT_DATE,
       F_OUTPUT, F_DIFFICULTIES, F_PROPOSALS, F_CONTACT, F_EMAIL, F_PHONE,
       F_VALUE, F_SOURCE, F_NOTE, F_COUNT };

struct checking {
	const struct submission_schemas *ss;
	const struct submission_opts *o;
	struct submission_result *res;
	size_t f[F_COUNT];        /* field indexes in the chosen schema */
	unsigned long agency_line;
};

static const char *opt(const struct cell *c)
{
	return c->null ? NULL : c->text;
}

static bool header_hook(void *ctx, struct table *t)
{
	static const char *const names[F_COUNT] = {
		"period", "agency_code", NULL, "status", "percent_complete",
		"report_date", "output_document", "difficulties", "proposals",
		"contact_name", "contact_email", "contact_phone", "value",
		"source_document", "note"
	};
	struct checking *ck = ctx;
	const struct schema *s = table_schema(t);
	size_t i;

	ck->res->kind = s == ck->ss->progress ? SUB_PROGRESS : SUB_INDICATOR;
	for (i = 0; i < F_COUNT; i++) {
		const char *n = i == F_KEY ? (ck->res->kind == SUB_PROGRESS ?
					      "task_id" : "indicator_id") : names[i];
		long k = schema_field_index(s, n);

		ck->f[i] = k >= 0 ? (size_t)k : (size_t)-1;
	}
	return true;
}

#define CELL(ck, cells, which) \
	((ck)->f[which] == (size_t)-1 ? NULL : &(cells)[(ck)->f[which]])

static bool ok(const struct cell *c)
{
	return c && c->valid && !c->null;
}

/*
 * The checks run in this order, in row_hook(); row_local() runs those
 * that look at the row alone, and row_ordered() those that look at the
 * rows before it (the file's agency, the history, the delivery).
 */

/* Both kinds: the period, the agency in existence then. */
static void period_checks(struct checking *ck, struct table *t,
			  const struct cell *cells)
{
	const struct roadmap *rm = ck->o->rm;
	const struct cell *period = CELL(ck, cells, F_PERIOD);
	const struct cell *agency = CELL(ck, cells, F_AGENCY);
	char b1[8], b2[8], d1[11];

	if (ok(period) && ck->o->folder_period >= 0 &&
	    period->v.ym != ck->o->folder_period)
		table_report(t, ck->f[F_PERIOD], SEV_ERROR, "period-mismatch",
			     NULL, M_PERIOD_MISMATCH, period->text,
			     ym_format(ck->o->folder_period, b2));
	if (ok(period) && ok(agency)) {
		const struct agency *a = roadmap_agency(rm, agency->text);
		int32_t from = ym_first_day(period->v.ym);
		int32_t to = ym_last_day(period->v.ym);

		if (a && !agency_valid_between(a, from, to)) {
			ym_format(period->v.ym, b1);
			if (a->valid_from > to)
				table_report(t, ck->f[F_AGENCY], SEV_ERROR,
					     "foreign-key-error", NULL,
					     M_AGENCY_NOT_YET, a->code, b1,
					     date_format(a->valid_from, d1));
			else if (a->successor)
				table_report(t, ck->f[F_AGENCY], SEV_ERROR,
					     "foreign-key-error", NULL,
					     M_AGENCY_ENDED_SUCC, a->code, b1,
					     date_format(a->valid_to, d1),
					     a->successor);
			else
				table_report(t, ck->f[F_AGENCY], SEV_ERROR,
					     "foreign-key-error", NULL,
					     M_AGENCY_ENDED, a->code, b1,
					     date_format(a->valid_to, d1));
		}
	}
}

/*
 * Both kinds: a file answers for one agency. Known before reading (the
 * receipt log, the name), a row naming another is told by the row alone:
 * row-local.
 */
static void sender_checks(struct checking *ck, struct table *t,
			  const struct cell *cells)
{
	const struct submission_opts *o = ck->o;
	const struct cell *agency = CELL(ck, cells, F_AGENCY);

	if (!o->agency || !ok(agency) || strcmp(agency->text, o->agency) == 0)
		return;
	if (o->allow_other_agency)
		table_report(t, ck->f[F_AGENCY], SEV_WARNING, "agency-mismatch",
			     NULL, M_AGENCY_OTHER_ALLOWED, agency->text,
			     o->agency);
	else
		table_report(t, ck->f[F_AGENCY], SEV_ERROR, "agency-mismatch",
			     NULL, o->agency_from == AGENCY_FROM_LOG ?
			     M_AGENCY_NOT_SENDER_LOG :
			     o->agency_from == AGENCY_FROM_TOKEN ?
			     M_AGENCY_NOT_SENDER_TOKEN : M_AGENCY_NOT_SENDER_NAME,
			     agency->text, o->agency);
}

/* Not known before: the first row's agency is the file's (in order). */
static void agency_checks(struct checking *ck, struct table *t,
			  const struct cell *cells)
{
	const struct cell *agency = CELL(ck, cells, F_AGENCY);

	if (ck->o->agency || !ok(agency))
		return;
	if (!ck->res->agency[0] &&
	    strlen(agency->text) < sizeof(ck->res->agency)) {
		strcpy(ck->res->agency, agency->text);
		ck->agency_line = agency->line;
	} else if (strcmp(ck->res->agency, agency->text) != 0) {
		if (ck->o->allow_other_agency)
			table_report(t, ck->f[F_AGENCY], SEV_WARNING,
				     "agency-mismatch", NULL,
				     M_AGENCY_OTHER_ALLOWED, agency->text,
				     ck->res->agency);
		else
			table_report(t, ck->f[F_AGENCY], SEV_ERROR,
				     "agency-mismatch", NULL, M_AGENCY_MISMATCH,
				     agency->text, ck->res->agency,
				     ck->agency_line);
	}
}

/* A percent for a message, with the decimal mark of its language. */
static void fmt_percent(char *buf, size_t n, double v, enum lang lang)
{
	snprintf(buf, n, "%g", v);
	if (lang == LANG_VI)
		for (char *p = buf; *p; p++)
			if (*p == '.')
				*p = ',';
}

/* Progress: the task the agency's, started; status and percent agree. */
static void progress_checks(struct checking *ck, struct table *t,
			    const struct cell *cells)
{
	const struct roadmap *rm = ck->o->rm;
	const struct cell *period = CELL(ck, cells, F_PERIOD);
	const struct cell *agency = CELL(ck, cells, F_AGENCY);
	const struct cell *task = CELL(ck, cells, F_KEY);
	const struct cell *status = CELL(ck, cells, F_STATUS);
	const struct cell *percent = CELL(ck, cells, F_PERCENT);
	const struct cell *rdate = CELL(ck, cells, F_REPORT_DATE);
	char p1[32], d1[11];

	/* a report is not dated after it was sent (the template's zone) */
	if (ok(rdate) && ck->o->has_received &&
	    rdate->v.date > ck->o->received_day)
		table_report(t, ck->f[F_REPORT_DATE], SEV_ERROR,
			     "report-date-future", NULL, M_REPORT_DATE_FUTURE,
			     rdate->text, date_format(ck->o->received_day, d1));
	if (ok(task) && ok(agency)) {
		const struct task *tk = roadmap_task(rm, task->text);

		if (tk && roadmap_agency(rm, agency->text) &&
		    !task_involves(rm, tk, agency->text))
			table_report(t, ck->f[F_KEY], SEV_ERROR,
				     "agency-task-mismatch", NULL,
				     M_TASK_NOT_ASSIGNED, tk->id, agency->text,
				     tk->lead);
		if (tk && ok(period) && ym_last_day(period->v.ym) < tk->start)
			table_report(t, ck->f[F_KEY], SEV_WARNING,
				     "task-not-started-yet", NULL,
				     M_TASK_NOT_STARTED_YET, tk->id,
				     date_format(tk->start, d1));
	}
	if (ok(status) && ok(percent)) {
		enum status st = status_of(status->text);

		if ((st == ST_COMPLETED) != (percent->v.num == 100) ||
		    (st == ST_NOT_STARTED && percent->v.num != 0))
			fmt_percent(p1, sizeof(p1), percent->v.num,
				    table_lang(t));
		if (st == ST_COMPLETED && percent->v.num != 100)
			table_report(t, ck->f[F_PERCENT], SEV_ERROR,
				     "completed-not-100", NULL,
				     M_COMPLETED_NOT_100, p1);
		else if (st != ST_COMPLETED && st != ST_CANCELLED &&
			 percent->v.num == 100)
			table_report(t, ck->f[F_STATUS], SEV_ERROR,
				     "percent-100-not-completed", NULL,
				     M_100_NOT_COMPLETED, status->text);
		else if (st == ST_NOT_STARTED && percent->v.num != 0)
			table_report(t, ck->f[F_PERCENT], SEV_ERROR,
				     "not-started-not-0", NULL,
				     M_NOT_STARTED_NOT_0, p1);
	}
}

/* Progress: no lower than the month before. */
static void history_checks(struct checking *ck, struct table *t,
			   const struct cell *cells)
{
	const struct cell *period = CELL(ck, cells, F_PERIOD);
	const struct cell *agency = CELL(ck, cells, F_AGENCY);
	const struct cell *task = CELL(ck, cells, F_KEY);
	const struct cell *percent = CELL(ck, cells, F_PERCENT);
	char p1[32], p2[32], b1[8];

	/* a rejected row is no new value: nothing to compare */
	if (ck->o->history && !table_row_has_error(t) && ok(period) &&
	    ok(agency) && ok(task) && ok(percent)) {
		int before;
		double was;

		if (history_lookup(ck->o->history, agency->text, task->text,
				   period->v.ym, &before, &was) &&
		    percent->v.num < was) {
			fmt_percent(p1, sizeof(p1), percent->v.num,
				    table_lang(t));
			fmt_percent(p2, sizeof(p2), was, table_lang(t));
			table_report(t, ck->f[F_PERCENT], SEV_WARNING,
				     "percent-decrease", NULL,
				     M_PERCENT_DECREASE, p1, p2,
				     ym_format(before, b1));
		}
	}
}

static void indicator_checks(struct checking *ck, struct table *t,
			     const struct cell *cells)
{
	const struct cell *agency = CELL(ck, cells, F_AGENCY);
	const struct cell *ind = CELL(ck, cells, F_KEY);

	if (ok(agency) && ok(ind)) {
		const struct indicator *in = roadmap_indicator(ck->o->rm, ind->text);

		if (in && !agency_is_or_succeeds(ck->o->rm, in->owner,
						 agency->text))
			table_report(t, ck->f[F_AGENCY], SEV_ERROR,
				     "agency-indicator-mismatch", NULL,
				     M_INDICATOR_OWNER, in->id, agency->text,
				     in->owner);
	}
}

static void deliver(struct checking *ck, const struct cell *cells,
		    const struct csv_record *rec)
{
	const struct submission_opts *o = ck->o;

	if (ck->res->kind == SUB_PROGRESS && o->on_progress) {
		struct progress_row r = {
			CELL(ck, cells, F_PERIOD)->v.ym,
			CELL(ck, cells, F_AGENCY)->text,
			CELL(ck, cells, F_KEY)->text,
			status_of(CELL(ck, cells, F_STATUS)->text),
			CELL(ck, cells, F_PERCENT)->v.num,
			CELL(ck, cells, F_REPORT_DATE)->v.date,
			opt(CELL(ck, cells, F_OUTPUT)),
			opt(CELL(ck, cells, F_DIFFICULTIES)),
			opt(CELL(ck, cells, F_PROPOSALS)),
			opt(CELL(ck, cells, F_CONTACT)),
			opt(CELL(ck, cells, F_EMAIL)),
			opt(CELL(ck, cells, F_PHONE)),
			rec->line
		};

		o->on_progress(o->ctx, &r);
	} else if (ck->res->kind == SUB_INDICATOR && o->on_indicator) {
		struct indicator_row r = {
			CELL(ck, cells, F_PERIOD)->v.ym,
			CELL(ck, cells, F_AGENCY)->text,
			CELL(ck, cells, F_KEY)->text,
			CELL(ck, cells, F_VALUE)->v.num,
			opt(CELL(ck, cells, F_SOURCE)),
			opt(CELL(ck, cells, F_NOTE)),
			rec->line
		};

		o->on_indicator(o->ctx, &r);
	}
}

/* Deliver a row every cell of which is valid, no error reported. */
static void deliver_valid(struct checking *ck, struct table *t,
			  const struct cell *cells, const struct csv_record *rec)
{
	if (table_row_all_valid(t))
		deliver(ck, cells, rec);
}

/* A row with an error: tell the caller what it was about. */
static void tell_rejected(struct checking *ck, struct table *t,
			  const struct cell *cells,
			  const struct csv_record *rec)
{
	const struct cell *key = CELL(ck, cells, F_KEY);
	const struct cell *fig = ck->res->kind == SUB_PROGRESS ?
				 CELL(ck, cells, F_PERCENT) :
				 CELL(ck, cells, F_VALUE);
	struct rejected_row r;

	if (!ck->o->on_rejected || !table_row_has_error(t))
		return;
	memset(&r, 0, sizeof(r));
	r.kind = ck->res->kind;
	r.line = rec->line;
	r.end_line = rec->end_line ? rec->end_line : rec->line;
	if (key && key->present && !key->null && key->len)
		r.key = key->text;
	if (fig && fig->present && !fig->null && fig->len) {
		r.figure_text = fig->text;
		if (ok(fig)) {
			r.has_figure = true;
			r.figure = fig->v.num;
		} else {
			/* out of range or refused by a rule: still the
			   number it says, in either decimal mark */
			r.has_figure = validate_number(fig->text, ".,",
						       &r.figure);
		}
	}
	ck->o->on_rejected(ck->o->ctx, &r);
}

static void row_hook(void *ctx, struct table *t, const struct cell *cells,
		     const struct csv_record *rec)
{
	struct checking *ck = ctx;

	period_checks(ck, t, cells);
	sender_checks(ck, t, cells);
	agency_checks(ck, t, cells);
	if (ck->res->kind == SUB_PROGRESS) {
		progress_checks(ck, t, cells);
		history_checks(ck, t, cells);
	} else {
		indicator_checks(ck, t, cells);
	}
	deliver_valid(ck, t, cells, rec);
	tell_rejected(ck, t, cells, rec);
}

/* What row_hook() checks of the row alone: any thread, reads only. */
static void row_local(void *ctx, struct table *t, const struct cell *cells,
		      const struct csv_record *rec)
{
	struct checking *ck = ctx;

	period_checks(ck, t, cells);
	sender_checks(ck, t, cells);
	if (ck->res->kind == SUB_PROGRESS)
		progress_checks(ck, t, cells);
	else
		indicator_checks(ck, t, cells);
	(void)rec;
}

/* The rest, in order, for a row row_local() found nothing to say about. */
static void row_ordered(void *ctx, struct table *t, const struct cell *cells,
			const struct csv_record *rec)
{
	struct checking *ck = ctx;

	agency_checks(ck, t, cells);
	if (ck->res->kind == SUB_PROGRESS)
		history_checks(ck, t, cells);
	deliver_valid(ck, t, cells, rec);
	tell_rejected(ck, t, cells, rec);
}

/* The checking both entry points share: path, or n bytes at data. */
static int check(const char *path, const void *data, size_t n,
		 const struct submission_schemas *ss,
		 const struct submission_opts *o, const struct diag_sink *sink,
		 struct submission_result *res)
{
	const struct schema *schemas[2] = { ss->progress, ss->indicator };
	struct checking ck;
	struct validate_hooks hooks = { row_hook, header_hook, &ck, row_local,
					row_ordered };
	struct fk_resolver fk = roadmap_resolver(o->rm);

	memset(res, 0, sizeof(*res));
	memset(&ck, 0, sizeof(ck));
	ck.ss = ss;
	ck.o = o;
	ck.res = res;
	if (o->agency)
		snprintf(res->agency, sizeof(res->agency), "%s", o->agency);
	if (data)
		return validate_mem(data, n, path, schemas, 2, sink, &fk,
				    &hooks, &res->stats, NULL);
	return validate_file(path, schemas, 2, sink, &fk, &hooks, &res->stats,
			     NULL);
}

int submission_check(const char *path, const struct submission_schemas *ss,
		     const struct submission_opts *o,
		     const struct diag_sink *sink, struct submission_result *res)
{
	return check(path, NULL, 0, ss, o, sink, res);
}

int submission_check_mem(const void *data, size_t n, const char *name,
			 const struct submission_schemas *ss,
			 const struct submission_opts *o,
			 const struct diag_sink *sink,
			 struct submission_result *res)
{
	/* an empty body is an empty file, not a path */
	return check(name, data ? data : "", n, ss, o, sink, res);
}

/* ---- the receipt log ---------------------------------------------------- */

struct receipt_checking {
	long f_file, f_at, f_agency;
	void (*on_row)(void *ctx, const struct receipt_row *r);
	void *ctx;
};

static void receipt_hook(void *ctx, struct table *t, const struct cell *cells,
			 const struct csv_record *rec)
{
	struct receipt_checking *rc = ctx;
	const struct cell *file = &cells[rc->f_file], *at = &cells[rc->f_at];
	const struct cell *agency = rc->f_agency >= 0 ?
				    &cells[rc->f_agency] : NULL;
	struct receipt_row r;

	(void)rec;
	if (at->valid && !at->null && !datetime_parse(at->text, &r.at)) {
		/* the one rule of a received time: 2024-02-30 10:00 is none */
		table_report(t, (size_t)rc->f_at, SEV_ERROR, "type-error", NULL,
			     M_RECEIVED_AT, at->text);
		return;
	}
	if (table_row_has_error(t) || !rc->on_row || file->null || at->null ||
	    (agency && !agency->valid))
		return;
	r.file = file->text;
	r.agency = agency && !agency->null ? agency->text : NULL;
	r.line = file->line;
	rc->on_row(rc->ctx, &r);
}

int submission_check_receipts(const char *path, const struct schema *s,
			      const struct roadmap *rm,
			      const struct diag_sink *sink,
			      void (*on_row)(void *ctx,
					     const struct receipt_row *r),
			      void *ctx, struct table_stats *stats)
{
	struct receipt_checking rc = {
		schema_field_index(s, "file"),
		schema_field_index(s, "received_at"),
		schema_field_index(s, "agency"), on_row, ctx
	};
	struct validate_hooks hooks = { receipt_hook, NULL, &rc, NULL, NULL };
	const struct schema *one[1] = { s };
	struct fk_resolver fk;

	if (rc.f_file < 0 || rc.f_at < 0) {  /* the schema lacks them */
		memset(stats, 0, sizeof(*stats));
		stats->unreadable = true;
		return 1;
	}
	if (rm)
		fk = roadmap_resolver(rm);
	return validate_file(path, one, 1, sink, rm ? &fk : NULL, &hooks, stats,
			     NULL);
}

int submission_folder_period(const char *path)
{
	const char *end = strrchr(path, '/'), *start;
	char buf[8];
	int ym;

	if (!end || end - path < 7)
		return -1;
	start = end - 7;
	if (start > path && start[-1] != '/')
		return -1;
	memcpy(buf, start, 7);
	buf[7] = '\0';
	return ym_parse(buf, &ym) ? ym : -1;
}
