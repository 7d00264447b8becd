/*
 * render_data: writing a summary as JSON or CSV.
 *
 * A small writer takes values by key. In JSON it writes members of nested
 * objects, one record a line inside the arrays; in CSV the same calls make
 * a row whose header is the keys of the first record, nested objects
 * flattened. Numbers are rounded for people (percents to two decimals,
 * the schedule index to three) and written without trailing zeros.
 */
#include "render_data.h"

#include <math.h>
#include <string.h>

#include "date.h"
#include "escape.h"
#include "strbuf.h"

#define MAX_DEPTH 8

struct out {
	FILE *f;
	bool csv;
	int depth;                    /* JSON nesting */
	bool first[MAX_DEPTH];        /* no member yet at this depth */
	struct strbuf head, row;      /* CSV */
	bool header_done, first_cell;
	bool dry;                     /* CSV: write the header only */
};

static const char *const table_names[TABLE_COUNT] = {
	"tasks", "agencies", "pillars", "overall", "compliance", "trend",
	"indicators"
};

bool data_table_parse(const char *name, enum data_table *t)
{
	int i;

	for (i = 0; i < TABLE_COUNT; i++)
		if (strcmp(name, table_names[i]) == 0) {
			*t = (enum data_table)i;
			return true;
		}
	return false;
}

const char *data_table_names(void)
{
	return "tasks, agencies, pillars, overall, compliance, trend, "
	       "indicators";
}

/* ---- the writer ---------------------------------------------------------- */

static void newline(struct out *o)
{
	int i;

	if (o->depth > 2)
		return;  /* inside a record: one line */
	fputc('\n', o->f);
	for (i = 0; i < o->depth; i++)
		fputs("  ", o->f);
}

/* Start a member (JSON) or a cell (CSV) named k. */
static void key(struct out *o, const char *k)
{
	if (o->csv) {
		if (!o->header_done) {
			if (o->head.len)
				strbuf_addch(&o->head, ',');
			escape_csv_cell(&o->head, k);
		}
		if (!o->first_cell)
			strbuf_addch(&o->row, ',');
		o->first_cell = false;
		return;
	}
	bool first = o->first[o->depth];

	if (!first)
		fputc(',', o->f);
	o->first[o->depth] = false;
	if (o->depth <= 2)
		newline(o);
	else if (!first)
		fputc(' ', o->f);
	if (k) {
		escape_json_string(o->f, k);
		fputs(": ", o->f);
	}
}

static void open_(struct out *o, const char *k, char c)
{
	if (o->csv)
		return;
	key(o, k);
	fputc(c, o->f);
	o->depth++;
	o->first[o->depth] = true;
}

static void close_(struct out *o, char c)
{
	bool empty;

	if (o->csv)
		return;
	empty = o->first[o->depth];
	o->depth--;
	if (!empty && o->depth < 2)
		newline(o);
	fputc(c, o->f);
}

static void v_raw(struct out *o, const char *k, const char *text)
{
	key(o, k);
	if (o->csv)
		strbuf_addstr(&o->row, text);
	else
		fputs(text, o->f);
}

static void v_str(struct out *o, const char *k, const char *s)
{
	key(o, k);
	if (o->csv)
		escape_csv_cell(&o->row, s);
	else
		escape_json_string(o->f, s);
}

static void v_null(struct out *o, const char *k)
{
	v_raw(o, k, o->csv ? "" : "null");
}

static void v_num(struct out *o, const char *k, double x, int decimals)
{
	char buf[64];
	char *end;

	if (!isfinite(x)) {
		v_null(o, k);
		return;
	}
	snprintf(buf, sizeof(buf), "%.*f", decimals, x);
	if (strchr(buf, '.')) {
		end = buf + strlen(buf) - 1;
		while (*end == '0')
			*end-- = '\0';
		if (*end == '.')
			*end = '\0';
	}
	v_raw(o, k, strcmp(buf, "-0") == 0 ? "0" : buf);
}

static void v_ulong(struct out *o, const char *k, unsigned long n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lu", n);
	v_raw(o, k, buf);
}

static void v_bool(struct out *o, const char *k, bool b)
{
	v_raw(o, k, b ? "true" : "false");
}

/* 1 true, 0 false, anything else null. */
static void v_tri(struct out *o, const char *k, int t)
{
	if (t == 0 || t == 1)
		v_bool(o, k, t == 1);
	else
		v_null(o, k);
}

static void v_date(struct out *o, const char *k, int32_t d, bool known)
{
	char buf[11];

	if (known)
		v_str(o, k, date_format(d, buf));
	else
		v_null(o, k);
}

