/*
 * schema: Frictionless Table Schema documents (the one module that reads
 * JSON with jansson), and the values of their field types.
 *
 * The whole Table Schema v1 is read: fields of every type (string with
 * formats default email uri binary uuid; number with decimalChar groupChar
 * bareNumber; integer; boolean with trueValues falseValues; object; array;
 * date, time, datetime with formats default, any or a strptime-like
 * pattern; year; yearmonth; duration; geopoint default array object;
 * geojson default topojson; any), name title description example rdfType,
 * constraints (required unique minLength maxLength minimum maximum pattern
 * enum) where the spec allows them; missingValues; primaryKey;
 * foreignKeys (resource "" refers to the table itself).
 *
 * Custom properties start with "x-" and are allowed anywhere (the spec
 * allows them); tiendo reads these: "x-title-en" and "x-description-en"
 * (the English of title and description, which are in Vietnamese),
 * "x-decimalChars" (every decimal character accepted, ".," reads 45.5 and
 * 45,5), "x-formats" (every format accepted for a date, time or datetime,
 * the standard "format" among them), "x-finite" (a number must not be NaN,
 * INF or -INF), "x-aliases" (labels, matched ignoring case and spacing,
 * for the values of an enum). Any other key is an error, never ignored.
 */
#ifndef TIENDO_SCHEMA_H
#define TIENDO_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"

struct pattern;

enum field_type {
	FT_STRING, FT_INTEGER, FT_NUMBER, FT_DATE, FT_YEARMONTH, FT_BOOLEAN,
	FT_TIME, FT_DATETIME, FT_YEAR, FT_DURATION, FT_OBJECT, FT_ARRAY,
	FT_GEOPOINT, FT_GEOJSON, FT_ANY
};

enum field_format {
	FMT_DEFAULT,
	FMT_EMAIL,    /* string: an e-mail address */
	FMT_URI,      /* string: scheme:rest */
	FMT_BINARY,   /* string: base64 */
	FMT_UUID,     /* string: 8-4-4-4-12 hexadecimal digits */
	FMT_ANY,      /* date, time, datetime: ISO 8601 or day first */
	FMT_PATTERN,  /* date, time, datetime: a strptime-like pattern */
	FMT_ARRAY,    /* geopoint: [lon, lat] */
	FMT_OBJECT,   /* geopoint: {"lon": ..., "lat": ...} */
	FMT_TOPOJSON  /* geojson: a TopoJSON topology */
};

/** One accepted format of a field. */
struct field_form {
	enum field_format kind;
	char *pattern;           /* FMT_PATTERN: "%d/%m/%Y"; else NULL */
};

/** A cell's value once read (which member: by the field's type). */
union field_value {
	double num;      /* number; time (seconds of the day); datetime
			    (seconds since 1970, UTC when an offset is
			    given); duration (seconds, a month 30.436875
			    days) */
	long long integer; /* integer, year; object, array, geojson: the
			      number of members or items */
	int32_t date;    /* day number (date.h) */
	int ym;          /* month number (date.h) */
	bool boolean;
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
	enum field_format format;  /* the standard "format" */
	struct field_form *forms; /* every accepted format, format first */
	size_t nforms;
	char *forms_text;        /* the accepted forms with examples, for
				    messages: "YYYY-MM-DD (2023-10-05)" */
	char *title[2];          /* by enum lang; NULL when absent */
	char *title_key[2];      /* text_name_key() of the titles */
	char *description[2];
	char *decimal_chars;     /* number: accepted decimal characters
				    (UTF-8, one after the other) */
	char *group_char;        /* number, integer: NULL when absent */
	bool bare_number;        /* false: strip text around the number */
	bool finite;             /* x-finite: no NaN, INF, -INF */
	char **true_values, **false_values;
	size_t ntrue, nfalse;

	bool required, unique;
	long min_length, max_length; /* characters; -1 when absent */
	bool has_minimum, has_maximum;
	double minimum, maximum;     /* numbers, day or month numbers */
	char *minimum_text, *maximum_text;
	struct pattern *pattern;
	char **enum_values;      /* as written (JSON text for non-strings) */
	size_t nenum;
	union field_value *enum_typed; /* the enum values read, non-strings */
	struct alias *aliases;
	size_t naliases;
};

struct foreign_key {
	size_t *fields;         /* indexes into schema->fields */
	size_t nfields;
	char *resource;         /* "agencies", "tasks", "indicators", ...;
				   "" for the table itself */
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

/**
 * Read text (len bytes, NUL-terminated, trimmed) as a value of f's type
 * in any of its formats. True and *out set when it is one; false when not
 * (f->forms_text says what is expected). Thread-safe.
 */
bool field_read(const struct field *f, const char *text, size_t len,
		union field_value *out);

/**
 * True when the value v read from text is one of f's enum values (a
 * field with no enum: true). For fields of any type but string, whose
 * enum the caller matches by text and aliases.
 */
bool field_in_enum(const struct field *f, const char *text, size_t len,
		   const union field_value *v);

/** Free; accepts NULL. */
void schema_free(struct schema *s);

#endif
