/*
 * render_letter: an administrative letter after Decree 30/2020/NĐ-CP.
 *
 * The page (Appendix I of the decree): the issuing agency top left in
 * capitals, bold, a short rule under it, the number "Số: .../..." and the
 * "V/v" subject below; the national heading top right, the motto bold
 * with a rule under it, place and date in italics; "Kính gửi:"; the body
 * justified with its first lines indented; "Nơi nhận:" (bold italic)
 * bottom left and the signature block bottom right, never on a page of
 * their own: the request, the closing and the last lines of the body
 * stand with them; page numbers top centre from the second page. Every
 * word comes from the template's labels, the signer from its "signer".
 */
#include <stdint.h>
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

/*
 * A date in the letter's body, by the label letter_date_fmt: "05/01/2024",
 * "5 January 2024". The caller frees.
 */
static char *letter_date(struct doc *d, int32_t day)
{
	int y, m, dd;
	char ys[8], ms[4], ds[4], dn[4], mn[64];
	struct fill f[] = { { "day", ds }, { "month", ms }, { "year", ys },
			    { "day_number", dn }, { "month_name", mn } };

	date_to_civil(day, &y, &m, &dd);
	snprintf(ys, sizeof(ys), "%04d", y);
	snprintf(ms, sizeof(ms), "%02d", m);
	snprintf(ds, sizeof(ds), "%02d", dd);
	snprintf(dn, sizeof(dn), "%d", dd);
	template_month_name(d->in->tpl, d->in->lang, m, mn, sizeof(mn));
	return template_fill(doc_label(d, L_LETTER_DATE_FMT), f,
			     sizeof(f) / sizeof(*f));
}

static char *task_line(struct doc *d, const struct task_figures *f)
{
	char p[32], a[32];
	char *due = letter_date(d, f->task->due);
	struct fill vars[] = {
		{ "task", f->task->id },
		{ "title", doc_task_title(d, f->task) },
		{ "planned", doc_percent(d, f->planned, p) },
		{ "actual", f->reported ? doc_percent(d, f->actual, a) :
			    doc_label(d, L_RAG_GREY) },
		{ "due", due },
	};
	/* "only Not reported done" would not pass the clerical office */
	enum label_id id = !f->overdue ? L_LETTER_TASK_LINE :
			   f->reported ? L_LETTER_OVERDUE_LINE :
			   L_LETTER_OVERDUE_UNREPORTED;
	char *s = template_fill(doc_label(d, id), vars,
				sizeof(vars) / sizeof(*vars));

	free(due);
	return s;
}

/* Space above the closing block; room left for the signature and seal. */
#define FOOT_SKIP 10
#define SIGN_ROOM 72
/* Body lines that stand with the signature besides the closing ones. */
#define KEEP_LINES 3

static double text_height(struct doc *d, const struct style *st,
			  const char *s, double w)
{
	struct lines ls = { 0 };
	size_t n = lay_wrap(&d->lay, st, s, strlen(s), w, &ls);

	lines_release(&ls);
	return lay_line_height(&d->lay, st) * (double)n;
}

/*
 * The closing, from the cursor down: "Nơi nhận:" (bold italic) and its
 * list left, the signature block right (on whose behalf, the title, room
 * to sign, the name or, until the template names the signer, a
 * placeholder in italics). Returns its height; draws it only if draw,
 * and then leaves the cursor under it.
 */
