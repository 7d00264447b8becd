/*
 * pdf: the one module that owns libharu.
 *
 * A document of pages, drawn with UTF-8 text in embedded TrueType fonts,
 * lines, rectangles and bookmarks. Coordinates are PDF points with the
 * origin at the bottom left of the page. Text is measured here, from the
 * fonts' own advance widths, so that the layout layer can wrap and align
 * before it draws.
 *
 * libharu reports errors through a callback; this module turns them into
 * a failed document (setjmp lives here and nowhere else). Once a call
 * has failed, every later call does nothing and pdf_save() returns -1
 * with the message in pdf_error().
 */
#ifndef TIENDO_PDF_H
#define TIENDO_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct rgb {
	float r, g, b;               /* 0..1 */
};

enum pdf_face {
	PDF_REGULAR, PDF_BOLD, PDF_ITALIC,
	PDF_BOLD_ITALIC,             /* "Nơi nhận:" of a letter */
	PDF_FACES
};

struct pdf_meta {
	const char *title, *author, *subject, *creator;  /* UTF-8 */
	bool has_date;
	int64_t date;                /* creation date, seconds since the epoch (UTC) */
};

struct pdf;

/**
 * A new document whose faces come from the TrueType files paths[face];
 * paths[PDF_BOLD_ITALIC] may be NULL, and the bold face stands for it.
 * A face is embedded only when the document writes in it. Returns NULL
 * with *err set (the caller frees it) when a font cannot be read. Free
 * with pdf_free().
 */
struct pdf *pdf_new(const char *const paths[PDF_FACES],
		    const struct pdf_meta *meta, char **err);

/**
 * Whether libharu can load the TrueType font at path: 0, or -1 with *err
 * set (the caller frees it) saying why.
 */
int pdf_check_font(const char *path, char **err);

/** Free a document; accepts NULL. */
void pdf_free(struct pdf *p);

/** Add a page of w x h points and make it current; returns its index. */
int pdf_add_page(struct pdf *p, double w, double h);

/** Make page index current again (for footers drawn at the end). */
void pdf_use_page(struct pdf *p, int index);

/** Pages so far. */
int pdf_page_count(const struct pdf *p);

/** Width of n bytes of UTF-8 text in face at size points. */
double pdf_text_width(struct pdf *p, enum pdf_face face, double size,
		      const char *s, size_t n);

/** Ascent and descent (negative) of a face at size, in points. */
void pdf_font_metrics(struct pdf *p, enum pdf_face face, double size,
		      double *ascent, double *descent);

/** Draw n bytes of UTF-8 text with its baseline starting at (x, y). */
void pdf_text(struct pdf *p, enum pdf_face face, double size, struct rgb c,
	      double x, double y, const char *s, size_t n);

/** A filled rectangle. */
void pdf_fill_rect(struct pdf *p, double x, double y, double w, double h,
		   struct rgb c);

/** A line; dash > 0 draws it dashed with that length. */
void pdf_line(struct pdf *p, double x1, double y1, double x2, double y2,
	      double width, struct rgb c, double dash);

/** A filled polygon through n points (closed, non-zero winding). */
void pdf_fill_polygon(struct pdf *p, const double *xs, const double *ys,
		      size_t n, struct rgb c);

/** A polyline through n points (xs[i], ys[i]). */
void pdf_polyline(struct pdf *p, const double *xs, const double *ys,
		  size_t n, double width, struct rgb c, double dash);

/**
 * A bookmark titled title (UTF-8) pointing at the current page at height
 * y, under parent (-1 for the top level). Returns its index.
 */
int pdf_bookmark(struct pdf *p, int parent, const char *title, double y);

/**
 * Write the document to f. Returns 0, or -1 with the reason in
 * pdf_error() (the document or the stream failed).
 */
int pdf_save(struct pdf *p, FILE *f);

/** Why the document failed, or NULL when it has not. */
const char *pdf_error(const struct pdf *p);

#endif
