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
#include <sys/stat.h>

#include "infile.h"
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
	{ "index_min_planned", false, 0, 100,
	  offsetof(struct agg_settings, index_min_planned),
	  "a percent from 0 to 100" },
	{ "index_red_below", false, 0, 1,
	  offsetof(struct agg_settings, index_red_below),
	  "a schedule index from 0 to 1" },
	{ "index_amber_below", false, 0, 1,
	  offsetof(struct agg_settings, index_amber_below),
	  "a schedule index from 0 to 1, not below index_red_below" },
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

bool template_zone_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	const char *p;
	char *file;
	struct stat st;
	bool ok;

	if (!*name || name[0] == '/' || strstr(name, ".."))
		return false;
	for (p = name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || strchr("/_+-", *p)))
			return false;
	file = xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo",
			 name);
	ok = stat(file, &st) == 0 && S_ISREG(st.st_mode);
	free(file);
	return ok;
}

/* The settings that are no number: a zone name and a switch. */
static char *read_other_setting(struct report_template *t, const char *key,
				json_t *v, const char *path, enum lang lang,
				bool *known)
{
	*known = true;
	if (strcmp(key, "time_zone") == 0) {
		if (!json_is_string(v) ||
		    !template_zone_exists(json_string_value(v)))
			return fail(path, lang, M_SCHEMA_VALUE, "settings", key,
				    "a time zone of tzdata such as "
				    "\"Asia/Ho_Chi_Minh\" (a file under "
				    "/usr/share/zoneinfo; scripts/install-deps.sh "
				    "installs tzdata)");
		free(t->time_zone);
		t->time_zone = xstrdup(json_string_value(v));
		return NULL;
	}
	if (strcmp(key, "allow_other_agency_rows") == 0) {
		if (!json_is_boolean(v))
			return fail(path, lang, M_SCHEMA_VALUE, "settings", key,
				    "true or false");
		t->allow_other_agency_rows = json_is_true(v);
		return NULL;
	}
	*known = false;
	return NULL;
}

static char *read_settings(struct report_template *t, json_t *obj,
			   const char *path, enum lang lang)
{
	struct agg_settings *out = &t->settings;
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return fail(path, lang, M_SCHEMA_VALUE, "template", "settings",
			    "an object");
	json_object_foreach(obj, key, v) {
		const struct setting *s = find_setting(key);
		double x;
		bool known;
		char *e = read_other_setting(t, key, v, path, lang, &known);

		if (e || known) {
			if (e)
				return e;
			continue;
		}
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
	if (out->index_amber_below < out->index_red_below)
		return fail(path, lang, M_SCHEMA_VALUE, "settings",
			    "index_amber_below", "a schedule index not below "
			    "index_red_below");
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

/* ---- pages, palette, sections, labels ------------------------------------ */

#define MM (72.0 / 25.4)

/* A number in [min, max] at obj[key]; NULL or the message. */
static char *get_number(json_t *obj, const char *where, const char *key,
			double min, double max, double *out, const char *path,
			enum lang lang)
{
	json_t *v = json_object_get(obj, key);
	double x;

	if (!v)
		return fail(path, lang, M_TEMPLATE_MISSING, where, key);
	x = json_is_number(v) ? json_number_value(v) : NAN;
	if (!(x >= min && x <= max)) {
		char want[64];

		snprintf(want, sizeof(want), "a number from %g to %g", min, max);
		return fail(path, lang, M_SCHEMA_VALUE, where, key, want);
	}
	*out = x;
	return NULL;
}

/* Refuse keys of obj that are not among known (NULL-terminated). */
static char *only_keys(json_t *obj, const char *where,
		       const char *const *known, const char *path,
		       enum lang lang)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		size_t i;

		for (i = 0; known[i]; i++)
			if (strcmp(known[i], key) == 0)
				break;
		if (!known[i])
			return fail(path, lang, M_SCHEMA_KEY, where, key);
	}
	return NULL;
}

