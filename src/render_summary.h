/*
 * render_summary: the summary for the Steering Committee, as PDF.
 *
 * The sections and their order come from the template ("sections"); each
 * is drawn with the layout layer.
 */
#ifndef TIENDO_RENDER_SUMMARY_H
#define TIENDO_RENDER_SUMMARY_H

#include <stdio.h>

#include "render_doc.h"

/**
 * Write the summary PDF of in to f. Returns 0, or -1 with *err set (the
 * caller frees it); nothing useful is in f then.
 */
int render_summary_pdf(const struct doc_input *in, FILE *f, char **err);

#endif
