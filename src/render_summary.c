/*
 * render_summary: the Steering Committee's summary.
 *
 * Each section is a function drawing at the layout's cursor; the
 * template's section list says which run and in what order. Tables are
 * described by a cell() callback over the summary's own arrays, so that
 * a 20,000-task appendix is drawn row by row without copies. Ratings are
 * always shown as a coloured swatch and a word, never colour alone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "render_section.h"
#include "render_summary.h"
#include "xalloc.h"

/* ---- the agencies, worst first ------------------------------------------------ */

static int cmp_worst(const void *x, const void *y)
{
	return rollup_cmp_worst(*(const struct rollup *const *)x,
				*(const struct rollup *const *)y);
}

/* A table over rows of the summary: an agency's roll-up or an actor. */
struct rows_ctx {
	struct doc *d;
	const void *rows;
};

/* The summary's agency roll-ups worst first; the caller frees the array. */
static const struct rollup **worst_first(const struct summary *s)
{
	const struct rollup **rows = xcalloc(s->nagencies + 1, sizeof(*rows));

	for (size_t i = 0; i < s->nagencies; i++)
		rows[i] = &s->agencies[i];
	qsort(rows, s->nagencies, sizeof(*rows), cmp_worst);
	return rows;
}

/* ---- page 1: the decision page ------------------------------------------------ */

#define DECISION_ROWS 10         /* agencies listed when max_rows is not set */

/* An agency that must act, and why. */
struct actor {
	const struct rollup *r;
	const struct compliance *c;   /* the period's submission, or NULL */
	bool owes;                    /* the report: missing or rejected */
	size_t lagging;               /* red or overdue tasks */
	size_t overdue;               /* overdue of them */
	int32_t first_due;            /* the earliest due date missed */
	int red_since;                /* month its red run began, or -1 */
	bool letter;                  /* an urging letter goes out */
	const struct rollup *prev;    /* last month's roll-up, or NULL */
};

/* Whether agency r must act; fills *a. */
static bool must_act(const struct doc_input *in, const struct rollup *r,
		     struct actor *a)
{
	const struct summary *s = in->sum;

	memset(a, 0, sizeof(*a));
	a->r = r;
	a->c = doc_comp(s, r->key);
	a->owes = doc_owes_report(in, a->c);
	for (size_t i = 0; i < s->ntasks; i++) {
		const struct task_figures *f = &s->tasks[i];

		if (!doc_task_lags(f, r->key))
			continue;
		a->lagging++;
		if (f->overdue && (!a->overdue || f->task->due < a->first_due))
			a->first_due = f->task->due;
		a->overdue += f->overdue;
	}
	if (!a->owes && !a->lagging)
		return false;
	a->red_since = summary_red_since(s, r->key);
	a->letter = doc_letter_due(in, r->key);
	a->prev = summary_previous(s, r->key);
	return true;
}

/* Append line to c's text (a new line when it holds one already). */
static void cell_line(struct cell_out *c, const char *line)
{
	size_t n = strlen(c->buf);

	snprintf(c->buf + n, sizeof(c->buf) - n, "%s%s", n ? "\n" : "", line);
	c->text = c->buf;
}

static void act_what(struct doc *d, const struct actor *a, struct cell_out *c)
{
	char n[32], *s;
	struct fill f[2] = { { "count", n }, { "errors", n } };

	if (a->owes && a->c->status == COMP_REJECTED) {
		doc_count(d, a->c->errors, n);
		s = template_fill(doc_label(d, L_ACT_REJECTED), f, 2);
		cell_line(c, s);
		free(s);
	} else if (a->owes) {
		cell_line(c, doc_label(d, L_ACT_MISSING));
	}
	if (a->lagging) {
		char *t, *o;

		doc_count(d, a->lagging, n);
		t = template_fill(doc_label(d, L_ACT_TASKS), f, 1);
		if (a->overdue) {
			doc_count(d, a->overdue, n);
			o = template_fill(doc_label(d, L_ACT_OVERDUE), f, 1);
			s = xasprintf("%s, %s", t, o);
			free(o);
		} else {
			s = xstrdup(t);
		}
		cell_line(c, s);
		free(s);
		free(t);
	}
}

