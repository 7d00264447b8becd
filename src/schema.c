/*
 * schema: loading a Table Schema with jansson into struct schema, checking
 * every key on the way, and reading cells as values of its field types
 * (here the values held as JSON; the other forms are cell.c's). A
 * schema is configuration, so any mistake in it is an error that names the
 * file and the place, and nothing is guessed; custom keys ("x-...") are
 * the spec's own way to extend it and are let through.
 */
#include "schema.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "date.h"
#include "infile.h"
#include "pattern.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

struct loader {
	const char *path;
	enum lang lang;
	char *err;          /* the first error, formatted */
};


static void fail(struct loader *ld, enum msg_id id, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (ld->err)
		return;
	strbuf_addf(&sb, "%s: ", ld->path);
	va_start(ap, id);
	strbuf_vaddf(&sb, msg(ld->lang, id), ap);
	va_end(ap);
	ld->err = strbuf_detach(&sb, NULL);
}

static bool key_in(const char *key, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(key, *allowed) == 0)
			return true;
	return false;
}

static bool check_keys(struct loader *ld, json_t *obj, const char *where,
		       const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		/* custom properties, which the spec allows */
		if (strncmp(key, "x-", 2) == 0)
			continue;
		if (!key_in(key, allowed)) {
			fail(ld, M_SCHEMA_KEY, where, key);
			return false;
		}
	}
	return true;
}

/* A string or an array of strings, as a NULL-terminated list. */
static char **string_list(struct loader *ld, json_t *v, const char *where,
			  const char *key, size_t *n)
{
	char **list;
	size_t i;

	*n = 0;
	if (json_is_string(v)) {
		list = xcalloc(2, sizeof(*list));
		list[0] = xstrdup(json_string_value(v));
		*n = 1;
		return list;
	}
	if (!json_is_array(v)) {
		fail(ld, M_SCHEMA_VALUE, where, key, "an array of strings");
		return NULL;
	}
	list = xcalloc(json_array_size(v) + 1, sizeof(*list));
	for (i = 0; i < json_array_size(v); i++) {
		json_t *e = json_array_get(v, i);

		if (!json_is_string(e)) {
			fail(ld, M_SCHEMA_VALUE, where, key, "an array of strings");
			while (i--)
				free(list[i]);
			free(list);
			*n = 0;
			return NULL;
		}
		list[i] = xstrdup(json_string_value(e));
	}
	*n = json_array_size(v);
	return list;
}

static void free_list(char **list, size_t n)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* ---- values of the field types ----------------------------------------- */

static json_t *json_cell(const char *s, size_t n)
{
	json_error_t je;

	return json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
}

/* A number, or a string that reads as one. */
static bool json_coord(json_t *v, double *out)
{
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return true;
	}
	return json_is_string(v) &&
	       cell_number(json_string_value(v), ".", NULL, true, true, out);
}

static bool read_geopoint(const struct field *f, const char *s, size_t n,
			  double *lon, double *lat)
{
	bool ok = false;

	if (f->format == FMT_DEFAULT) {
		const char *comma = strchr(s, ',');
		char a[64], b[64];
		size_t na, nb;

		if (!comma)
			return false;
		na = (size_t)(comma - s);
		while (comma[1] == ' ')
			comma++;
		nb = strlen(comma + 1);
		if (na >= sizeof(a) || nb >= sizeof(b))
			return false;
		memcpy(a, s, na);
		a[na] = '\0';
		while (na && a[na - 1] == ' ')
			a[--na] = '\0';
		memcpy(b, comma + 1, nb + 1);
		ok = cell_number(a, ".", NULL, true, true, lon) &&
		     cell_number(b, ".", NULL, true, true, lat);
	} else {
		json_t *j = json_cell(s, n);

		if (f->format == FMT_ARRAY)
			ok = json_is_array(j) && json_array_size(j) == 2 &&
			     json_coord(json_array_get(j, 0), lon) &&
			     json_coord(json_array_get(j, 1), lat);
		else
			ok = json_is_object(j) && json_object_size(j) == 2 &&
			     json_coord(json_object_get(j, "lon"), lon) &&
			     json_coord(json_object_get(j, "lat"), lat);
		json_decref(j);
	}
	return ok && *lon >= -180 && *lon <= 180 && *lat >= -90 && *lat <= 90;
}

static bool geojson_ok(const struct field *f, json_t *j)
{
	static const char *const kinds[] = {
		"Point", "MultiPoint", "LineString", "MultiLineString",
		"Polygon", "MultiPolygon", "GeometryCollection", "Feature",
		"FeatureCollection", NULL
	};
	const char *type = json_string_value(json_object_get(j, "type"));

	if (!json_is_object(j) || !type)
		return false;
	if (f->format == FMT_TOPOJSON)
		return strcmp(type, "Topology") == 0 &&
		       json_is_object(json_object_get(j, "objects"));
	return key_in(type, kinds);
}


