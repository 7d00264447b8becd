/*
 * layout: a cursor down the page, wrapping and tables.
 *
 * The renderers describe what to draw; this module decides where it
 * goes. Wrapping measures each word with the font's advance widths
 * (pdf_text_width) and breaks at spaces; a word wider than the box is
 * broken between UTF-8 characters. A table row is measured whole before
 * it is drawn, so that it moves to the next page rather than being cut.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

void lay_init(struct layout *l, struct pdf *p, double width, double height,
	      double left, double right, double top, double bottom)
{
	memset(l, 0, sizeof(*l));
	l->pdf = p;
	l->width = width;
	l->height = height;
	l->left = left;
	l->right = right;
	l->top = top;
	l->bottom = bottom;
	l->leading = 1.3;
	l->page = -1;
	l->y = height - top;
}

double lay_body_width(const struct layout *l)
{
	return l->width - l->left - l->right;
}

void lay_new_page(struct layout *l)
{
	l->page = pdf_add_page(l->pdf, l->width, l->height);
	l->y = l->height - l->top;
	if (l->on_page)
		l->on_page(l, l->ctx);
}

void lay_need(struct layout *l, double h)
{
	if (l->page < 0 || l->y - h < l->bottom)
		lay_new_page(l);
}

void lay_skip(struct layout *l, double h)
{
	l->y -= h;
	if (l->y < l->bottom)
		l->y = l->bottom;
}

double lay_line_height(const struct layout *l, const struct style *st)
{
	return st->size * l->leading;
}

void lines_release(struct lines *ls)
{
	free(ls->v);
	memset(ls, 0, sizeof(*ls));
}

static void push_line(struct lines *ls, size_t off, size_t len)
{
	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? ls->cap * 2 : 8;
		ls->v = xreallocarray(ls->v, ls->cap, sizeof(*ls->v));
	}
	ls->v[ls->n].off = off;
	ls->v[ls->n].len = len;
	ls->n++;
}

/* Length of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const char *s, size_t n)
{
	int32_t cp;
	int len = text_decode((const unsigned char *)s, n, &cp);

	return len > 0 ? (size_t)len : 1;
}

/*
 * Wrap one paragraph (no '\n') of s[from, to): greedy, a line takes words
 * while they fit; trailing spaces are dropped from each line.
 */
static void wrap_para(struct layout *l, const struct style *st,
		      const char *s, size_t from, size_t to, double width,
		      struct lines *out)
{
	double space = pdf_text_width(l->pdf, st->face, st->size, " ", 1);
	size_t line = from, end = from;  /* the line so far is [line, end) */
	double w = 0;
	size_t i = from;

	while (i < to && s[i] == ' ')
		i++;
	line = end = i;
	if (i >= to) {
		push_line(out, from, 0);
		return;
	}
	while (i < to) {
		size_t ws = i, we;
		double ww;

		while (i < to && s[i] != ' ')
			i++;
		/* a figure keeps its unit: "77,5 %" is one word */
		while (i + 1 < to && s[i] == ' ' && s[i + 1] == '%') {
			i += 2;
			while (i < to && s[i] != ' ')
				i++;
		}
		we = i;
		ww = pdf_text_width(l->pdf, st->face, st->size, s + ws,
				    we - ws);
		if (end > line && w + space * (double)(ws - end) + ww <= width) {
			w += space * (double)(ws - end) + ww;
			end = we;
		} else {
			if (end > line) {
				push_line(out, line, end - line);
				line = ws;
			}
			/* a word wider than the box: break it by characters */
			while (ww > width && ws < we) {
				size_t k = ws, fit = ws;
				double cw = 0;

				while (k < we) {
					size_t cl = char_len(s + k, we - k);
					double c = pdf_text_width(l->pdf, st->face,
								  st->size, s + k, cl);

					if (cw + c > width && fit > ws)
						break;
					cw += c;
					k += cl;
					fit = k;
				}
				if (fit >= we)
					break;
				push_line(out, ws, fit - ws);
				ws = fit;
				ww = pdf_text_width(l->pdf, st->face, st->size,
						    s + ws, we - ws);
			}
			line = ws;
			end = we;
			w = ww;
		}
		while (i < to && s[i] == ' ')
			i++;
	}
	push_line(out, line, end - line);
}

