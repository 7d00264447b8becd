/*
 * render_section: the pieces the summary's and the agency reports'
 * sections are built of.
 *
 * A table bound to the template's styles, the cell setters that put a
 * rating's swatch and word or a date in a cell, a section's heading kept
 * with what follows, the rating strip and the key-figure cards, the task
 * tables (red tasks, appendix, an agency's own and supported tasks), the
 * trend of one roll-up, and the table of files received. Each draws at
 * the layout's cursor.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "render_section.h"
#include "xalloc.h"

/* ---- helpers ---------------------------------------------------------------- */

void sec_table_init(struct doc *d, struct table *t,
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
	/* header and cells at the template's small size (9 pt: stacked
	 * accents such as "ễ ệ ử" stay legible on paper) */
	t->head = d->bold;
	t->head.size = d->ps->small;
	t->body = d->body;
	t->body.size = d->ps->small;
	t->head_fill = doc_rgb(pal->head_fill);
	t->head_color = doc_rgb(pal->head_text);
	t->rule = doc_rgb(pal->rule);
	t->stripe = doc_rgb(pal->stripe);
	t->pad = 2.5;
	t->cell = cell;
	t->ctx = ctx;
}

void sec_text(struct cell_out *c, const char *s)
{
	snprintf(c->buf, sizeof(c->buf), "%s", s ? s : "");
	c->text = c->buf;
}

void sec_rag(struct doc *d, struct cell_out *c, enum rag r)
{
	c->text = doc_rag_word(d, r);
	c->swatch = true;
	c->swatch_color = doc_rag_rgb(d, r);
}

void sec_date(struct doc *d, struct cell_out *c, int32_t day)
{
	char *s = doc_date(d, day);

	sec_text(c, s);
	free(s);
}

/* A section's heading, kept with the first keep points of what follows. */
void sec_heading_keep(struct doc *d, const struct section *sec,
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

void sec_heading(struct doc *d, const struct section *sec,
		 enum label_id id, int *mark)
{
	sec_heading_keep(d, sec, id, mark, d->h1.size * 4);
}

void sec_heading_table(struct doc *d, const struct section *sec,
		       enum label_id id, int *mark, const struct table *t)
{
	sec_heading_keep(d, sec, id, mark,
			 lay_table_keep(&d->lay, t) + d->h1.size * 0.4);
}

void sec_note(struct doc *d, const char *s)
{
	lay_paragraph(&d->lay, &d->body, s, 0, ALIGN_LEFT);
	lay_skip(&d->lay, d->body.size * 0.5);
}


/* ---- the rating strip and cards ----------------------------------------------- */

void sec_rating_strip(struct doc *d, const struct rollup *r)
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


void sec_cards(struct doc *d, const char *const *values,
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


/* ---- task tables (red tasks, appendix, an agency's tasks) ----------------------- */

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
	sec_rag(d, c, f->rag);
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
		case 5: sec_date(d, c, t->due); break;
		case 6: rating_text(d, f, c); break;
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
		case 2: sec_date(d, c, t->due); break;
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
		case 4: sec_rag(d, c, f->rag); break;
		}
		break;
	}
}

/*
 * The cells of a table whose titles go under the rows (the appendix, an
 * agency's tasks): task_cell()'s columns with the title's left out.
 */
static void untitled_cell(void *ctx, size_t row, size_t col,
			  struct cell_out *c)
{
	task_cell(ctx, row, col ? col + 1 : 0, c);
}

/*
 * What goes under a task's row: the title where it has no column, what
 * the agency wrote about a red task; NULL if nothing.
 */
static char *task_detail(void *ctx, size_t row)
{
	struct tasks_ctx *k = ctx;
	const struct task_figures *f = k->rows[row];
	const char *dif = f->difficulties, *pro = f->proposals;

	if (k->kind == TT_APPENDIX || k->kind == TT_AGENCY)
		return xstrdup(doc_task_title(k->d, f->task));
	if (!dif && !pro)
		return NULL;
	return xasprintf("%s%s%s%s%s%s%s",
			 dif ? doc_label(k->d, L_COL_DIFFICULTIES) : "",
			 dif ? ": " : "", dif ? dif : "", dif && pro ? "\n" : "",
			 pro ? doc_label(k->d, L_COL_PROPOSALS) : "",
			 pro ? ": " : "", pro ? pro : "");
}

