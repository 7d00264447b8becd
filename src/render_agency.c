/*
 * render_agency: the report of one agency, its tasks in detail.
 *
 * The template's agency section list says which sections run and in what
 * order; each draws at the layout's cursor with the pieces of
 * render_section.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "render_agency.h"
#include "render_section.h"
#include "xalloc.h"

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

/* ---- what the agency must do --------------------------------------------- */

static size_t agency_files(struct agency_doc *a, const struct doc_file **rows);

/* A rejected row and the file it came from. */
struct todo_row {
	const struct doc_file *file;
	const struct doc_row *row;
};

struct todo_ctx {
	struct doc *d;
	const struct todo_row *rows;
	char **fixes;                /* of each row: where, and what to do */
};

static const struct task_figures *figures_of(const struct summary *s,
					     const char *id)
{
	for (size_t i = 0; id && i < s->ntasks; i++)
		if (strcmp(s->tasks[i].task->id, id) == 0)
			return &s->tasks[i];
	return NULL;
}

static void todo_cell(void *ctx, size_t row, size_t col, struct cell_out *c)
{
	struct todo_ctx *k = ctx;
	struct doc *d = k->d;
	const struct doc_row *r = k->rows[row].row;
	const struct task *t = !r->indicator && r->key ?
			       roadmap_task(d->in->rm, r->key) : NULL;
	const struct indicator *ind = r->indicator && r->key ?
				      roadmap_indicator(d->in->rm, r->key) : NULL;

	switch (col) {
	case 0:
		c->text = r->key ? r->key : doc_label(d, L_UNKNOWN);
		c->face = PDF_BOLD;
		break;
	case 1:
		if (t)
			c->text = doc_task_title(d, t);
		else if (ind)
			c->text = d->in->lang == LANG_EN && ind->name_en &&
				  *ind->name_en ? ind->name_en : ind->name_vi;
		break;
	case 2:
		if (r->has_figure && !r->indicator)
			c->text = doc_percent(d, r->figure, c->buf);
		else if (r->has_figure)
			c->text = doc_number(d, r->figure, r->figure ==
					     (double)(long long)r->figure ? 0 : 1,
					     c->buf);
		else if (r->figure_text)
			sec_text(c, r->figure_text);
		else
			c->text = doc_label(d, L_UNKNOWN);
		break;
	case 3: {
		const struct task_figures *tf = t ? figures_of(d->in->sum, t->id)
						  : NULL;

		c->text = tf && tf->reported ? doc_percent(d, tf->actual, c->buf)
					     : doc_label(d, L_UNKNOWN);
		break;
	}
	case 4: c->text = k->fixes[row]; break;
	}
}

/* "file, line N: what to fix" of each row, for the last column. */
static char **todo_fixes(struct doc *d, const struct todo_row *rows,
			 size_t n, const char *period)
{
	char **out = xcalloc(n + 1, sizeof(*out));

	for (size_t i = 0; i < n; i++) {
		char line[24];
		char *fix = doc_row_fix(rows[i].file, rows[i].row), *see = NULL;
		struct fill fl[] = { { "file", rows[i].file->name },
				     { "line", line }, { "fix", fix },
				     { "period", period } };

		snprintf(line, sizeof(line), "%lu", rows[i].row->line);
		if (!fix) {
			see = template_fill(doc_label(d, L_TODO_SEE_CSV), fl + 3, 1);
			fl[2].value = see;
		}
		out[i] = template_fill(doc_label(d, L_TODO_ROW_FIX), fl, 3);
		free(see);
		free(fix);
	}
	return out;
}

static void todo_heading(struct agency_doc *a, const struct section *sec)
{
	struct doc *d = a->d;
	char *dl = doc_date(d, doc_next_deadline(d->in));
	struct fill f[] = { { "deadline", dl } };
	char *h = template_fill(doc_label(d, L_SEC_AGENCY_TODO), f, 1);

	if (sec->page_break && d->lay.page >= 0 &&
	    d->lay.y < d->lay.height - d->lay.top - 1)
		lay_new_page(&d->lay);
	else if (d->lay.page >= 0)
		lay_skip(&d->lay, d->h1.size);
	lay_heading(&d->lay, &d->h1, h, -1, d->h1.size * 4);
	lay_skip(&d->lay, d->h1.size * 0.4);
	free(h);
	free(dl);
}

