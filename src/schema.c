/*
 * schema: loading a Table Schema with jansson into struct schema, checking
 * every key on the way, and reading cells as values of its field types. A
 * schema is configuration, so any mistake in it is an error that names the
 * file and the place, and nothing is guessed; custom keys ("x-...") are
 * the spec's own way to extend it and are let through.
 */
#include "schema.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
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

/* Length of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The length of the character of set (each an alternative) at s, or 0. */
static size_t one_of(const char *s, const char *set)
{
	while (set && *set) {
		size_t n = char_len(set);

		if (strncmp(s, set, n) == 0)
			return n;
		set += n;
	}
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Case-insensitive equality of s with an ASCII word. */
static bool same_word(const char *s, const char *word)
{
	for (; *s && *word; s++, word++)
		if ((*s | 0x20) != *word)
			return false;
	return !*s && !*word;
}

/*
 * bareNumber false: the number is what lies between the first character
 * that may begin one and the last digit.
 */
static void strip_to_number(const char **s, size_t *n, const char *dec)
{
	const char *p = *s, *end = *s + *n;

	while (p < end && !is_digit(*p) &&
	       !((*p == '+' || *p == '-') && p + 1 < end &&
		 (is_digit(p[1]) || one_of(p + 1, dec))) &&
	       !(one_of(p, dec) && p + one_of(p, dec) < end &&
		 is_digit(p[one_of(p, dec)])))
		p += char_len(p);
	while (end > p && !is_digit(end[-1]))
		end--;
	*s = p;
	*n = (size_t)(end - p);
}

/*
 * Up to 15 digits without an exponent are read as an integer divided by a
 * power of ten, both exact in a double: one correctly rounded division,
 * which is what strtod() gives too (Clinger's fast path); the rest goes to
 * strtod() in the "C" form.
 */
bool schema_number(const char *s, const char *decimal_chars,
		   const char *group, bool bare, bool finite, double *out)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15
	};
	char buf[128];
	size_t n = strlen(s), i = 0, k = 0, gl = group ? strlen(group) : 0;
	bool digits = false, point = false, neg = false, exp = false;
	uint64_t m = 0;
	unsigned nd = 0, nfrac = 0;
	char *end;

	if (same_word(s + (*s == '+' || *s == '-'), "nan") ||
	    same_word(s + (*s == '+' || *s == '-'), "inf")) {
		if (finite)
			return false;
		*out = same_word(s + (*s == '+' || *s == '-'), "nan") ? NAN :
		       *s == '-' ? -INFINITY : INFINITY;
		return true;
	}
	if (!bare)
		strip_to_number(&s, &n, decimal_chars);
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		neg = s[i] == '-';
		buf[k++] = s[i++];
	}
	while (i < n && k < sizeof(buf) - 1) {
		size_t dl;

		if (is_digit(s[i])) {
			buf[k++] = s[i++];
			digits = true;
			if (nd < 16)
				m = m * 10 + (uint64_t)(s[i - 1] - '0');
			nd++;
			nfrac += point;
		} else if (gl && digits && !point && i + gl < n &&
			   strncmp(s + i, group, gl) == 0 &&
			   is_digit(s[i + gl])) {
			i += gl;
		} else if (!point && (dl = one_of(s + i, decimal_chars))) {
			buf[k++] = '.';
			point = true;
			i += dl;
		} else if (digits && (s[i] == 'e' || s[i] == 'E')) {
			buf[k++] = s[i++];
			if (i < n && (s[i] == '+' || s[i] == '-'))
				buf[k++] = s[i++];
			if (i >= n || !is_digit(s[i]))
				return false;
			while (i < n && is_digit(s[i]) && k < sizeof(buf) - 1)
				buf[k++] = s[i++];
			exp = true;
			break;
		} else {
			return false;
		}
	}
	if (i < n || !digits)
		return false;
	if (nd <= 15 && !exp) {
		double v = (double)m / pow10[nfrac];

		*out = neg ? -v : v;
		return true;
	}
	buf[k] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	return !*end && errno == 0 && isfinite(*out);
}

