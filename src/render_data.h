/*
 * render_data: the aggregated figures for other programs, as one JSON
 * document or as CSV tables (`tiendo summary`).
 *
 * A render stage: it reads a summary and the roadmap's names, and writes.
 * Each table is described once and written in either format, so JSON keys
 * and CSV columns cannot drift apart.
 */
#ifndef TIENDO_RENDER_DATA_H
#define TIENDO_RENDER_DATA_H

#include <stdbool.h>
#include <stdio.h>

#include "aggregate.h"
#include "roadmap.h"

enum data_table {
	TABLE_TASKS, TABLE_AGENCIES, TABLE_PILLARS, TABLE_OVERALL,
	TABLE_COMPLIANCE, TABLE_TREND, TABLE_INDICATORS, TABLE_COUNT
};

/** Parse a table name ("tasks", ...); false when unknown. */
bool data_table_parse(const char *name, enum data_table *t);

/** The table names, comma separated, for messages. */
const char *data_table_names(void);

/** Write the whole summary as one JSON document (UTF-8, no BOM). */
void render_summary_json(FILE *out, const struct summary *s,
			 const struct roadmap *rm);

/** Write one table as CSV with a header (UTF-8 with BOM, CRLF). */
void render_summary_csv(FILE *out, const struct summary *s,
			const struct roadmap *rm, enum data_table t);

#endif