size_t lay_wrap(struct layout *l, const struct style *st, const char *s,
		size_t n, double width, struct lines *out)
{
	size_t start = 0;

	out->n = 0;
	if (!s)
		n = 0;
	/* the common case: one line that fits */
	if (n && !memchr(s, '\n', n) &&
	    pdf_text_width(l->pdf, st->face, st->size, s, n) <= width) {
		push_line(out, 0, n);
		return 1;
	}
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\n') {
			size_t to = i;

			if (to > start && s[to - 1] == '\r')
				to--;
			wrap_para(l, st, s, start, to, width, out);
			start = i + 1;
		}
	}
	return out->n;
}

void lay_text(struct layout *l, const struct style *st, const char *s,
	      double x, double baseline, double width, enum align a)
{
	size_t n = s ? strlen(s) : 0;
	double w;

	if (!n)
		return;
	if (a == ALIGN_CENTER || a == ALIGN_RIGHT) {
		w = pdf_text_width(l->pdf, st->face, st->size, s, n);
		x += a == ALIGN_CENTER ? (width - w) / 2 : width - w;
	}
	pdf_text(l->pdf, st->face, st->size, st->color, x, baseline, s, n);
}

/* Draw one line, spreading the spaces when justified. */
static void draw_line(struct layout *l, const struct style *st,
		      const char *s, size_t n, double x, double baseline,
		      double width, enum align a, bool last)
{
	double w;
	size_t spaces = 0;

	if (!n)
		return;
	if (a == ALIGN_LEFT || (a == ALIGN_JUSTIFY && last)) {
		pdf_text(l->pdf, st->face, st->size, st->color, x, baseline,
			 s, n);
		return;
	}
	w = pdf_text_width(l->pdf, st->face, st->size, s, n);
	if (a != ALIGN_JUSTIFY) {
		x += a == ALIGN_CENTER ? (width - w) / 2 : width - w;
		pdf_text(l->pdf, st->face, st->size, st->color, x, baseline,
			 s, n);
		return;
	}
	/* justified: word by word, the gaps widened evenly */
	for (size_t i = 0; i < n; i++)
		spaces += s[i] == ' ';
	if (!spaces) {
		pdf_text(l->pdf, st->face, st->size, st->color, x, baseline,
			 s, n);
		return;
	}
	{
		double gap = (width - w) / (double)spaces;
		double space = pdf_text_width(l->pdf, st->face, st->size, " ", 1);
		size_t i = 0;

		while (i < n) {
			size_t j = i;
			double ww;

			while (j < n && s[j] != ' ')
				j++;
			ww = pdf_text_width(l->pdf, st->face, st->size, s + i,
					    j - i);
			pdf_text(l->pdf, st->face, st->size, st->color, x,
				 baseline, s + i, j - i);
			x += ww;
			while (j < n && s[j] == ' ') {
				x += space + gap;
				j++;
			}
			i = j;
		}
	}
}

double lay_draw_lines(struct layout *l, const struct style *st,
		      const char *s, const struct lines *ls, size_t from,
		      size_t count, double x, double top, double width,
		      enum align a)
{
	double lh = lay_line_height(l, st), asc, desc;
	double base;

	pdf_font_metrics(l->pdf, st->face, st->size, &asc, &desc);
	/* centre the glyphs in the line box */
	base = top - (lh - (asc - desc)) / 2 - asc;
	for (size_t i = from; i < from + count && i < ls->n; i++) {
		draw_line(l, st, s + ls->v[i].off, ls->v[i].len, x, base,
			  width, a, i + 1 == ls->n);
		base -= lh;
	}
	return lh * (double)count;
}