static bool read_integer(const struct field *f, const char *s,
			 long long *out)
{
	char buf[64];
	size_t n = strlen(s), i = 0, k = 0;
	size_t gl = f->group_char ? strlen(f->group_char) : 0;
	char *end;

	if (!f->bare_number)
		strip_to_number(&s, &n, NULL);
	if (i < n && (s[i] == '+' || s[i] == '-'))
		buf[k++] = s[i++];
	while (i < n && k < sizeof(buf) - 1) {
		if (is_digit(s[i]))
			buf[k++] = s[i++];
		else if (gl && k && is_digit(buf[k - 1]) && i + gl < n &&
			 strncmp(s + i, f->group_char, gl) == 0 &&
			 is_digit(s[i + gl]))
			i += gl;
		else
			return false;
	}
	buf[k] = '\0';
	if (i < n || !k || !is_digit(buf[k - 1]))
		return false;
	errno = 0;
	*out = strtoll(buf, &end, 10);
	return errno == 0 && !*end;
}

/* n digits exactly (n < 0: 1 to -n of them) at *p. */
static bool take_digits(const char **p, int n, int *out)
{
	int v = 0, i = 0, max = n < 0 ? -n : n;

	while (i < max && is_digit(**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		i++;
	}
	*out = v;
	return n < 0 ? i >= 1 : i == n;
}

/* A broken-down time as read; unset parts stay at their defaults. */
struct stamp {
	int y, mo, d, h, mi, s;
	double frac;
	int offset;        /* seconds east of UTC */
	bool has_date, has_time;
};

static bool stamp_ok(const struct stamp *t)
{
	return t->y >= 1 && t->y <= 9999 && t->mo >= 1 && t->mo <= 12 &&
	       t->d >= 1 && t->d <= date_days_in_month(t->y, t->mo) &&
	       t->h >= 0 && t->h <= 23 && t->mi >= 0 && t->mi <= 59 &&
	       t->s >= 0 && t->s <= 60;
}

/* HH:MM[:SS[.fff]] at *p; seconds optional when opt_sec. */
static bool take_clock(const char **p, struct stamp *t, bool opt_sec)
{
	if (!take_digits(p, 2, &t->h) || *(*p)++ != ':' ||
	    !take_digits(p, 2, &t->mi))
		return false;
	t->has_time = true;
	if (**p != ':')
		return opt_sec;
	(*p)++;
	if (!take_digits(p, 2, &t->s))
		return false;
	if (**p == '.' && is_digit((*p)[1])) {
		double scale = 0.1;

		for ((*p)++; is_digit(**p); (*p)++, scale /= 10)
			t->frac += (**p - '0') * scale;
	}
	return true;
}

/* Z, +HH:MM, +HHMM or +HH at *p (nothing: offset 0). */
static bool take_offset(const char **p, struct stamp *t)
{
	int sign, hh, mm = 0;

	if (**p == 'Z') {
		(*p)++;
		return true;
	}
	if (**p != '+' && **p != '-')
		return true;
	sign = *(*p)++ == '-' ? -1 : 1;
	if (!take_digits(p, 2, &hh))
		return false;
	if (**p == ':')
		(*p)++;
	if (is_digit(**p) && !take_digits(p, 2, &mm))
		return false;
	if (hh > 23 || mm > 59)
		return false;
	t->offset = sign * (hh * 3600 + mm * 60);
	return true;
}

static bool take_iso_date(const char **p, struct stamp *t)
{
	t->has_date = true;
	return take_digits(p, 4, &t->y) && *(*p)++ == '-' &&
	       take_digits(p, 2, &t->mo) && *(*p)++ == '-' &&
	       take_digits(p, 2, &t->d);
}

static bool take_dmy_date(const char **p, struct stamp *t)
{
	t->has_date = true;
	return take_digits(p, -2, &t->d) && *(*p)++ == '/' &&
	       take_digits(p, -2, &t->mo) && *(*p)++ == '/' &&
	       take_digits(p, 4, &t->y);
}

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* An English month name (full, or its first three letters) at *p. */
static bool take_month_name(const char **p, bool full, int *mo)
{
	int i;

	for (i = 0; i < 12; i++) {
		size_t n = full ? strlen(month_names[i]) : 3, k;

		for (k = 0; k < n && ((*p)[k] | 0x20) == month_names[i][k]; k++)
			;
		if (k == n) {
			*p += n;
			*mo = i + 1;
			return true;
		}
	}
	return false;
}

/* The directives a format pattern may use. */
static const char pattern_directives[] = "YymdHIMSfpzbB%";

/* Read s by a strptime-like pattern into *t. */
static bool take_pattern(const char *fmt, const char *s, struct stamp *t)
{
	int pm = -1, h12 = -1, v;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			if (*s++ != *fmt)
				return false;
			continue;
		}
		switch (*++fmt) {
		case 'Y': if (!take_digits(&s, 4, &t->y)) return false;
			t->has_date = true; break;
		case 'y': if (!take_digits(&s, 2, &v)) return false;
			t->y = v < 69 ? 2000 + v : 1900 + v;
			t->has_date = true; break;
		case 'm': if (!take_digits(&s, -2, &t->mo)) return false;
			break;
		case 'b': case 'B':
			if (!take_month_name(&s, *fmt == 'B', &t->mo))
				return false;
			break;
		case 'd': if (!take_digits(&s, -2, &t->d)) return false;
			break;
		case 'H': if (!take_digits(&s, -2, &t->h)) return false;
			t->has_time = true; break;
		case 'I': if (!take_digits(&s, -2, &h12) || h12 < 1 ||
			      h12 > 12) return false;
			t->has_time = true; break;
		case 'M': if (!take_digits(&s, -2, &t->mi)) return false;
			break;
		case 'S': if (!take_digits(&s, -2, &t->s)) return false;
			break;
		case 'f': {
			double scale = 0.1;
			int nd = 0;

			for (; is_digit(*s) && nd < 6; s++, nd++, scale /= 10)
				t->frac += (*s - '0') * scale;
			if (!nd)
				return false;
			break;
		}
		case 'p':
			if ((s[0] | 0x20) != 'a' && (s[0] | 0x20) != 'p')
				return false;
			if ((s[1] | 0x20) != 'm')
				return false;
			pm = (s[0] | 0x20) == 'p';
			s += 2;
			break;
		case 'z': if (*s != '+' && *s != '-' && *s != 'Z')
				return false;
			if (!take_offset(&s, t)) return false;
			break;
		case '%': if (*s++ != '%') return false;
			break;
		default:
			return false;
		}
	}
	if (h12 >= 0)
		t->h = h12 % 12 + (pm == 1 ? 12 : 0);
	return !*s;
}