/* Since when, one line per line of act_what(). */
static void act_since(struct doc *d, const struct actor *a, struct cell_out *c)
{
	const struct summary *s = d->in->sum;
	char *v = NULL, *line;
	struct fill f[2] = { { "date", NULL }, { "period", NULL } };
	enum label_id id;

	if (a->owes) {
		f[0].value = v = doc_date(d, doc_deadline(s));
		line = template_fill(doc_label(d, L_SINCE_DEADLINE), f, 2);
		cell_line(c, line);
		free(line);
		free(v);
	}
	if (!a->lagging)
		return;
	if (a->overdue) {
		f[0].value = v = doc_date(d, a->first_due);
		id = L_SINCE_DUE;
	} else {
		f[1].value = v = doc_period(d, a->red_since >= 0 ?
					    a->red_since : s->period);
		id = L_SINCE_RED;
	}
	line = template_fill(doc_label(d, id), f, 2);
	cell_line(c, line);
	free(line);
	free(v);
}

/* The rating against last month's: a triangle and a word. */
static void act_change(struct doc *d, const struct actor *a,
		       struct cell_out *c)
{
	int now, then;

	if (!a->prev) {
		c->text = doc_label(d, L_CHANGE_NEW);
		return;
	}
	now = rag_severity(a->r->rag);
	then = rag_severity(a->prev->rag);
	if (now == then) {
		c->text = doc_label(d, L_CHANGE_SAME);
		return;
	}
	c->swatch = true;
	c->swatch_shape = now < then ? SWATCH_UP : SWATCH_DOWN;
	c->swatch_color = doc_rag_rgb(d, now < then ? RAG_RED : RAG_GREEN);
	snprintf(c->buf, sizeof(c->buf), "%s (%s)",
		 doc_label(d, now < then ? L_CHANGE_WORSE : L_CHANGE_BETTER),
		 doc_rag_word(d, a->prev->rag));
	c->text = c->buf;
}

static void actor_cell(void *ctx, size_t row, size_t col, struct cell_out *c)
{
	const struct rows_ctx *k = ctx;
	struct doc *d = k->d;
	const struct actor *a = (const struct actor *)k->rows + row;

	switch (col) {
	case 0:
		c->text = a->r->key;
		c->face = PDF_BOLD;
		break;
	case 1: c->text = doc_agency_name(d, a->r->key); break;
	case 2: sec_rag(d, c, a->r->rag); break;
	case 3: act_what(d, a, c); break;
	case 4: act_since(d, a, c); break;
	case 5: act_change(d, a, c); break;
	case 6: c->text = doc_label(d, a->letter ? L_YES : L_NO); break;
	}
}

/* The verdict: the roadmap against plan, tasks red and overdue, reports
   owed. */
static void verdict(struct doc *d)
{
	const struct summary *s = d->in->sum;
	const struct rollup *o = &s->overall;
	char b[6][32];
	char *date = doc_date(d, s->as_of), *text;
	size_t owing = 0;
	struct style st = d->h2;
	struct layout *l = &d->lay;
	double top;

	for (size_t i = 0; i < s->ncompliance; i++)
		if (s->compliance[i].period == s->period &&
		    doc_owes_report(d->in, &s->compliance[i]))
			owing++;
	{
		struct fill f[] = {
			{ "date", date },
			{ "actual", doc_percent(d, o->actual, b[0]) },
			{ "planned", doc_percent(d, o->planned, b[1]) },
			{ "index", o->has_index ?
				   doc_number(d, o->schedule_index, 2, b[2]) :
				   doc_label(d, L_UNKNOWN) },
			{ "red", doc_count(d, o->counts[RAG_RED], b[3]) },
			{ "overdue", doc_count(d, o->overdue, b[4]) },
			{ "owing", doc_count(d, owing, b[5]) },
		};

		text = template_fill(doc_label(d, L_DECISION_VERDICT), f,
				     sizeof(f) / sizeof(*f));
	}
	st.face = PDF_REGULAR;
	/* a bar in the overall rating's colour beside the sentence */
	top = l->y;
	l->left += 10;
	lay_paragraph(l, &st, text, 0, ALIGN_LEFT);
	l->left -= 10;
	pdf_fill_rect(d->pdf, l->left, l->y + 2, 4, top - l->y - 2,
		      doc_rag_rgb(d, o->rag));
	free(text);
	free(date);
}