static void v_period(struct out *o, const char *k, int m)
{
	char buf[8];

	if (m >= 0)
		v_str(o, k, ym_format(m, buf));
	else
		v_null(o, k);
}

static void record_begin(struct out *o)
{
	if (o->csv) {
		strbuf_reset(&o->row);
		o->first_cell = true;
		return;
	}
	open_(o, NULL, '{');
}

static void record_end(struct out *o)
{
	if (!o->csv) {
		close_(o, '}');
		return;
	}
	if (!o->header_done) {
		fputs(o->head.buf, o->f);
		fputs("\r\n", o->f);
		o->header_done = true;
	}
	if (!o->dry) {
		fputs(o->row.buf, o->f);
		fputs("\r\n", o->f);
	}
}

/* ---- the tables ---------------------------------------------------------- */

static void percent(struct out *o, const char *k, double x)
{
	v_num(o, k, x, 2);
}

static void schedule_index(struct out *o, const struct rollup *r)
{
	if (r->has_index)
		v_num(o, "schedule_index", r->schedule_index, 3);
	else
		v_null(o, "schedule_index");
}

/* The row counts of a file or of an agency's month. */
static void row_counts(struct out *o, unsigned long rows,
		       unsigned long accepted, unsigned long rejected,
		       unsigned long errors, unsigned long warnings)
{
	v_ulong(o, "rows", rows);
	v_ulong(o, "rows_accepted", accepted);
	v_ulong(o, "rows_rejected", rejected);
	v_ulong(o, "errors", errors);
	v_ulong(o, "warnings", warnings);
}

static void rollup(struct out *o, const struct rollup *r)
{
	int i;

	v_ulong(o, "tasks", r->tasks);
	v_ulong(o, "cancelled", r->cancelled);
	v_num(o, "weight", r->weight, 3);
	percent(o, "planned_percent", r->planned);
	percent(o, "actual_percent", r->actual);
	schedule_index(o, r);
	v_str(o, "rag", rag_code(r->rag));
	open_(o, "counts", '{');
	for (i = 0; i < RAG_CANCELLED; i++)
		v_ulong(o, rag_code((enum rag)i), r->counts[i]);
	close_(o, '}');
	v_ulong(o, "overdue", r->overdue);
	v_ulong(o, "reported", r->reported);
	v_ulong(o, "stale", r->stale);
}

static const struct compliance *compliance_of(const struct summary *s,
					      const char *agency, int period)
{
	size_t i;

	for (i = 0; i < s->ncompliance; i++)
		if (s->compliance[i].period == period &&
		    strcmp(s->compliance[i].agency, agency) == 0)
			return &s->compliance[i];
	return NULL;
}

static void task(struct out *o, const struct task_figures *f)
{
	const struct task *t = f->task;

	record_begin(o);
	v_str(o, "task_id", t->id);
	v_str(o, "pillar", t->pillar);
	v_str(o, "lead_agency", t->lead);
	v_str(o, "responsible_agency", f->responsible);
	v_num(o, "weight", t->weight, 3);
	v_date(o, "start_date", t->start, true);
	v_date(o, "due_date", t->due, true);
	percent(o, "planned_percent", f->planned);
	if (f->reported) {
		percent(o, "actual_percent", f->actual);
		percent(o, "variance", f->variance);
		v_str(o, "status", status_code(f->status));
	} else {
		v_null(o, "actual_percent");
		v_null(o, "variance");
		v_null(o, "status");
	}
	v_str(o, "rag", rag_code(f->rag));
	v_period(o, "reported_period", f->actual_period);
	v_str(o, "reported_by", f->reported_by);
	v_date(o, "report_date", f->report_date, f->reported);
	v_bool(o, "stale", f->stale);
	v_bool(o, "overdue", f->overdue);
	v_date(o, "forecast_finish", f->forecast_finish, f->has_forecast);
	v_tri(o, "misses_due", f->misses_due);
	v_str(o, "output_document", f->output_document);
	v_str(o, "difficulties", f->difficulties);
	v_str(o, "proposals", f->proposals);
	v_str(o, "title_vi", t->title_vi);
	v_str(o, "title_en", t->title_en);
	record_end(o);
}