/* Read s as a date, time or datetime in the form fm. */
static bool read_stamp(enum field_type type, const struct field_form *fm,
		       const char *s, struct stamp *t)
{
	const char *p = s;
	struct stamp zero = { 1970, 1, 1, 0, 0, 0, 0, 0, false, false };

	*t = zero;
	if (fm->kind == FMT_PATTERN)
		return take_pattern(fm->pattern, s, t) && stamp_ok(t);
	switch (type) {
	case FT_DATE:
		if (fm->kind == FMT_ANY && strchr(s, '/')) {
			int32_t d;

			if (!date_parse_dmy(s, &d))
				return false;
			date_to_civil(d, &t->y, &t->mo, &t->d);
			return true;
		} else {
			int32_t d;

			if (!date_parse_iso(s, &d))
				return false;
			date_to_civil(d, &t->y, &t->mo, &t->d);
			return true;
		}
	case FT_TIME:
		return take_clock(&p, t, fm->kind == FMT_ANY) && !*p &&
		       stamp_ok(t);
	case FT_DATETIME:
		if (fm->kind == FMT_ANY && strchr(s, '/')) {
			if (!take_dmy_date(&p, t) || *p++ != ' ' ||
			    !take_clock(&p, t, true))
				return false;
		} else {
			if (!take_iso_date(&p, t) ||
			    !(*p == 'T' || (fm->kind == FMT_ANY && *p == ' ')))
				return false;
			p++;
			if (!take_clock(&p, t, fm->kind == FMT_ANY) ||
			    !take_offset(&p, t))
				return false;
		}
		return !*p && stamp_ok(t);
	default:
		return false;
	}
}

static bool read_temporal(const struct field *f, const char *s,
			  union field_value *out)
{
	size_t i;

	for (i = 0; i < f->nforms; i++) {
		struct stamp t;
		double secs;

		if (!read_stamp(f->type, &f->forms[i], s, &t))
			continue;
		secs = t.h * 3600.0 + t.mi * 60 + t.s + t.frac;
		if (f->type == FT_DATE)
			out->date = date_from_civil(t.y, t.mo, t.d);
		else if (f->type == FT_TIME)
			out->num = secs;
		else
			out->num = date_from_civil(t.y, t.mo, t.d) * 86400.0 +
				   secs - t.offset;
		return true;
	}
	return false;
}