static void decision(struct doc *d, const struct section *sec)
{
	const struct summary *s = d->in->sum;
	const struct palette *pal = &d->in->tpl->palette;
	struct layout *l = &d->lay;
	const struct rollup **order = worst_first(s);
	struct actor *acts = xcalloc(s->nagencies + 1, sizeof(*acts));
	size_t n = 0, shown, cap = sec->max_rows > 0 ? (size_t)sec->max_rows :
					       DECISION_ROWS;
	char *p = doc_period(d, s->period), *date = doc_date(d, s->as_of);
	struct fill f[3] = { { "period", p }, { "date", date },
			     { "count", NULL } };
	char *a, *b, *line, cnt[32];
	struct style issuer = d->bold;
	struct table_col cols[] = {
		{ doc_label(d, L_COL_AGENCY), 9, ALIGN_LEFT, d->fit_code },
		{ "", 17, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_RATING), 13, ALIGN_LEFT, d->fit_rating },
		{ doc_label(d, L_COL_TO_DO), 22, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_SINCE), 18, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_CHANGE), 15, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_LETTER), 8, ALIGN_LEFT, NULL },
	};
	struct rows_ctx ctx = { d, acts };
	struct table t;

	for (size_t i = 0; i < s->nagencies; i++)
		if (must_act(d->in, order[i], &acts[n]))
			n++;
	free(order);

	/* the title block */
	lay_new_page(l);
	pdf_fill_rect(d->pdf, 0, l->height - 10, l->width, 10,
		      doc_rgb(pal->accent));
	issuer.color = doc_rgb(pal->accent);
	lay_paragraph(l, &issuer, doc_label(d, L_LETTER_ISSUER), 0,
		      ALIGN_LEFT);
	lay_skip(l, 4);
	pdf_bookmark(d->pdf, -1, doc_label(d, L_DOC_TITLE), l->y);
	lay_paragraph(l, &d->title, doc_label(d, L_DOC_TITLE), 0, ALIGN_LEFT);
	lay_skip(l, 4);
	a = template_fill(doc_label(d, L_COVER_PERIOD), f, 2);
	b = template_fill(doc_label(d, L_COVER_AS_OF), f, 2);
	line = xasprintf("%s  ·  %s", a, b);
	lay_paragraph(l, &d->bold, line, 0, ALIGN_LEFT);
	free(a);
	free(b);
	free(line);
	lay_skip(l, 6);
	pdf_line(d->pdf, l->left, l->y, l->left + lay_body_width(l), l->y, 0.8,
		 doc_rgb(pal->rule), 0);
	lay_skip(l, 10);

	verdict(d);

	/* who must act, worst first */
	lay_skip(l, 14);
	lay_heading(l, &d->h1, doc_label(d, L_DECISION_ACT), -1,
		    d->h1.size * 4);
	lay_skip(l, d->h1.size * 0.4);
	shown = n < cap ? n : cap;
	if (!n) {
		sec_note(d, doc_label(d, L_DECISION_NONE));
	} else {
		sec_table_init(d, &t, cols, sizeof(cols) / sizeof(*cols), shown,
			       actor_cell, &ctx);
		lay_table(l, &t);
	}
	if (n > shown) {
		f[2].value = doc_count(d, n - shown, cnt);
		line = template_fill(doc_label(d, L_DECISION_MORE), f, 3);
		lay_skip(l, 3);
		sec_note(d, line);
		free(line);
	}
	free(acts);
	free(p);
	free(date);
	/* what follows starts on a page of its own */
	l->y = l->bottom;
}

/* ---- key figures ---------------------------------------------------------------- */

