/*
 * render_doc: opening documents, styles, figures in words, charts.
 *
 * Shared by render_summary.c, render_agency.c (through render_section.c)
 * and render_letter.c. Numbers follow the language: Vietnamese writes
 * "4.110" and "37,5 %" (a no-break space before the sign), English
 * "4,110" and "37.5%".
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "render_doc.h"
#include "strbuf.h"
#include "xalloc.h"

struct rgb doc_rgb(struct colour c)
{
	struct rgb r = { c.r, c.g, c.b };

	return r;
}

/* A paragraph's longest line, in ems of its size. */
#define MEASURE_EMS 45

static struct style style(enum pdf_face f, double size, struct colour c)
{
	struct style s = { f, size, doc_rgb(c) };

	return s;
}

/*
 * The widest in bold of the strings at offset off of the n items of size
 * sz at v ("" when there are none).
 */
static const char *widest(struct pdf *p, const void *v, size_t n, size_t sz,
			  size_t off)
{
	const char *w = "";
	double most = -1;

	for (size_t i = 0; i < n; i++) {
		const char *s = *(const char *const *)((const char *)v +
						       i * sz + off);
		double sw = s ? pdf_text_width(p, PDF_BOLD, 10, s, strlen(s)) : 0;

		if (s && sw > most) {
			most = sw;
			w = s;
		}
	}
	return w;
}

int doc_open(struct doc *d, const struct doc_input *in,
	     const struct page_setup *ps, const char *title,
	     const char *subject, char **err)
{
	const struct palette *pal = &in->tpl->palette;
	const char *fonts[PDF_FACES];
	char *creator = xasprintf("tiendo %s", in->version);
	struct pdf_meta meta = { title, "Bộ Ngoại giao", subject, creator,
				 in->has_date, in->date };

	memset(d, 0, sizeof(*d));
	d->in = in;
	d->ps = ps;
	if (in->lang == LANG_EN)
		meta.author = "Ministry of Foreign Affairs of Viet Nam";
	_Static_assert(PDF_FACES == TEMPLATE_FACES,
		       "a template names a file for each face");
	for (int i = 0; i < PDF_FACES; i++)
		fonts[i] = ps->fonts[i];
	d->pdf = pdf_new(fonts, &meta, err);
	free(creator);
	if (!d->pdf)
		return -1;
	lay_init(&d->lay, d->pdf, ps->width, ps->height, ps->left, ps->right,
		 ps->top, ps->bottom);
	/* lines of text of about 95 characters at most, however wide the
	 * page */
	d->lay.measure = MEASURE_EMS;
	d->title = style(PDF_BOLD, ps->title, pal->accent);
	d->h1 = style(PDF_BOLD, ps->h1, pal->accent);
	d->h2 = style(PDF_BOLD, ps->h2, pal->text);
	d->body = style(PDF_REGULAR, ps->body, pal->text);
	d->bold = style(PDF_BOLD, ps->body, pal->text);
	d->small = style(PDF_REGULAR, ps->small, pal->text);
	d->muted = style(PDF_REGULAR, ps->small, pal->muted);
	/* the widest (not the longest: "BNPNTN" is wider than "BLDTBX") */
	d->fit_id = xstrdup(widest(d->pdf, in->rm->tasks, in->rm->ntasks,
				   sizeof(*in->rm->tasks),
				   offsetof(struct task, id)));
	d->fit_code = xstrdup(widest(d->pdf, in->rm->agencies,
				     in->rm->nagencies,
				     sizeof(*in->rm->agencies),
				     offsetof(struct agency, code)));
	d->fit_date = doc_date(d, date_from_civil(2028, 12, 28));
	d->fit_percent = xmalloc(32);
	doc_percent(d, 100, d->fit_percent);
	/* the widest of the ratings whole, after its swatch (about a
	 * letter): "Đúng tiến độ", "Chưa bắt đầu" each on one line */
	{
		const char *w = "";
		double most = -1;

		for (int r = 0; r < RAG_COUNT; r++) {
			const char *s = doc_rag_word(d, r);
			double sw = pdf_text_width(d->pdf, PDF_REGULAR, 10, s,
						   strlen(s));

			if (sw > most) {
				most = sw;
				w = s;
			}
		}
		d->fit_rating = xasprintf("W%s", w);
	}
	return 0;
}

