/*
 * render_report: the Steering Committee's summary and the agency reports.
 *
 * Each section is a function drawing at the layout's cursor; the
 * template's section lists say which run and in what order. Tables are
 * described by a cell() callback over the summary's own arrays, so that
 * a 20,000-task appendix is drawn row by row without copies. Ratings are
 * always shown as a coloured swatch and a word, never colour alone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "render_report.h"
#include "xalloc.h"

/* ---- helpers ---------------------------------------------------------------- */

#define TREND_HEIGHT 190         /* points: the trend chart */

static void table_init(struct doc *d, struct table *t,
		       const struct table_col *cols, size_t ncols,
		       size_t nrows,
		       void (*cell)(void *, size_t, size_t, struct cell_out *),
		       void *ctx)
{
	const struct palette *pal = &d->in->tpl->palette;

	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncols = ncols;
	t->nrows = nrows;
	t->head = d->bold;
	t->head.size = d->ps->small;
	t->body = d->body;
	t->body.size = d->ps->small + 0.5;
	t->head_fill = doc_rgb(pal->head_fill);
	t->head_color = doc_rgb(pal->head_text);
	t->rule = doc_rgb(pal->rule);
	t->stripe = doc_rgb(pal->stripe);
	t->pad = 3;
	t->cell = cell;
	t->ctx = ctx;
}

static void set_text(struct cell_out *c, const char *s)
{
	snprintf(c->buf, sizeof(c->buf), "%s", s ? s : "");
	c->text = c->buf;
}

static void set_rag(struct doc *d, struct cell_out *c, enum rag r)
{
	c->text = doc_rag_word(d, r);
	c->swatch = true;
	c->swatch_color = doc_rag_rgb(d, r);
}

static void set_date(struct doc *d, struct cell_out *c, int32_t day)
{
	char *s = doc_date(d, day);

	set_text(c, s);
	free(s);
}

/* A section's heading, kept with the first keep points of what follows. */
static void heading_keep(struct doc *d, const struct section *sec,
			 enum label_id id, int *mark, double keep)
{
	if (sec->page_break && d->lay.page >= 0 &&
	    d->lay.y < d->lay.height - d->lay.top - 1)
		lay_new_page(&d->lay);
	else if (d->lay.page >= 0)
		lay_skip(&d->lay, d->h1.size);
	*mark = lay_heading(&d->lay, &d->h1, doc_label(d, id), -1, keep);
	lay_skip(&d->lay, d->h1.size * 0.4);
}

static void heading(struct doc *d, const struct section *sec,
		    enum label_id id, int *mark)
{
	heading_keep(d, sec, id, mark, d->h1.size * 4);
}

static void note(struct doc *d, const char *s)
{
	lay_paragraph(&d->lay, &d->body, s, 0, ALIGN_LEFT);
	lay_skip(&d->lay, d->body.size * 0.5);
}

/* ---- the cover ---------------------------------------------------------------- */

static void cover(struct doc *d)
{
	const struct palette *pal = &d->in->tpl->palette;
	struct layout *l = &d->lay;
	char *p = doc_period(d, d->in->sum->period);
	char *date = doc_date(d, d->in->sum->as_of);
	struct fill f[3] = { { "period", p }, { "date", date },
			     { "version", d->in->version } };
	enum label_id lines[] = { L_COVER_PERIOD, L_COVER_AS_OF, L_COVER_ISSUER };
	struct style sub = d->h2, issuer = d->bold;
	char *s;

	lay_new_page(l);
	pdf_fill_rect(d->pdf, 0, l->height - 28, l->width, 28,
		      doc_rgb(pal->accent));
	pdf_fill_rect(d->pdf, l->left, l->height * 0.42, 4, l->height * 0.3,
		      doc_rgb(pal->accent));
	issuer.color = doc_rgb(pal->accent);
	l->y = l->height * 0.72;
	lay_paragraph(l, &issuer, doc_label(d, L_LETTER_ISSUER), 14,
		      ALIGN_LEFT);
	lay_skip(l, 14);
	pdf_bookmark(d->pdf, -1, doc_label(d, L_DOC_TITLE), l->y);
	lay_paragraph(l, &d->title, doc_label(d, L_DOC_TITLE), 14, ALIGN_LEFT);
	lay_skip(l, 8);
	sub.face = PDF_REGULAR;
	lay_paragraph(l, &sub, doc_label(d, L_DOC_SUBTITLE), 14, ALIGN_LEFT);
	lay_skip(l, 24);
	lay_paragraph(l, &d->bold, doc_label(d, L_COVER_FOR), 14, ALIGN_LEFT);
	lay_skip(l, 6);
	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++) {
		s = template_fill(doc_label(d, lines[i]), f, 3);
		lay_paragraph(l, &d->body, s, 14, ALIGN_LEFT);
		free(s);
	}
	s = template_fill(doc_label(d, L_COVER_MADE), f, 3);
	lay_text(l, &d->muted, s, l->left, l->bottom + 10, lay_body_width(l),
		 ALIGN_LEFT);
	free(s);
	free(p);
	free(date);
	/* what follows starts on a page of its own */
	l->y = l->bottom;
}