static char *need_object(json_t *v, const char *where, const char *key,
			 const char *path, enum lang lang)
{
	if (!v)
		return fail(path, lang, M_TEMPLATE_MISSING, where, key);
	if (!json_is_object(v))
		return fail(path, lang, M_SCHEMA_VALUE, where, key, "an object");
	return NULL;
}

static char *read_page(struct page_setup *ps, json_t *obj, const char *where,
		       const char *path, enum lang lang)
{
	static const char *const keys[] = { "size_mm", "margins_mm", "fonts",
					    "sizes", NULL };
	static const char *const margins[] = { "top", "right", "bottom",
					       "left", NULL };
	/* "bold_italic" may be left out (older templates): bold */
	static const char *const faces[] = { "regular", "bold", "italic",
					     "bold_italic", NULL };
	static const char *const sizes[] = { "title", "h1", "h2", "body",
					     "small", NULL };
	double *mv[] = { &ps->top, &ps->right, &ps->bottom, &ps->left };
	double *sv[] = { &ps->title, &ps->h1, &ps->h2, &ps->body, &ps->small };
	char w[64];
	json_t *v, *size;
	char *e;

	if ((e = only_keys(obj, where, keys, path, lang)))
		return e;
	size = json_object_get(obj, "size_mm");
	if (!json_is_array(size) || json_array_size(size) != 2 ||
	    !json_is_number(json_array_get(size, 0)) ||
	    !json_is_number(json_array_get(size, 1)))
		return fail(path, lang, M_SCHEMA_VALUE, where, "size_mm",
			    "[width, height] in millimetres, e.g. [210, 297]");
	ps->width = json_number_value(json_array_get(size, 0)) * MM;
	ps->height = json_number_value(json_array_get(size, 1)) * MM;
	if (ps->width < 100 * MM || ps->height < 100 * MM ||
	    ps->width > 1000 * MM || ps->height > 1000 * MM)
		return fail(path, lang, M_SCHEMA_VALUE, where, "size_mm",
			    "sides from 100 to 1000 millimetres");
	snprintf(w, sizeof(w), "%s.margins_mm", where);
	v = json_object_get(obj, "margins_mm");
	if ((e = need_object(v, where, "margins_mm", path, lang)) ||
	    (e = only_keys(v, w, margins, path, lang)))
		return e;
	for (size_t i = 0; margins[i]; i++) {
		if ((e = get_number(v, w, margins[i], 5, 60, mv[i], path, lang)))
			return e;
		*mv[i] *= MM;
	}
	/* what the margins leave must hold a table header and rows */
	if (ps->width - ps->left - ps->right < 80 * MM ||
	    ps->height - ps->top - ps->bottom < 80 * MM)
		return fail(path, lang, M_SCHEMA_VALUE, where, "margins_mm",
			    "margins that leave at least 80 mm by 80 mm of page");
	snprintf(w, sizeof(w), "%s.fonts", where);
	v = json_object_get(obj, "fonts");
	if ((e = need_object(v, where, "fonts", path, lang)) ||
	    (e = only_keys(v, w, faces, path, lang)))
		return e;
	for (size_t i = 0; faces[i]; i++) {
		json_t *f = json_object_get(v, faces[i]);

		if (!f && i == 3)
			continue;
		if (!f)
			return fail(path, lang, M_TEMPLATE_MISSING, w, faces[i]);
		if (!json_is_string(f) || !json_string_length(f))
			return fail(path, lang, M_SCHEMA_VALUE, w, faces[i],
				    "the path of a TrueType font file");
		ps->fonts[i] = xstrdup(json_string_value(f));
	}
	snprintf(w, sizeof(w), "%s.sizes", where);
	v = json_object_get(obj, "sizes");
	if ((e = need_object(v, where, "sizes", path, lang)) ||
	    (e = only_keys(v, w, sizes, path, lang)))
		return e;
	for (size_t i = 0; sizes[i]; i++)
		if ((e = get_number(v, w, sizes[i], 5, 40, sv[i], path, lang)))
			return e;
	return NULL;
}