static void agency(struct out *o, const struct summary *s,
		   const struct roadmap *rm, const struct rollup *r)
{
	const struct agency *a = roadmap_agency(rm, r->key);
	const struct compliance *c = compliance_of(s, r->key, s->period);

	record_begin(o);
	v_str(o, "agency", r->key);
	v_str(o, "name_vi", a ? a->name_vi : NULL);
	v_str(o, "name_en", a ? a->name_en : NULL);
	rollup(o, r);
	v_str(o, "submission", c ? comp_code(c->status) : NULL);
	record_end(o);
}

static void pillar(struct out *o, const struct rollup *r)
{
	record_begin(o);
	v_str(o, "pillar", r->key);
	rollup(o, r);
	record_end(o);
}

static void compliance(struct out *o, const struct compliance *c)
{
	char when[17];

	record_begin(o);
	v_str(o, "agency", c->agency);
	v_period(o, "period", c->period);
	v_str(o, "status", comp_code(c->status));
	v_bool(o, "expected", c->expected);
	v_ulong(o, "files", c->files);
	v_ulong(o, "unreadable_files", c->unreadable);
	if (c->has_received)
		v_str(o, "received_at", datetime_format(c->received, when));
	else
		v_null(o, "received_at");
	row_counts(o, c->rows, c->accepted, c->rejected, c->errors,
		   c->warnings);
	record_end(o);
}

static void trend_figures(struct out *o, const struct rollup *r)
{
	percent(o, "planned_percent", r->planned);
	percent(o, "actual_percent", r->actual);
	schedule_index(o, r);
}

static void trend_json(struct out *o, const struct summary *s,
		       const struct trend_point *tp)
{
	size_t i;

	record_begin(o);
	v_period(o, "period", tp->period);
	v_date(o, "as_of", tp->as_of, true);
	open_(o, "overall", '{');
	trend_figures(o, &tp->overall);
	close_(o, '}');
	open_(o, "pillars", '{');
	for (i = 0; i < s->npillars; i++) {
		open_(o, s->pillars[i], '{');
		trend_figures(o, &tp->pillars[i]);
		close_(o, '}');
	}
	close_(o, '}');
	record_end(o);
}

/* CSV: one row per month and scope ("all" or a pillar). */
static void trend_csv(struct out *o, const struct trend_point *tp,
		      const struct rollup *r)
{
	record_begin(o);
	v_period(o, "period", tp->period);
	v_date(o, "as_of", tp->as_of, true);
	v_str(o, "scope", r->key);
	trend_figures(o, r);
	record_end(o);
}

static void indicator(struct out *o, const struct indicator_figures *f)
{
	const struct indicator *i = f->indicator;

	record_begin(o);
	v_str(o, "indicator_id", i->id);
	v_str(o, "pillar", i->pillar);
	v_str(o, "owner_agency", i->owner);
	v_str(o, "unit", i->unit);
	v_date(o, "baseline_date", i->baseline_date, true);
	v_num(o, "baseline_value", i->baseline, 6);
	v_date(o, "target_date", i->target_date, true);
	v_num(o, "target_value", i->target, 6);
	if (f->reported)
		v_num(o, "value", f->value, 6);
	else
		v_null(o, "value");
	v_period(o, "period", f->period);
	v_bool(o, "stale", f->stale);
	if (f->has_progress)
		percent(o, "progress_percent", f->progress);
	else
		v_null(o, "progress_percent");
	percent(o, "expected_percent", f->expected);
	v_tri(o, "on_course", f->on_course);
	v_str(o, "name_vi", i->name_vi);
	v_str(o, "name_en", i->name_en);
	if (i->unit_en)
		v_str(o, "unit_en", i->unit_en);
	else
		v_null(o, "unit_en");
	record_end(o);
}

static void overall(struct out *o, const struct summary *s)
{
	const struct file_totals *t = &s->totals;
	size_t i, n[COMP_COUNT] = { 0 };

	for (i = 0; i < s->ncompliance; i++)
		if (s->compliance[i].period == s->period)
			n[s->compliance[i].status]++;
	v_str(o, "scope", "all");
	rollup(o, &s->overall);
	open_(o, "submissions", '{');
	for (i = 0; i < COMP_COUNT; i++)
		v_ulong(o, comp_code((enum comp_status)i), n[i]);
	close_(o, '}');
	open_(o, "files", '{');
	v_ulong(o, "files", t->files);
	v_ulong(o, "unreadable_files", t->unreadable);
	row_counts(o, t->rows, t->accepted, t->rejected, t->errors,
		   t->warnings);
	close_(o, '}');
}