/* ---- key figures ---------------------------------------------------------------- */

static void rating_strip(struct doc *d, const struct rollup *r)
{
	struct layout *l = &d->lay;
	double x = l->left, w = lay_body_width(l), h = 12, total = 0;
	char buf[32];

	for (int i = 0; i < RAG_COUNT; i++)
		total += (double)r->counts[i];
	lay_need(l, h + 3 * d->small.size * l->leading + 10);
	lay_paragraph(l, &d->bold, doc_label(d, L_KF_RATINGS), 0, ALIGN_LEFT);
	lay_skip(l, 4);
	if (total > 0)
		for (int i = 0; i < RAG_COUNT; i++) {
			double bw = w * (double)r->counts[i] / total;

			if (r->counts[i])
				pdf_fill_rect(d->pdf, x, l->y - h, bw, h,
					      doc_rag_rgb(d, i));
			x += bw;
		}
	l->y -= h + 6;
	/* the legend: swatch, word, count; never colour alone */
	x = l->left;
	for (int i = 0; i < RAG_COUNT; i++) {
		char *s;
		double tw;

		if (i == RAG_CANCELLED && !r->counts[i])
			continue;
		s = xasprintf("%s: %s", doc_rag_word(d, i),
			      doc_count(d, r->counts[i], buf));
		tw = pdf_text_width(d->pdf, PDF_REGULAR, d->small.size, s,
				    strlen(s));
		if (x + tw + 16 > l->left + w) {
			x = l->left;
			l->y -= d->small.size * l->leading;
		}
		pdf_fill_rect(d->pdf, x, l->y - d->small.size, 8, 8,
			      doc_rag_rgb(d, i));
		lay_text(l, &d->small, s, x + 11, l->y - d->small.size + 1,
			 tw + 2, ALIGN_LEFT);
		x += tw + 26;
		free(s);
	}
	l->y -= d->small.size * l->leading + 6;
}

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

static void cards(struct doc *d, const char *const *values,
		  const enum label_id *labels, const struct rgb *accents,
		  size_t n)
{
	struct layout *l = &d->lay;
	double gap = 8, w = (lay_body_width(l) - 2 * gap) / 3, h = 50;

	for (size_t i = 0; i < n; i += 3) {
		lay_need(l, h + gap);
		for (size_t j = i; j < n && j < i + 3; j++)
			doc_card(d, l->left + (double)(j - i) * (w + gap), l->y,
				 w, h, values[j], doc_label(d, labels[j]),
				 accents[j]);
		l->y -= h + gap;
	}
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

	heading(d, sec, L_SEC_KEY_FIGURES, &mark);
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
	cards(d, values, labels, accents, 6);
	lay_skip(&d->lay, 4);
	rating_strip(d, &s->overall);
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
		doc_number(d, p, 0, buf);
		strcat(buf, " %");
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

	heading_keep(d, sec, L_SEC_PILLARS, &mark,
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
	struct doc *d = ctx;
	const struct summary *s = d->in->sum;
	const struct rollup *r = &s->agencies[row];
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
	case 7: set_rag(d, c, r->rag); break;
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
		{ doc_label(d, L_COL_TASKS), 6, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_PLANNED), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_ACTUAL), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_VARIANCE), 9, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_INDEX), 7, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_RATING), 13, ALIGN_LEFT, d->fit_rating },
		{ doc_label(d, L_COL_OVERDUE), 7, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_SUBMISSION), 12, ALIGN_LEFT, NULL },
	};
	struct table t;
	int mark;
	size_t n = d->in->sum->nagencies;

	heading(d, sec, L_SEC_AGENCIES, &mark);
	if (sec->max_rows && (size_t)sec->max_rows < n)
		n = (size_t)sec->max_rows;
	table_init(d, &t, cols, sizeof(cols) / sizeof(*cols), n, agency_cell, d);
	lay_table(&d->lay, &t);
}

/* ---- task tables (red tasks, appendix, an agency's tasks) ----------------------- */

enum task_table { TT_RED, TT_APPENDIX, TT_AGENCY, TT_SUPPORTED };

struct tasks_ctx {
	struct doc *d;
	enum task_table kind;
	const struct task_figures **rows;
};