/* The width lines of st take: the measure, within the margins. */
static double measure(const struct layout *l, const struct style *st)
{
	double w = lay_body_width(l), m = l->measure * st->size;

	return m > 0 && m < w ? m : w;
}

void lay_paragraph(struct layout *l, const struct style *st, const char *s,
		   double indent, enum align a)
{
	struct lines ls = { 0 };
	double lh = lay_line_height(l, st);
	double width = measure(l, st) - indent;

	lay_wrap(l, st, s, s ? strlen(s) : 0, width, &ls);
	for (size_t i = 0; i < ls.n; i++) {
		lay_need(l, lh);
		lay_draw_lines(l, st, s, &ls, i, 1, l->left + indent, l->y,
			       width, a);
		l->y -= lh;
	}
	lines_release(&ls);
}

/*
 * The lines of a paragraph whose first line alone is indented: head
 * holds its first line (wrapped to width - first), rest the others
 * (wrapped to width) from byte *off on.
 */
static void wrap_first(struct layout *l, const struct style *st,
		       const char *s, double first, struct lines *head,
		       struct lines *rest, size_t *off)
{
	double width = measure(l, st);
	size_t n = s ? strlen(s) : 0;

	lay_wrap(l, st, s, n, width - first, head);
	*off = head->v[0].off + head->v[0].len;
	while (*off < n && s[*off] == ' ')
		(*off)++;
	rest->n = 0;
	if (head->n > 1 && *off < n)
		lay_wrap(l, st, s + *off, n - *off, width, rest);
}

size_t lay_paragraph_first_lines(struct layout *l, const struct style *st,
				 const char *s, double first)
{
	struct lines head = { 0 }, rest = { 0 };
	size_t off, n;

	wrap_first(l, st, s, first, &head, &rest, &off);
	n = 1 + rest.n;
	lines_release(&head);
	lines_release(&rest);
	return n;
}

void lay_paragraph_first_break(struct layout *l, const struct style *st,
			       const char *s, double first, enum align a,
			       size_t brk)
{
	struct lines head = { 0 }, rest = { 0 };
	double lh = lay_line_height(l, st), width = measure(l, st);
	size_t off;

	wrap_first(l, st, s, first, &head, &rest, &off);
	for (size_t i = 0; i < 1 + rest.n; i++) {
		/* a page begun for line brk, unless one has just begun */
		if (i == brk && l->page >= 0 && l->y < l->height - l->top)
			lay_new_page(l);
		lay_need(l, lh);
		if (i == 0)
			lay_draw_lines(l, st, s, &head, 0, 1, l->left + first,
				       l->y, width - first,
				       head.n == 1 && a == ALIGN_JUSTIFY ?
				       ALIGN_LEFT : a);
		else
			lay_draw_lines(l, st, s + off, &rest, i - 1, 1,
				       l->left, l->y, width, a);
		l->y -= lh;
	}
	lines_release(&head);
	lines_release(&rest);
}

void lay_paragraph_first(struct layout *l, const struct style *st,
			 const char *s, double first, enum align a)
{
	lay_paragraph_first_break(l, st, s, first, a, SIZE_MAX);
}

int lay_heading(struct layout *l, const struct style *st, const char *s,
		int parent, double keep)
{
	struct lines ls = { 0 };
	double lh = lay_line_height(l, st), h;
	int mark;

	lay_wrap(l, st, s, strlen(s), lay_body_width(l), &ls);
	h = lh * (double)ls.n;
	lay_need(l, h + keep);
	mark = pdf_bookmark(l->pdf, parent, s, l->y + st->size);
	lay_draw_lines(l, st, s, &ls, 0, ls.n, l->left, l->y,
		       lay_body_width(l), ALIGN_LEFT);
	l->y -= h;
	lines_release(&ls);
	return mark;
}