/* ISO 8601 duration PnYnMnWnDTnHnMnS, in seconds. */
static bool read_duration(const char *s, double *out)
{
	static const char date_units[] = "YMWD", time_units[] = "HMS";
	static const double date_secs[] = { 31556952, 2629746, 604800, 86400 };
	static const double time_secs[] = { 3600, 60, 1 };
	const char *units = date_units;
	const double *secs = date_secs;
	double total = 0;
	bool neg = *s == '-', any = false, in_time = false;
	int last = -1;

	s += neg;
	if (*s++ != 'P' || !*s)
		return false;
	while (*s) {
		char *end;
		const char *u;
		double v;

		if (*s == 'T' && !in_time) {
			in_time = true;
			units = time_units;
			secs = time_secs;
			last = -1;
			if (!*++s)
				return false;
			continue;
		}
		if (!is_digit(*s))
			return false;
		v = strtod(s, &end);
		/* only seconds may have a fraction */
		if (memchr(s, '.', (size_t)(end - s)) && !(in_time && *end == 'S'))
			return false;
		if (memchr(s, 'e', (size_t)(end - s)) ||
		    memchr(s, 'E', (size_t)(end - s)))
			return false;
		if (!*end || !(u = strchr(units, *end)) ||
		    (int)(u - units) <= last)
			return false;
		last = (int)(u - units);
		total += v * secs[last];
		any = true;
		s = end + 1;
	}
	*out = neg ? -total : total;
	return any;
}

static bool read_year(const char *s, long long *out)
{
	const char *p = s + (*s == '-');
	int y;

	if (!take_digits(&p, 4, &y) || *p)
		return false;
	*out = *s == '-' ? -y : y;
	return true;
}

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
	       schema_number(json_string_value(v), ".", NULL, true, true, out);
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
		ok = schema_number(a, ".", NULL, true, true, lon) &&
		     schema_number(b, ".", NULL, true, true, lat);
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

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *p, *dot = NULL;
	size_t label = 0, last = 0;

	if (!at || at == s)
		return false;
	for (p = s; p < at; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._%+-", *p))
			return false;
	for (p = at + 1; *p; p++) {
		if (*p == '.') {
			if (!label)
				return false;
			dot = p;
			label = 0;
		} else if (isalnum((unsigned char)*p) || *p == '-') {
			label++;
		} else {
			return false;
		}
	}
	last = label;
	if (!dot || last < 2)
		return false;
	for (p = dot + 1; *p; p++)
		if (!isalpha((unsigned char)*p))
			return false;
	return true;
}

static bool uri_ok(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return false;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p++ != ':' || !*p)
		return false;
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == '^' || *p == '`' ||
		    *p == '{' || *p == '|' || *p == '}')
			return false;
	return true;
}

static bool base64_ok(const char *s, size_t n)
{
	size_t i, pad = 0;

	if (n % 4)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			if (i < n - 2)
				return false;
			pad++;
		} else if (pad || !(isalnum((unsigned char)s[i]) ||
				    s[i] == '+' || s[i] == '/')) {
			return false;
		}
	}
	return true;
}