static const char *const colour_names[] = {
#define COLOUR_NAME(name) #name,
	TEMPLATE_COLOURS(COLOUR_NAME)
#undef COLOUR_NAME
	NULL
};

static char *read_palette(struct palette *pal, json_t *obj, const char *path,
			  enum lang lang)
{
	struct colour *c = (struct colour *)(void *)pal;
	char *e;

	if ((e = only_keys(obj, "palette", colour_names, path, lang)))
		return e;
	for (size_t i = 0; colour_names[i]; i++) {
		json_t *v = json_object_get(obj, colour_names[i]);
		const char *s = json_string_value(v);
		unsigned r, g, b;
		char end;

		if (!v)
			return fail(path, lang, M_TEMPLATE_MISSING, "palette",
				    colour_names[i]);
		if (!s || strlen(s) != 7 ||
		    sscanf(s, "#%2x%2x%2x%c", &r, &g, &b, &end) != 3)
			return fail(path, lang, M_SCHEMA_VALUE, "palette",
				    colour_names[i], "a colour \"#RRGGBB\"");
		c[i].r = (float)r / 255.0f;
		c[i].g = (float)g / 255.0f;
		c[i].b = (float)b / 255.0f;
	}
	return NULL;
}

static const struct {
	const char *name;
	enum section_kind kind;
	bool agency;                /* of the agency report */
} section_names[] = {
	{ "cover", SEC_COVER, false },   /* older templates: the same page */
	{ "decision", SEC_COVER, false },
	{ "key_figures", SEC_KEY_FIGURES, false },
	{ "pillars", SEC_PILLARS, false },
	{ "agencies", SEC_AGENCIES, false },
	{ "red_tasks", SEC_RED_TASKS, false },
	{ "trend", SEC_TREND, false },
	{ "indicators", SEC_INDICATORS, false },
	{ "compliance", SEC_COMPLIANCE, false },
	{ "validation", SEC_VALIDATION, false },
	{ "appendix", SEC_APPENDIX, false },
	{ "agency_summary", SEC_AGENCY_SUMMARY, true },
	{ "agency_tasks", SEC_AGENCY_TASKS, true },
	{ "agency_trajectory", SEC_AGENCY_TRAJECTORY, true },
	{ "agency_submission", SEC_AGENCY_SUBMISSION, true },
	{ "agency_errors", SEC_AGENCY_ERRORS, true },
	{ "agency_todo", SEC_AGENCY_TODO, true },
};

static char *read_sections(struct section **out, size_t *nout, json_t *arr,
			   const char *where, bool agency, const char *path,
			   enum lang lang)
{
	static const char *const keys[] = { "type", "new_page", "max_rows",
					    NULL };
	size_t i;
	json_t *v;

	if (!json_is_array(arr) || !json_array_size(arr))
		return fail(path, lang, M_SCHEMA_VALUE, "template", where,
			    "a list of sections");
	*out = xcalloc(json_array_size(arr), sizeof(**out));
	json_array_foreach(arr, i, v) {
		char w[64], want[512] = "";
		const char *type = json_string_value(json_object_get(v, "type"));
		json_t *np = json_object_get(v, "new_page");
		json_t *mr = json_object_get(v, "max_rows");
		struct section *s = &(*out)[i];
		size_t k;
		char *e;

		snprintf(w, sizeof(w), "%s[%zu]", where, i);
		if (!json_is_object(v))
			return fail(path, lang, M_SCHEMA_VALUE, where, w,
				    "an object with \"type\"");
		if ((e = only_keys(v, w, keys, path, lang)))
			return e;
		for (k = 0; k < sizeof(section_names) / sizeof(*section_names); k++) {
			if (section_names[k].agency != agency)
				continue;
			if (type && strcmp(type, section_names[k].name) == 0)
				break;
			snprintf(want + strlen(want), sizeof(want) - strlen(want),
				 "%s%s", want[0] ? ", " : "one of ",
				 section_names[k].name);
		}
		if (k == sizeof(section_names) / sizeof(*section_names))
			return fail(path, lang, M_SCHEMA_VALUE, w, "type", want);
		s->kind = section_names[k].kind;
		if (np && !json_is_boolean(np))
			return fail(path, lang, M_SCHEMA_VALUE, w, "new_page",
				    "true or false");
		s->page_break = json_is_true(np);
		if (mr && (!json_is_integer(mr) || json_integer_value(mr) < 0 ||
			   json_integer_value(mr) > 1000000))
			return fail(path, lang, M_SCHEMA_VALUE, w, "max_rows",
				    "a whole number, 0 for all");
		s->max_rows = mr ? (int)json_integer_value(mr) : 0;
		(*nout)++;
	}
	return NULL;
}