/* ---- tables ---------------------------------------------------------------- */

struct row {                     /* one measured row */
	struct cell_out *cells;
	struct lines *lines;
	size_t ncell;                /* lines of the tallest cell */
	char *detail;                /* the text under the cells, or NULL */
	struct lines dlines;
	size_t nlines;               /* ncell and the detail's lines */
};

static double col_x(const struct layout *l, const struct table *t,
		    size_t c, double *w)
{
	double x = l->left;

	for (size_t i = 0; i < c; i++)
		x += t->widths[i];
	*w = t->widths[c];
	return x;
}

/* Rows kept together at the start and at the end of a table. */
#define KEEP_ROWS 3

static double swatch_size(const struct table *t)
{
	return t->body.size * 0.8;
}

/*
 * The width of the widest line (words: the widest word) of column c's
 * cells, over every row.
 */
static double widest(struct layout *l, const struct table *t, size_t c,
		     bool words)
{
	const char *stop = words ? " \n" : "\n";
	double most = 0;

	for (size_t i = 0; i < t->nrows; i++) {
		struct cell_out co;
		const char *s;

		memset(&co, 0, sizeof(co));
		co.face = t->body.face;
		t->cell(t->ctx, i, c, &co);
		for (s = co.text ? co.text : ""; *s;) {
			size_t k = strcspn(s, stop);
			double w = pdf_text_width(l->pdf, co.face, t->body.size,
						  s, k);

			if (co.swatch)
				w += swatch_size(t) + t->pad;
			if (w > most)
				most = w;
			s += k;
			s += strspn(s, stop);
		}
	}
	return most;
}

/*
 * The least width that sets a header on two lines at most, broken at a
 * space: the narrower side of its best split.
 */
static double two_lines(struct layout *l, const struct table *t,
			const char *h)
{
	size_t n = strlen(h);
	double best = pdf_text_width(l->pdf, t->head.face, t->head.size, h, n);

	for (size_t i = 0; i < n; i++) {
		double a, b;

		if (h[i] != ' ')
			continue;
		a = pdf_text_width(l->pdf, t->head.face, t->head.size, h, i);
		b = pdf_text_width(l->pdf, t->head.face, t->head.size, h + i + 1,
				   n - i - 1);
		if ((a > b ? a : b) < best)
			best = a > b ? a : b;
	}
	return best;
}

/*
 * Share the width out: a column with a sample takes what it needs, the
 * columns of words share the rest by their shares, each at least what it
 * needs (or that, when its share is narrower); when nothing wraps the
 * room left is spread over every column. Returns the width taken, more
 * than body when the needs do not fit.
 */
static double share_out(const struct table *t, double body,
			const double *need, double *w)
{
	size_t n = t->ncols;
	bool *fixed = xcalloc(n + 1, sizeof(*fixed));
	double share = 0, all = 0, taken = 0;
	bool again = true;

	for (size_t i = 0; i < n; i++) {
		all += t->cols[i].width;
		fixed[i] = t->cols[i].fit != NULL;
		if (fixed[i])
			taken += need[i];
		else
			share += t->cols[i].width;
	}
	while (again) {
		again = false;
		for (size_t i = 0; i < n && share > 0; i++)
			if (!fixed[i] && need[i] > (body - taken) *
			    t->cols[i].width / share) {
				fixed[i] = again = true;
				taken += need[i];
				share -= t->cols[i].width;
			}
	}
	for (size_t i = 0; i < n; i++)
		w[i] = fixed[i] ? need[i] : (body - taken) * t->cols[i].width /
		       share;
	if (share <= 0 && taken < body && all > 0)
		for (size_t i = 0; i < n; i++)
			w[i] += (body - taken) * t->cols[i].width / all;
	free(fixed);
	return taken;
}