bool field_read(const struct field *f, const char *s, size_t n,
		union field_value *out)
{
	json_t *j;
	double lon, lat;
	size_t i;
	bool ok;

	switch (f->type) {
	case FT_STRING:
		return cell_string(f->format, s, n);
	case FT_NUMBER:
		return cell_number(s, f->decimal_chars, f->group_char,
				   f->bare_number, f->finite, &out->num);
	case FT_INTEGER:
		return cell_integer(s, f->group_char, f->bare_number,
				    &out->integer);
	case FT_BOOLEAN:
		for (i = 0; i < f->ntrue; i++)
			if (strcmp(f->true_values[i], s) == 0)
				return out->boolean = true;
		for (i = 0; i < f->nfalse; i++)
			if (strcmp(f->false_values[i], s) == 0) {
				out->boolean = false;
				return true;
			}
		return false;
	case FT_DATE: case FT_TIME: case FT_DATETIME:
		return cell_temporal(f, s, out);
	case FT_YEAR:
		return cell_year(s, &out->integer);
	case FT_YEARMONTH:
		return ym_parse(s, &out->ym);
	case FT_DURATION:
		return cell_duration(s, &out->num);
	case FT_OBJECT: case FT_ARRAY: case FT_GEOJSON:
		j = json_cell(s, n);
		ok = f->type == FT_OBJECT ? json_is_object(j) :
		     f->type == FT_ARRAY ? json_is_array(j) : geojson_ok(f, j);
		if (ok)
			out->integer = (long long)(json_is_array(j) ?
				json_array_size(j) : json_object_size(j));
		json_decref(j);
		return ok;
	case FT_GEOPOINT:
		return read_geopoint(f, s, n, &lon, &lat);
	case FT_ANY:
		return true;
	}
	return false;
}

/* A canonical text of a JSON value or of a geopoint, for enums; NULL
   when text is not one. The caller frees. */
static char *canonical(const struct field *f, const char *s, size_t n)
{
	json_t *j;
	char *out;
	double lon, lat;

	if (f->type == FT_GEOPOINT)
		return read_geopoint(f, s, n, &lon, &lat) ?
		       xasprintf("%.15g, %.15g", lon, lat) : NULL;
	j = json_cell(s, n);
	out = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return out;
}

bool field_in_enum(const struct field *f, const char *s, size_t n,
		   const union field_value *v)
{
	char *c = NULL;
	size_t k;
	bool found = false;

	if (!f->nenum)
		return true;
	if (f->type == FT_OBJECT || f->type == FT_ARRAY ||
	    f->type == FT_GEOJSON || f->type == FT_GEOPOINT)
		c = canonical(f, s, n);
	for (k = 0; !found && k < f->nenum; k++) {
		const union field_value *e = &f->enum_typed[k];

		switch (f->type) {
		case FT_NUMBER: case FT_TIME: case FT_DATETIME:
		case FT_DURATION:
			found = e->num == v->num;
			break;
		case FT_INTEGER: case FT_YEAR:
			found = e->integer == v->integer;
			break;
		case FT_DATE: found = e->date == v->date; break;
		case FT_YEARMONTH: found = e->ym == v->ym; break;
		case FT_BOOLEAN: found = e->boolean == v->boolean; break;
		case FT_OBJECT: case FT_ARRAY: case FT_GEOJSON:
		case FT_GEOPOINT:
			found = c && strcmp(c, f->enum_values[k]) == 0;
			break;
		default:
			found = strcmp(s, f->enum_values[k]) == 0;
			break;
		}
	}
	free(c);
	return found;
}

/* ---- loading ------------------------------------------------------------- */

/* title or description: a string (Vietnamese), the English in xkey. */
static bool parse_text(struct loader *ld, json_t *obj, const char *where,
		       const char *key, const char *xkey, char *out[2])
{
	json_t *v = json_object_get(obj, key), *en = json_object_get(obj, xkey);

	if (v && !json_is_string(v)) {
		char *want = xasprintf("a string (Vietnamese; the English in "
				       "\"%s\")", xkey);

		fail(ld, M_SCHEMA_VALUE, where, key, want);
		free(want);
		return false;
	}
	if (en && !json_is_string(en)) {
		fail(ld, M_SCHEMA_VALUE, where, xkey, "a string");
		return false;
	}
	out[LANG_VI] = xstrdup(v ? json_string_value(v) : NULL);
	out[LANG_EN] = xstrdup(en ? json_string_value(en) :
			       v ? json_string_value(v) : NULL);
	return true;
}