/*
 * A forecast miss is news only where the rating does not say it already:
 * a task rated red or overdue is late by its rating, one ahead of plan is
 * on track by the plan's own shape. So "trễ hạn" in red stands out only
 * for a task behind plan that its rating still calls on track or slightly
 * behind, by more than a month (or never, at its pace); other forecasts
 * are plain dates.
 */
#define MISS_MARGIN_DAYS 30       /* a miss of days is noise in a pace */

static bool miss_is_news(const struct task_figures *f)
{
	return f->misses_due == 1 && !f->overdue && f->reported &&
	       f->variance < 0.0 &&
	       (f->rag == RAG_GREEN || f->rag == RAG_AMBER) &&
	       (!f->has_forecast ||
		f->forecast_finish > f->task->due + MISS_MARGIN_DAYS);
}

static void forecast_text(struct doc *d, const struct task_figures *f,
			  struct cell_out *c)
{
	bool news = miss_is_news(f);

	if (f->rag == RAG_COMPLETED || f->rag == RAG_CANCELLED)
		return;
	if (f->has_forecast) {
		char *s = doc_date(d, f->forecast_finish);

		snprintf(c->buf, sizeof(c->buf), "%s%s%s", s,
			 news ? "\n" : "", news ? doc_label(d, L_MISSES_DUE) : "");
		free(s);
		c->text = c->buf;
	} else if (news) {
		c->text = doc_label(d, L_MISSES_DUE);
	} else {
		c->text = doc_label(d, L_UNKNOWN);
	}
	if (news) {
		c->has_color = true;
		c->color = doc_rag_rgb(d, RAG_RED);
	}
}

static void rating_text(struct doc *d, const struct task_figures *f,
			struct cell_out *c)
{
	set_rag(d, c, f->rag);
	if (f->overdue || f->stale) {
		snprintf(c->buf, sizeof(c->buf), "%s\n(%s)", doc_rag_word(d, f->rag),
			 f->overdue ? doc_label(d, L_COL_OVERDUE) :
			 doc_label(d, L_STALE));
		c->text = c->buf;
	}
}

static void task_cell(void *ctx, size_t row, size_t col, struct cell_out *c)
{
	struct tasks_ctx *k = ctx;
	struct doc *d = k->d;
	const struct task_figures *f = k->rows[row];
	const struct task *t = f->task;

	if (col == 0) {
		c->text = t->id;
		c->face = PDF_BOLD;
		return;
	}
	if (col == 1) {
		c->text = doc_task_title(d, t);
		return;
	}
	switch (k->kind) {
	case TT_RED:
		switch (col) {
		case 2: c->text = f->responsible; break;
		case 3: c->text = doc_percent(d, f->planned, c->buf); break;
		case 4:
			c->text = f->reported ? doc_percent(d, f->actual, c->buf) :
				  doc_label(d, L_UNKNOWN);
			break;
		case 5: set_date(d, c, t->due); break;
		case 6: rating_text(d, f, c); break;
		case 7: c->text = f->difficulties; break;
		case 8: c->text = f->proposals; break;
		}
		break;
	case TT_APPENDIX:
	case TT_AGENCY:
		if (k->kind == TT_APPENDIX && col == 2) {
			c->text = f->responsible;
			return;
		}
		if (k->kind == TT_APPENDIX)
			col--;
		switch (col) {
		case 2: set_date(d, c, t->due); break;
		case 3: c->text = doc_percent(d, f->planned, c->buf); break;
		case 4:
			c->text = f->reported ? doc_percent(d, f->actual, c->buf)
					      : doc_label(d, L_UNKNOWN);
			break;
		case 5: rating_text(d, f, c); break;
		case 6:
			c->text = f->reported ? doc_status_word(d, f->status)
					      : doc_label(d, L_UNKNOWN);
			break;
		case 7: forecast_text(d, f, c); break;
		}
		break;
	case TT_SUPPORTED:
		switch (col) {
		case 2: c->text = f->responsible; break;
		case 3:
			c->text = f->reported ? doc_percent(d, f->actual, c->buf)
					      : doc_label(d, L_UNKNOWN);
			break;
		case 4: set_rag(d, c, f->rag); break;
		}
		break;
	}
}