static size_t expected_count(const struct summary *s, size_t *received)
{
	size_t n = 0;

	*received = 0;
	for (size_t i = 0; i < s->ncompliance; i++) {
		const struct compliance *c = &s->compliance[i];

		if (c->period != s->period || !c->expected)
			continue;
		n++;
		if (c->status == COMP_ON_TIME || c->status == COMP_LATE)
			(*received)++;
	}
	return n;
}

static void key_figures(struct doc *d, const struct section *sec)
{
	const struct summary *s = d->in->sum;
	const struct palette *pal = &d->in->tpl->palette;
	char v[6][32];
	const char *values[6];
	size_t expected, received;
	enum label_id labels[6] = { L_KF_ACTUAL, L_KF_PLANNED, L_KF_INDEX,
				    L_KF_TASKS, L_KF_OVERDUE, L_KF_SUBMISSIONS };
	struct rgb accents[6];
	int mark;

	sec_heading(d, sec, L_SEC_KEY_FIGURES, &mark);
	expected = expected_count(s, &received);
	doc_percent(d, s->overall.actual, v[0]);
	doc_percent(d, s->overall.planned, v[1]);
	if (s->overall.has_index)
		doc_number(d, s->overall.schedule_index, 2, v[2]);
	else
		snprintf(v[2], 32, "%s", doc_label(d, L_UNKNOWN));
	doc_count(d, s->overall.tasks, v[3]);
	doc_count(d, s->overall.overdue, v[4]);
	snprintf(v[5], 32, "%zu/%zu", received, expected);
	for (int i = 0; i < 6; i++) {
		values[i] = v[i];
		accents[i] = doc_rgb(pal->accent);
	}
	accents[0] = doc_rag_rgb(d, s->overall.rag);
	accents[4] = doc_rag_rgb(d, s->overall.overdue ? RAG_RED : RAG_GREEN);
	accents[5] = doc_rag_rgb(d, received < expected ? RAG_AMBER : RAG_GREEN);
	sec_cards(d, values, labels, accents, 6);
	lay_skip(&d->lay, 4);
	sec_rating_strip(d, &s->overall);
	lay_paragraph(&d->lay, &d->muted, doc_label(d, L_KF_INDEX_NOTE), 0,
		      ALIGN_LEFT);
}

/* ---- progress by pillar: bars with a planned marker ---------------------------- */

static void bar_axis(struct doc *d, double x0, double bw)
{
	struct layout *l = &d->lay;
	char buf[32];

	for (int p = 0; p <= 100; p += 25) {
		double x = x0 + bw * p / 100.0;

		pdf_line(d->pdf, x, l->y, x, l->y - 3, 0.5,
			 doc_rgb(d->in->tpl->palette.muted), 0);
		doc_percent_places(d, p, 0, buf);
		lay_text(l, &d->muted, buf, x - 20, l->y - 3 - d->muted.size,
			 40, ALIGN_CENTER);
	}
	l->y -= 3 + d->muted.size * 1.6;
}