static const struct { const char *name; enum field_type t; } type_names[] = {
	{ "string", FT_STRING }, { "integer", FT_INTEGER },
	{ "number", FT_NUMBER }, { "date", FT_DATE },
	{ "yearmonth", FT_YEARMONTH }, { "boolean", FT_BOOLEAN },
	{ "time", FT_TIME }, { "datetime", FT_DATETIME }, { "year", FT_YEAR },
	{ "duration", FT_DURATION }, { "object", FT_OBJECT },
	{ "array", FT_ARRAY }, { "geopoint", FT_GEOPOINT },
	{ "geojson", FT_GEOJSON }, { "any", FT_ANY },
};

static bool parse_type(struct loader *ld, struct field *f, json_t *v,
		       const char *where)
{
	size_t i;

	if (!v) {
		f->type = FT_STRING;
		return true;
	}
	for (i = 0; json_is_string(v) && i < sizeof(type_names) /
	     sizeof(*type_names); i++) {
		if (strcmp(json_string_value(v), type_names[i].name) == 0) {
			f->type = type_names[i].t;
			return true;
		}
	}
	fail(ld, M_SCHEMA_VALUE, where, "type",
	     "string, number, integer, boolean, object, array, date, time, "
	     "datetime, year, yearmonth, duration, geopoint, geojson or any");
	return false;
}

static bool is_temporal(enum field_type t)
{
	return t == FT_DATE || t == FT_TIME || t == FT_DATETIME;
}

/* One format name of f's type into *fm; false when f's type has no such. */
static bool form_of(const struct field *f, const char *s,
		    struct field_form *fm)
{
	static const struct {
		enum field_type t; const char *name; enum field_format k;
	} named[] = {
		{ FT_STRING, "email", FMT_EMAIL }, { FT_STRING, "uri", FMT_URI },
		{ FT_STRING, "binary", FMT_BINARY },
		{ FT_STRING, "uuid", FMT_UUID },
		{ FT_DATE, "any", FMT_ANY }, { FT_TIME, "any", FMT_ANY },
		{ FT_DATETIME, "any", FMT_ANY },
		{ FT_GEOPOINT, "array", FMT_ARRAY },
		{ FT_GEOPOINT, "object", FMT_OBJECT },
		{ FT_GEOJSON, "topojson", FMT_TOPOJSON },
	};
	size_t i;

	fm->kind = FMT_DEFAULT;
	fm->pattern = NULL;
	if (strcmp(s, "default") == 0)
		return true;
	for (i = 0; i < sizeof(named) / sizeof(*named); i++)
		if (named[i].t == f->type && strcmp(named[i].name, s) == 0) {
			fm->kind = named[i].k;
			return true;
		}
	if (!is_temporal(f->type) || !cell_pattern_ok(s))
		return false;
	fm->kind = FMT_PATTERN;
	fm->pattern = xstrdup(s);
	return true;
}


/* format, then x-formats (every accepted format, format among them). */
static bool parse_formats(struct loader *ld, struct field *f, json_t *jf,
			  const char *where)
{
	json_t *v = json_object_get(jf, "format"), *x;
	size_t i;
	bool has_format = false;

	f->forms = xcalloc(1, sizeof(*f->forms));
	f->nforms = 1;
	if (v && (!json_is_string(v) ||
		  !form_of(f, json_string_value(v), &f->forms[0]))) {
		fail(ld, M_SCHEMA_VALUE, where, "format",
		     f->type == FT_STRING ?
		     "\"default\", \"email\", \"uri\", \"binary\" or \"uuid\"" :
		     is_temporal(f->type) ?
		     "\"default\", \"any\" or a pattern of %Y %y %m %d %H %I "
		     "%M %S %f %p %z %b %B (\"%d/%m/%Y\")" :
		     f->type == FT_GEOPOINT ?
		     "\"default\", \"array\" or \"object\"" :
		     f->type == FT_GEOJSON ? "\"default\" or \"topojson\"" :
		     "\"default\"");
		return false;
	}
	f->format = f->forms[0].kind;
	if (!(x = json_object_get(jf, "x-formats")))
		return true;
	if (!is_temporal(f->type) || !json_is_array(x) ||
	    json_array_size(x) == 0)
		goto bad;
	f->forms = xreallocarray(f->forms, json_array_size(x) + 1,
				 sizeof(*f->forms));
	for (i = 0; i < json_array_size(x); i++) {
		json_t *e = json_array_get(x, i);
		struct field_form fm;
		bool same;

		if (!json_is_string(e) ||
		    !form_of(f, json_string_value(e), &fm))
			goto bad;
		same = fm.kind == f->forms[0].kind &&
		       (fm.kind != FMT_PATTERN ||
			strcmp(fm.pattern, f->forms[0].pattern) == 0);
		if (same) {
			free(fm.pattern);
			has_format = true;
			continue;
		}
		f->forms[f->nforms++] = fm;
	}
	if (has_format)
		return true;
bad:
	fail(ld, M_SCHEMA_VALUE, where, "x-formats",
	     "on a date, time or datetime field, the formats accepted, its "
	     "\"format\" among them");
	return false;
}