static bool uuid_ok(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return false;
	for (i = 0; i < n; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
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
		switch (f->format) {
		case FMT_EMAIL: return email_ok(s);
		case FMT_URI: return uri_ok(s);
		case FMT_BINARY: return base64_ok(s, n);
		case FMT_UUID: return uuid_ok(s, n);
		default: return true;
		}
	case FT_NUMBER:
		return schema_number(s, f->decimal_chars, f->group_char,
				     f->bare_number, f->finite, &out->num);
	case FT_INTEGER:
		return read_integer(f, s, &out->integer);
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
		return read_temporal(f, s, out);
	case FT_YEAR:
		return read_year(s, &out->integer);
	case FT_YEARMONTH:
		return ym_parse(s, &out->ym);
	case FT_DURATION:
		return read_duration(s, &out->num);
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
	const char *p;

	fm->kind = FMT_DEFAULT;
	fm->pattern = NULL;
	if (strcmp(s, "default") == 0)
		return true;
	for (i = 0; i < sizeof(named) / sizeof(*named); i++)
		if (named[i].t == f->type && strcmp(named[i].name, s) == 0) {
			fm->kind = named[i].k;
			return true;
		}
	if (!is_temporal(f->type) || !strchr(s, '%'))
		return false;
	for (p = s; (p = strchr(p, '%')); p += 2)
		if (!p[1] || !strchr(pattern_directives, p[1]))
			return false;
	fm->kind = FMT_PATTERN;
	fm->pattern = xstrdup(s);
	return true;
}

/* A pattern as a person reads it, and the same with an example. */
static void describe_pattern(struct strbuf *sb, const char *fmt)
{
	static const char *const shapes[][3] = {
		{ "Y", "YYYY", "2023" }, { "y", "YY", "23" }, { "m", "MM", "10" },
		{ "d", "DD", "05" }, { "H", "HH", "14" }, { "I", "hh", "02" },
		{ "M", "MM", "30" }, { "S", "SS", "00" }, { "f", "ffffff", "000000" },
		{ "p", "AM/PM", "PM" }, { "z", "+HHMM", "+0700" },
		{ "b", "Mon", "Oct" }, { "B", "Month", "October" },
		{ "%", "%", "%" },
	};
	int pass;
	const char *p;
	size_t i;

	for (pass = 1; pass <= 2; pass++) {
		strbuf_addstr(sb, pass == 2 ? " (" : "");
		for (p = fmt; *p; p++) {
			if (*p != '%') {
				strbuf_addch(sb, *p);
				continue;
			}
			p++;
			for (i = 0; i < sizeof(shapes) / sizeof(*shapes); i++)
				if (shapes[i][0][0] == *p)
					strbuf_addstr(sb, shapes[i][pass]);
		}
	}
	strbuf_addch(sb, ')');
}

/* What f accepts, shown in type errors. */
static char *forms_text(const struct field *f)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < f->nforms; i++) {
		const struct field_form *fm = &f->forms[i];

		if (i)
			strbuf_addstr(&sb, " / ");
		if (fm->kind == FMT_PATTERN) {
			describe_pattern(&sb, fm->pattern);
			continue;
		}
		switch (f->type) {
		case FT_DATE:
			strbuf_addstr(&sb, fm->kind == FMT_ANY ?
				      "YYYY-MM-DD (2023-10-05) / DD/MM/YYYY "
				      "(05/10/2023)" : "YYYY-MM-DD (2023-10-05)");
			break;
		case FT_TIME:
			strbuf_addstr(&sb, fm->kind == FMT_ANY ?
				      "HH:MM[:SS] (14:30)" : "HH:MM:SS (14:30:00)");
			break;
		case FT_DATETIME:
			strbuf_addstr(&sb, fm->kind == FMT_ANY ?
				      "YYYY-MM-DD HH:MM[:SS] (2023-10-05 14:30) / "
				      "DD/MM/YYYY HH:MM[:SS] (05/10/2023 14:30)" :
				      "YYYY-MM-DDTHH:MM:SS[Z] "
				      "(2023-10-05T14:30:00Z)");
			break;
		case FT_YEAR:
			strbuf_addstr(&sb, "YYYY (2023)");
			break;
		case FT_YEARMONTH:
			strbuf_addstr(&sb, "YYYY-MM (2023-10)");
			break;
		case FT_DURATION:
			strbuf_addstr(&sb, "PnYnMnDTnHnMnS (P1Y2M10DT2H30M)");
			break;
		case FT_OBJECT:
			strbuf_addstr(&sb, "{\"key\": ...}");
			break;
		case FT_ARRAY:
			strbuf_addstr(&sb, "[...]");
			break;
		case FT_GEOJSON:
			strbuf_addstr(&sb, fm->kind == FMT_TOPOJSON ?
				      "{\"type\": \"Topology\", \"objects\": ...}" :
				      "{\"type\": \"Point\", \"coordinates\": "
				      "[105.85, 21.03]}");
			break;
		case FT_GEOPOINT:
			strbuf_addstr(&sb, fm->kind == FMT_ARRAY ?
				      "[lon, lat] ([105.85, 21.03])" :
				      fm->kind == FMT_OBJECT ?
				      "{\"lon\": 105.85, \"lat\": 21.03}" :
				      "lon, lat (105.85, 21.03)");
			break;
		case FT_STRING:
			strbuf_addstr(&sb, fm->kind == FMT_URI ?
				      "scheme:... (https://example.gov.vn)" :
				      fm->kind == FMT_BINARY ? "base64 (aGVsbG8=)" :
				      fm->kind == FMT_UUID ?
				      "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" :
				      fm->kind == FMT_EMAIL ?
				      "ten@co-quan.gov.vn" : "text");
			break;
		default:
			break;
		}
	}
	return strbuf_detach(&sb, NULL);
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

/* A string of one character, or (several) of characters. */
static bool chars_value(json_t *v, bool several)
{
	const char *s = json_string_value(v);

	return s && *s && (several || strlen(s) == char_len(s));
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
	if (xdc && !one_of(d, json_string_value(xdc))) {
		fail(ld, M_SCHEMA_VALUE, where, "x-decimalChars",
		     "the characters accepted, decimalChar among them");
		return false;
	}
	f->decimal_chars = xstrdup(xdc ? json_string_value(xdc) : d);
	if (gc) {
		if (!(number || f->type == FT_INTEGER) ||
		    !chars_value(gc, false) || one_of(json_string_value(gc),
						      f->decimal_chars)) {
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
	f->forms_text = forms_text(f);
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