static void pillars(struct doc *d, const struct section *sec)
{
	const struct summary *s = d->in->sum;
	const struct palette *pal = &d->in->tpl->palette;
	struct layout *l = &d->lay;
	double label_w = 150, value_w = 96, row = 24;
	double x0 = l->left + label_w, bw = lay_body_width(l) - label_w - value_w;
	int mark;

	sec_heading_keep(d, sec, L_SEC_PILLARS, &mark,
			 row * (double)s->npillars + 50);
	/* the legend */
	for (int k = 0; k < 3; k++)   /* the bar takes its rating's colour */
		pdf_fill_rect(d->pdf, x0 + 5 * k, l->y - 8, 5, 7,
			      doc_rag_rgb(d, RAG_GREEN + k));
	lay_text(l, &d->small, doc_label(d, L_LEGEND_ACTUAL), x0 + 18,
		 l->y - 7.5, 100, ALIGN_LEFT);
	pdf_line(d->pdf, x0 + 110, l->y - 10, x0 + 110, l->y, 2,
		 doc_rgb(pal->planned), 0);
	lay_text(l, &d->small, doc_label(d, L_LEGEND_PLANNED), x0 + 116,
		 l->y - 7.5, 100, ALIGN_LEFT);
	l->y -= 16;
	for (size_t i = 0; i < s->npillars; i++) {
		const struct rollup *r = &s->pillar_rollups[i];
		enum rag rag = r->rag;
		struct lines ls = { 0 };
		const char *name = doc_pillar_name(d, s->pillars[i]);
		char a[32], p[32], *val;
		double px, top = l->y, bh = 11;

		lay_wrap(l, &d->small, name, strlen(name), label_w - 8, &ls);
		lay_draw_lines(l, &d->small, name, &ls, 0, ls.n < 2 ? ls.n : 2,
			       l->left, top - (row - d->small.size * l->leading *
					       (double)(ls.n < 2 ? ls.n : 2)) / 2,
			       label_w - 8, ALIGN_LEFT);
		lines_release(&ls);
		pdf_fill_rect(d->pdf, x0, top - row / 2 - bh / 2, bw, bh,
			      doc_rgb(pal->bar_back));
		pdf_fill_rect(d->pdf, x0, top - row / 2 - bh / 2,
			      bw * fmin(fmax(r->actual, 0), 100) / 100, bh,
			      doc_rag_rgb(d, rag));
		px = x0 + bw * fmin(fmax(r->planned, 0), 100) / 100;
		pdf_line(d->pdf, px, top - row / 2 - bh / 2 - 3, px,
			 top - row / 2 + bh / 2 + 3, 2, doc_rgb(pal->planned), 0);
		val = xasprintf("%s / %s\n%s", doc_percent(d, r->actual, a),
				doc_percent(d, r->planned, p), doc_rag_word(d, rag));
		lay_wrap(l, &d->small, val, strlen(val), value_w - 6, &ls);
		lay_draw_lines(l, &d->small, val, &ls, 0, ls.n < 2 ? ls.n : 2,
			       x0 + bw + 6, top - (row - d->small.size * l->leading *
				(double)(ls.n < 2 ? ls.n : 2)) / 2, value_w - 6,
			       ALIGN_LEFT);
		lines_release(&ls);
		free(val);
		l->y -= row;
	}
	bar_axis(d, x0, bw);
}

/* ---- agencies ---------------------------------------------------------------- */

static void agency_cell(void *ctx, size_t row, size_t col, struct cell_out *c)
{
	const struct rows_ctx *k = ctx;
	struct doc *d = k->d;
	const struct summary *s = d->in->sum;
	const struct rollup *r = ((const struct rollup *const *)k->rows)[row];
	const struct compliance *cp = doc_comp(s, r->key);

	switch (col) {
	case 0:
		snprintf(c->buf, sizeof(c->buf), "%s", r->key);
		c->text = c->buf;
		c->face = PDF_BOLD;
		break;
	case 1: c->text = doc_agency_name(d, r->key); break;
	case 2: c->text = doc_count(d, r->tasks, c->buf); break;
	case 3: c->text = doc_percent(d, r->planned, c->buf); break;
	case 4: c->text = doc_percent(d, r->actual, c->buf); break;
	case 5:
		if (r->reported || r->tasks) {
			char n[32];

			doc_number(d, r->actual - r->planned, 1, n);
			snprintf(c->buf, sizeof(c->buf), "%s%s",
				 r->actual - r->planned > 0.05 ? "+" : "", n);
			c->text = c->buf;
		}
		break;
	case 6:
		c->text = r->has_index ? doc_number(d, r->schedule_index, 2, c->buf)
				       : doc_label(d, L_UNKNOWN);
		break;
	case 7: sec_rag(d, c, r->rag); break;
	case 8:
		c->text = doc_count(d, r->overdue, c->buf);
		if (r->overdue) {
			c->face = PDF_BOLD;
			c->has_color = true;
			c->color = doc_rag_rgb(d, RAG_RED);
		}
		break;
	case 9:
		if (cp) {
			c->text = doc_comp_word(d, cp->status);
			c->swatch = true;
			c->swatch_color = doc_comp_rgb(d, cp->status);
		} else {
			c->text = doc_label(d, L_UNKNOWN);
		}
		break;
	}
}