static void doc_close(struct doc *d);

int doc_save(struct doc *d, FILE *f, const char *page_label, int first,
	     bool top, char **err)
{
	int rc;

	if (d->header)
		lay_running_header(&d->lay, &d->muted, d->header,
				   doc_rgb(d->in->tpl->palette.rule), 1);
	if (page_label)
		lay_page_numbers(&d->lay, top ? &d->body : &d->muted,
				 page_label, first, top);
	rc = pdf_save(d->pdf, f);
	if (rc < 0)
		*err = xasprintf("the PDF could not be made: %s",
				 pdf_error(d->pdf));
	doc_close(d);
	return rc;
}

void doc_header(struct doc *d, const char *text)
{
	free(d->header);
	d->header = text ? xstrdup(text) : NULL;
}

void doc_header_label(struct doc *d, enum label_id id, const char *agency)
{
	char ym[8], ms[3], ys[5];
	char *p = doc_period(d, d->in->sum->period);
	struct fill f[] = { { "period", p }, { "month", ms }, { "year", ys },
			    { "agency", agency ? agency : "" } };
	char *s;

	ym_format(d->in->sum->period, ym);
	snprintf(ys, sizeof(ys), "%.4s", ym);
	snprintf(ms, sizeof(ms), "%.2s", ym + 5);
	s = template_fill(doc_label(d, id), f, 4);
	doc_header(d, s);
	free(s);
	free(p);
}

static void doc_close(struct doc *d)
{
	pdf_free(d->pdf);
	free(d->header);
	d->header = NULL;
	free(d->fit_id);
	free(d->fit_code);
	free(d->fit_date);
	free(d->fit_percent);
	free(d->fit_rating);
	d->pdf = NULL;
	d->fit_id = d->fit_code = d->fit_date = d->fit_percent = NULL;
	d->fit_rating = NULL;
}

const char *doc_label(const struct doc *d, enum label_id id)
{
	return template_label(d->in->tpl, d->in->lang, id);
}

struct rgb doc_rag_rgb(const struct doc *d, enum rag r)
{
	const struct colour *c = &d->in->tpl->palette.completed;

	return doc_rgb(c[(unsigned)r < RAG_COUNT ? r : RAG_GREY]);
}

const char *doc_rag_word(const struct doc *d, enum rag r)
{
	static const enum label_id ids[RAG_COUNT] = {
		L_RAG_COMPLETED, L_RAG_GREEN, L_RAG_AMBER, L_RAG_RED,
		L_RAG_GREY, L_RAG_NOT_STARTED, L_RAG_CANCELLED
	};

	return doc_label(d, ids[(unsigned)r < RAG_COUNT ? r : RAG_GREY]);
}

const char *doc_status_word(const struct doc *d, enum status s)
{
	static const enum label_id ids[] = {
		L_ST_NOT_STARTED, L_ST_IN_PROGRESS, L_ST_COMPLETED,
		L_ST_DELAYED, L_ST_CANCELLED
	};

	return doc_label(d, ids[s]);
}

const char *doc_comp_word(const struct doc *d, enum comp_status c)
{
	static const enum label_id ids[] = {
		L_COMP_ON_TIME, L_COMP_LATE, L_COMP_REJECTED, L_COMP_MISSING,
		L_COMP_NOT_DUE, L_COMP_PENDING
	};

	return doc_label(d, ids[c]);
}

struct rgb doc_comp_rgb(const struct doc *d, enum comp_status c)
{
	static const enum rag as[] = { RAG_GREEN, RAG_AMBER, RAG_RED, RAG_RED,
				       RAG_GREY, RAG_NOT_STARTED };

	return doc_rag_rgb(d, as[c]);
}

