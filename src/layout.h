/*
 * layout: flowing text and tables down pages.
 *
 * A small layer over pdf.h that the document renderers share. It keeps a
 * cursor on the current page and starts a new page when what comes next
 * does not fit. Everything is measured before it is drawn: text is
 * wrapped on measured widths (at spaces, a word wider than its box broken
 * between characters), a table row is as tall as its tallest cell and
 * never cut in half, and a table that runs over a page repeats its
 * header. Page numbers and a running header are drawn at the end, when
 * the count is known.
 */
#ifndef TIENDO_LAYOUT_H
#define TIENDO_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "pdf.h"

struct style {
	enum pdf_face face;
	double size;                 /* points */
	struct rgb color;
};

enum align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT, ALIGN_JUSTIFY };

struct layout {
	struct pdf *pdf;
	double width, height;        /* of a page */
	double left, right, top, bottom;  /* margins */
	double leading;              /* line height / font size (1.25) */
	double measure;              /* longest line of a paragraph, in ems
					of its size (0: between the margins) */
	double y;                    /* top of the free space on this page */
	int page;                    /* current page, -1 before the first */
	/* called on each new page, after the cursor is set (may be NULL) */
	void (*on_page)(struct layout *l, void *ctx);
	void *ctx;
};

/** A line of wrapped text: bytes [off, off + len) of the text. */
struct span {
	size_t off, len;
};

struct lines {
	struct span *v;
	size_t n, cap;
};

void lay_init(struct layout *l, struct pdf *p, double width, double height,
	      double left, double right, double top, double bottom);

/** Width between the margins. */
double lay_body_width(const struct layout *l);

/** Start a new page; the cursor goes to its top margin. */
void lay_new_page(struct layout *l);

/** Make room for h points: a new page when they do not fit here. */
void lay_need(struct layout *l, double h);

/** Move the cursor down by h (never past the bottom margin). */
void lay_skip(struct layout *l, double h);

/** Height of one line of st. */
double lay_line_height(const struct layout *l, const struct style *st);

/**
 * Wrap n bytes of text to width: lines end at spaces or '\n'; a word
 * wider than width is broken between characters. out is reset first
 * and released with lines_release(). Returns the number of lines (at
 * least 1, even for empty text).
 */
size_t lay_wrap(struct layout *l, const struct style *st, const char *s,
		size_t n, double width, struct lines *out);

void lines_release(struct lines *ls);

/**
 * Draw lines of s with the first baseline one ascent below top; returns
 * the height used.
 */
double lay_draw_lines(struct layout *l, const struct style *st,
		      const char *s, const struct lines *ls, size_t from,
		      size_t count, double x, double top, double width,
		      enum align a);

/** One line of text at (x, baseline), aligned within width. */
void lay_text(struct layout *l, const struct style *st, const char *s,
	      double x, double baseline, double width, enum align a);

/**
 * A paragraph at the cursor, indented by indent, wrapped and flowed over
 * pages line by line; its lines are no longer than the layout's measure.
 */
void lay_paragraph(struct layout *l, const struct style *st, const char *s,
		   double indent, enum align a);

/** A paragraph whose first line alone is indented by first. */
void lay_paragraph_first(struct layout *l, const struct style *st,
			 const char *s, double first, enum align a);

/** The number of lines lay_paragraph_first() sets s on (at least 1). */
size_t lay_paragraph_first_lines(struct layout *l, const struct style *st,
				 const char *s, double first);

/**
 * lay_paragraph_first() that starts a new page before its line brk
 * (0-based; 0 before the paragraph) unless a page has just begun there;
 * SIZE_MAX, or any brk past its lines, for none.
 */
void lay_paragraph_first_break(struct layout *l, const struct style *st,
			       const char *s, double first, enum align a,
			       size_t brk);

/**
 * A heading kept with what follows (keep points of it), bookmarked under
 * parent (-1 top level); returns the bookmark.
 */