/*
 * Widths (see lay_table() in layout.h). A column with a sample (an id, a
 * code, a date, a percent, a rating word) or of figures gets just the
 * width of it and of its header: the rest goes to the columns of words
 * (titles, names), which wrap between words, each at least as wide as
 * its widest word and its header on two lines. When the words do not
 * fit whole, a long word is broken before a figure is; only when the
 * figures alone are too wide are they narrowed, in proportion.
 */
static double *col_widths(struct layout *l, const struct table *t)
{
	size_t n = t->ncols;
	double *w = xcalloc(n + 1, sizeof(*w));
	double *least = xcalloc(n + 1, sizeof(*least)); /* headers, figures */
	double *whole = xcalloc(n + 1, sizeof(*whole)); /* and whole words */
	double body = lay_body_width(l), words = 0, figs = 0, room;

	for (size_t i = 0; i < n; i++) {
		const char *fit = t->cols[i].fit, *h = t->cols[i].head;
		double v = two_lines(l, t, h), c;

		if (fit && *fit) {
			c = pdf_text_width(l->pdf, PDF_BOLD, t->body.size, fit,
					   strlen(fit));
			v = c > v ? c : v;
		} else if (fit) {
			c = widest(l, t, i, false);
			v = c > v ? c : v;
		}
		least[i] = whole[i] = v + 2 * t->pad + 1;
		if (!fit) {
			c = widest(l, t, i, true) + 2 * t->pad + 1;
			whole[i] = c > least[i] ? c : least[i];
			words += least[i];
		} else {
			figs += least[i];
		}
	}
	if (share_out(t, body, whole, w) > body &&
	    share_out(t, body, least, w) > body) {
		/* the page is too narrow for the figures whole: narrow them
		 * in proportion, the columns of words at their least */
		room = body - words;
		for (size_t i = 0; i < n; i++)
			if (room <= 0 || figs <= 0)
				w[i] = least[i] * body / (figs + words);
			else if (t->cols[i].fit)
				w[i] = least[i] * room / figs;
			else
				w[i] = least[i];
	}
	free(least);
	free(whole);
	return w;
}

/* Where the detail under a row starts, and its width (the measure). */
static double detail_x(const struct layout *l, const struct table *t,
		       double *w)
{
	size_t c = t->detail_col < t->ncols ? t->detail_col : 0;
	double x = col_x(l, t, c, w);

	*w = l->left + lay_body_width(l) - x - 2 * t->pad;
	if (l->measure > 0 && *w > l->measure * t->body.size)
		*w = l->measure * t->body.size;
	return x + t->pad;
}

static void measure_row(struct layout *l, const struct table *t,
			struct row *r)
{
	r->nlines = 1;
	for (size_t c = 0; c < t->ncols; c++) {
		struct cell_out *co = &r->cells[c];
		struct style st = t->body;
		double w;
		size_t n;

		col_x(l, t, c, &w);
		w -= 2 * t->pad;
		if (co->swatch)
			w -= swatch_size(t) + t->pad;
		st.face = co->face;
		n = lay_wrap(l, &st, co->text, co->text ? strlen(co->text) : 0,
			     w, &r->lines[c]);
		if (n > r->nlines)
			r->nlines = n;
	}
	r->ncell = r->nlines;
	if (r->detail) {
		struct style st = t->body;
		double w;

		st.face = t->detail_face;
		detail_x(l, t, &w);
		r->nlines += lay_wrap(l, &st, r->detail, strlen(r->detail), w,
				      &r->dlines);
	}
}

static double header_height(struct layout *l, const struct table *t,
			    struct lines *hl)
{
	size_t most = 1;

	for (size_t c = 0; c < t->ncols; c++) {
		double w;

		col_x(l, t, c, &w);
		lay_wrap(l, &t->head, t->cols[c].head, strlen(t->cols[c].head),
			 w - 2 * t->pad, &hl[c]);
		if (hl[c].n > most)
			most = hl[c].n;
	}
	return lay_line_height(l, &t->head) * (double)most + 2 * t->pad;
}

