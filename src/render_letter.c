/*
 * render_letter: an administrative letter after Decree 30/2020/NĐ-CP.
 *
 * The page (Appendix I of the decree): the issuing agency top left in
 * capitals, bold, a short rule under it, the number "Số: .../..." and the
 * "V/v" subject below; the national heading top right, the motto bold
 * with a rule under it, place and date in italics; "Kính gửi:"; the body
 * justified with its first lines indented; "Nơi nhận:" bottom left and
 * the signature block bottom right; page numbers top centre from the
 * second page. Every word comes from the template's labels.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "render_letter.h"
#include "xalloc.h"

/* s wrapped in [x, x + w) from top down, aligned; the height used. */
static double block(struct doc *d, const struct style *st, const char *s,
		    double x, double w, double top, enum align a)
{
	struct lines ls = { 0 };
	double h;

	lay_wrap(&d->lay, st, s, strlen(s), w, &ls);
	h = lay_draw_lines(&d->lay, st, s, &ls, 0, ls.n, x, top, w, a);
	lines_release(&ls);
	return h;
}

static double centred(struct doc *d, const struct style *st, const char *s,
		      double x, double w, double top)
{
	return block(d, st, s, x, w, top, ALIGN_CENTER);
}

/* A rule under a centred text of width tw, a third of it long. */
static void rule_under(struct doc *d, const struct style *st, const char *s,
		       double x, double w, double y, double share)
{
	double tw = pdf_text_width(d->pdf, st->face, st->size, s, strlen(s));
	double rw = tw * share;

	pdf_line(d->pdf, x + (w - rw) / 2, y, x + (w + rw) / 2, y, 0.6,
		 d->body.color, 0);
}

/* The heading block; leaves the cursor under it. */
static void letter_head(struct doc *d, const char *number,
			const char *place, const char *subject)
{
	struct layout *l = &d->lay;
	double bw = lay_body_width(l), lw = bw * 0.42, rx = l->left + lw,
	       rw = bw - lw, top = l->y, yl, yr;
	struct style head = d->body, bold = d->bold, ital = d->body,
		     small = d->body;
	const char *parent = doc_label(d, L_LETTER_ISSUER_PARENT);
	const char *issuer = doc_label(d, L_LETTER_ISSUER);
	const char *nation = doc_label(d, L_LETTER_NATION);
	const char *motto = doc_label(d, L_LETTER_MOTTO);

	head.size = bold.size = d->ps->h1;           /* 13 pt */
	bold.face = PDF_BOLD;
	ital.face = PDF_ITALIC;
	small.size = d->ps->h2;                      /* 12 pt */
	/* left: the issuing agency, its number, the subject */
	yl = top;
	if (*parent)
		yl -= centred(d, &head, parent, l->left, lw, yl);
	yl -= centred(d, &bold, issuer, l->left, lw, yl);
	rule_under(d, &bold, issuer, l->left, lw, yl - 1, 0.4);
	yl -= 6;
	yl -= centred(d, &head, number, l->left, lw, yl);
	yl -= centred(d, &small, subject, l->left + 6, lw - 12, yl);
	/* right: the national heading, the motto, place and date */
	yr = top;
	bold.size = d->ps->h1 - 0.5;
	yr -= centred(d, &bold, nation, rx, rw, yr);
	bold.size = d->ps->title + 0.5;
	yr -= centred(d, &bold, motto, rx, rw, yr);
	rule_under(d, &bold, motto, rx, rw, yr - 1, 1.0);
	yr -= 6;
	ital.size = d->ps->title + 1;
	yr -= centred(d, &ital, place, rx, rw, yr);
	l->y = (yl < yr ? yl : yr) - 18;
}

static char *task_line(struct doc *d, const struct task_figures *f)
{
	char p[32], a[32];
	char *due = doc_date(d, f->task->due);
	struct fill vars[] = {
		{ "task", f->task->id },
		{ "title", doc_task_title(d, f->task) },
		{ "planned", doc_percent(d, f->planned, p) },
		{ "actual", f->reported ? doc_percent(d, f->actual, a) :
			    doc_label(d, L_RAG_GREY) },
		{ "due", due },
	};
	char *s = template_fill(doc_label(d, f->overdue ? L_LETTER_OVERDUE_LINE :
					  L_LETTER_TASK_LINE),
				vars, sizeof(vars) / sizeof(*vars));

	free(due);
	return s;
}

/* The day by which the agency is asked to report: the next deadline. */
static int32_t next_deadline(const struct summary *s, int32_t issued)
{
	int m = s->period + 1;
	int32_t d;

	for (;;) {
		d = ym_first_day(m) + s->settings.deadline_day - 1;
		if (d > issued && d > s->as_of)
			return d;
		m++;
	}
}

