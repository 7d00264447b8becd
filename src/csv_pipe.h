/*
 * csv_pipe: a csv_reader running in a thread of its own.
 *
 * Reading and parsing (libcsv and position tracking) cost about as much as
 * checking the rows. On a machine with two cores they overlap: a producer
 * thread reads records into one batch while the caller checks the other.
 * Same records, errors and order as csv_reader.
 */
#ifndef TIENDO_CSV_PIPE_H
#define TIENDO_CSV_PIPE_H

#include "csv_reader.h"

struct csv_pipe;

/**
 * Open path and start reading it in the background. Never returns NULL:
 * a file that cannot be opened gives CSV_ERR_IO from the first next().
 * The caller closes with csv_pipe_close(), at any point.
 */
struct csv_pipe *csv_pipe_open(const char *path);

/** As csv_reader_next(): 1 and *rec (valid until the next call), 0, -1. */
int csv_pipe_next(struct csv_pipe *p, const struct csv_record **rec);

/** The error of the last -1 from csv_pipe_next(). */
const struct csv_error *csv_pipe_error(const struct csv_pipe *p);

/** Stop the thread, close and free; accepts NULL. */
void csv_pipe_close(struct csv_pipe *p);

#endif