int32_t doc_issue_day(const struct doc_input *in)
{
	time_t t = (time_t)in->date;
	struct tm tm;

	if (!in->has_date || !localtime_r(&t, &tm))
		return in->sum->as_of;
	return date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int32_t doc_deadline(const struct summary *s)
{
	return ym_first_day(s->period + 1) + s->settings.deadline_day - 1;
}

int32_t doc_next_deadline(const struct doc_input *in)
{
	const struct summary *s = in->sum;
	int32_t issued = doc_issue_day(in), d;
	int m = s->period + 1;

	for (;; m++) {
		d = ym_first_day(m) + s->settings.deadline_day - 1;
		if (d > issued && d > s->as_of)
			return d;
	}
}

bool doc_task_lags(const struct task_figures *f, const char *code)
{
	return f->responsible && strcmp(f->responsible, code) == 0 &&
	       (f->rag == RAG_RED || f->overdue);
}

bool doc_owes_report(const struct doc_input *in, const struct compliance *c)
{
	return c && (c->status == COMP_REJECTED ||
		     (c->status == COMP_MISSING &&
		      doc_issue_day(in) > doc_deadline(in->sum)));
}

bool doc_letter_due(const struct doc_input *in, const char *code)
{
	/* the ministry that signs the letters does not urge itself */
	if (strcmp(code, template_label(in->tpl, in->lang, L_ISSUER_CODE)) == 0)
		return false;
	if (doc_owes_report(in, doc_comp(in->sum, code)))
		return true;
	for (size_t i = 0; i < in->sum->ntasks; i++)
		if (doc_task_lags(&in->sum->tasks[i], code))
			return true;
	return false;
}

char *doc_row_fix(const struct doc_file *f, const struct doc_row *r)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < f->nproblems; i++) {
		const struct doc_problem *p = &f->problems[i];

		if (!p->error || !p->message || !*p->message ||
		    p->line < r->line || p->line > r->end_line)
			continue;
		if (sb.len)
			strbuf_addch(&sb, '\n');
		strbuf_addf(&sb, "%s", p->message);
	}
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

const char *doc_pillar_name(const struct doc *d, const char *code)
{
	static const struct { const char *code; enum label_id id; } names[] = {
		{ "POL", L_PILLAR_POL }, { "ECO", L_PILLAR_ECO },
		{ "DEF", L_PILLAR_DEF }, { "CUL", L_PILLAR_CUL },
		{ "SCI", L_PILLAR_SCI }, { "INS", L_PILLAR_INS },
		{ "LOC", L_PILLAR_LOC },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(names[i].code, code) == 0)
			return doc_label(d, names[i].id);
	return code;
}

const char *doc_agency_name(const struct doc *d, const char *code)
{
	const struct agency *a = code ? roadmap_agency(d->in->rm, code) : NULL;

	if (!a)
		return code ? code : "";
	return d->in->lang == LANG_EN && a->name_en && *a->name_en ?
	       a->name_en : a->name_vi;
}

const char *doc_task_title(const struct doc *d, const struct task *t)
{
	return d->in->lang == LANG_EN && t->title_en && *t->title_en ?
	       t->title_en : t->title_vi;
}

/*
 * v with decimals places, grouped by thousands: the marks are the
 * language's (group, then decimal): ".," in Vietnamese, ",." in English.
 */
static char *format_number(enum lang lang, double v, int decimals,
			   char *buf)
{
	char plain[32];
	const char group = lang == LANG_VI ? '.' : ',';
	const char point = lang == LANG_VI ? ',' : '.';
	const char *p = plain, *dot;
	size_t digits, n = 0;

	snprintf(plain, sizeof(plain), "%.*f", decimals,
		 fabs(v) < 5e-10 ? 0.0 : v);
	if (*p == '-')
		buf[n++] = *p++;
	dot = strchr(p, '.');
	digits = dot ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < digits && n < 30; i++) {
		if (i > 0 && (digits - i) % 3 == 0)
			buf[n++] = group;
		buf[n++] = p[i];
	}
	for (p += digits; *p && n < 31; p++)
		buf[n++] = *p == '.' ? point : *p;
	buf[n] = '\0';
	return buf;
}

char *doc_number(const struct doc *d, double v, int decimals, char *buf)
{
	return format_number(d->in->lang, v, decimals, buf);
}

char *doc_percent_places(const struct doc *d, double v, int decimals,
			 char *buf)
{
	char n[32];

	format_number(d->in->lang, v, decimals, n);
	/* Vietnamese: a no-break space, so that the figure never parts
	   from its sign */
	snprintf(buf, 32, d->in->lang == LANG_VI ? "%s\u00a0%%" : "%s%%", n);
	return buf;
}

char *doc_percent(const struct doc *d, double v, char *buf)
{
	return doc_percent_places(d, v, 1, buf);
}

char *doc_count(const struct doc *d, unsigned long v, char *buf)
{
	return format_number(d->in->lang, (double)v, 0, buf);
}

