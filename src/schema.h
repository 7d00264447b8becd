/*
 * schema: Frictionless Table Schema documents (the one module that reads
 * JSON with jansson).
 *
 * Supported: fields with name, type (string integer number date yearmonth
 * boolean), format, title, description, example, constraints (required
 * unique minLength maxLength minimum maximum pattern enum), decimalChar,
 * trueValues, falseValues; missingValues; primaryKey; foreignKeys.
 * Our documented extensions: title and description may be objects
 * {"vi": ..., "en": ...}; decimalChar may list several accepted
 * characters (",." accepts both); "x-aliases" maps labels (matched
 * ignoring case and spacing) to the canonical value of an enum.
 * Any other key is an error, never silently ignored.
 */
#ifndef TIENDO_SCHEMA_H
#define TIENDO_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "msg.h"

struct pattern;

enum field_type {
	FT_STRING, FT_INTEGER, FT_NUMBER, FT_DATE, FT_YEARMONTH, FT_BOOLEAN
};

enum field_format {
	FMT_DEFAULT,
	FMT_EMAIL,   /* string: an e-mail address */
	FMT_ANY,     /* date: YYYY-MM-DD or DD/MM/YYYY */
	FMT_DMY      /* date: "%d/%m/%Y" only */
};

struct alias {
	char *key;    /* text_label_key() of the label */
	char *label;  /* the label as written in the schema */
	char *value;  /* the canonical value */
};

struct field {
	char *name;
	char *name_key;          /* text_name_key(name), for header matching */
	enum field_type type;
	enum field_format format;
	char *title[2];          /* by enum lang; NULL when absent */
	char *title_key[2];      /* text_name_key() of the titles */
	char *description[2];
	char *decimal_chars;     /* number: accepted decimal separators */
	char **true_values, **false_values;
	size_t ntrue, nfalse;

	bool required, unique;
	long min_length, max_length; /* characters; -1 when absent */
	bool has_minimum, has_maximum;
	double minimum, maximum;     /* numbers, day or month numbers */
	char *minimum_text, *maximum_text;
	struct pattern *pattern;
	char **enum_values;
	size_t nenum;
	struct alias *aliases;
	size_t naliases;
};

struct foreign_key {
	size_t *fields;         /* indexes into schema->fields */
	size_t nfields;
	char *resource;         /* "agencies", "tasks", "indicators", ... */
	char **ref_fields;      /* the referenced columns, nfields of them */
};

struct schema {
	char *path;
	char *title;            /* top-level title, may be NULL */
	struct field *fields;
	size_t nfields;
	char **missing;         /* missingValues; default {""} */
	size_t nmissing;
	size_t *primary_key;    /* indexes into fields */
	size_t npk;
	struct foreign_key *fkeys;
	size_t nfkeys;
};

/**
 * Load and check the schema at path. Returns NULL on failure and sets
 * *err to a message in lang (with the file's line and column for JSON
 * syntax errors) that the caller frees.
 */
struct schema *schema_load(const char *path, enum lang lang, char **err);

/** Same, from a JSON string (for tests); name stands for the path. */
struct schema *schema_load_string(const char *json, const char *name,
				  enum lang lang, char **err);

/**
 * The first of names (NULL-terminated) that s has no field for, or NULL
 * when it has them all: for code that reads fields by name.
 */
const char *schema_lacks(const struct schema *s, const char *const *names);

/** Index of the field called name, or -1. */
long schema_field_index(const struct schema *s, const char *name);

/** The title of f in lang, falling back to the other language, then name. */
const char *field_title(const struct field *f, enum lang lang);

/** Free; accepts NULL. */
void schema_free(struct schema *s);

#endif