static void table(struct out *o, const struct summary *s,
		  const struct roadmap *rm, enum data_table t)
{
	size_t i, j;

	switch (t) {
	case TABLE_TASKS:
		for (i = 0; i < s->ntasks; i++)
			task(o, &s->tasks[i]);
		break;
	case TABLE_AGENCIES:
		for (i = 0; i < s->nagencies; i++)
			agency(o, s, rm, &s->agencies[i]);
		break;
	case TABLE_PILLARS:
		for (i = 0; i < s->npillars; i++)
			pillar(o, &s->pillar_rollups[i]);
		break;
	case TABLE_OVERALL:
		record_begin(o);
		overall(o, s);
		record_end(o);
		break;
	case TABLE_COMPLIANCE:
		for (i = 0; i < s->ncompliance; i++)
			compliance(o, &s->compliance[i]);
		break;
	case TABLE_TREND:
		for (i = 0; i < s->ntrend; i++) {
			if (!o->csv) {
				trend_json(o, s, &s->trend[i]);
				continue;
			}
			trend_csv(o, &s->trend[i], &s->trend[i].overall);
			for (j = 0; j < s->npillars; j++)
				trend_csv(o, &s->trend[i],
					  &s->trend[i].pillars[j]);
		}
		break;
	case TABLE_INDICATORS:
		for (i = 0; i < s->nindicators; i++)
			indicator(o, &s->indicators[i]);
		break;
	case TABLE_COUNT:
		break;
	}
}

void render_summary_json(FILE *out, const struct summary *s,
			 const struct roadmap *rm)
{
	struct out o;
	char buf[8];
	int i;

	memset(&o, 0, sizeof(o));
	o.f = out;
	fputc('{', out);
	o.depth = 1;
	o.first[1] = true;
	v_str(&o, "tool", "tiendo");
	v_str(&o, "version", TIENDO_VERSION);
	v_str(&o, "period", ym_format(s->period, buf));
	v_date(&o, "as_of", s->as_of, true);
	open_(&o, "settings", '{');
	v_num(&o, "green_min_variance", s->settings.green_min_variance, 3);
	v_num(&o, "amber_min_variance", s->settings.amber_min_variance, 3);
	v_ulong(&o, "submission_deadline_day",
		(unsigned long)s->settings.deadline_day);
	v_ulong(&o, "trend_months", (unsigned long)s->settings.trend_months);
	v_ulong(&o, "forecast_points",
		(unsigned long)s->settings.forecast_points);
	close_(&o, '}');
	open_(&o, "overall", '{');
	overall(&o, s);
	close_(&o, '}');
	for (i = 0; i < TABLE_COUNT; i++) {
		if (i == TABLE_OVERALL)
			continue;
		open_(&o, table_names[i], '[');
		table(&o, s, rm, (enum data_table)i);
		close_(&o, ']');
	}
	fputs("\n}\n", out);
}

/* The header of a table without rows, from a blank record. */
static void header_only(struct out *o, const struct summary *s,
			const struct roadmap *rm, enum data_table t)
{
	struct task tk;
	struct task_figures tf;
	struct rollup r;
	struct compliance c;
	struct indicator ind;
	struct indicator_figures inf;
	struct trend_point tp;

	memset(&tk, 0, sizeof(tk));
	memset(&tf, 0, sizeof(tf));
	memset(&r, 0, sizeof(r));
	memset(&c, 0, sizeof(c));
	memset(&ind, 0, sizeof(ind));
	memset(&inf, 0, sizeof(inf));
	memset(&tp, 0, sizeof(tp));
	tf.task = &tk;
	r.key = c.agency = "";
	inf.indicator = &ind;
	o->dry = true;
	switch (t) {
	case TABLE_TASKS: task(o, &tf); break;
	case TABLE_AGENCIES: agency(o, s, rm, &r); break;
	case TABLE_PILLARS: pillar(o, &r); break;
	case TABLE_COMPLIANCE: compliance(o, &c); break;
	case TABLE_TREND: trend_csv(o, &tp, &r); break;
	case TABLE_INDICATORS: indicator(o, &inf); break;
	case TABLE_OVERALL: case TABLE_COUNT: break;
	}
}

void render_summary_csv(FILE *out, const struct summary *s,
			const struct roadmap *rm, enum data_table t)
{
	struct out o;

	memset(&o, 0, sizeof(o));
	o.f = out;
	o.csv = true;
	strbuf_init(&o.head);
	strbuf_init(&o.row);
	fputs("\xEF\xBB\xBF", out);  /* for Excel */
	table(&o, s, rm, t);
	if (!o.header_done)
		header_only(&o, s, rm, t);
	strbuf_release(&o.head);
	strbuf_release(&o.row);
}
