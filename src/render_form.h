/*
 * render_form: the pre-filled CSV form an agency completes each month.
 */
#ifndef TIENDO_RENDER_FORM_H
#define TIENDO_RENDER_FORM_H

#include <stdio.h>

#include "roadmap.h"
#include "schema.h"

/**
 * Write to out the progress form of agency for period (month number):
 * a UTF-8 BOM so that Excel reads the Vietnamese right, the columns of
 * the progress schema, and one row for each task the agency leads or
 * supports that has started by the period's end, with period, agency,
 * task id and title filled in. CRLF line ends. Returns the number of rows.
 */
size_t render_form(FILE *out, const struct roadmap *rm,
		   const struct schema *progress, const char *agency,
		   int period, enum lang lang);

#endif