static double letter_foot(struct doc *d, bool draw)
{
	struct layout *l = &d->lay;
	const struct signer *sg = &d->in->tpl->signer;
	int li = d->in->lang == LANG_EN ? 1 : 0;
	double bw = lay_body_width(l), lw = bw * 0.5, rx = l->left + lw,
	       rw = bw - lw, top = l->y, hl, hr, h;
	struct style rt = d->body, rl = d->body, sig = d->bold, ph = d->body;
	const struct style *ns = &sig;
	const char *rtitle = doc_label(d, L_LETTER_RECIPIENTS_TITLE);
	const char *list = doc_label(d, L_LETTER_RECIPIENTS);
	const char *name = sg->name[li];
	char *who = *sg->authority[li] ?
		    xasprintf("%s\n%s", sg->authority[li], sg->title[li]) :
		    xstrdup(sg->title[li]);

	/* Decree 30: "Nơi nhận:" bold italic 12 pt, its list 11 pt */
	rt.face = PDF_BOLD_ITALIC;
	rt.size = d->ps->h2;
	rl.size = d->ps->small;
	sig.size = d->ps->h1 + 0.5;
	ph.face = PDF_ITALIC;
	ph.size = sig.size;
	if (!*name) {
		name = doc_label(d, L_LETTER_SIGNER_PLACEHOLDER);
		ns = &ph;
	}
	hl = text_height(d, &rt, rtitle, lw) +
	     text_height(d, &rl, list, lw - 4);
	hr = text_height(d, &sig, who, rw) + SIGN_ROOM +
	     text_height(d, ns, name, rw);
	h = hl > hr ? hl : hr;
	if (draw) {
		double y = top - block(d, &rt, rtitle, l->left, lw, top,
				       ALIGN_LEFT);

		block(d, &rl, list, l->left, lw - 4, y, ALIGN_LEFT);
		y = top - centred(d, &sig, who, rx, rw, top) - SIGN_ROOM;
		centred(d, ns, name, rx, rw, y);
		l->y = top - h;
	}
	free(who);
	return h;
}

/* A paragraph of a letter's body and the space above it. */
struct para {
	char *text;
	double skip;
	size_t lines;
};

/*
 * Whether the body, flowing with a new page before line brk (n for
 * none), sets line want and its last line on one page with room for the
 * foot after them.
 */
static bool ends_with_foot(const struct letter_line *v, size_t n,
			   size_t brk, size_t want, double first, double page,
			   double foot)
{
	double room = first;
	int pg = 0, want_pg = -1;

	for (size_t i = 0; i < n; i++) {
		if (i == brk) {
			pg++;
			room = page;
		} else {
			room -= v[i].skip;
			if (room < 0)
				room = 0;
		}
		if (room < v[i].height) {
			pg++;
			room = page;
		}
		room -= v[i].height;
		if (i == want)
			want_pg = pg;
	}
	return want_pg == pg && room >= foot;
}

size_t letter_keep_break(const struct letter_line *v, size_t n, size_t keep,
			 size_t min, double first, double page, double foot)
{
	size_t want = keep > min ? keep - min : 0, b;

	if (!n)
		return n;
	if (want >= n)
		want = n - 1;
	if (ends_with_foot(v, n, n, want, first, page, foot))
		return n;
	/* a whole paragraph rather than its last lines */
	for (b = want; b > 0 && !v[b].para_start; b--)
		;
	if (b > 0 && ends_with_foot(v, n, b, want, first, page, foot))
		return b;
	if (want > 0 && ends_with_foot(v, n, want, want, first, page, foot))
		return want;
	return n;
}

/*
 * The body's paragraphs at the cursor, the ones from keep on and
 * KEEP_LINES lines before them on the page of the closing block.
 */