static const char *const label_keys[LABEL_COUNT] = {
#define LABEL_KEY(id, key) key,
	TEMPLATE_LABELS(LABEL_KEY)
#undef LABEL_KEY
};

/* The placeholders documents fill in; a template may use no other. */
static const char *const placeholders[] = {
	"period", "month", "year", "day", "date", "agency", "agency_code",
	"task", "title", "planned", "actual", "due", "count", "deadline",
	"version", "page", "pages", "received", "expected", "issuer",
	"files", "rows", "accepted", "rejected", "errors", "warnings",
	"file", "index", "red", "overdue", "owing", "line", "fix",
	"day_number", "month_name", NULL
};

static char *check_placeholders(const char *s, const char *where,
				const char *path, enum lang lang)
{
	for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
		const char *q = strchr(p, '}');
		size_t i;

		const char *bar;
		size_t len;

		if (!q)
			break;
		/* "{count|one|other}": the name is before the bar */
		bar = memchr(p, '|', (size_t)(q - p));
		len = (size_t)((bar ? bar : q) - p - 1);
		for (i = 0; placeholders[i]; i++)
			if (strlen(placeholders[i]) == len &&
			    strncmp(placeholders[i], p + 1, len) == 0)
				break;
		if (!placeholders[i]) {
			char *name = xstrndup(p + 1, len);
			char *e = fail(path, lang, M_TEMPLATE_PLACEHOLDER, where,
				       name);

			free(name);
			return e;
		}
	}
	return NULL;
}

/* An object {"vi": text, "en": text} named w into out[], each checked for
   its placeholders when asked. */
static char *read_pair(char *out[2], json_t *v, const char *w, bool fills,
		       const char *path, enum lang lang)
{
	static const char *const langs[] = { "vi", "en", NULL };
	char *e;

	if ((e = only_keys(v, w, langs, path, lang)))
		return e;
	for (int l = 0; l < 2; l++) {
		json_t *s = json_object_get(v, langs[l]);

		if (!s)
			return fail(path, lang, M_TEMPLATE_MISSING, w,
				    langs[l]);
		if (!json_is_string(s))
			return fail(path, lang, M_SCHEMA_VALUE, w, langs[l],
				    "a text");
		if (fills && (e = check_placeholders(json_string_value(s), w,
						     path, lang)))
			return e;
	}
	for (int l = 0; l < 2; l++)
		out[l] = xstrdup(json_string_value(json_object_get(v,
								   langs[l])));
	return NULL;
}

static char *read_labels(struct report_template *t, json_t *obj,
			 const char *path, enum lang lang)
{
	static const char *const langs[] = { "vi", "en", NULL };
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		size_t i;

		for (i = 0; i < LABEL_COUNT; i++)
			if (strcmp(label_keys[i], key) == 0)
				break;
		if (i == LABEL_COUNT)
			return fail(path, lang, M_SCHEMA_KEY, "labels", key);
	}
	for (size_t i = 0; i < LABEL_COUNT; i++) {
		char w[96];
		char *e;

		v = json_object_get(obj, label_keys[i]);
		snprintf(w, sizeof(w), "labels.%s", label_keys[i]);
		if ((e = need_object(v, "labels", label_keys[i], path, lang)) ||
		    (e = read_pair(t->labels[i], v, w, true, path, lang)))
			return e;
	}
	for (int l = 0; l < 2; l++) {
		const char *m = t->labels[L_MONTH_NAMES][l];
		int bars = 0;

		for (const char *c = m; *c; c++)
			bars += *c == '|';
		if (bars != 11)
			return fail(path, lang, M_SCHEMA_VALUE,
				    "labels.month_names", langs[l],
				    "twelve month names separated by '|'");
	}
	return NULL;
}