static void task_table(struct doc *d, enum task_table kind,
		       const struct task_figures **rows, size_t n)
{
	struct table_col red[] = {
		{ doc_label(d, L_COL_TASK), 15, ALIGN_LEFT, d->fit_id },
		{ doc_label(d, L_COL_TITLE), 22, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_LEAD), 9, ALIGN_LEFT, d->fit_code },
		{ doc_label(d, L_COL_PLANNED), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_ACTUAL), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_DUE), 11, ALIGN_LEFT, d->fit_date },
		{ doc_label(d, L_COL_RATING), 11, ALIGN_LEFT, d->fit_rating },
		{ doc_label(d, L_COL_DIFFICULTIES), 18, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_PROPOSALS), 18, ALIGN_LEFT, NULL },
	};
	struct table_col appendix[] = {
		{ doc_label(d, L_COL_TASK), 15, ALIGN_LEFT, d->fit_id },
		{ doc_label(d, L_COL_TITLE), 28, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_LEAD), 9, ALIGN_LEFT, d->fit_code },
		{ doc_label(d, L_COL_DUE), 11, ALIGN_LEFT, d->fit_date },
		{ doc_label(d, L_COL_PLANNED), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_ACTUAL), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_RATING), 12, ALIGN_LEFT, d->fit_rating },
		{ doc_label(d, L_COL_STATUS), 11, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_FORECAST), 12, ALIGN_LEFT, d->fit_date },
	};
	struct table_col supported[] = {
		{ doc_label(d, L_COL_TASK), 15, ALIGN_LEFT, d->fit_id },
		{ doc_label(d, L_COL_TITLE), 47, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_LEAD), 10, ALIGN_LEFT, d->fit_code },
		{ doc_label(d, L_COL_ACTUAL), 10, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_RATING), 14, ALIGN_LEFT, d->fit_rating },
	};
	struct table_col own[8];
	struct tasks_ctx ctx = { d, kind, rows };
	struct table t;

	if (kind == TT_RED)
		table_init(d, &t, red, 9, n, task_cell, &ctx);
	else if (kind == TT_APPENDIX)
		table_init(d, &t, appendix, 9, n, task_cell, &ctx);
	else if (kind == TT_AGENCY) {
		/* the appendix's columns without the lead */
		own[0] = appendix[0];
		own[1] = appendix[1];
		own[1].width += appendix[2].width;
		memcpy(own + 2, appendix + 3, 6 * sizeof(*own));
		table_init(d, &t, own, 8, n, task_cell, &ctx);
	} else {
		table_init(d, &t, supported, 5, n, task_cell, &ctx);
	}
	lay_table(&d->lay, &t);
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

	heading(d, sec, L_SEC_RED_TASKS, &mark);
	for (size_t i = 0; i < s->ntasks; i++)
		if (s->tasks[i].rag == RAG_RED || s->tasks[i].overdue)
			rows[n++] = &s->tasks[i];
	qsort(rows, n, sizeof(*rows), cmp_behind);
	if (sec->max_rows && (size_t)sec->max_rows < n)
		n = (size_t)sec->max_rows;
	if (!n)
		note(d, doc_label(d, L_NONE_RED));
	else
		task_table(d, TT_RED, rows, n);
	free(rows);
}

static void appendix(struct doc *d, const struct section *sec)
{
	const struct summary *s = d->in->sum;
	const struct task_figures **rows = xcalloc(s->ntasks + 1, sizeof(*rows));
	size_t n = s->ntasks;
	int mark;

	heading(d, sec, L_SEC_APPENDIX, &mark);
	for (size_t i = 0; i < s->ntasks; i++)
		rows[i] = &s->tasks[i];
	if (sec->max_rows && (size_t)sec->max_rows < n)
		n = (size_t)sec->max_rows;
	task_table(d, TT_APPENDIX, rows, n);
	free(rows);
}

/* ---- trend ---------------------------------------------------------------- */

struct trend_ctx {
	struct doc *d;
	const struct rollup *const *points;
	const int *periods;
};

static void trend_cell(void *ctx, size_t row, size_t col, struct cell_out *c)
{
	struct trend_ctx *k = ctx;
	struct doc *d = k->d;
	const struct rollup *r = k->points[row];

	switch (col) {
	case 0: {
		char *p = doc_period(d, k->periods[row]);

		set_text(c, p);
		free(p);
		break;
	}
	case 1: c->text = doc_percent(d, r->planned, c->buf); break;
	case 2: c->text = doc_percent(d, r->actual, c->buf); break;
	case 3:
		c->text = r->has_index ? doc_number(d, r->schedule_index, 2, c->buf)
				       : doc_label(d, L_UNKNOWN);
		break;
	case 4: c->text = doc_count(d, r->counts[RAG_RED], c->buf); break;
	case 5: c->text = doc_count(d, r->overdue, c->buf); break;
	}
}