static void letter_body(struct doc *d, struct para *ps, size_t np,
			size_t keep, double indent)
{
	struct layout *l = &d->lay;
	double lh = lay_line_height(l, &d->body);
	struct letter_line *v;
	size_t n = 0, kl = 0, brk, at = 0;

	for (size_t i = 0; i < np; i++) {
		ps[i].lines = lay_paragraph_first_lines(l, &d->body,
							ps[i].text, indent);
		n += ps[i].lines;
	}
	v = xcalloc(n ? n : 1, sizeof(*v));
	n = 0;
	for (size_t i = 0; i < np; i++) {
		if (i == keep)
			kl = n;
		for (size_t j = 0; j < ps[i].lines; j++, n++) {
			v[n].skip = j ? 0 : ps[i].skip;
			v[n].height = lh;
			v[n].para_start = j == 0;
		}
	}
	if (keep >= np)
		kl = n;
	brk = letter_keep_break(v, n, kl, KEEP_LINES, l->y - l->bottom,
				l->height - l->top - l->bottom,
				FOOT_SKIP + letter_foot(d, false));
	for (size_t i = 0; i < np; i++) {
		lay_skip(l, ps[i].skip);
		lay_paragraph_first_break(l, &d->body, ps[i].text, indent,
					  ALIGN_JUSTIFY,
					  brk >= at && brk < at + ps[i].lines ?
					  brk - at : SIZE_MAX);
		at += ps[i].lines;
	}
	free(v);
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
	char ys[8], ms[4], ds[4], dn[4], mn[64], errs[32];
	char *period = doc_period(&d, s->period);
	char *as_of = letter_date(&d, s->as_of);
	char *deadline = letter_date(&d, doc_next_deadline(in));
	struct fill vars[] = {
		{ "agency", agency }, { "agency_code", code },
		{ "period", period }, { "date", as_of },
		{ "day", ds }, { "month", ms }, { "year", ys },
		{ "day_number", dn }, { "month_name", mn },
		{ "deadline", deadline },
		{ "errors", doc_count(&d, c ? c->errors : 0, errs) },
	};
	size_t nv = sizeof(vars) / sizeof(*vars);
	char *title = template_fill(doc_label(&d, L_LETTER_DOC_TITLE), vars, nv);
	char *subject, *number, *place, *text;
	size_t cap = 16, np = 0, keep;
	struct para *ps = xcalloc(cap, sizeof(*ps));
	double indent;
	bool any = false;
	int rc;

	date_to_civil(issued, &y, &m, &day);
	snprintf(ys, sizeof(ys), "%04d", y);
	/* Decree 30: a leading zero for days below 10 and for months 1, 2 */
	snprintf(ms, sizeof(ms), m <= 2 ? "%02d" : "%d", m);
	snprintf(ds, sizeof(ds), "%02d", day);
	/* the long form: "4 December 2026" */
	snprintf(dn, sizeof(dn), "%d", day);
	template_month_name(in->tpl, in->lang, m, mn, sizeof(mn));
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

	ps[np++] = (struct para){ template_fill(doc_label(&d, L_LETTER_INTRO),
						vars, nv), 0, 0 };
	for (size_t i = 0; i < s->ntasks; i++) {
		if (!doc_task_lags(&s->tasks[i], code))
			continue;
		if (np + 4 > cap) {
			cap *= 2;
			ps = xreallocarray(ps, cap, sizeof(*ps));
		}
		if (!any) {
			ps[np++] = (struct para){ template_fill(doc_label(&d,
				L_LETTER_TASKS_INTRO), vars, nv), 3, 0 };
			any = true;
		}
		ps[np++] = (struct para){ task_line(&d, &s->tasks[i]), 0, 0 };
	}
	if (doc_owes_report(in, c))
		ps[np++] = (struct para){ template_fill(doc_label(&d,
			c->status == COMP_MISSING ? L_LETTER_MISSING :
			L_LETTER_REJECTED), vars, nv), 3, 0 };
	/* the request and the closing stand with the signature */
	keep = np;
	ps[np++] = (struct para){ template_fill(doc_label(&d, any ?
		L_LETTER_REQUEST : L_LETTER_REQUEST_REPORT), vars, nv), 3, 0 };
	ps[np++] = (struct para){ template_fill(doc_label(&d,
		L_LETTER_CLOSING), vars, nv), 0, 0 };
	letter_body(&d, ps, np, keep, indent);
	lay_skip(&d.lay, FOOT_SKIP);
	lay_need(&d.lay, letter_foot(&d, false));
	letter_foot(&d, true);
	/* Decree 30 numbers pages with the bare number, from the second */
	rc = doc_save(&d, f, "{page}", 1, true, err);
out:
	for (size_t i = 0; i < np; i++)
		free(ps[i].text);
	free(ps);
	free(period);
	free(as_of);
	free(deadline);
	free(subject);
	free(number);
	free(place);
	return rc;
}