/* Read a value given in a schema (a bound, an enum value) for f. */
static bool schema_value(const struct field *f, json_t *v,
			 union field_value *out, char **text)
{
	struct field_form dflt = { FMT_DEFAULT, NULL };
	struct field plain = *f;
	char *s;
	bool ok;

	if (json_is_number(v) && (f->type == FT_NUMBER ||
	    f->type == FT_INTEGER || f->type == FT_YEAR)) {
		if (f->type == FT_NUMBER)
			out->num = json_number_value(v);
		else if (json_is_integer(v))
			out->integer = json_integer_value(v);
		else
			return false;
		*text = f->type == FT_NUMBER ? xasprintf("%g", out->num) :
			xasprintf("%lld", out->integer);
		return true;
	}
	if (json_is_boolean(v) && f->type == FT_BOOLEAN) {
		out->boolean = json_is_true(v);
		*text = xstrdup(out->boolean ? "true" : "false");
		return true;
	}
	s = json_is_string(v) ? xstrdup(json_string_value(v)) :
	    (json_is_object(v) || json_is_array(v)) ?
	    json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	if (!s)
		return false;
	/* the standard forms first: a bound "2013-01-01" whatever the
	   field's pattern */
	plain.forms = &dflt;
	plain.nforms = 1;
	plain.format = FMT_DEFAULT;
	plain.decimal_chars = ".";
	plain.group_char = NULL;
	plain.bare_number = true;
	ok = (f->type != FT_GEOPOINT && f->type != FT_GEOJSON &&
	      field_read(&plain, s, strlen(s), out)) ||
	     field_read(f, s, strlen(s), out);
	if (ok && (f->type == FT_OBJECT || f->type == FT_ARRAY ||
		   f->type == FT_GEOJSON || f->type == FT_GEOPOINT)) {
		char *c = canonical(f, s, strlen(s));

		free(s);
		s = c;
		ok = c != NULL;
	}
	if (!ok) {
		free(s);
		return false;
	}
	*text = s;
	return true;
}

static bool has_order(enum field_type t)
{
	return t == FT_NUMBER || t == FT_INTEGER || t == FT_DATE ||
	       t == FT_TIME || t == FT_DATETIME || t == FT_YEAR ||
	       t == FT_YEARMONTH || t == FT_DURATION;
}

static bool has_length(enum field_type t)
{
	return t == FT_STRING || t == FT_OBJECT || t == FT_ARRAY ||
	       t == FT_GEOJSON;
}

/* The numeric form of a value, for minimum and maximum. */
static double order_of(const struct field *f, const union field_value *v)
{
	switch (f->type) {
	case FT_INTEGER: case FT_YEAR: return (double)v->integer;
	case FT_DATE: return v->date;
	case FT_YEARMONTH: return v->ym;
	default: return v->num;
	}
}

/* minimum or maximum, in the field's numeric form. */
static bool parse_bound(struct loader *ld, struct field *f, json_t *v,
			const char *where, const char *key, double *out,
			char **text)
{
	union field_value fv;

	if (has_order(f->type) && schema_value(f, v, &fv, text)) {
		*out = order_of(f, &fv);
		return true;
	}
	fail(ld, M_SCHEMA_VALUE, where, key,
	     has_order(f->type) ? "a value of the field's type" :
	     "no bound: minimum and maximum apply to numbers, integers, "
	     "dates, times, datetimes, years, months and durations");
	return false;
}

static bool parse_length(struct loader *ld, struct field *f, json_t *v,
			 const char *where, const char *key, long *out)
{
	if (has_length(f->type) && json_is_integer(v) &&
	    json_integer_value(v) >= 0) {
		*out = (long)json_integer_value(v);
		return true;
	}
	fail(ld, M_SCHEMA_VALUE, where, key,
	     "a whole number, on a string, object, array or geojson field");
	return false;
}

static bool parse_enum(struct loader *ld, struct field *f, json_t *v,
		       const char *where)
{
	size_t i;

	if (f->type == FT_STRING) {
		f->enum_values = string_list(ld, v, where, "enum", &f->nenum);
		return f->enum_values != NULL;
	}
	if (!json_is_array(v) || json_array_size(v) == 0)
		goto bad;
	f->enum_values = xcalloc(json_array_size(v) + 1, sizeof(char *));
	f->enum_typed = xcalloc(json_array_size(v), sizeof(*f->enum_typed));
	for (i = 0; i < json_array_size(v); i++) {
		json_t *e = json_array_get(v, i);

		if (f->type == FT_ANY) {
			f->enum_values[i] = json_is_string(e) ?
				xstrdup(json_string_value(e)) :
				json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS |
					   JSON_ENCODE_ANY);
		} else if (!schema_value(f, e, &f->enum_typed[i],
					 &f->enum_values[i])) {
			goto bad;
		}
		f->nenum = i + 1;
	}
	return true;