/*
 * What the agency must do by the next deadline: send the report it owes,
 * send again a file rejected whole, correct each rejected row (its task,
 * the figure it would have set, what counts now, and the fix the
 * validation says), speed up its tasks behind plan or overdue. One line
 * when nothing is owed.
 */
static void agency_todo(struct agency_doc *a, const struct section *sec)
{
	struct doc *d = a->d;
	const struct summary *s = d->in->sum;
	const struct compliance *cp = doc_comp(s, a->code);
	const struct doc_file **files = xcalloc(d->in->nfiles + 1,
						sizeof(*files));
	size_t nf = agency_files(a, files), nrows = 0, nlate = 0, cap = 0;
	struct todo_row *rows = NULL;
	const struct task_figures **late = xcalloc(s->ntasks + 1, sizeof(*late));
	unsigned long more = 0;
	char *period = doc_period(d, s->period), ym[8];
	struct fill f[] = { { "period", period }, { "date", NULL },
			    { "file", NULL }, { "fix", NULL } };
	bool owed = false;

	todo_heading(a, sec);
	/* the month's report itself */
	if (cp && (cp->status == COMP_MISSING || cp->status == COMP_PENDING)) {
		char *due = doc_date(d, doc_deadline(s));
		char *t;

		f[1].value = due;
		t = template_fill(doc_label(d, cp->status == COMP_MISSING ?
					    L_TODO_MISSING : L_TODO_PENDING),
				  f, 2);
		sec_note(d, t);
		free(t);
		free(due);
		owed = true;
	}
	/* files rejected whole; the rows rejected of the others */
	for (size_t i = 0; i < nf; i++) {
		if (files[i]->stats.unreadable) {
			const char *fix = NULL;
			char *t;

			for (size_t j = 0; j < files[i]->nproblems && !fix; j++)
				if (files[i]->problems[j].error &&
				    *files[i]->problems[j].message)
					fix = files[i]->problems[j].message;
			f[2].value = files[i]->name;
			f[3].value = fix ? fix : doc_label(d, L_TODO_RESEND);
			t = template_fill(doc_label(d, L_TODO_FILE_REJECTED), f, 4);
			sec_note(d, t);
			free(t);
			owed = true;
			continue;
		}
		more += files[i]->rejected_more;
		for (size_t j = 0; j < files[i]->nrejected; j++) {
			if (sec->max_rows && nrows >= (size_t)sec->max_rows) {
				more++;
				continue;
			}
			XGROW(rows, nrows + 1, cap);
			rows[nrows].file = files[i];
			rows[nrows++].row = &files[i]->rejected[j];
		}
	}
	if (nrows) {
		struct table_col cols[] = {
			{ doc_label(d, L_COL_TASK), 13, ALIGN_LEFT, d->fit_id },
			{ doc_label(d, L_COL_TITLE), 27, ALIGN_LEFT, NULL },
			/* their headings are longer than any percent */
			{ doc_label(d, L_COL_ROW_SAYS), 9, ALIGN_RIGHT,
			  doc_label(d, L_COL_ROW_SAYS) },
			{ doc_label(d, L_COL_COUNTED), 9, ALIGN_RIGHT,
			  doc_label(d, L_COL_COUNTED) },
			{ doc_label(d, L_COL_FIX), 42, ALIGN_LEFT, NULL },
		};
		struct todo_ctx ctx = { d, rows,
					todo_fixes(d, rows, nrows,
						   ym_format(s->period, ym)) };
		struct table t;

		sec_note(d, doc_label(d, L_TODO_ROWS));
		sec_table_init(d, &t, cols, 5, nrows, todo_cell, &ctx);
		lay_table(&d->lay, &t);
		for (size_t i = 0; i < nrows; i++)
			free(ctx.fixes[i]);
		free(ctx.fixes);
		owed = true;
	}
	if (more) {
		char cnt[32];
		struct fill fm[] = { { "count", doc_count(d, more, cnt) },
				     { "period", ym_format(s->period, ym) } };
		char *t = template_fill(doc_label(d, L_MORE_ERRORS), fm, 2);

		lay_skip(&d->lay, 4);
		sec_note(d, t);
		free(t);
	}
	/* its tasks behind plan or overdue, as its letter names them */
	for (size_t i = 0; i < s->ntasks; i++)
		if (s->tasks[i].responsible &&
		    strcmp(s->tasks[i].responsible, a->code) == 0 &&
		    (s->tasks[i].rag == RAG_RED || s->tasks[i].overdue))
			late[nlate++] = &s->tasks[i];
	if (nlate) {
		if (owed)
			lay_skip(&d->lay, d->body.size * 0.5);
		sec_note(d, doc_label(d, L_TODO_LATE));
		sec_task_table(d, TT_AGENCY, late, nlate);
		owed = true;
	}
	if (!owed) {
		char *t = template_fill(doc_label(d, L_TODO_NOTHING), f, 1);

		sec_note(d, t);
		free(t);
	}
	free(rows);
	free(late);
	free(files);
	free(period);
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

	sec_heading(d, sec, L_SEC_AGENCY_SUMMARY, &mark);
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
	sec_cards(d, values, labels, accents, 6);
	if (r->tasks)
		sec_rating_strip(d, r);
}