/* Chart and table of one roll-up over the trend (agency ai, or overall). */
static void trend_of(struct doc *d, int ai)
{
	const struct summary *s = d->in->sum;
	size_t n = s->ntrend;
	int *periods = xcalloc(n + 1, sizeof(*periods));
	double *planned = xcalloc(n + 1, sizeof(*planned));
	double *actual = xcalloc(n + 1, sizeof(*actual));
	bool *has = xcalloc(n + 1, sizeof(*has));
	const struct rollup **points = xcalloc(n + 1, sizeof(*points));
	static const struct rollup empty;
	struct table_col cols[] = {
		{ doc_label(d, L_COL_MONTH), 16, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_PLANNED), 12, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_ACTUAL), 12, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_INDEX), 10, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_RAG_RED), 10, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_OVERDUE), 10, ALIGN_RIGHT, NULL },
	};
	struct trend_ctx ctx = { d, points, periods };
	struct table t;

	for (size_t i = 0; i < n; i++) {
		const struct trend_point *tp = &s->trend[i];
		const struct rollup *r = ai < 0 ? &tp->overall :
			(size_t)ai < tp->nagencies ? &tp->agencies[ai] : &empty;

		periods[i] = tp->period ? tp->period : s->period - (int)(n - 1 - i);
		planned[i] = r->planned;
		actual[i] = r->actual;
		has[i] = r->tasks > 0;
		points[i] = r;
	}
	doc_trend_chart(d, periods, planned, actual, has, n, TREND_HEIGHT);
	lay_skip(&d->lay, 8);
	table_init(d, &t, cols, sizeof(cols) / sizeof(*cols), n, trend_cell,
		   &ctx);
	lay_table(&d->lay, &t);
	free(periods);
	free(planned);
	free(actual);
	free(has);
	free(points);
}

static void trend(struct doc *d, const struct section *sec)
{
	int mark;

	heading_keep(d, sec, L_SEC_TREND, &mark, TREND_HEIGHT + 10);
	trend_of(d, -1);
}

/* ---- indicators ---------------------------------------------------------------- */

static void value_unit(struct doc *d, double v, const char *unit,
		       struct cell_out *c)
{
	char n[32];

	doc_number(d, v, fabs(v - round(v)) < 1e-9 ? 0 : 1, n);
	snprintf(c->buf, sizeof(c->buf), "%s %s", n, unit ? unit : "");
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
	case 2: value_unit(d, ind->baseline, ind->unit, c); break;
	case 3:
		value_unit(d, ind->target, ind->unit, c);
		date = doc_date(d, ind->target_date);
		snprintf(c->buf + strlen(c->buf), sizeof(c->buf) - strlen(c->buf),
			 "\n(%s)", date);
		free(date);
		break;
	case 4:
		if (f->reported)
			value_unit(d, f->value, ind->unit, c);
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
		set_rag(d, c, f->on_course ? RAG_GREEN : RAG_RED);
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
		{ doc_label(d, L_COL_PROGRESS), 9, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_EXPECTED), 10, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_ON_COURSE), 9, ALIGN_LEFT, NULL },
	};
	struct table t;
	int mark;

	heading(d, sec, L_SEC_INDICATORS, &mark);
	table_init(d, &t, cols, sizeof(cols) / sizeof(*cols),
		   d->in->sum->nindicators, indicator_cell, d);
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
			set_text(c, s);
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
		{ doc_label(d, L_COL_SUBMISSION), 13, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_RECEIVED), 15, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_FILE), 6, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_ROWS), 7, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_ACCEPTED), 8, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_REJECTED), 8, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_ERRORS), 7, ALIGN_RIGHT, NULL },
	};
	struct comp_ctx ctx = { d, rows };
	struct table t;
	size_t n = 0;
	int mark;

	heading(d, sec, L_SEC_COMPLIANCE, &mark);
	for (size_t i = 0; i < s->ncompliance; i++)
		if (s->compliance[i].period == s->period)
			rows[n++] = &s->compliance[i];
	table_init(d, &t, cols, sizeof(cols) / sizeof(*cols), n, comp_cell,
		   &ctx);
	lay_table(&d->lay, &t);
	free(rows);
}

struct files_ctx {
	struct doc *d;
	const struct doc_file **rows;
	bool agency_column;
};

static void file_cell(void *ctx, size_t row, size_t col, struct cell_out *c)
{
	struct files_ctx *k = ctx;
	struct doc *d = k->d;
	const struct doc_file *f = k->rows[row];
	const unsigned long v[] = { f->stats.rows, f->stats.accepted,
				    f->stats.rejected, f->stats.errors,
				    f->stats.warnings };
	char *s;

	if (col == 0) {
		c->text = f->name;
		return;
	}
	if (col == 1) {
		if (k->agency_column) {
			c->text = f->agency ? f->agency : doc_label(d, L_UNKNOWN);
		} else {
			s = doc_datetime(d, f->received);
			set_text(c, s);
			free(s);
		}
		return;
	}
	c->text = doc_count(d, v[col - 2], c->buf);
	if (col >= 4 && v[col - 2] && col == 5) {
		c->face = PDF_BOLD;
		c->has_color = true;
		c->color = doc_rag_rgb(d, RAG_RED);
	}
}

