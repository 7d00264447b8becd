/*
 * render_report: the summary for the Steering Committee and the report
 * of each agency, as PDF.
 *
 * The sections and their order come from the template ("sections" and
 * "agency_sections"); each is drawn with the layout layer.
 */
#ifndef TIENDO_RENDER_REPORT_H
#define TIENDO_RENDER_REPORT_H

#include <stdio.h>

#include "render_doc.h"

/**
 * Write the summary PDF of in to f. Returns 0, or -1 with *err set (the
 * caller frees it); nothing useful is in f then.
 */
int render_summary_pdf(const struct doc_input *in, FILE *f, char **err);

/** Write the report of agency code to f; as render_summary_pdf(). */
int render_agency_pdf(const struct doc_input *in, const char *code, FILE *f,
		      char **err);

#endif
