/*
 * template: reading the report template with jansson.
 *
 * jansson lives behind two modules, both readers of JSON configuration:
 * schema.c for Table Schemas and this one for report templates. Settings
 * are table-driven: each known key names its type, its range and where
 * it goes; anything else is refused.
 */
#include "template.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct setting {
	const char *key;
	bool integer;
	double min, max;
	size_t offset;              /* in struct agg_settings */
	const char *expected;       /* for the message */
};

static const struct setting settings[] = {
	{ "green_min_variance", false, -100, 0,
	  offsetof(struct agg_settings, green_min_variance),
	  "a number of points from -100 to 0" },
	{ "amber_min_variance", false, -100, 0,
	  offsetof(struct agg_settings, amber_min_variance),
	  "a number of points from -100 to 0, not above green_min_variance" },
	{ "submission_deadline_day", true, 1, 28,
	  offsetof(struct agg_settings, deadline_day),
	  "a day of the month from 1 to 28" },
	{ "trend_months", true, 1, 60,
	  offsetof(struct agg_settings, trend_months),
	  "a whole number of months from 1 to 60" },
	{ "forecast_points", true, 2, 12,
	  offsetof(struct agg_settings, forecast_points),
	  "a whole number from 2 to 12" },
};

static const struct setting *find_setting(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(settings) / sizeof(*settings); i++)
		if (strcmp(settings[i].key, key) == 0)
			return &settings[i];
	return NULL;
}

static char *fail(const char *path, enum lang lang, enum msg_id id, ...)
{
	char *m, *out;
	va_list ap;
	int n;

	va_start(ap, id);
	n = vsnprintf(NULL, 0, msg(lang, id), ap);
	va_end(ap);
	m = xmalloc((size_t)n + 1);
	va_start(ap, id);
	vsnprintf(m, (size_t)n + 1, msg(lang, id), ap);
	va_end(ap);
	out = xasprintf("%s: %s", path, m);
	free(m);
	return out;
}

static char *read_settings(struct agg_settings *out, json_t *obj,
			   const char *path, enum lang lang)
{
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return fail(path, lang, M_SCHEMA_VALUE, "template", "settings",
			    "an object");
	json_object_foreach(obj, key, v) {
		const struct setting *s = find_setting(key);
		double x;

		if (!s)
			return fail(path, lang, M_SCHEMA_KEY, "settings", key);
		x = json_is_number(v) ? json_number_value(v) : NAN;
		if (!(x >= s->min && x <= s->max) ||
		    (s->integer && (!json_is_integer(v))))
			return fail(path, lang, M_SCHEMA_VALUE, "settings", key,
				    s->expected);
		if (s->integer)
			*(int *)(void *)((char *)out + s->offset) = (int)x;
		else
			*(double *)(void *)((char *)out + s->offset) = x;
	}
	if (out->amber_min_variance > out->green_min_variance) {
		char want[96], *e;

		snprintf(want, sizeof(want), "a number not above "
			 "green_min_variance (%g; amber_min_variance is %g)",
			 out->green_min_variance, out->amber_min_variance);
		e = fail(path, lang, M_SCHEMA_VALUE, "settings",
			 "amber_min_variance", want);
		return e;
	}
	return NULL;
}

static struct report_template *build(json_t *root, const char *path,
				     enum lang lang, char **err)
{
	struct report_template *t = xcalloc(1, sizeof(*t));
	const char *key;
	json_t *v;

	t->path = xstrdup(path);
	t->settings = agg_defaults;
	*err = NULL;
	if (!json_is_object(root)) {
		*err = fail(path, lang, M_SCHEMA_VALUE, "template", "(root)",
			    "an object");
		goto bad;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "settings") == 0)
			*err = read_settings(&t->settings, v, path, lang);
		else
			*err = fail(path, lang, M_SCHEMA_KEY, "template", key);
		if (*err)
			goto bad;
	}
	return t;
bad:
	template_free(t);
	return NULL;
}

static struct report_template *finish(json_t *root, json_error_t *je,
				      const char *path, enum lang lang,
				      char **err)
{
	struct report_template *t;

	if (!root) {
		char *m = xasprintf(msg(lang, M_SCHEMA_JSON), je->text);

		/* jansson names the file itself when it cannot open it */
		*err = je->line < 0 ? xstrdup(je->text) :
		       xasprintf("%s:%d:%d: %s", path, je->line,
				 je->column > 0 ? je->column : 1, m);
		free(m);
		return NULL;
	}
	t = build(root, path, lang, err);
	json_decref(root);
	return t;
}

struct report_template *template_load(const char *path, enum lang lang,
				      char **err)
{
	json_error_t je;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);

	return finish(root, &je, path, lang, err);
}

struct report_template *template_load_string(const char *json,
					     const char *name, enum lang lang,
					     char **err)
{
	json_error_t je;
	json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);

	return finish(root, &je, name, lang, err);
}

void template_free(struct report_template *t)
{
	if (!t)
		return;
	free(t->path);
	free(t);
}