char *doc_date(const struct doc *d, int32_t day)
{
	int y, m, dd;
	char ys[8], ms[4], ds[4];
	struct fill f[3] = { { "day", ds }, { "month", ms }, { "year", ys } };

	date_to_civil(day, &y, &m, &dd);
	snprintf(ys, sizeof(ys), "%04d", y);
	snprintf(ms, sizeof(ms), "%02d", m);
	snprintf(ds, sizeof(ds), "%02d", dd);
	return template_fill(doc_label(d, L_DATE_FMT), f, 3);
}

char *doc_period(const struct doc *d, int ym)
{
	char buf[8], ms[4], mn[64];
	struct fill f[3] = { { "month", ms }, { "year", buf },
			     { "month_name", mn } };

	ym_format(ym, buf);
	memcpy(ms, buf + 5, 3);
	buf[4] = '\0';
	template_month_name(d->in->tpl, d->in->lang, atoi(ms), mn, sizeof(mn));
	return template_fill(doc_label(d, L_PERIOD_FMT), f, 3);
}

char *doc_datetime(const struct doc *d, int64_t secs)
{
	char buf[17];
	int32_t day;
	char *date, *out;

	datetime_format(secs, buf);
	if (!date_parse_iso((buf[10] = '\0', buf), &day))
		return xstrdup(buf);
	date = doc_date(d, day);
	out = xasprintf("%s %s", date, buf + 11);
	free(date);
	return out;
}

const struct compliance *doc_comp(const struct summary *s, const char *code)
{
	for (size_t i = 0; i < s->ncompliance; i++)
		if (s->compliance[i].period == s->period &&
		    strcmp(s->compliance[i].agency, code) == 0)
			return &s->compliance[i];
	return NULL;
}

void doc_card(struct doc *d, double x, double top, double w, double h,
	      const char *value, const char *label, struct rgb accent)
{
	const struct palette *pal = &d->in->tpl->palette;
	struct style big = d->h1, lab = d->small;
	struct lines ls = { 0 };

	pdf_fill_rect(d->pdf, x, top - h, w, h, doc_rgb(pal->stripe));
	pdf_fill_rect(d->pdf, x, top - h, 3, h, accent);
	big.size = d->ps->h1 * 1.3;
	big.color = doc_rgb(pal->text);
	lay_text(&d->lay, &big, value, x + 10, top - 8 - big.size * 0.9,
		 w - 14, ALIGN_LEFT);
	lab.color = doc_rgb(pal->muted);
	lay_wrap(&d->lay, &lab, label, strlen(label), w - 14, &ls);
	lay_draw_lines(&d->lay, &lab, label, &ls, 0, ls.n < 2 ? ls.n : 2,
		       x + 10, top - 14 - big.size * 1.1, w - 14, ALIGN_LEFT);
	lines_release(&ls);
}

/* c mixed with white: share 0 is c, 1 is white. */
static struct rgb tint(struct rgb c, double share)
{
	struct rgb t = { c.r + (1 - c.r) * (float)share,
			 c.g + (1 - c.g) * (float)share,
			 c.b + (1 - c.b) * (float)share };

	return t;
}