/* A field of "signer": a text for both languages, or {"vi", "en"}. */
static char *read_signer_field(char *out[2], json_t *obj, const char *key,
			       bool need, const char *path, enum lang lang)
{
	json_t *v = json_object_get(obj, key);
	char w[32];

	snprintf(w, sizeof(w), "signer.%s", key);
	if (!v && !need) {
		out[0] = xstrdup("");
		out[1] = xstrdup("");
		return NULL;
	}
	if (!v)
		return fail(path, lang, M_TEMPLATE_MISSING, "signer", key);
	if (json_is_string(v)) {
		out[0] = xstrdup(json_string_value(v));
		out[1] = xstrdup(json_string_value(v));
		return NULL;
	}
	if (!json_is_object(v))
		return fail(path, lang, M_SCHEMA_VALUE, "signer", key,
			    "a text, or {\"vi\": ..., \"en\": ...}");
	return read_pair(out, v, w, false, path, lang);
}

static char *read_signer(struct signer *sg, json_t *obj, const char *path,
			 enum lang lang)
{
	static const char *const keys[] = { "authority", "title", "name",
					    NULL };
	char *e;

	if ((e = only_keys(obj, "signer", keys, path, lang)) ||
	    (e = read_signer_field(sg->authority, obj, "authority", false,
				   path, lang)) ||
	    (e = read_signer_field(sg->title, obj, "title", true, path,
				   lang)) ||
	    (e = read_signer_field(sg->name, obj, "name", false, path, lang)))
		return e;
	if (!*sg->title[0] || !*sg->title[1])
		return fail(path, lang, M_SCHEMA_VALUE, "signer", "title",
			    "the signer's title (\"THỨ TRƯỞNG\")");
	return NULL;
}

const char *template_label(const struct report_template *t, enum lang lang,
			   enum label_id id)
{
	return t->labels[id][lang == LANG_EN ? 1 : 0];
}

char *template_month_name(const struct report_template *t, enum lang lang,
			  int m, char *buf, size_t n)
{
	const char *s = template_label(t, lang, L_MONTH_NAMES), *end;

	/* twelve names, checked at load */
	for (int i = 1; i < m && s; i++) {
		s = strchr(s, '|');
		if (s)
			s++;
	}
	if (!s || m < 1 || m > 12) {
		snprintf(buf, n, "%d", m);
		return buf;
	}
	end = strchr(s, '|');
	snprintf(buf, n, "%.*s", (int)(end ? (size_t)(end - s) : strlen(s)), s);
	return buf;
}