static void draw_header(struct layout *l, const struct table *t,
			struct lines *hl)
{
	double h = header_height(l, t, hl);

	pdf_fill_rect(l->pdf, l->left, l->y - h, lay_body_width(l), h,
		      t->head_fill);
	for (size_t c = 0; c < t->ncols; c++) {
		double w, x = col_x(l, t, c, &w);
		struct style st = t->head;

		st.color = t->head_color;
		lay_draw_lines(l, &st, t->cols[c].head, &hl[c], 0, hl[c].n,
			       x + t->pad, l->y - t->pad, w - 2 * t->pad,
			       t->cols[c].align == ALIGN_JUSTIFY ?
			       ALIGN_LEFT : t->cols[c].align);
	}
	l->y -= h;
}

/* Draw lines [from, from + count) of each cell of r; the height used. */
static double draw_row_part(struct layout *l, const struct table *t,
			    const struct row *r, size_t from, size_t count,
			    bool stripe)
{
	double lh = lay_line_height(l, &t->body);
	double h = lh * (double)count + 2 * t->pad;

	if (stripe)
		pdf_fill_rect(l->pdf, l->left, l->y - h, lay_body_width(l), h,
			      t->stripe);
	for (size_t c = 0; c < t->ncols; c++) {
		const struct cell_out *co = &r->cells[c];
		struct style st = t->body;
		double w, x = col_x(l, t, c, &w);

		if (co->has_fill)
			pdf_fill_rect(l->pdf, x, l->y - h, w, h, co->fill);
		x += t->pad;
		w -= 2 * t->pad;
		if (co->swatch) {
			double s = swatch_size(t);

			double y0 = l->y - t->pad - lh / 2 - s / 2;

			if (from == 0 && co->swatch_shape == SWATCH_BOX)
				pdf_fill_rect(l->pdf, x, y0, s, s,
					      co->swatch_color);
			else if (from == 0) {
				bool up = co->swatch_shape == SWATCH_UP;
				double xs[3] = { x, x + s, x + s / 2 };
				double base = up ? y0 : y0 + s;
				double ys[3] = { base, base,
						 up ? y0 + s : y0 };

				pdf_fill_polygon(l->pdf, xs, ys, 3,
						 co->swatch_color);
			}
			x += s + t->pad;
			w -= s + t->pad;
		}
		st.face = co->face;
		if (co->has_color)
			st.color = co->color;
		if (co->text && from < r->ncell)
			lay_draw_lines(l, &st, co->text, &r->lines[c], from,
				       count, x, l->y - t->pad, w,
				       t->cols[c].align);
	}
	if (r->detail && from + count > r->ncell) {
		/* the detail's lines of this part, under the cells' */
		size_t first = from > r->ncell ? from : r->ncell;
		double w, x = detail_x(l, t, &w);
		struct style st = t->body;

		st.face = t->detail_face;
		lay_draw_lines(l, &st, r->detail, &r->dlines,
			       first - r->ncell, from + count - first, x,
			       l->y - t->pad - lh * (double)(first - from), w,
			       ALIGN_LEFT);
	}
	l->y -= h;
	pdf_line(l->pdf, l->left, l->y, l->left + lay_body_width(l), l->y,
		 0.4, t->rule, 0);
	return h;
}

/* Fill row i's cells from the table and measure them into r. */
static void fill_row(struct layout *l, const struct table *t, size_t i,
		     struct row *r)
{
	for (size_t c = 0; c < t->ncols; c++) {
		memset(&r->cells[c], 0, sizeof(r->cells[c]));
		r->cells[c].face = t->body.face;
		t->cell(t->ctx, i, c, &r->cells[c]);
	}
	free(r->detail);
	r->detail = t->detail ? t->detail(t->ctx, i) : NULL;
	measure_row(l, t, r);
}