static void files_table(struct doc *d, const struct doc_file **rows,
			size_t n, bool agency_column)
{
	struct table_col cols[] = {
		{ doc_label(d, L_COL_FILE), 36, ALIGN_LEFT, NULL },
		{ doc_label(d, agency_column ? L_COL_AGENCY : L_COL_RECEIVED),
		  agency_column ? 9 : 16, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_ROWS), 8, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_ACCEPTED), 8, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_REJECTED), 8, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_ERRORS), 7, ALIGN_RIGHT, NULL },
		{ doc_label(d, L_COL_WARNINGS), 8, ALIGN_RIGHT, NULL },
	};
	struct files_ctx ctx = { d, rows, agency_column };
	struct table t;

	table_init(d, &t, cols, sizeof(cols) / sizeof(*cols), n, file_cell,
		   &ctx);
	lay_table(&d->lay, &t);
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

	heading(d, sec, L_SEC_VALIDATION, &mark);
	note(d, s);
	free(s);
	for (size_t i = 0; i < d->in->nfiles; i++)
		rows[i] = &d->in->files[i];
	if (d->in->nfiles)
		files_table(d, rows, d->in->nfiles, true);
	else
		note(d, doc_label(d, L_NONE_FILES));
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
	for (size_t i = 0; i < in->tpl->nsections; i++) {
		const struct section *sec = &in->tpl->sections[i];

		switch (sec->kind) {
		case SEC_COVER: cover(&d); break;
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

/* ---- an agency's report ---------------------------------------------------------- */

struct agency_doc {
	struct doc *d;
	const char *code;
	int ai;                      /* in agencies.csv */
	const struct rollup *r;      /* its roll-up, or NULL */
};

static void agency_header(struct agency_doc *a)
{
	struct doc *d = a->d;
	struct layout *l = &d->lay;
	char *p = doc_period(d, d->in->sum->period);
	char *date = doc_date(d, d->in->sum->as_of);
	char *name = xasprintf("%s (%s)", doc_agency_name(d, a->code), a->code);
	struct fill f[] = { { "agency", name }, { "period", p }, { "date", date } };
	char *title = template_fill(doc_label(d, L_AGENCY_TITLE), f, 3);
	char *line1 = template_fill(doc_label(d, L_COVER_PERIOD), f, 3);
	char *line2 = template_fill(doc_label(d, L_COVER_AS_OF), f, 3);
	char *both = xasprintf("%s · %s", line1, line2);

	lay_new_page(l);
	pdf_fill_rect(d->pdf, 0, l->height - 10, l->width, 10,
		      doc_rgb(d->in->tpl->palette.accent));
	lay_paragraph(l, &d->muted, doc_label(d, L_DOC_TITLE), 0, ALIGN_LEFT);
	lay_skip(l, 4);
	pdf_bookmark(d->pdf, -1, title, l->y + d->title.size);
	{
		struct style t = d->title;

		t.size = d->ps->h1 * 1.35;
		lay_paragraph(l, &t, title, 0, ALIGN_LEFT);
	}
	lay_paragraph(l, &d->body, both, 0, ALIGN_LEFT);
	lay_skip(l, 4);
	free(p);
	free(date);
	free(name);
	free(title);
	free(line1);
	free(line2);
	free(both);
}

static void agency_summary(struct agency_doc *a, const struct section *sec)
{
	struct doc *d = a->d;
	const struct palette *pal = &d->in->tpl->palette;
	const struct compliance *cp = doc_comp(d->in->sum, a->code);
	static const struct rollup none;
	const struct rollup *r = a->r ? a->r : &none;
	char v[6][32];
	const char *values[6];
	enum label_id labels[6] = { L_KF_ACTUAL, L_KF_PLANNED, L_KF_INDEX,
				    L_KF_TASKS, L_KF_OVERDUE, L_COL_SUBMISSION };
	struct rgb accents[6];
	int mark;

	heading(d, sec, L_SEC_AGENCY_SUMMARY, &mark);
	doc_percent(d, r->actual, v[0]);
	doc_percent(d, r->planned, v[1]);
	if (r->has_index)
		doc_number(d, r->schedule_index, 2, v[2]);
	else
		snprintf(v[2], 32, "%s", doc_label(d, L_UNKNOWN));
	doc_count(d, r->tasks, v[3]);
	doc_count(d, r->overdue, v[4]);
	snprintf(v[5], 32, "%s", cp ? doc_comp_word(d, cp->status) :
		 doc_label(d, L_UNKNOWN));
	for (int i = 0; i < 6; i++) {
		values[i] = v[i];
		accents[i] = doc_rgb(pal->accent);
	}
	accents[0] = doc_rag_rgb(d, r->rag);
	accents[4] = doc_rag_rgb(d, r->overdue ? RAG_RED : RAG_GREEN);
	if (cp)
		accents[5] = doc_comp_rgb(d, cp->status);
	cards(d, values, labels, accents, 6);
	if (r->tasks)
		rating_strip(d, r);
}

static void agency_tasks(struct agency_doc *a, const struct section *sec)
{
	struct doc *d = a->d;
	const struct summary *s = d->in->sum;
	const struct task_figures **rows = xcalloc(s->ntasks + 1, sizeof(*rows));
	size_t n = 0, ns = 0;
	int mark;

	heading(d, sec, L_SEC_AGENCY_TASKS, &mark);
	for (size_t i = 0; i < s->ntasks; i++)
		if (s->tasks[i].responsible &&
		    strcmp(s->tasks[i].responsible, a->code) == 0)
			rows[n++] = &s->tasks[i];
	if (n)
		task_table(d, TT_AGENCY, rows, n);
	else
		note(d, doc_label(d, L_UNKNOWN));
	/* what the agency wrote about each task */
	for (size_t i = 0; i < n; i++) {
		const struct task_figures *f = rows[i];
		char *s1;

		if (!f->difficulties && !f->proposals)
			continue;
		lay_skip(&d->lay, 4);
		lay_need(&d->lay, 3 * lay_line_height(&d->lay, &d->body));
		s1 = xasprintf("%s. %s", f->task->id, doc_task_title(d, f->task));
		lay_paragraph(&d->lay, &d->bold, s1, 0, ALIGN_LEFT);
		free(s1);
		if (f->difficulties) {
			s1 = xasprintf("%s: %s", doc_label(d, L_COL_DIFFICULTIES),
				       f->difficulties);
			lay_paragraph(&d->lay, &d->body, s1, 10, ALIGN_LEFT);
			free(s1);
		}
		if (f->proposals) {
			s1 = xasprintf("%s: %s", doc_label(d, L_COL_PROPOSALS),
				       f->proposals);
			lay_paragraph(&d->lay, &d->body, s1, 10, ALIGN_LEFT);
			free(s1);
		}
	}
	/* the tasks it supports */
	for (size_t i = 0; i < s->ntasks; i++) {
		const struct task *t = s->tasks[i].task;

		if (s->tasks[i].responsible &&
		    strcmp(s->tasks[i].responsible, a->code) == 0)
			continue;
		for (size_t k = 0; k < t->nsupport; k++)
			if (strcmp(t->support[k], a->code) == 0) {
				rows[ns++] = &s->tasks[i];
				break;
			}
	}
	if (ns) {
		lay_skip(&d->lay, 8);
		lay_heading(&d->lay, &d->h2, doc_label(d, L_SUPPORTING), -1,
			    d->h2.size * 4);
		lay_skip(&d->lay, 3);
		task_table(d, TT_SUPPORTED, rows, ns);
	}
	free(rows);
}

static void agency_trajectory(struct agency_doc *a, const struct section *sec)
{
	int mark;

	heading_keep(a->d, sec, L_SEC_AGENCY_TRAJECTORY, &mark,
		     TREND_HEIGHT + 10);
	trend_of(a->d, a->ai);
}

static size_t agency_files(struct agency_doc *a, const struct doc_file **rows)
{
	size_t n = 0;

	for (size_t i = 0; i < a->d->in->nfiles; i++) {
		const struct doc_file *f = &a->d->in->files[i];

		if (f->agency && strcmp(f->agency, a->code) == 0)
			rows[n++] = f;
	}
	return n;
}

static void agency_submission(struct agency_doc *a, const struct section *sec)
{
	struct doc *d = a->d;
	const struct doc_file **rows = xcalloc(d->in->nfiles + 1, sizeof(*rows));
	const struct compliance *cp = doc_comp(d->in->sum, a->code);
	size_t n = agency_files(a, rows);
	int mark;

	heading(d, sec, L_SEC_AGENCY_SUBMISSION, &mark);
	if (cp) {
		char *s = xasprintf("%s: %s", doc_label(d, L_COL_SUBMISSION),
				    doc_comp_word(d, cp->status));

		note(d, s);
		free(s);
	}
	if (n)
		files_table(d, rows, n, false);
	else
		note(d, doc_label(d, L_NONE_FILES));
	free(rows);
}

struct problems_ctx {
	struct doc *d;
	const struct doc_file **files;
	const struct doc_problem **rows;
};

static void problem_cell(void *ctx, size_t row, size_t col,
			 struct cell_out *c)
{
	struct problems_ctx *k = ctx;
	const struct doc_problem *p = k->rows[row];

	switch (col) {
	case 0: c->text = k->files[row]->name; break;
	case 1:
		if (p->line)
			snprintf(c->buf, sizeof(c->buf), "%lu:%lu", p->line, p->col);
		c->text = c->buf;
		break;
	case 2:
		c->text = p->code;
		c->has_color = true;
		c->color = doc_rag_rgb(k->d, p->error ? RAG_RED : RAG_AMBER);
		break;
	case 3: c->text = p->message; break;
	}
}

static void agency_errors(struct agency_doc *a, const struct section *sec)
{
	struct doc *d = a->d;
	const struct doc_file **files = xcalloc(d->in->nfiles + 1, sizeof(*files));
	size_t nf = agency_files(a, files), n = 0, cap = 0;
	const struct doc_file **owner = NULL;
	const struct doc_problem **rows = NULL;
	unsigned long more = 0;
	struct table_col cols[] = {
		{ doc_label(d, L_COL_FILE), 22, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_PLACE), 9, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_CODE), 15, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_MESSAGE), 54, ALIGN_LEFT, NULL },
	};
	int mark;

	heading(d, sec, L_SEC_AGENCY_ERRORS, &mark);
	for (size_t i = 0; i < nf; i++) {
		more += files[i]->more;
		for (size_t j = 0; j < files[i]->nproblems; j++) {
			if (sec->max_rows && n >= (size_t)sec->max_rows) {
				more++;
				continue;
			}
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				rows = xreallocarray(rows, cap, sizeof(*rows));
				owner = xreallocarray(owner, cap, sizeof(*owner));
			}
			owner[n] = files[i];
			rows[n++] = &files[i]->problems[j];
		}
	}
	if (n) {
		struct problems_ctx ctx = { d, owner, rows };
		struct table t;

		table_init(d, &t, cols, 4, n, problem_cell, &ctx);
		lay_table(&d->lay, &t);
	} else {
		note(d, doc_label(d, L_NONE_ERRORS));
	}
	if (more) {
		char cnt[32], ym[8];
		struct fill f[] = { { "count", doc_count(d, more, cnt) },
				    { "period", ym_format(d->in->sum->period, ym) } };
		char *s = template_fill(doc_label(d, L_MORE_ERRORS), f, 2);

		lay_skip(&d->lay, 4);
		note(d, s);
		free(s);
	}
	free(rows);
	free(owner);
	free(files);
}