static void agencies(struct doc *d, const struct section *sec)
{
	struct table_col cols[] = {
		{ doc_label(d, L_COL_AGENCY), 10, ALIGN_LEFT, d->fit_code },
		{ "", 25, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_TASKS), 6, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_PLANNED), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_ACTUAL), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_VARIANCE), 9, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_INDEX), 7, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_RATING), 13, ALIGN_LEFT, d->fit_rating },
		{ doc_label(d, L_COL_OVERDUE), 7, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_SUBMISSION), 12, ALIGN_LEFT, LAY_FIT_CELLS },
	};
	struct table t;
	int mark;
	size_t n = d->in->sum->nagencies;
	const struct rollup **rows = worst_first(d->in->sum);
	struct rows_ctx ctx = { d, rows };

	if (sec->max_rows && (size_t)sec->max_rows < n)
		n = (size_t)sec->max_rows;
	sec_table_init(d, &t, cols, sizeof(cols) / sizeof(*cols), n,
		       agency_cell, &ctx);
	sec_heading_table(d, sec, L_SEC_AGENCIES, &mark, &t);
	lay_table(&d->lay, &t);
	free(rows);
}

static int cmp_behind(const void *x, const void *y)
{
	const struct task_figures *a = *(const struct task_figures *const *)x;
	const struct task_figures *b = *(const struct task_figures *const *)y;
	double va = a->actual - a->planned, vb = b->actual - b->planned;

	if (a->overdue != b->overdue)
		return a->overdue ? -1 : 1;
	if (va != vb)
		return va < vb ? -1 : 1;
	return a < b ? -1 : a > b;
}

static void red_tasks(struct doc *d, const struct section *sec)
{
	const struct summary *s = d->in->sum;
	const struct task_figures **rows = xcalloc(s->ntasks + 1, sizeof(*rows));
	size_t n = 0;
	int mark;

	for (size_t i = 0; i < s->ntasks; i++)
		if (s->tasks[i].rag == RAG_RED || s->tasks[i].overdue)
			rows[n++] = &s->tasks[i];
	qsort(rows, n, sizeof(*rows), cmp_behind);
	if (sec->max_rows && (size_t)sec->max_rows < n)
		n = (size_t)sec->max_rows;
	sec_heading_keep(d, sec, L_SEC_RED_TASKS, &mark, n ? d->h1.size * 0.4 +
			 sec_task_table_keep(d, TT_RED, rows, n) : d->h1.size * 4);
	if (!n)
		sec_note(d, doc_label(d, L_NONE_RED));
	else
		sec_task_table(d, TT_RED, rows, n);
	free(rows);
}

static void appendix(struct doc *d, const struct section *sec)
{
	const struct summary *s = d->in->sum;
	const struct task_figures **rows = xcalloc(s->ntasks + 1, sizeof(*rows));
	size_t n = s->ntasks;
	int mark;

	sec_heading(d, sec, L_SEC_APPENDIX, &mark);
	for (size_t i = 0; i < s->ntasks; i++)
		rows[i] = &s->tasks[i];
	if (sec->max_rows && (size_t)sec->max_rows < n)
		n = (size_t)sec->max_rows;
	sec_task_table(d, TT_APPENDIX, rows, n);
	free(rows);
}

static void trend(struct doc *d, const struct section *sec)
{
	int mark;

	sec_heading_keep(d, sec, L_SEC_TREND, &mark, TREND_HEIGHT + 10);
	sec_trend_of(d, -1);
}

/* ---- indicators ---------------------------------------------------------------- */

/* An indicator's unit in the document's language: unit_en in English
   when the reference file gives one, else the unit as written. */
static const char *unit_of(const struct doc *d, const struct indicator *ind)
{
	return d->in->lang == LANG_EN && ind->unit_en && *ind->unit_en ?
	       ind->unit_en : ind->unit;
}

static void value_unit(struct doc *d, double v, const char *unit,
		       struct cell_out *c)
{
	char n[32];