/* The height of rows [i, i + n) drawn whole. */
static double rows_height(struct layout *l, const struct table *t,
			  size_t i, size_t n, struct row *scratch)
{
	double lh = lay_line_height(l, &t->body), h = 0;

	for (size_t k = i; k < i + n && k < t->nrows; k++) {
		fill_row(l, t, k, scratch);
		h += lh * (double)scratch->nlines + 2 * t->pad;
	}
	return h;
}

/* Free what measuring or drawing a table's rows held. */
static void table_scratch_free(const struct table *t, struct row *r,
			       struct lines *hl, double *widths)
{
	for (size_t c = 0; c < t->ncols; c++) {
		lines_release(&r->lines[c]);
		lines_release(&hl[c]);
	}
	free(r->detail);
	lines_release(&r->dlines);
	free(r->lines);
	free(r->cells);
	free(hl);
	free(widths);
}

double lay_table_keep(struct layout *l, const struct table *given)
{
	struct table tab = *given, *t = &tab;
	double *widths = col_widths(l, t);
	struct row r = { 0 };
	struct lines *hl = xcalloc(t->ncols, sizeof(*hl));
	double h, fresh = l->height - l->top - l->bottom;

	t->widths = widths;
	r.cells = xcalloc(t->ncols, sizeof(*r.cells));
	r.lines = xcalloc(t->ncols, sizeof(*r.lines));
	h = header_height(l, t, hl) + rows_height(l, t, 0, KEEP_ROWS, &r);
	table_scratch_free(t, &r, hl, widths);
	return h < fresh ? h : fresh / 2;
}

void lay_table(struct layout *l, const struct table *given)
{
	struct table tab = *given, *t = &tab;
	double *widths = col_widths(l, t);
	struct row r = { 0 };
	struct lines *hl;
	double lh = lay_line_height(l, &t->body), hh, fresh;

	t->widths = widths;
	hl = xcalloc(t->ncols, sizeof(*hl));
	r.cells = xcalloc(t->ncols, sizeof(*r.cells));
	r.lines = xcalloc(t->ncols, sizeof(*r.lines));
	hh = header_height(l, t, hl);
	fresh = l->height - l->top;
	{
		/* the header and the first rows together (KEEP_ROWS), when
		   a fresh page holds them */
		double first = rows_height(l, t, 0, KEEP_ROWS, &r);

		if (hh + first <= fresh - l->bottom)
			lay_need(l, hh + first);
		else
			lay_need(l, hh + lh + 2 * t->pad);
	}
	draw_header(l, t, hl);
	for (size_t i = 0; i < t->nrows; i++) {
		size_t done = 0;

		/* the last rows together, never one or two alone on a page:
		   when they do not fit here, they start the next page */
		if (i > 0 && i + KEEP_ROWS == t->nrows && t->nrows >= 2 * KEEP_ROWS) {
			double last = rows_height(l, t, i, KEEP_ROWS, &r);

			if (l->y - last < l->bottom &&
			    hh + last <= fresh - l->bottom) {
				lay_new_page(l);
				draw_header(l, t, hl);
			}
		}
		fill_row(l, t, i, &r);
		/*
		 * The whole row here, or on a new page under the header; a row
		 * taller than a fresh page would be split anyway, so it starts
		 * here when a line of it fits.
		 */
		if (l->y - (lh * (double)r.nlines + 2 * t->pad) < l->bottom &&
		    (fresh - hh - 2 * t->pad >= lh * (double)r.nlines ||
		     l->y - l->bottom - 2 * t->pad < lh)) {
			lay_new_page(l);
			draw_header(l, t, hl);
		}
		while (done < r.nlines) {
			double room = l->y - l->bottom - 2 * t->pad;
			size_t fit = room > 0 ? (size_t)(room / lh) : 0;

			if (fit == 0 && l->y >= fresh - hh - 0.5) {
				/* not one line fits even under a fresh header (a
				 * template can make pages that small): draw one
				 * anyway, so that the table always ends */
				fit = 1;
			}
			if (fit == 0) {
				lay_new_page(l);
				draw_header(l, t, hl);
				continue;
			}
			if (fit > r.nlines - done)
				fit = r.nlines - done;
			draw_row_part(l, t, &r, done, fit, i % 2 == 1);
			done += fit;
		}
	}
	table_scratch_free(t, &r, hl, widths);
}

