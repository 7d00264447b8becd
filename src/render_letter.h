/*
 * render_letter: the urging letters (công văn đôn đốc).
 *
 * A letter goes to an agency with red or overdue tasks, or whose
 * submission for the period is missing or was rejected (doc_letter_due()
 * decides, for the run and the summary's decision page). It is laid out
 * as Decree 30/2020/NĐ-CP lays out an administrative letter; its wording
 * is the template's.
 */
#ifndef TIENDO_RENDER_LETTER_H
#define TIENDO_RENDER_LETTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "render_doc.h"

/** A line of a letter's body, as the page breaks see it. */
struct letter_line {
	double skip;                 /* space above it (lost at a page's
					top when the line moves there) */
	double height;
	bool para_start;             /* the first line of a paragraph */
};

/**
 * Where the body of a letter must break so that its ending stands with
 * the signature. The n lines of v flow from a page with first points
 * of room, then onto pages of page points; foot points (the recipients
 * and the signature block) follow the last line. The lines from keep
 * on (the request and the closing) and at least min lines before them
 * must stand on the page of the foot, so that a signature never stands
 * on a page without body text.
 *
 * Returns n when the lines flowing as they come already do so; else the
 * line before which a new page must start: the last paragraph start at
 * or before keep - min (never the first line: the heading's page keeps
 * body text), or keep - min itself when that paragraph would not fit;
 * n again when nothing carried would fit on one page with the foot.
 */
size_t letter_keep_break(const struct letter_line *v, size_t n, size_t keep,
			 size_t min, double first, double page, double foot);

/**
 * Write the letter to agency code to f. Returns 0, or -1 with *err set
 * (the caller frees it).
 */
int render_letter_pdf(const struct doc_input *in, const char *code, FILE *f,
		      char **err);

#endif