	int places = fabs(v - round(v)) < 1e-9 ? 0 : 1;

	/* a percent as every percent of the document */
	if (unit && strcmp(unit, "%") == 0)
		doc_percent_places(d, v, places, c->buf);
	else
		snprintf(c->buf, sizeof(c->buf), "%s %s",
			 doc_number(d, v, places, n), unit ? unit : "");
	c->text = c->buf;
}

static void indicator_cell(void *ctx, size_t row, size_t col,
			   struct cell_out *c)
{
	struct doc *d = ctx;
	const struct indicator_figures *f = &d->in->sum->indicators[row];
	const struct indicator *ind = f->indicator;
	char *date;

	switch (col) {
	case 0:
		c->text = d->in->lang == LANG_EN && ind->name_en && *ind->name_en ?
			  ind->name_en : ind->name_vi;
		break;
	case 1: c->text = ind->owner; break;
	case 2: value_unit(d, ind->baseline, unit_of(d, ind), c); break;
	case 3:
		value_unit(d, ind->target, unit_of(d, ind), c);
		date = doc_date(d, ind->target_date);
		snprintf(c->buf + strlen(c->buf), sizeof(c->buf) - strlen(c->buf),
			 "\n(%s)", date);
		free(date);
		break;
	case 4:
		if (f->reported)
			value_unit(d, f->value, unit_of(d, ind), c);
		else
			c->text = doc_label(d, L_RAG_GREY);
		break;
	case 5:
		c->text = f->has_progress ? doc_percent(d, f->progress, c->buf) :
			  doc_label(d, L_UNKNOWN);
		break;
	case 6: c->text = doc_percent(d, f->expected, c->buf); break;
	case 7:
		if (f->on_course < 0) {
			c->text = doc_label(d, L_UNKNOWN);
			return;
		}
		sec_rag(d, c, f->on_course ? RAG_GREEN : RAG_RED);
		c->text = doc_label(d, f->on_course ? L_YES : L_NO);
		break;
	}
}

static void indicators(struct doc *d, const struct section *sec)
{
	struct table_col cols[] = {
		{ doc_label(d, L_COL_INDICATOR), 30, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_LEAD), 7, ALIGN_LEFT, d->fit_code },
		{ doc_label(d, L_COL_BASELINE), 11, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_TARGET), 13, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_VALUE), 11, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_PROGRESS), 9, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_EXPECTED), 10, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_ON_COURSE), 9, ALIGN_LEFT, LAY_FIT_CELLS },
	};
	struct table t;
	int mark;

	sec_table_init(d, &t, cols, sizeof(cols) / sizeof(*cols),
		       d->in->sum->nindicators, indicator_cell, d);
	sec_heading_table(d, sec, L_SEC_INDICATORS, &mark, &t);
	lay_table(&d->lay, &t);
}

/* ---- compliance and validation ----------------------------------------------- */

struct comp_ctx {
	struct doc *d;
	const struct compliance **rows;
};

static void comp_cell(void *ctx, size_t row, size_t col, struct cell_out *c)
{
	struct comp_ctx *k = ctx;
	struct doc *d = k->d;
	const struct compliance *cp = k->rows[row];
	char *s;

	switch (col) {
	case 0: c->text = cp->agency; c->face = PDF_BOLD; break;
	case 1: c->text = doc_agency_name(d, cp->agency); break;
	case 2:
		c->text = doc_comp_word(d, cp->status);
		c->swatch = true;
		c->swatch_color = doc_comp_rgb(d, cp->status);
		break;
	case 3:
		if (cp->has_received) {
			s = doc_datetime(d, cp->received);
			sec_text(c, s);
			free(s);
		}
		break;
	case 4: c->text = doc_count(d, cp->files, c->buf); break;
	case 5: c->text = doc_count(d, cp->rows, c->buf); break;
	case 6: c->text = doc_count(d, cp->accepted, c->buf); break;
	case 7: c->text = doc_count(d, cp->rejected, c->buf); break;
	case 8: c->text = doc_count(d, cp->errors, c->buf); break;
	}
}