int render_agency_pdf(const struct doc_input *in, const char *code, FILE *f,
		      char **err)
{
	struct doc d;
	struct agency_doc a = { &d, code, -1, NULL };
	char *name, *title;
	int rc;

	for (size_t i = 0; i < in->rm->nagencies; i++)
		if (strcmp(in->rm->agencies[i].code, code) == 0)
			a.ai = (int)i;
	for (size_t i = 0; i < in->sum->nagencies; i++)
		if (strcmp(in->sum->agencies[i].key, code) == 0)
			a.r = &in->sum->agencies[i];
	{
		const struct agency *ag = roadmap_agency(in->rm, code);
		struct fill fl[1];

		name = xasprintf("%s (%s)", ag ? (in->lang == LANG_EN &&
			ag->name_en && *ag->name_en ? ag->name_en : ag->name_vi)
			: code, code);
		fl[0].name = "agency";
		fl[0].value = name;
		title = template_fill(template_label(in->tpl, in->lang,
						     L_AGENCY_TITLE), fl, 1);
	}
	rc = doc_open(&d, in, &in->tpl->report, title,
		      template_label(in->tpl, in->lang, L_DOC_SUBTITLE), err);
	free(name);
	free(title);
	if (rc < 0)
		return -1;
	agency_header(&a);
	for (size_t i = 0; i < in->tpl->nagency_sections; i++) {
		const struct section *sec = &in->tpl->agency_sections[i];

		switch (sec->kind) {
		case SEC_AGENCY_SUMMARY: agency_summary(&a, sec); break;
		case SEC_AGENCY_TASKS: agency_tasks(&a, sec); break;
		case SEC_AGENCY_TRAJECTORY: agency_trajectory(&a, sec); break;
		case SEC_AGENCY_SUBMISSION: agency_submission(&a, sec); break;
		case SEC_AGENCY_ERRORS: agency_errors(&a, sec); break;
		default: break;
		}
	}
	return doc_save(&d, f, doc_label(&d, L_PAGE_FMT), 0, false, err);
}
