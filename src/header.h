/*
 * header: a file's header read against the schemas. A label names the
 * field whose name or title it spells (ignoring case, spaces, '_' and
 * '-', in any order: text_name_key()); a header tells which schema, the
 * kind of file, it is by the columns of that schema's primary key; and a
 * header no schema takes is told the kind it looks closest to.
 */
#ifndef TIENDO_HEADER_H
#define TIENDO_HEADER_H

#include <stddef.h>

#include "csv_reader.h"
#include "schema.h"

/**
 * The index of the field of s that a label names, key being the label's
 * text_name_key(); -1 when it names none.
 */
long header_field(const struct schema *s, const char *key);

/**
 * The schema of schemas (n of them) whose primary key columns are all in
 * the header hdr; the only one when n is 1, whatever the header; NULL
 * when none is.
 */
const struct schema *header_kind(const struct schema *const *schemas,
				 size_t n, const struct csv_record *hdr);

/**
 * For a header no schema takes: the schema it looks closest to (the most
 * columns it knows), and in *missing the columns of that schema it lacks,
 * its key's and the required ones ("period, task_id"; the caller frees).
 * NULL, *missing untouched, when the header knows no column of any.
 */
const struct schema *header_closest(const struct schema *const *schemas,
				    size_t n, const struct csv_record *hdr,
				    char **missing);

/**
 * The kinds of file, each with its key's columns, for a message:
 * "Progress report: period, agency_code, task_id; ...". The caller frees.
 */
char *header_kinds_text(const struct schema *const *schemas, size_t n);

#endif
