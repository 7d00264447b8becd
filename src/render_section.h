/*
 * render_section: the pieces a report's sections are built of, shared by
 * the summary (render_summary) and the agency reports (render_agency).
 *
 * Every function draws at the layout's cursor of d and moves it down.
 */
#ifndef TIENDO_RENDER_SECTION_H
#define TIENDO_RENDER_SECTION_H

#include "render_doc.h"

#define TREND_HEIGHT 190         /* points: the trend chart */

/** The task tables: which columns, and which rows they are given. */
enum task_table { TT_RED, TT_APPENDIX, TT_AGENCY, TT_SUPPORTED };

/**
 * Set up t over nrows rows drawn by cell(ctx, row, col, out), in the
 * template's table styles and colours.
 */
void sec_table_init(struct doc *d, struct table *t,
		    const struct table_col *cols, size_t ncols,
		    size_t nrows,
		    void (*cell)(void *, size_t, size_t, struct cell_out *),
		    void *ctx);

/** Put s (NULL for empty) in c, copied into its buffer. */
void sec_text(struct cell_out *c, const char *s);

/** Put rating r in c: its word and its swatch, never colour alone. */
void sec_rag(struct doc *d, struct cell_out *c, enum rag r);

/** Put day (days since the epoch) in c as the document's date. */
void sec_date(struct doc *d, struct cell_out *c, int32_t day);

/**
 * Start a section: a new page if the template asks and the page is not
 * blank, the heading of label id kept with the next keep points; *mark
 * gets the heading's bookmark.
 */
void sec_heading_keep(struct doc *d, const struct section *sec,
		      enum label_id id, int *mark, double keep);

/** sec_heading_keep() keeping four heading lines. */
void sec_heading(struct doc *d, const struct section *sec,
		 enum label_id id, int *mark);

/** sec_heading_keep() keeping the header and first rows of table t. */
void sec_heading_table(struct doc *d, const struct section *sec,
		       enum label_id id, int *mark, const struct table *t);

/** A paragraph of body text with half a line after it. */
void sec_note(struct doc *d, const char *s);

/** The count of tasks per rating of r, as a bar and a legend. */
void sec_rating_strip(struct doc *d, const struct rollup *r);

/**
 * Key-figure cards three to a row: values[i] over labels[i], with a bar
 * of accents[i].
 */
void sec_cards(struct doc *d, const char *const *values,
	       const enum label_id *labels, const struct rgb *accents,
	       size_t n);

/** The task table of kind over rows[0..n). */
void sec_task_table(struct doc *d, enum task_table kind,
		    const struct task_figures **rows, size_t n);

/**
 * The height sec_task_table() keeps together at its start (its header
 * and first rows): what a heading before it keeps.
 */
double sec_task_table_keep(struct doc *d, enum task_table kind,
			   const struct task_figures **rows, size_t n);

/** Chart and table of one roll-up over the trend: agency ai, or -1 overall. */
void sec_trend_of(struct doc *d, int ai);

/** The table of files received, rows[0..n); agency_column adds the agency. */
void sec_files_table(struct doc *d, const struct doc_file **rows, size_t n,
		     bool agency_column);

#endif