char *template_fill(const char *s, const struct fill *vars, size_t n)
{
	size_t cap = strlen(s) + 1, len = 0;
	char *out = xmalloc(cap);

	while (*s) {
		const char *val = NULL;
		size_t skip = 1, vlen;

		vlen = 1;
		if (*s == '{' && strchr(s, '}')) {
			const char *q = strchr(s, '}');
			const char *bar = memchr(s, '|', (size_t)(q - s));
			size_t nlen = (size_t)((bar ? bar : q) - s - 1);

			for (size_t i = 0; i < n; i++)
				if (strlen(vars[i].name) == nlen &&
				    strncmp(vars[i].name, s + 1, nlen) == 0) {
					val = vars[i].value ? vars[i].value : "";
					skip = (size_t)(q - s) + 1;
					vlen = strlen(val);
					break;
				}
			if (val && bar) {
				/* the word for the count: the first form
				   for one, the second (or the only one)
				   for any other */
				const char *one = bar + 1;
				const char *mid = memchr(one, '|',
							 (size_t)(q - one));
				const char *other = mid ? mid + 1 : one;

				if (strcmp(val, "1") == 0) {
					val = one;
					vlen = (size_t)((mid ? mid : q) - one);
				} else {
					val = other;
					vlen = (size_t)(q - other);
				}
			}
		}
		if (!val)
			val = s;
		if (len + vlen + 1 > cap) {
			cap = (len + vlen + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + len, val, vlen);
		len += vlen;
		s += skip;
	}
	out[len] = '\0';
	return out;
}

static struct report_template *build(json_t *root, const char *path,
				     enum lang lang, char **err)
{
	struct report_template *t = xcalloc(1, sizeof(*t));
	const char *key;
	json_t *v;

	t->path = xstrdup(path);
	t->settings = agg_defaults;
	t->time_zone = xstrdup(TEMPLATE_TIME_ZONE);
	*err = NULL;
	if (!json_is_object(root)) {
		*err = fail(path, lang, M_SCHEMA_VALUE, "template", "(root)",
			    "an object");
		goto bad;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "settings") == 0)
			*err = read_settings(t, v, path, lang);
		else if (strcmp(key, "report") == 0 || strcmp(key, "letter") == 0)
			*err = need_object(v, "template", key, path, lang);
		else if (strcmp(key, "palette") == 0 ||
			 strcmp(key, "labels") == 0 ||
			 strcmp(key, "signer") == 0)
			*err = need_object(v, "template", key, path, lang);
		else if (strcmp(key, "sections") != 0 &&
			 strcmp(key, "agency_sections") != 0)
			*err = fail(path, lang, M_SCHEMA_KEY, "template", key);
		if (*err)
			goto bad;
	}
	/* the default zone too: without tzdata, glibc would take UTC */
	if (!template_zone_exists(t->time_zone)) {
		*err = fail(path, lang, M_SCHEMA_VALUE, "settings", "time_zone",
			    "a time zone installed with tzdata (the default is "
			    TEMPLATE_TIME_ZONE "; scripts/install-deps.sh "
			    "installs tzdata)");
		goto bad;
	}
	if ((*err = need_object(json_object_get(root, "report"), "template",
				"report", path, lang)) ||
	    (*err = read_page(&t->report, json_object_get(root, "report"),
			      "report", path, lang)) ||
	    (*err = need_object(json_object_get(root, "letter"), "template",
				"letter", path, lang)) ||
	    (*err = read_page(&t->letter, json_object_get(root, "letter"),
			      "letter", path, lang)) ||
	    (*err = need_object(json_object_get(root, "palette"), "template",
				"palette", path, lang)) ||
	    (*err = read_palette(&t->palette, json_object_get(root, "palette"),
				 path, lang)) ||
	    (*err = need_object(json_object_get(root, "signer"), "template",
				"signer", path, lang)) ||
	    (*err = read_signer(&t->signer, json_object_get(root, "signer"),
				path, lang)) ||
	    (*err = read_sections(&t->sections, &t->nsections,
				  json_object_get(root, "sections"), "sections",
				  false, path, lang)) ||
	    (*err = read_sections(&t->agency_sections, &t->nagency_sections,
				  json_object_get(root, "agency_sections"),
				  "agency_sections", true, path, lang)) ||
	    (*err = need_object(json_object_get(root, "labels"), "template",
				"labels", path, lang)) ||
	    (*err = read_labels(t, json_object_get(root, "labels"), path, lang)))
		goto bad;
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
	/* a folder or a FIFO is not "invalid JSON" */
	FILE *f = infile_fopen_said("template", path, err);
	json_t *root;

	if (!f)
		return NULL;
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
	fclose(f);
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
	free(t->time_zone);
	for (int i = 0; i < TEMPLATE_FACES; i++) {
		free(t->report.fonts[i]);
		free(t->letter.fonts[i]);
	}
	for (int l = 0; l < 2; l++) {
		free(t->signer.authority[l]);
		free(t->signer.title[l]);
		free(t->signer.name[l]);
	}
	free(t->sections);
	free(t->agency_sections);
	for (size_t i = 0; i < LABEL_COUNT; i++) {
		free(t->labels[i][0]);
		free(t->labels[i][1]);
	}
	free(t);
}