int lay_heading(struct layout *l, const struct style *st, const char *s,
		int parent, double keep);

/** A cell as a table's cell() callback describes it. */
struct cell_out {
	const char *text;            /* UTF-8; NULL or "" for empty */
	char buf[96];                /* room for formatted figures */
	enum pdf_face face;          /* preset to the body face */
	bool has_color, has_fill;
	struct rgb color, fill;
	/* a small filled box before the text (a rating swatch); or a
	 * triangle pointing up or down (a change, since the fonts have no
	 * such glyph) */
	bool swatch;
	struct rgb swatch_color;
	enum swatch_shape { SWATCH_BOX, SWATCH_UP, SWATCH_DOWN } swatch_shape;
};

struct table_col {
	const char *head;            /* header label */
	double width;                /* share of the table width */
	enum align align;
	/* a sample the column must fit on one line in bold, e.g. the longest
	 * task id or a date; widened to it when its share is too narrow */
	const char *fit;
};

/*
 * The sample of a column of figures or short words, none of them ever
 * wrapped: the column is as wide as the widest line of its cells (the
 * rows are measured first).
 */
#define LAY_FIT_CELLS ""


struct table {
	const struct table_col *cols;
	size_t ncols, nrows;
	struct style head, body;
	struct rgb head_fill, head_color, rule, stripe;
	double pad;                  /* inside each cell */
	void (*cell)(void *ctx, size_t row, size_t col, struct cell_out *out);
	void *ctx;
	const double *widths;        /* private: set by lay_table() */
	/* text under a row, across the columns from detail_col to the last
	 * (a task's title, what an agency wrote about it), in the body's size
	 * and colour; malloc'd, NULL for none. May be NULL. */
	char *(*detail)(void *ctx, size_t row);
	size_t detail_col;
	enum pdf_face detail_face;
};

/**
 * Draw a table at the cursor across as many pages as it needs, the
 * header repeated on each. A row taller than a whole page is the only
 * one cut, and then between lines.
 *
 * Widths: a column with a sample (fit; LAY_FIT_CELLS: its cells) takes
 * exactly what its sample, its widest line and its header (on two
 * lines at most, broken between words) need; the columns of words share
 * the rest by their shares, each at least as wide as its header on two
 * lines. Only when the fixed
 * columns alone overflow the page are they narrowed, in proportion, so
 * that nothing is ever drawn past the right margin.
 */
void lay_table(struct layout *l, const struct table *t);

/**
 * The height lay_table() keeps together at the start of t (its header
 * and first rows), so that a heading can be kept with them; at most half
 * a page when they would not fit on one.
 */
double lay_table_keep(struct layout *l, const struct table *t);

/**
 * Number every page from first (0-based) with label, where "{page}" and
 * "{pages}" are replaced; centred at the top or the bottom margin.
 */
void lay_page_numbers(struct layout *l, const struct style *st,
		      const char *label, int first, bool top);

/** label with "{page}" and "{pages}" filled in; the caller frees it. */
char *lay_page_label(const char *label, int page, int pages);

/**
 * s cut to fit width in st on one line: whole, or its first characters
 * and "…". The caller frees it.
 */
char *lay_fit_line(struct layout *l, const struct style *st, const char *s,
		   double width);

/**
 * Where a running header goes in the top margin: the baseline of its
 * text and the height of the thin rule under it, the rule above the top
 * of the body and the text above the rule.
 */
void lay_header_place(struct layout *l, const struct style *st,
		      double *baseline, double *rule);

/**
 * A running header on every page from first (0-based): text on one line
 * at the left of the top margin (cut with "…" when too long), a thin
 * rule of colour rule across the body's width under it. Drawn when the
 * pages are done, like page numbers; the body never reaches it.
 */
void lay_running_header(struct layout *l, const struct style *st,
			const char *text, struct rgb rule, int first);

#endif