static void compliance(struct doc *d, const struct section *sec)
{
	const struct summary *s = d->in->sum;
	const struct compliance **rows = xcalloc(s->ncompliance + 1, sizeof(*rows));
	struct table_col cols[] = {
		{ doc_label(d, L_COL_AGENCY), 10, ALIGN_LEFT, d->fit_code },
		{ "", 26, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_SUBMISSION), 13, ALIGN_LEFT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_RECEIVED), 15, ALIGN_LEFT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_FILE), 6, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_ROWS), 7, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_ACCEPTED), 8, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_REJECTED), 8, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_ERRORS), 7, ALIGN_RIGHT, LAY_FIT_CELLS },
	};
	struct comp_ctx ctx = { d, rows };
	struct table t;
	size_t n = 0;
	int mark;

	for (size_t i = 0; i < s->ncompliance; i++)
		if (s->compliance[i].period == s->period)
			rows[n++] = &s->compliance[i];
	sec_table_init(d, &t, cols, sizeof(cols) / sizeof(*cols), n, comp_cell,
		       &ctx);
	sec_heading_table(d, sec, L_SEC_COMPLIANCE, &mark, &t);
	lay_table(&d->lay, &t);
	free(rows);
}

static void validation(struct doc *d, const struct section *sec)
{
	const struct file_totals *ft = &d->in->sum->totals;
	const struct doc_file **rows = xcalloc(d->in->nfiles + 1, sizeof(*rows));
	char b[7][32];
	struct fill f[] = {
		{ "files", doc_count(d, ft->files, b[0]) },
		{ "rows", doc_count(d, ft->rows, b[1]) },
		{ "accepted", doc_count(d, ft->accepted, b[2]) },
		{ "rejected", doc_count(d, ft->rejected, b[3]) },
		{ "errors", doc_count(d, ft->errors, b[4]) },
		{ "warnings", doc_count(d, ft->warnings, b[5]) },
	};
	char *s = template_fill(doc_label(d, L_TOTALS_LINE), f,
				sizeof(f) / sizeof(*f));
	int mark;

	sec_heading(d, sec, L_SEC_VALIDATION, &mark);
	sec_note(d, s);
	free(s);
	for (size_t i = 0; i < d->in->nfiles; i++)
		rows[i] = &d->in->files[i];
	if (d->in->nfiles)
		sec_files_table(d, rows, d->in->nfiles, true);
	else
		sec_note(d, doc_label(d, L_NONE_FILES));
	free(rows);
}

/* ---- the summary ---------------------------------------------------------------- */

int render_summary_pdf(const struct doc_input *in, FILE *f, char **err)
{
	struct doc d = { .in = in };
	char *period = doc_period(&d, in->sum->period);
	char *subject = xasprintf("%s, %s", doc_label(&d, L_DOC_SUBTITLE),
				  period);
	int rc = doc_open(&d, in, &in->tpl->report,
			  template_label(in->tpl, in->lang, L_DOC_TITLE),
			  subject, err);

	free(period);
	free(subject);
	if (rc < 0)
		return -1;
	doc_header_label(&d, L_HEADER_SUMMARY, NULL);
	for (size_t i = 0; i < in->tpl->nsections; i++) {
		const struct section *sec = &in->tpl->sections[i];

		switch (sec->kind) {
		case SEC_COVER: decision(&d, sec); break;
		case SEC_KEY_FIGURES: key_figures(&d, sec); break;
		case SEC_PILLARS: pillars(&d, sec); break;
		case SEC_AGENCIES: agencies(&d, sec); break;
		case SEC_RED_TASKS: red_tasks(&d, sec); break;
		case SEC_TREND: trend(&d, sec); break;
		case SEC_INDICATORS: indicators(&d, sec); break;
		case SEC_COMPLIANCE: compliance(&d, sec); break;
		case SEC_VALIDATION: validation(&d, sec); break;
		case SEC_APPENDIX: appendix(&d, sec); break;
		default: break;
		}
	}
	return doc_save(&d, f, doc_label(&d, L_PAGE_FMT), 0, false, err);
}