/* The closing: recipients left, signature right. */
static void letter_foot(struct doc *d)
{
	struct layout *l = &d->lay;
	double bw = lay_body_width(l), lw = bw * 0.5, rx = l->left + lw,
	       rw = bw - lw;
	struct style rt = d->body, rl = d->body, sig = d->bold;
	const char *signer = doc_label(d, L_LETTER_SIGNER_TITLE);
	const char *name = doc_label(d, L_LETTER_SIGNER_NAME);
	const char *list = doc_label(d, L_LETTER_RECIPIENTS);
	struct lines ls = { 0 };
	double h, top, yl, yr;


	rt.face = PDF_BOLD;  /* bold italic is not among the faces: bold */
	rt.size = d->ps->h2;
	rl.size = d->ps->small;
	sig.size = d->ps->h1 + 0.5;
	lay_wrap(l, &rl, list, strlen(list), lw - 4, &ls);
	h = lay_line_height(l, &rt) + lay_line_height(l, &rl) * (double)ls.n;
	if (h < 110)
		h = 110;
	lay_skip(l, 10);
	lay_need(l, h);
	top = l->y;
	yl = top;
	yl -= block(d, &rt, doc_label(d, L_LETTER_RECIPIENTS_TITLE), l->left,
		    lw, yl, ALIGN_LEFT);
	yl -= block(d, &rl, list, l->left, lw - 4, yl, ALIGN_LEFT);
	yr = top - centred(d, &sig, signer, rx, rw, top);
	yr -= 72;                          /* room to sign */
	if (*name)
		yr -= centred(d, &sig, name, rx, rw, yr);
	l->y = yl < yr ? yl : yr;
	lines_release(&ls);
}

int render_letter_pdf(const struct doc_input *in, const char *code, FILE *f,
		      char **err)
{
	const struct summary *s = in->sum;
	struct doc d = { .in = in };
	const struct compliance *c = doc_comp(s, code);
	const char *agency = doc_agency_name(&d, code);
	int32_t issued = doc_issue_day(in);
	int y, m, day;
	char ys[8], ms[4], ds[4], errs[32];
	char *period = doc_period(&d, s->period), *as_of = doc_date(&d, s->as_of);
	char *deadline = doc_date(&d, next_deadline(s, issued));
	struct fill vars[] = {
		{ "agency", agency }, { "agency_code", code },
		{ "period", period }, { "date", as_of },
		{ "day", ds }, { "month", ms }, { "year", ys },
		{ "deadline", deadline },
		{ "errors", doc_count(&d, c ? c->errors : 0, errs) },
	};
	size_t nv = sizeof(vars) / sizeof(*vars);
	char *title = template_fill(doc_label(&d, L_LETTER_DOC_TITLE), vars, nv);
	char *subject, *number, *place, *text;
	double indent;
	bool any = false;
	int rc;

	date_to_civil(issued, &y, &m, &day);
	snprintf(ys, sizeof(ys), "%04d", y);
	/* Decree 30: a leading zero for days below 10 and for months 1, 2 */
	snprintf(ms, sizeof(ms), m <= 2 ? "%02d" : "%d", m);
	snprintf(ds, sizeof(ds), "%02d", day);
	subject = template_fill(doc_label(&d, L_LETTER_SUBJECT), vars, nv);
	number = template_fill(doc_label(&d, L_LETTER_NUMBER), vars, nv);
	place = template_fill(doc_label(&d, L_LETTER_PLACE_DATE), vars, nv);
	rc = doc_open(&d, in, &in->tpl->letter, title, subject, err);
	free(title);
	if (rc < 0)
		goto out;
	indent = 1.0 * 72 / 2.54;          /* first lines: 1 cm */
	lay_new_page(&d.lay);
	pdf_bookmark(d.pdf, -1, subject, d.lay.y);
	letter_head(&d, number, place, subject);

	text = template_fill(doc_label(&d, L_LETTER_TO), vars, nv);
	centred(&d, &d.body, text, d.lay.left, lay_body_width(&d.lay), d.lay.y);
	lay_skip(&d.lay, lay_line_height(&d.lay, &d.body) + 8);
	free(text);

	text = template_fill(doc_label(&d, L_LETTER_INTRO), vars, nv);
	lay_paragraph_first(&d.lay, &d.body, text, indent, ALIGN_JUSTIFY);
	free(text);
	for (size_t i = 0; i < s->ntasks; i++) {
		if (!doc_task_lags(&s->tasks[i], code))
			continue;
		if (!any) {
			text = template_fill(doc_label(&d, L_LETTER_TASKS_INTRO),
					     vars, nv);
			lay_skip(&d.lay, 3);
			lay_paragraph_first(&d.lay, &d.body, text, indent,
					    ALIGN_JUSTIFY);
			free(text);
			any = true;
		}
		text = task_line(&d, &s->tasks[i]);
		lay_paragraph_first(&d.lay, &d.body, text, indent, ALIGN_JUSTIFY);
		free(text);
	}
	if (doc_owes_report(in, c)) {
		text = template_fill(doc_label(&d, c->status == COMP_MISSING ?
					       L_LETTER_MISSING : L_LETTER_REJECTED),
				     vars, nv);
		lay_skip(&d.lay, 3);
		lay_paragraph_first(&d.lay, &d.body, text, indent, ALIGN_JUSTIFY);
		free(text);
	}
	text = template_fill(doc_label(&d, any ? L_LETTER_REQUEST :
				       L_LETTER_REQUEST_REPORT), vars, nv);
	lay_skip(&d.lay, 3);
	lay_paragraph_first(&d.lay, &d.body, text, indent, ALIGN_JUSTIFY);
	free(text);
	text = template_fill(doc_label(&d, L_LETTER_CLOSING), vars, nv);
	lay_paragraph_first(&d.lay, &d.body, text, indent, ALIGN_JUSTIFY);
	free(text);
	letter_foot(&d);
	/* Decree 30 numbers pages with the bare number, from the second */
	rc = doc_save(&d, f, "{page}", 1, true, err);
out:
	free(period);
	free(as_of);
	free(deadline);
	free(subject);
	free(number);
	free(place);
	return rc;
}
