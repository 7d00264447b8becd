/*
 * outfile: writing a file so that it appears whole or not at all. Data
 * goes to a temporary file in the same folder, which is flushed, synced
 * and renamed over the target only when complete.
 */
#ifndef TIENDO_OUTFILE_H
#define TIENDO_OUTFILE_H

#include <stdio.h>

struct outfile;

/**
 * Start writing path. Returns NULL when the temporary file cannot be
 * created (errno set). Finish with outfile_commit() or outfile_abort().
 */
struct outfile *outfile_open(const char *path);
/** The stream to write to. */
FILE *outfile_stream(struct outfile *o);
/**
 * Why a write to the stream failed (ENOSPC for a full disk), or 0: kept
 * from the failing write itself, for a writer (libharu) that only knows
 * that it failed. Always 0 for a file written in place.
 */
int outfile_error(const struct outfile *o);
/** Flush, sync and rename into place; 0, or -1 with errno (file removed). */
int outfile_commit(struct outfile *o);
/** Drop the temporary file; the target is left as it was. Accepts NULL. */
void outfile_abort(struct outfile *o);

#endif