static void agency_tasks(struct agency_doc *a, const struct section *sec)
{
	struct doc *d = a->d;
	const struct summary *s = d->in->sum;
	const struct task_figures **rows = xcalloc(s->ntasks + 1, sizeof(*rows));
	size_t n = 0, ns = 0;
	int mark;

	for (size_t i = 0; i < s->ntasks; i++)
		if (s->tasks[i].responsible &&
		    strcmp(s->tasks[i].responsible, a->code) == 0)
			rows[n++] = &s->tasks[i];
	sec_heading_keep(d, sec, L_SEC_AGENCY_TASKS, &mark, n ?
			 d->h1.size * 0.4 + sec_task_table_keep(d, TT_AGENCY,
								rows, n) :
			 d->h1.size * 4);
	if (n)
		sec_task_table(d, TT_AGENCY, rows, n);
	else
		sec_note(d, doc_label(d, L_UNKNOWN));
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
		sec_task_table(d, TT_SUPPORTED, rows, ns);
	}
	free(rows);
}

static void agency_trajectory(struct agency_doc *a, const struct section *sec)
{
	int mark;

	sec_heading_keep(a->d, sec, L_SEC_AGENCY_TRAJECTORY, &mark,
			 TREND_HEIGHT + 10);
	sec_trend_of(a->d, a->ai);
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

	sec_heading(d, sec, L_SEC_AGENCY_SUBMISSION, &mark);
	if (cp) {
		char *s = xasprintf("%s: %s", doc_label(d, L_COL_SUBMISSION),
				    doc_comp_word(d, cp->status));

		sec_note(d, s);
		free(s);
	}
	if (n)
		sec_files_table(d, rows, n, false);
	else
		sec_note(d, doc_label(d, L_NONE_FILES));
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
		{ doc_label(d, L_COL_PLACE), 9, ALIGN_LEFT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_CODE), 15, ALIGN_LEFT, LAY_FIT_CELLS },
		{ doc_label(d, L_COL_MESSAGE), 54, ALIGN_LEFT, NULL },
	};
	int mark;

	sec_heading(d, sec, L_SEC_AGENCY_ERRORS, &mark);
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

		sec_table_init(d, &t, cols, 4, n, problem_cell, &ctx);
		lay_table(&d->lay, &t);
	} else {
		sec_note(d, doc_label(d, L_NONE_ERRORS));
	}
	if (more) {
		char cnt[32], ym[8];
		struct fill f[] = { { "count", doc_count(d, more, cnt) },
				    { "period", ym_format(d->in->sum->period, ym) } };
		char *s = template_fill(doc_label(d, L_MORE_ERRORS), f, 2);

		lay_skip(&d->lay, 4);
		sec_note(d, s);
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
	free(title);
	if (rc < 0) {
		free(name);
		return -1;
	}
	/* every page after the first names the agency and the month */
	doc_header_label(&d, L_HEADER_AGENCY, name);
	free(name);
	agency_header(&a);
	for (size_t i = 0; i < in->tpl->nagency_sections; i++) {
		const struct section *sec = &in->tpl->agency_sections[i];

		switch (sec->kind) {
		case SEC_AGENCY_SUMMARY: agency_summary(&a, sec); break;
		case SEC_AGENCY_TASKS: agency_tasks(&a, sec); break;
		case SEC_AGENCY_TRAJECTORY: agency_trajectory(&a, sec); break;
		case SEC_AGENCY_SUBMISSION: agency_submission(&a, sec); break;
		case SEC_AGENCY_ERRORS: agency_errors(&a, sec); break;
		case SEC_AGENCY_TODO: agency_todo(&a, sec); break;
		default: break;
		}
	}
	return doc_save(&d, f, doc_label(&d, L_PAGE_FMT), 0, false, err);
}
