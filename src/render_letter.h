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
#include <stdio.h>

#include "render_doc.h"

/**
 * Write the letter to agency code to f. Returns 0, or -1 with *err set
 * (the caller frees it).
 */
int render_letter_pdf(const struct doc_input *in, const char *code, FILE *f,
		      char **err);

#endif