void doc_trend_chart(struct doc *d, const int *periods,
		     const double *planned, const double *actual,
		     const bool *has, size_t n, double height)
{
	const struct palette *pal = &d->in->tpl->palette;
	struct layout *l = &d->lay;
	double left = l->left + 34, right = l->left + lay_body_width(l) - 8;
	double top, bottom, legend = d->small.size * 2;
	double *mx = xcalloc(n + 1, sizeof(*mx));   /* x of each month */
	double *xs = xcalloc(n + 1, sizeof(*xs)), *ys = xcalloc(n + 1, sizeof(*ys));
	struct style axis = d->muted;
	static const double tops[] = { 10, 20, 25, 40, 50, 60, 75, 80, 100 };
	double top_pct;
	char buf[32];
	size_t k;

	lay_need(l, height);
	top = l->y - legend;
	bottom = l->y - height + d->small.size * 2.2;
	/* legend: a solid line for actual, a dashed one for planned */
	{
		double lx = left, ly = l->y - d->small.size;
		const char *la = doc_label(d, L_LEGEND_ACTUAL);
		const char *lp = doc_label(d, L_LEGEND_PLANNED);

		pdf_line(d->pdf, lx, ly + 2.5, lx + 18, ly + 2.5, 2.4,
			 doc_rgb(pal->accent), 0);
		lay_text(l, &d->small, la, lx + 22, ly, 200, ALIGN_LEFT);
		lx += 30 + pdf_text_width(d->pdf, PDF_REGULAR, d->small.size,
					  la, strlen(la));
		pdf_line(d->pdf, lx, ly + 2.5, lx + 18, ly + 2.5, 1.3,
			 doc_rgb(pal->planned), 3);
		lay_text(l, &d->small, lp, lx + 22, ly, 200, ALIGN_LEFT);
	}
	/* the percent axis scaled to the data: a round top above the
	   highest point, in four steps */
	{
		double most = 0;

		for (size_t i = 0; i < n; i++)
			if (!has || has[i])
				most = fmax(most, fmax(planned[i], actual[i]));
		top_pct = 100;
		for (size_t s = 0; s < sizeof(tops) / sizeof(*tops); s++)
			if (most <= tops[s] * 0.95) {
				top_pct = tops[s];
				break;
			}
	}
	for (int q = 0; q <= 4; q++) {
		double pct = top_pct * q / 4.0;
		double y = bottom + (top - bottom) * q / 4.0;

		pdf_line(d->pdf, left, y, right, y, 0.4, doc_rgb(pal->rule), 0);
		doc_percent_places(d, pct, pct == floor(pct) ? 0 : 1, buf);
		lay_text(l, &axis, buf, l->left, y - axis.size / 3, 30,
			 ALIGN_RIGHT);
	}
	/* the months */
	for (size_t i = 0; i < n; i++) {
		char ym[8], lab[8];

		mx[i] = n > 1 ? left + 10 + (right - left - 20) * (double)i /
				(double)(n - 1) : (left + right) / 2;
		ym_format(periods[i], ym);
		snprintf(lab, sizeof(lab), "%.2s/%.2s", ym + 5, ym + 2);
		lay_text(l, &axis, lab, mx[i] - 20, bottom - axis.size * 1.6,
			 40, ALIGN_CENTER);
	}
	/* the gap between plan and actual, shaded in a tint of red where
	   actual is behind, of green where ahead */
	for (size_t i = 0; i + 1 < n; i++) {
		double qx[4], qy[4], behind;

		if (has && (!has[i] || !has[i + 1]))
			continue;
		qx[0] = qx[3] = mx[i];
		qx[1] = qx[2] = mx[i + 1];
		qy[0] = bottom + (top - bottom) * fmin(planned[i], top_pct) / top_pct;
		qy[1] = bottom + (top - bottom) * fmin(planned[i + 1], top_pct) /
			top_pct;
		qy[2] = bottom + (top - bottom) * fmin(actual[i + 1], top_pct) /
			top_pct;
		qy[3] = bottom + (top - bottom) * fmin(actual[i], top_pct) / top_pct;
		behind = planned[i] + planned[i + 1] - actual[i] - actual[i + 1];
		pdf_fill_polygon(d->pdf, qx, qy, 4,
				 tint(doc_rgb(behind > 0 ? pal->red : pal->green),
				      0.78));
	}
	/* actual, solid with a mark per month; then the plan over it,
	   dashed, so that where they meet both show */
	for (int line = 0; line < 2; line++) {
		const double *v = line ? planned : actual;
		struct rgb c = doc_rgb(line ? pal->planned : pal->accent);

		k = 0;
		for (size_t i = 0; i < n; i++) {
			if (has && !has[i])
				continue;
			xs[k] = mx[i];
			ys[k] = bottom + (top - bottom) *
				fmin(fmax(v[i], 0), top_pct) / top_pct;
			k++;
		}
		pdf_polyline(d->pdf, xs, ys, k, line ? 1.3 : 2.4, c,
			     line ? 3 : 0);
		if (!line)
			for (size_t i = 0; i < k; i++)
				pdf_fill_rect(d->pdf, xs[i] - 2.2, ys[i] - 2.2,
					      4.4, 4.4, c);
	}
	pdf_line(d->pdf, left, bottom, right, bottom, 0.8, doc_rgb(pal->muted), 0);
	l->y -= height;
	free(mx);
	free(xs);
	free(ys);
}