/* ---- page numbers ---------------------------------------------------------- */

char *lay_page_label(const char *label, int page, int pages)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (const char *s = label; *s; s++) {
		if (strncmp(s, "{page}", 6) == 0) {
			strbuf_addf(&sb, "%d", page);
			s += 5;
		} else if (strncmp(s, "{pages}", 7) == 0) {
			strbuf_addf(&sb, "%d", pages);
			s += 6;
		} else {
			strbuf_addch(&sb, *s);
		}
	}
	return strbuf_detach(&sb, NULL);
}

void lay_page_numbers(struct layout *l, const struct style *st,
		      const char *label, int first, bool top)
{
	int pages = pdf_page_count(l->pdf);

	for (int i = first; i < pages; i++) {
		char *s = lay_page_label(label, i + 1, pages);
		double y = top ? l->height - l->top / 2 :
				 l->bottom / 2 - st->size / 2;

		pdf_use_page(l->pdf, i);
		lay_text(l, st, s, l->left, y, lay_body_width(l), ALIGN_CENTER);
		free(s);
	}
	pdf_use_page(l->pdf, pages - 1);
}

/* ---- running header ------------------------------------------------------ */

char *lay_fit_line(struct layout *l, const struct style *st, const char *s,
		   double width)
{
	static const char ell[] = "\xe2\x80\xa6";  /* … */
	size_t n = strlen(s), keep = 0;
	double room;

	if (pdf_text_width(l->pdf, st->face, st->size, s, n) <= width)
		return xstrdup(s);
	room = width - pdf_text_width(l->pdf, st->face, st->size, ell,
				      strlen(ell));
	/* whole characters while they fit, then no trailing space */
	while (keep < n) {
		size_t next = keep + char_len(s + keep, n - keep);

		if (pdf_text_width(l->pdf, st->face, st->size, s, next) > room)
			break;
		keep = next;
	}
	while (keep && s[keep - 1] == ' ')
		keep--;
	return xasprintf("%.*s%s", (int)keep, s, ell);
}

void lay_header_place(struct layout *l, const struct style *st,
		      double *baseline, double *rule)
{
	double asc, desc, body = l->height - l->top;

	pdf_font_metrics(l->pdf, st->face, st->size, &asc, &desc);
	/* the text in the middle of the margin, the rule a little under
	   it, never lower than 2 points above the body */
	*baseline = l->height - l->top / 2;
	*rule = *baseline + desc - 2;
	if (*rule < body + 2) {
		*rule = body + 2;
		*baseline = *rule + 2 - desc;
	}
}

void lay_running_header(struct layout *l, const struct style *st,
			const char *text, struct rgb rule, int first)
{
	int pages = pdf_page_count(l->pdf);
	double w = lay_body_width(l), baseline, ry;
	char *s;

	if (!text || !*text || first >= pages)
		return;
	s = lay_fit_line(l, st, text, w);
	lay_header_place(l, st, &baseline, &ry);
	for (int i = first; i < pages; i++) {
		pdf_use_page(l->pdf, i);
		lay_text(l, st, s, l->left, baseline, w, ALIGN_LEFT);
		pdf_line(l->pdf, l->left, ry, l->left + w, ry, 0.5, rule, 0);
	}
	pdf_use_page(l->pdf, pages - 1);
	free(s);
}
