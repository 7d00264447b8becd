/*
 * cell: the text of a cell read as a value of a Table Schema type, in the
 * forms the spec writes it, and the text that tells a person which forms
 * a field accepts. No JSON here: values held as JSON (object, array,
 * geojson, geopoint) are read by field_read() in schema.c, which calls
 * these for the other types. Every function is thread-safe.
 */
#ifndef TIENDO_CELL_H
#define TIENDO_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "schema.h"

/**
 * The length in bytes of the character of set (UTF-8 characters, each an
 * alternative) that s begins with, or 0 when s begins with none of them
 * (set NULL: none).
 */
size_t cell_one_of(const char *s, const char *set);

/**
 * Read s as a number whose decimal characters are decimal_chars (UTF-8,
 * each an alternative), digits grouped by group (NULL: none); bare false
 * strips text around the number ("95%", "EUR 95"); finite false accepts
 * NaN, INF and -INF (any case). An exponent is allowed. True and *out set
 * when s is one; false when not.
 */
bool cell_number(const char *s, const char *decimal_chars,
		 const char *group, bool bare, bool finite, double *out);

/**
 * Read s as an integer, digits grouped by group (NULL: none); bare false
 * strips text around it. True and *out set when s is one and fits a long
 * long; false when not.
 */
bool cell_integer(const char *s, const char *group, bool bare,
		  long long *out);

/**
 * Read s as a value of f's type (date, time or datetime) in any of f's
 * forms, the first that fits: a date into out->date (a day number), a
 * time into out->num (seconds of the day), a datetime into out->num
 * (seconds since 1970, less the offset when one is given). False when s
 * fits none of the forms or names no real day or time.
 */
bool cell_temporal(const struct field *f, const char *s,
		   union field_value *out);

/**
 * Read s as an ISO 8601 duration (PnYnMnWnDTnHnMnS, "-" before it for a
 * negative one) into *out in seconds (a year 365.2425 days, a month a
 * twelfth of it). False when s is none.
 */
bool cell_duration(const char *s, double *out);

/** Read s as a year of four digits, negative with a "-" before them. */
bool cell_year(const char *s, long long *out);

/**
 * True when s (n bytes) is a string of the given format: FMT_EMAIL,
 * FMT_URI, FMT_BINARY (base64), FMT_UUID; any other format: true.
 */
bool cell_string(enum field_format format, const char *s, size_t n);

/**
 * True when fmt is a pattern cell_temporal() can read by: at least one
 * '%', each followed by one of the directives Y y m d H I M S f p z b B %.
 */
bool cell_pattern_ok(const char *fmt);

/**
 * What f accepts, each form with an example ("YYYY-MM-DD (2023-10-05)"),
 * the forms joined by " / ", for messages. The caller frees.
 */
char *cell_forms_text(const struct field *f);

#endif
