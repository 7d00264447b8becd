/*
 * render_agency: the report of one agency, as PDF.
 *
 * The sections and their order come from the template
 * ("agency_sections"); each is drawn with the layout layer. The shipped
 * template opens with what the agency must do by the next deadline (the
 * report it owes, each rejected row with its task, the figure it would
 * have set and the fix, its late tasks). Every page after the first names
 * the agency and the month in a running header.
 */
#ifndef TIENDO_RENDER_AGENCY_H
#define TIENDO_RENDER_AGENCY_H

#include <stdio.h>

#include "render_doc.h"

/**
 * Write the report of agency code in in to f. Returns 0, or -1 with *err
 * set (the caller frees it); nothing useful is in f then.
 */
int render_agency_pdf(const struct doc_input *in, const char *code, FILE *f,
		      char **err);

#endif
