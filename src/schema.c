/*
 * schema: loading a Table Schema with jansson into struct schema, checking
 * every key on the way. A schema is configuration, so any mistake in it is
 * an error that names the file and the place, and nothing is guessed.
 */
#include "schema.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		if (!key_in(key, allowed)) {
			fail(ld, M_SCHEMA_KEY, where, key);
			return false;
		}
	}
	return true;
}

/* A string, or an object of language -> string; fills out[LANG_*]. */
static bool bilingual(struct loader *ld, json_t *v, const char *where,
		      const char *key, char *out[2])
{
	static const char *const langs[] = { "vi", "en", NULL };

	if (!v)
		return true;
	if (json_is_string(v)) {
		out[LANG_VI] = xstrdup(json_string_value(v));
		out[LANG_EN] = xstrdup(json_string_value(v));
		return true;
	}
	if (json_is_object(v) && check_keys(ld, v, where, langs)) {
		json_t *vi = json_object_get(v, "vi"), *en = json_object_get(v, "en");

		if ((!vi || json_is_string(vi)) && (!en || json_is_string(en))) {
			out[LANG_VI] = xstrdup(vi ? json_string_value(vi) : NULL);
			out[LANG_EN] = xstrdup(en ? json_string_value(en) : NULL);
			return true;
		}
	}
	fail(ld, M_SCHEMA_VALUE, where, key,
	     "a string or {\"vi\": ..., \"en\": ...}");
	return false;
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

static bool parse_type(struct loader *ld, struct field *f, json_t *v,
		       const char *where)
{
	static const struct { const char *name; enum field_type t; } types[] = {
		{ "string", FT_STRING }, { "integer", FT_INTEGER },
		{ "number", FT_NUMBER }, { "date", FT_DATE },
		{ "yearmonth", FT_YEARMONTH }, { "boolean", FT_BOOLEAN },
	};
	size_t i;

	if (!v) {
		f->type = FT_STRING;
		return true;
	}
	for (i = 0; json_is_string(v) && i < sizeof(types) / sizeof(*types); i++) {
		if (strcmp(json_string_value(v), types[i].name) == 0) {
			f->type = types[i].t;
			return true;
		}
	}
	fail(ld, M_SCHEMA_VALUE, where, "type",
	     "string, integer, number, date, yearmonth or boolean");
	return false;
}

static bool parse_format(struct loader *ld, struct field *f, json_t *v,
			 const char *where)
{
	const char *s;

	f->format = FMT_DEFAULT;
	if (!v)
		return true;
	s = json_is_string(v) ? json_string_value(v) : "";
	if (strcmp(s, "default") == 0)
		return true;
	if (f->type == FT_STRING && strcmp(s, "email") == 0) {
		f->format = FMT_EMAIL;
		return true;
	}
	if (f->type == FT_DATE && strcmp(s, "any") == 0) {
		f->format = FMT_ANY;
		return true;
	}
	if (f->type == FT_DATE && strcmp(s, "%Y-%m-%d") == 0)
		return true;
	if (f->type == FT_DATE && strcmp(s, "%d/%m/%Y") == 0) {
		f->format = FMT_DMY;
		return true;
	}
	fail(ld, M_SCHEMA_VALUE, where, "format",
	     f->type == FT_STRING ? "\"default\" or \"email\"" :
	     f->type == FT_DATE ? "\"default\", \"any\", \"%Y-%m-%d\" or \"%d/%m/%Y\"" :
	     "\"default\"");
	return false;
}

/* minimum or maximum, in the field's numeric form. */
static bool parse_bound(struct loader *ld, struct field *f, json_t *v,
			const char *where, const char *key, double *out,
			char **text)
{
	if (f->type == FT_NUMBER || f->type == FT_INTEGER) {
		if (json_is_number(v)) {
			*out = json_number_value(v);
			*text = xasprintf("%g", *out);
			return true;
		}
		fail(ld, M_SCHEMA_VALUE, where, key, "a number");
		return false;
	}
	if (f->type == FT_DATE && json_is_string(v)) {
		int32_t d;

		if (date_parse_iso(json_string_value(v), &d)) {
			*out = d;
			*text = xstrdup(json_string_value(v));
			return true;
		}
	}
	if (f->type == FT_YEARMONTH && json_is_string(v)) {
		int ym;

		if (ym_parse(json_string_value(v), &ym)) {
			*out = ym;
			*text = xstrdup(json_string_value(v));
			return true;
		}
	}
	fail(ld, M_SCHEMA_VALUE, where, key,
	     f->type == FT_DATE ? "a date \"YYYY-MM-DD\"" :
	     f->type == FT_YEARMONTH ? "a month \"YYYY-MM\"" :
	     "no bound: minimum and maximum apply to numbers, dates and months");
	return false;
}

static bool parse_length(struct loader *ld, struct field *f, json_t *v,
			 const char *where, const char *key, long *out)
{
	if (f->type == FT_STRING && json_is_integer(v) &&
	    json_integer_value(v) >= 0) {
		*out = (long)json_integer_value(v);
		return true;
	}
	fail(ld, M_SCHEMA_VALUE, where, key,
	     "a whole number of characters, on a string field");
	return false;
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
	if ((v = json_object_get(c, "required"))) {
		if (!json_is_boolean(v)) {
			fail(ld, M_SCHEMA_VALUE, cw, "required", "true or false");
			return false;
		}
		f->required = json_is_true(v);
	}
	if ((v = json_object_get(c, "unique"))) {
		if (!json_is_boolean(v)) {
			fail(ld, M_SCHEMA_VALUE, cw, "unique", "true or false");
			return false;
		}
		f->unique = json_is_true(v);
	}
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

		if (f->type != FT_STRING || !json_is_string(v)) {
			fail(ld, M_SCHEMA_VALUE, cw, "pattern",
			     "a regular expression, on a string field");
			return false;
		}
		f->pattern = pattern_compile(json_string_value(v), perr,
					     sizeof(perr), &off);
		if (!f->pattern) {
			fail(ld, M_SCHEMA_PATTERN, cw, perr, (unsigned long)off);
			return false;
		}
	}
	if ((v = json_object_get(c, "enum"))) {
		if (f->type != FT_STRING) {
			fail(ld, M_SCHEMA_VALUE, cw, "enum",
			     "a list of strings, on a string field");
			return false;
		}
		f->enum_values = string_list(ld, v, cw, "enum", &f->nenum);
		if (!f->enum_values)
			return false;
	}
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

static bool parse_field(struct loader *ld, struct field *f, json_t *jf,
			size_t idx)
{
	static const char *const allowed[] = {
		"name", "type", "format", "title", "description", "example",
		"constraints", "decimalChar", "trueValues", "falseValues",
		"x-aliases", NULL
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
	    !parse_format(ld, f, json_object_get(jf, "format"), where) ||
	    !bilingual(ld, json_object_get(jf, "title"), where, "title", f->title) ||
	    !bilingual(ld, json_object_get(jf, "description"), where,
		       "description", f->description) ||
	    !parse_constraints(ld, f, json_object_get(jf, "constraints"), where))
		return false;
	for (l = 0; l < 2; l++)
		if (f->title[l])
			f->title_key[l] = text_name_key(f->title[l]);
	if ((v = json_object_get(jf, "example")) && !json_is_string(v)) {
		fail(ld, M_SCHEMA_VALUE, where, "example", "a string");
		return false;
	}
	f->decimal_chars = xstrdup(".");
	if ((v = json_object_get(jf, "decimalChar"))) {
		const char *s = json_is_string(v) ? json_string_value(v) : "";

		if (f->type != FT_NUMBER || !*s || strspn(s, ".,") != strlen(s)) {
			fail(ld, M_SCHEMA_VALUE, where, "decimalChar",
			     "\".\", \",\" or \",.\" on a number field");
			return false;
		}
		free(f->decimal_chars);
		f->decimal_chars = xstrdup(s);
	}
	if ((v = json_object_get(jf, "trueValues")) || f->type == FT_BOOLEAN) {
		json_t *dflt = json_pack("[ssss]", "true", "True", "TRUE", "1");

		f->true_values = string_list(ld, v ? v : dflt, where,
					     "trueValues", &f->ntrue);
		json_decref(dflt);
		if (!f->true_values)
			return false;
	}
	if ((v = json_object_get(jf, "falseValues")) || f->type == FT_BOOLEAN) {
		json_t *dflt = json_pack("[ssss]", "false", "False", "FALSE", "0");

		f->false_values = string_list(ld, v ? v : dflt, where,
					      "falseValues", &f->nfalse);
		json_decref(dflt);
		if (!f->false_values)
			return false;
	}
	if ((f->true_values || f->false_values) && f->type != FT_BOOLEAN) {
		fail(ld, M_SCHEMA_VALUE, where, "trueValues", "a boolean field");
		return false;
	}
	if ((v = json_object_get(jf, "x-aliases")) &&
	    !parse_aliases(ld, f, v, where))
		return false;
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
	size_t i;

	if (!json_is_array(v)) {
		fail(ld, M_SCHEMA_VALUE, "foreignKeys", "foreignKeys", "an array");
		return false;
	}
	s->fkeys = xcalloc(json_array_size(v) + 1, sizeof(*s->fkeys));
	for (i = 0; i < json_array_size(v); i++) {
		json_t *fk = json_array_get(v, i), *ref;
		struct foreign_key *k = &s->fkeys[i];
		char where[64];
		size_t nref = 0;

		snprintf(where, sizeof(where), "foreignKeys[%zu]", i);
		if (!json_is_object(fk) || !check_keys(ld, fk, where, fk_keys))
			goto bad;
		ref = json_object_get(fk, "reference");
		if (!json_is_object(ref) || !check_keys(ld, ref, where, ref_keys) ||
		    !json_is_string(json_object_get(ref, "resource")))
			goto bad;
		k->fields = field_indexes(ld, s, json_object_get(fk, "fields"),
					  where, "fields", &k->nfields);
		if (!k->fields)
			return false;
		s->nfkeys = i + 1;
		k->resource = xstrdup(json_string_value(json_object_get(ref, "resource")));
		k->ref_fields = string_list(ld, json_object_get(ref, "fields"),
					    where, "reference.fields", &nref);
		if (!k->ref_fields)
			return false;
		if (nref != k->nfields || !*k->resource) {
			free_list(k->ref_fields, nref);
			k->ref_fields = NULL;
			goto bad;
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
		"description", "$schema", NULL
	};
	struct schema *s = xcalloc(1, sizeof(*s));
	json_t *fields = json_object_get(root, "fields"), *v;
	size_t i, j;

	s->path = xstrdup(ld->path);
	if (!json_is_object(root)) {
		fail(ld, M_SCHEMA_VALUE, "(top)", "(document)", "an object");
		goto bad;
	}
	if (!check_keys(ld, root, "(top)", allowed))
		goto bad;
	if ((v = json_object_get(root, "title"))) {
		if (!json_is_string(v)) {
			fail(ld, M_SCHEMA_VALUE, "(top)", "title", "a string");
			goto bad;
		}
		s->title = xstrdup(json_string_value(v));
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