/* Draw the task table, or with keep, only measure its start into it. */
static void task_table(struct doc *d, enum task_table kind,
		       const struct task_figures **rows, size_t n,
		       double *keep)
{
	struct table_col red[] = {
		{ doc_label(d, L_COL_TASK), 15, ALIGN_LEFT, d->fit_id },
		{ doc_label(d, L_COL_TITLE), 22, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_LEAD), 9, ALIGN_LEFT, d->fit_code },
		{ doc_label(d, L_COL_PLANNED), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_ACTUAL), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_DUE), 11, ALIGN_LEFT, d->fit_date },
		{ doc_label(d, L_COL_RATING), 11, ALIGN_LEFT, d->fit_rating },
	};
	/* every column a figure or a short word on one line, the title on
	 * the lines under them: nine columns at 9 pt do not leave a title
	 * column room for more than a word a line on A4 */
	struct table_col appendix[] = {
		{ doc_label(d, L_COL_TASK), 15, ALIGN_LEFT, d->fit_id },
		{ doc_label(d, L_COL_LEAD), 9, ALIGN_LEFT, d->fit_code },
		{ doc_label(d, L_COL_DUE), 11, ALIGN_LEFT, d->fit_date },
		{ doc_label(d, L_COL_PLANNED), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_ACTUAL), 9, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_RATING), 12, ALIGN_LEFT, d->fit_rating },
		{ doc_label(d, L_COL_STATUS), 11, ALIGN_LEFT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_FORECAST), 12, ALIGN_LEFT, d->fit_date },
	};
	struct table_col supported[] = {
		{ doc_label(d, L_COL_TASK), 15, ALIGN_LEFT, d->fit_id },
		{ doc_label(d, L_COL_TITLE), 47, ALIGN_LEFT, NULL },
		{ doc_label(d, L_COL_LEAD), 10, ALIGN_LEFT, d->fit_code },
		{ doc_label(d, L_COL_ACTUAL), 10, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_RATING), 14, ALIGN_LEFT, d->fit_rating },
	};
	struct table_col own[7];
	struct tasks_ctx ctx = { d, kind, rows };
	struct table t;

	if (kind == TT_RED) {
		/* difficulties and proposals under each task, across the
		 * columns from its title: lines of prose, not columns of a
		 * few words each */
		sec_table_init(d, &t, red, 7, n, task_cell, &ctx);
		t.detail = task_detail;
		t.detail_col = 1;
		t.detail_face = PDF_ITALIC;
	} else if (kind == TT_APPENDIX) {
		sec_table_init(d, &t, appendix, 8, n, untitled_cell, &ctx);
		t.detail = task_detail;
		t.detail_col = 1;
	} else if (kind == TT_AGENCY) {
		/* the appendix's columns without the lead */
		own[0] = appendix[0];
		memcpy(own + 1, appendix + 2, 6 * sizeof(*own));
		sec_table_init(d, &t, own, 7, n, untitled_cell, &ctx);
		t.detail = task_detail;
		t.detail_col = 1;
	} else {
		sec_table_init(d, &t, supported, 5, n, task_cell, &ctx);
	}
	if (keep)
		*keep = lay_table_keep(&d->lay, &t);
	else
		lay_table(&d->lay, &t);
}

void sec_task_table(struct doc *d, enum task_table kind,
		    const struct task_figures **rows, size_t n)
{
	task_table(d, kind, rows, n, NULL);
}

double sec_task_table_keep(struct doc *d, enum task_table kind,
			   const struct task_figures **rows, size_t n)
{
	double keep = 0;

	task_table(d, kind, rows, n, &keep);
	return keep;
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

		sec_text(c, p);
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
void sec_trend_of(struct doc *d, int ai)
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
		{ doc_label(d, L_COL_MONTH), 16, ALIGN_LEFT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_PLANNED), 12, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_ACTUAL), 12, ALIGN_RIGHT, d->fit_percent },
		{ doc_label(d, L_COL_INDEX), 10, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_RAG_RED), 10, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_OVERDUE), 10, ALIGN_RIGHT, LAY_FIT_CELLS },
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
	sec_table_init(d, &t, cols, sizeof(cols) / sizeof(*cols), n, trend_cell,
		       &ctx);
	lay_table(&d->lay, &t);
	free(periods);
	free(planned);
	free(actual);
	free(has);
	free(points);
}


/* ---- files ---------------------------------------------------------------- */

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
			sec_text(c, s);
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

void sec_files_table(struct doc *d, const struct doc_file **rows,
		     size_t n, bool agency_column)
{
	struct table_col cols[] = {
		{ doc_label(d, L_COL_FILE), 36, ALIGN_LEFT, NULL },
		{ doc_label(d, agency_column ? L_COL_AGENCY : L_COL_RECEIVED),
		  agency_column ? 9 : 16, ALIGN_LEFT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_ROWS), 8, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_ACCEPTED), 8, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_REJECTED), 8, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_ERRORS), 7, ALIGN_RIGHT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_WARNINGS), 8, ALIGN_RIGHT, LAY_FIT_CELLS },
	};
	struct files_ctx ctx = { d, rows, agency_column };
	struct table t;

	sec_table_init(d, &t, cols, sizeof(cols) / sizeof(*cols), n, file_cell,
		       &ctx);
	lay_table(&d->lay, &t);
}