bad:
	fail(ld, M_SCHEMA_VALUE, where, "enum",
	     "a non-empty list of values of the field's type");
	return false;
}

static bool parse_bool(struct loader *ld, json_t *v, const char *where,
		       const char *key, bool *out)
{
	if (!json_is_boolean(v)) {
		fail(ld, M_SCHEMA_VALUE, where, key, "true or false");
		return false;
	}
	*out = json_is_true(v);
	return true;
}

static bool parse_constraints(struct loader *ld, struct field *f, json_t *c,
			      const char *where)
{
	static const char *const allowed[] = {
		"required", "unique", "minLength", "maxLength", "minimum",
		"maximum", "pattern", "enum", NULL
	};
	json_t *v;
	char cw[340];

	f->min_length = f->max_length = -1;
	if (!c)
		return true;
	snprintf(cw, sizeof(cw), "%s.constraints", where);
	if (!json_is_object(c)) {
		fail(ld, M_SCHEMA_VALUE, where, "constraints", "an object");
		return false;
	}
	if (!check_keys(ld, c, cw, allowed))
		return false;
	if ((v = json_object_get(c, "required")) &&
	    !parse_bool(ld, v, cw, "required", &f->required))
		return false;
	if ((v = json_object_get(c, "unique")) &&
	    !parse_bool(ld, v, cw, "unique", &f->unique))
		return false;
	if ((v = json_object_get(c, "minLength")) &&
	    !parse_length(ld, f, v, cw, "minLength", &f->min_length))
		return false;
	if ((v = json_object_get(c, "maxLength")) &&
	    !parse_length(ld, f, v, cw, "maxLength", &f->max_length))
		return false;
	if ((v = json_object_get(c, "minimum"))) {
		if (!parse_bound(ld, f, v, cw, "minimum", &f->minimum,
				 &f->minimum_text))
			return false;
		f->has_minimum = true;
	}
	if ((v = json_object_get(c, "maximum"))) {
		if (!parse_bound(ld, f, v, cw, "maximum", &f->maximum,
				 &f->maximum_text))
			return false;
		f->has_maximum = true;
	}
	if ((v = json_object_get(c, "pattern"))) {
		char perr[256];
		size_t off = 0;

		if (!json_is_string(v)) {
			fail(ld, M_SCHEMA_VALUE, cw, "pattern",
			     "a regular expression");
			return false;
		}
		f->pattern = pattern_compile(json_string_value(v), perr,
					     sizeof(perr), &off);
		if (!f->pattern) {
			fail(ld, M_SCHEMA_PATTERN, cw, perr, (unsigned long)off);
			return false;
		}
	}
	if ((v = json_object_get(c, "enum")) && !parse_enum(ld, f, v, cw))
		return false;
	return true;
}

static bool parse_aliases(struct loader *ld, struct field *f, json_t *v,
			  const char *where)
{
	const char *label;
	json_t *val;
	size_t i = 0, k;

	if (!json_is_object(v) || f->type != FT_STRING) {
		fail(ld, M_SCHEMA_VALUE, where, "x-aliases",
		     "an object of label -> value, on a string field");
		return false;
	}
	f->aliases = xcalloc(json_object_size(v) + 1, sizeof(*f->aliases));
	json_object_foreach(v, label, val) {
		bool known = f->nenum == 0;

		if (!json_is_string(val)) {
			fail(ld, M_SCHEMA_VALUE, where, "x-aliases",
			     "string values");
			return false;
		}
		for (k = 0; k < f->nenum; k++)
			known |= strcmp(f->enum_values[k], json_string_value(val)) == 0;
		if (!known) {
			fail(ld, M_SCHEMA_VALUE, where, "x-aliases",
			     "values from the field's enum");
			return false;
		}
		f->aliases[i].key = text_label_key(label);
		f->aliases[i].label = xstrdup(label);
		f->aliases[i].value = xstrdup(json_string_value(val));
		f->naliases = ++i;
	}
	return true;
}

/* A string of one character (its first is the whole), or (several) of
   characters. */
static bool chars_value(json_t *v, bool several)
{
	const char *s = json_string_value(v);

	return s && *s && (several || cell_one_of(s, s) == strlen(s));
}

