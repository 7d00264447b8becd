/*
 * cell: reading the text of a cell as a value of a Table Schema type, in
 * the forms the spec writes them: numbers with their decimal and group
 * characters, integers, dates, times and datetimes (ISO 8601, day first,
 * or a strptime-like pattern), durations, years, and the formats of a
 * string (e-mail, URI, base64, UUID); and the text that tells a person
 * which forms a field accepts. Values held as JSON (object, array,
 * geojson, geopoint) are read by schema.c, the one module that knows
 * jansson.
 */
#include "cell.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "strbuf.h"

/* Length of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

size_t cell_one_of(const char *s, const char *set)
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
		 (is_digit(p[1]) || cell_one_of(p + 1, dec))) &&
	       !(cell_one_of(p, dec) && p + cell_one_of(p, dec) < end &&
		 is_digit(p[cell_one_of(p, dec)])))
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
bool cell_number(const char *s, const char *decimal_chars,
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
		} else if (!point && (dl = cell_one_of(s + i, decimal_chars))) {
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

bool cell_integer(const char *s, const char *group, bool bare,
		  long long *out)
{
	char buf[64];
	size_t n = strlen(s), i = 0, k = 0;
	size_t gl = group ? strlen(group) : 0;
	char *end;

	if (!bare)
		strip_to_number(&s, &n, NULL);
	if (i < n && (s[i] == '+' || s[i] == '-'))
		buf[k++] = s[i++];
	while (i < n && k < sizeof(buf) - 1) {
		if (is_digit(s[i]))
			buf[k++] = s[i++];
		else if (gl && k && is_digit(buf[k - 1]) && i + gl < n &&
			 strncmp(s + i, group, gl) == 0 &&
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

bool cell_pattern_ok(const char *fmt)
{
	const char *p;

	if (!strchr(fmt, '%'))
		return false;
	for (p = fmt; (p = strchr(p, '%')); p += 2)
		if (!p[1] || !strchr(pattern_directives, p[1]))
			return false;
	return true;
}

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

bool cell_temporal(const struct field *f, const char *s,
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

bool cell_duration(const char *s, double *out)
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

bool cell_year(const char *s, long long *out)
{
	const char *p = s + (*s == '-');
	int y;

	if (!take_digits(&p, 4, &y) || *p)
		return false;
	*out = *s == '-' ? -y : y;
	return true;
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

bool cell_string(enum field_format format, const char *s, size_t n)
{
	switch (format) {
	case FMT_EMAIL: return email_ok(s);
	case FMT_URI: return uri_ok(s);
	case FMT_BINARY: return base64_ok(s, n);
	case FMT_UUID: return uuid_ok(s, n);
	default: return true;
	}
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

char *cell_forms_text(const struct field *f)
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
