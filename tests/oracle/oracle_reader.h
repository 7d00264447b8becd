/*
 * oracle_reader: the frozen reference reader (oracle_reader.c), with the
 * same records and errors types as csv_reader.h.
 */
#ifndef TIENDO_ORACLE_READER_H
#define TIENDO_ORACLE_READER_H

#include "csv_reader.h"

struct oracle_reader;

struct oracle_reader *oracle_reader_open(const char *path);
struct oracle_reader *oracle_reader_open_async(const char *path);
struct oracle_reader *oracle_reader_open_stream(FILE *fp);
struct oracle_reader *oracle_reader_open_mem(const void *data, size_t n);
int oracle_reader_next(struct oracle_reader *r, const struct csv_record **rec);
const struct csv_error *oracle_reader_error(const struct oracle_reader *r);
char oracle_reader_delimiter(const struct oracle_reader *r);
bool oracle_reader_had_bom(const struct oracle_reader *r);
void oracle_reader_close(struct oracle_reader *r);

#endif