/* decimalChar, x-decimalChars, groupChar, bareNumber, x-finite. */
static bool parse_number_keys(struct loader *ld, struct field *f, json_t *jf,
			      const char *where)
{
	json_t *dc = json_object_get(jf, "decimalChar");
	json_t *xdc = json_object_get(jf, "x-decimalChars");
	json_t *gc = json_object_get(jf, "groupChar");
	json_t *bare = json_object_get(jf, "bareNumber");
	json_t *fin = json_object_get(jf, "x-finite");
	bool number = f->type == FT_NUMBER;
	const char *d;

	f->bare_number = true;
	if ((dc && (!number || !chars_value(dc, false))) ||
	    (xdc && (!number || !chars_value(xdc, true)))) {
		fail(ld, M_SCHEMA_VALUE, where,
		     dc ? "decimalChar" : "x-decimalChars",
		     "one character (x-decimalChars: the characters "
		     "accepted), on a number field");
		return false;
	}
	d = dc ? json_string_value(dc) : ".";
	if (xdc && !cell_one_of(d, json_string_value(xdc))) {
		fail(ld, M_SCHEMA_VALUE, where, "x-decimalChars",
		     "the characters accepted, decimalChar among them");
		return false;
	}
	f->decimal_chars = xstrdup(xdc ? json_string_value(xdc) : d);
	if (gc) {
		if (!(number || f->type == FT_INTEGER) ||
		    !chars_value(gc, false) ||
		    cell_one_of(json_string_value(gc), f->decimal_chars)) {
			fail(ld, M_SCHEMA_VALUE, where, "groupChar",
			     "one character that is not a decimal one, on a "
			     "number or integer field");
			return false;
		}
		f->group_char = xstrdup(json_string_value(gc));
	}
	if (bare && (!(number || f->type == FT_INTEGER) ||
		     !parse_bool(ld, bare, where, "bareNumber",
				 &f->bare_number))) {
		fail(ld, M_SCHEMA_VALUE, where, "bareNumber",
		     "true or false, on a number or integer field");
		return false;
	}
	if (fin && (!number || !parse_bool(ld, fin, where, "x-finite",
					   &f->finite))) {
		fail(ld, M_SCHEMA_VALUE, where, "x-finite",
		     "true or false, on a number field");
		return false;
	}
	return true;
}

static bool parse_booleans(struct loader *ld, struct field *f, json_t *jf,
			   const char *where)
{
	json_t *tv = json_object_get(jf, "trueValues");
	json_t *fv = json_object_get(jf, "falseValues");
	json_t *dt, *df;
	size_t i, k;

	if ((tv || fv) && f->type != FT_BOOLEAN) {
		fail(ld, M_SCHEMA_VALUE, where, tv ? "trueValues" :
		     "falseValues", "a list of strings, on a boolean field");
		return false;
	}
	if (f->type != FT_BOOLEAN)
		return true;
	dt = json_pack("[ssss]", "true", "True", "TRUE", "1");
	df = json_pack("[ssss]", "false", "False", "FALSE", "0");
	f->true_values = string_list(ld, tv ? tv : dt, where, "trueValues",
				     &f->ntrue);
	if (f->true_values)
		f->false_values = string_list(ld, fv ? fv : df, where,
					      "falseValues", &f->nfalse);
	json_decref(dt);
	json_decref(df);
	if (!f->false_values)
		return false;
	for (i = 0; i < f->ntrue; i++)
		for (k = 0; k < f->nfalse; k++)
			if (strcmp(f->true_values[i], f->false_values[k]) == 0) {
				fail(ld, M_SCHEMA_VALUE, where, "falseValues",
				     "values that are not in trueValues");
				return false;
			}
	return true;
}

static bool parse_field(struct loader *ld, struct field *f, json_t *jf,
			size_t idx)
{
	static const char *const allowed[] = {
		"name", "type", "format", "title", "description", "example",
		"constraints", "rdfType", "decimalChar", "groupChar",
		"bareNumber", "trueValues", "falseValues", NULL
	};
	char where[300];
	json_t *name = json_object_get(jf, "name"), *v;
	int l;

	f->min_length = f->max_length = -1;
	if (!json_is_object(jf) || !json_is_string(name) ||
	    !*json_string_value(name)) {
		snprintf(where, sizeof(where), "fields[%zu]", idx);
		fail(ld, M_SCHEMA_VALUE, where, "name", "a non-empty string");
		return false;
	}
	f->name = xstrdup(json_string_value(name));
	f->name_key = text_name_key(f->name);
	snprintf(where, sizeof(where), "fields[%zu] \"%s\"", idx, f->name);
	if (!check_keys(ld, jf, where, allowed) ||
	    !parse_type(ld, f, json_object_get(jf, "type"), where) ||
	    !parse_text(ld, jf, where, "title", "x-title-en", f->title) ||
	    !parse_text(ld, jf, where, "description", "x-description-en",
			f->description) ||
	    !parse_number_keys(ld, f, jf, where) ||
	    !parse_booleans(ld, f, jf, where) ||
	    !parse_formats(ld, f, jf, where) ||
	    !parse_constraints(ld, f, json_object_get(jf, "constraints"), where))
		return false;
	for (l = 0; l < 2; l++)
		if (f->title[l])
			f->title_key[l] = text_name_key(f->title[l]);
	if ((v = json_object_get(jf, "example")) && !json_is_string(v)) {
		fail(ld, M_SCHEMA_VALUE, where, "example", "a string");
		return false;
	}
	if ((v = json_object_get(jf, "rdfType")) && !json_is_string(v)) {
		fail(ld, M_SCHEMA_VALUE, where, "rdfType", "a URI string");
		return false;
	}
	if ((v = json_object_get(jf, "x-aliases")) &&
	    !parse_aliases(ld, f, v, where))
		return false;
	f->forms_text = cell_forms_text(f);
	return true;
}

