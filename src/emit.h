/*
 * emit: writing validation results for people and programs, as compiler
 * style text, one JSON document, or CSV. Part of the command line side:
 * it writes to the FILE it is given and decides nothing else.
 */
#ifndef TIENDO_EMIT_H
#define TIENDO_EMIT_H

#include <stdbool.h>
#include <stdio.h>

#include "validate.h"

/*
 * EMIT_RECEIPT: the receipt of a file handed in to the intake service, one
 * JSON object whose problems are written as EMIT_JSON writes them.
 */
enum emit_format { EMIT_TEXT, EMIT_JSON, EMIT_CSV, EMIT_RECEIPT };

struct emitter;

/**
 * Start a report on out. max_problems (0: no limit) caps how many problems
 * are listed; counting goes on past it. Free with emit_close().
 */
struct emitter *emit_open(FILE *out, enum emit_format fmt, enum lang lang,
			  unsigned long max_problems);

/** A sink that writes each problem to the current section. */
struct diag_sink emit_sink(struct emitter *e);

/** Open the section of problems about the roadmap (JSON: "roadmap"). */
void emit_begin_roadmap(struct emitter *e);
void emit_end_roadmap(struct emitter *e, bool broken);

/**
 * Open and close the section of one checked file. The file name, as the
 * name in each problem, is written escaped by escape_name() in every
 * format: the same text in the text, JSON and CSV outputs.
 */
void emit_begin_file(struct emitter *e, const char *file);
void emit_end_file(struct emitter *e, const char *file, const char *kind,
		   const char *agency, const struct table_stats *st);

/** What a receipt says before its problems (EMIT_RECEIPT). */
struct emit_receipt {
	const char *agency, *period, *file;
	const char *received_at;      /* "YYYY-MM-DD HH:MM:SS", Hanoi */
	const char *sha256;           /* 64 hex digits */
};

/**
 * Open the receipt (an emitter opened with EMIT_RECEIPT): its head, then
 * the problems told to emit_sink(), then emit_end_receipt() with the
 * file's figures: {"agency", "period", "file", "received_at", "sha256",
 * "problems": [...], "status", "kind", "rows", "accepted", "rejected",
 * "errors", "warnings", "shown", "not_shown"}. status is "rejected" when
 * the file was rejected whole or no row of it was accepted (the agency
 * has not reported), else "accepted".
 */
void emit_begin_receipt(struct emitter *e, const struct emit_receipt *r);
void emit_end_receipt(struct emitter *e, const char *kind,
		      const struct table_stats *st);

/** Finish the report (totals, truncation note) and free; accepts NULL. */
void emit_close(struct emitter *e);

#endif