/* Resolve a list of field names to indexes. */
static size_t *field_indexes(struct loader *ld, struct schema *s, json_t *v,
			     const char *where, const char *key, size_t *n)
{
	char **names = string_list(ld, v, where, key, n);
	size_t *idx, i;

	if (!names)
		return NULL;
	idx = xcalloc(*n + 1, sizeof(*idx));
	for (i = 0; i < *n; i++) {
		long k = schema_field_index(s, names[i]);

		if (k < 0) {
			fail(ld, M_SCHEMA_FIELD_REF, where, names[i]);
			free(idx);
			free_list(names, *n);
			return NULL;
		}
		idx[i] = (size_t)k;
	}
	free_list(names, *n);
	return idx;
}

static bool parse_foreign_keys(struct loader *ld, struct schema *s, json_t *v)
{
	static const char *const fk_keys[] = { "fields", "reference", NULL };
	static const char *const ref_keys[] = { "resource", "fields", NULL };
	size_t i, j;

	if (!json_is_array(v)) {
		fail(ld, M_SCHEMA_VALUE, "foreignKeys", "foreignKeys", "an array");
		return false;
	}
	s->fkeys = xcalloc(json_array_size(v) + 1, sizeof(*s->fkeys));
	for (i = 0; i < json_array_size(v); i++) {
		json_t *fk = json_array_get(v, i), *ref, *res;
		struct foreign_key *k = &s->fkeys[i];
		char where[64];
		size_t nref = 0;

		snprintf(where, sizeof(where), "foreignKeys[%zu]", i);
		if (!json_is_object(fk) || !check_keys(ld, fk, where, fk_keys))
			goto bad;
		ref = json_object_get(fk, "reference");
		res = json_object_get(ref, "resource");
		if (!json_is_object(ref) || !check_keys(ld, ref, where, ref_keys) ||
		    (res && !json_is_string(res)))
			goto bad;
		k->fields = field_indexes(ld, s, json_object_get(fk, "fields"),
					  where, "fields", &k->nfields);
		if (!k->fields)
			return false;
		s->nfkeys = i + 1;
		/* no resource, or "": the table itself (the spec's default) */
		k->resource = xstrdup(res ? json_string_value(res) : "");
		k->ref_fields = string_list(ld, json_object_get(ref, "fields"),
					    where, "reference.fields", &nref);
		if (!k->ref_fields)
			return false;
		if (nref != k->nfields) {
			free_list(k->ref_fields, nref);
			k->ref_fields = NULL;
			goto bad;
		}
		for (j = 0; !*k->resource && j < nref; j++)
			if (schema_field_index(s, k->ref_fields[j]) < 0) {
				fail(ld, M_SCHEMA_FIELD_REF, where,
				     k->ref_fields[j]);
				return false;
			}
		continue;
bad:
		fail(ld, M_SCHEMA_VALUE, where, "reference",
		     "{\"fields\": ..., \"reference\": {\"resource\": ..., "
		     "\"fields\": ...}} with as many fields on both sides");
		return false;
	}
	return true;
}

static struct schema *build(struct loader *ld, json_t *root)
{
	static const char *const allowed[] = {
		"fields", "missingValues", "primaryKey", "foreignKeys", "title",
		"description", "name", "$schema", NULL
	};
	struct schema *s = xcalloc(1, sizeof(*s));
	json_t *fields = json_object_get(root, "fields"), *v;
	char *title[2] = { NULL, NULL }, *desc[2] = { NULL, NULL };
	size_t i, j;

	s->path = xstrdup(ld->path);
	if (!json_is_object(root)) {
		fail(ld, M_SCHEMA_VALUE, "(top)", "(document)", "an object");
		goto bad;
	}
	if (!check_keys(ld, root, "(top)", allowed))
		goto bad;
	if (!parse_text(ld, root, "(top)", "title", "x-title-en", title) ||
	    !parse_text(ld, root, "(top)", "description", "x-description-en",
			desc))
		goto bad;
	s->title = title[LANG_VI];
	free(title[LANG_EN]);
	free(desc[LANG_VI]);
	free(desc[LANG_EN]);
	if ((v = json_object_get(root, "name")) && !json_is_string(v)) {
		fail(ld, M_SCHEMA_VALUE, "(top)", "name", "a string");
		goto bad;
	}
	if (!json_is_array(fields) || json_array_size(fields) == 0) {
		fail(ld, M_SCHEMA_VALUE, "(top)", "fields", "a non-empty array");
		goto bad;
	}
	s->fields = xcalloc(json_array_size(fields), sizeof(*s->fields));
	for (i = 0; i < json_array_size(fields); i++) {
		s->nfields = i + 1;
		if (!parse_field(ld, &s->fields[i], json_array_get(fields, i), i))
			goto bad;
		for (j = 0; j < i; j++) {
			if (strcmp(s->fields[j].name_key, s->fields[i].name_key) == 0) {
				fail(ld, M_SCHEMA_VALUE, s->fields[i].name, "name",
				     "a name no other field has");
				goto bad;
			}
		}
	}
	if ((v = json_object_get(root, "missingValues"))) {
		s->missing = string_list(ld, v, "(top)", "missingValues",
					 &s->nmissing);
		if (!s->missing)
			goto bad;
	} else {
		s->missing = xcalloc(2, sizeof(*s->missing));
		s->missing[0] = xstrdup("");
		s->nmissing = 1;
	}
	if ((v = json_object_get(root, "primaryKey"))) {
		s->primary_key = field_indexes(ld, s, v, "primaryKey",
					       "primaryKey", &s->npk);
		if (!s->primary_key)
			goto bad;
	}
	if ((v = json_object_get(root, "foreignKeys")) &&
	    !parse_foreign_keys(ld, s, v))
		goto bad;
	return s;
bad:
	schema_free(s);
	return NULL;
}

static struct schema *finish(struct loader *ld, json_t *root,
			     json_error_t *je, char **err)
{
	struct schema *s = NULL;

	if (!root) {
		char *m = xasprintf(msg(ld->lang, M_SCHEMA_JSON), je->text);

		*err = xasprintf("%s:%d:%d: %s", ld->path, je->line,
				 je->column > 0 ? je->column : 1, m);
		free(m);
		return NULL;
	}
	s = build(ld, root);
	json_decref(root);
	if (!s)
		*err = ld->err;
	else
		free(ld->err);
	return s;
}

struct schema *schema_load(const char *path, enum lang lang, char **err)
{
	struct loader ld = { path, lang, NULL };
	json_error_t je;
	/* a folder or a FIFO is not "invalid JSON" */
	FILE *f = infile_fopen_said("schema", path, err);
	json_t *root;

	if (!f)
		return NULL;
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
	fclose(f);
	if (!root && je.line < 0) {
		/* could not read the file at all */
		*err = xasprintf("%s: %s", path, je.text);
		return NULL;
	}
	return finish(&ld, root, &je, err);
}

struct schema *schema_load_string(const char *json, const char *name,
				  enum lang lang, char **err)
{
	struct loader ld = { name, lang, NULL };
	json_error_t je;
	json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);

	return finish(&ld, root, &je, err);
}

const char *schema_lacks(const struct schema *s, const char *const *names)
{
	for (; *names; names++)
		if (schema_field_index(s, *names) < 0)
			return *names;
	return NULL;
}

long schema_field_index(const struct schema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, name) == 0)
			return (long)i;
	return -1;
}

const char *field_title(const struct field *f, enum lang lang)
{
	if (f->title[lang] && *f->title[lang])
		return f->title[lang];
	if (f->title[!lang] && *f->title[!lang])
		return f->title[!lang];
	return f->name;
}

static void field_release(struct field *f)
{
	size_t i;
	int l;

	free(f->name);
	free(f->name_key);
	for (l = 0; l < 2; l++) {
		free(f->title[l]);
		free(f->title_key[l]);
		free(f->description[l]);
	}
	free(f->decimal_chars);
	free(f->group_char);
	for (i = 0; i < f->nforms; i++)
		free(f->forms[i].pattern);
	free(f->forms);
	free(f->forms_text);
	free(f->enum_typed);
	free_list(f->true_values, f->ntrue);
	free_list(f->false_values, f->nfalse);
	free(f->minimum_text);
	free(f->maximum_text);
	pattern_free(f->pattern);
	free_list(f->enum_values, f->nenum);
	for (i = 0; i < f->naliases; i++) {
		free(f->aliases[i].key);
		free(f->aliases[i].label);
		free(f->aliases[i].value);
	}
	free(f->aliases);
}

void schema_free(struct schema *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nfields; i++)
		field_release(&s->fields[i]);
	free(s->fields);
	free_list(s->missing, s->nmissing);
	free(s->primary_key);
	for (i = 0; i < s->nfkeys; i++) {
		free(s->fkeys[i].fields);
		free(s->fkeys[i].resource);
		free_list(s->fkeys[i].ref_fields, s->fkeys[i].nfields);
	}
	free(s->fkeys);
	free(s->path);
	free(s->title);
	free(s);
}
