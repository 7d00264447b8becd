/*
 * escape: names and text made safe for the format they are written in
 * (see escape.h for the rule). One pass over the bytes, decoding UTF-8
 * with text.h; nothing here allocates but the strbuf it appends to.
 */
#include "escape.h"

#include <string.h>

#include "csv_reader.h"
#include "text.h"

/* A character that moves or hides text on a screen: controls, bidi marks,
 * line and paragraph separators. */
static bool is_unsafe(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
	       cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static void add_hex(struct strbuf *sb, unsigned char c)
{
	strbuf_addf(sb, "\\x%02x", c);
}

static void escape(struct strbuf *sb, const char *s, bool name)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		unsigned char c = p[i];
		int32_t cp;
		int len;

		if (c == '\\') {
			strbuf_addstr(sb, name ? "\\\\" : "\\");
			i++;
			continue;
		}
		len = text_decode(p + i, n - i, &cp);
		if (len < 0) {
			add_hex(sb, c);
			i++;
		} else if (!is_unsafe(cp)) {
			strbuf_add(sb, p + i, (size_t)len);
			i += (size_t)len;
		} else if (c == '\n') {
			strbuf_addstr(sb, "\\n");
			i++;
		} else if (c == '\r') {
			strbuf_addstr(sb, "\\r");
			i++;
		} else if (c == '\t') {
			strbuf_addstr(sb, "\\t");
			i++;
		} else {
			for (; len > 0; len--)
				add_hex(sb, p[i++]);
		}
	}
}

void escape_name(struct strbuf *sb, const char *name)
{
	escape(sb, name, true);
}

void escape_text(struct strbuf *sb, const char *s)
{
	escape(sb, s, false);
}

char *escape_name_dup(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	if (!name)
		return NULL;
	escape_name(&sb, name);
	return strbuf_detach(&sb, NULL);
}

void escape_json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run, *end;
	int32_t cp;
	int len;

	if (!s) {
		fputs("null", out);
		return;
	}
	end = p + strlen(s);
	fputc('"', out);
	for (;;) {
		/* the bytes that need no escape go out in one piece */
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\'; ) {
			if (*p < 0x80) {
				p++;
				continue;
			}
			len = text_decode(p, (size_t)(end - p), &cp);
			if (len < 0)
				break;
			p += len;
		}
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), out);
		if (!*p)
			break;
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else  /* not UTF-8: the text \xNN */
				fprintf(out, "\\\\x%02x", *p);
		}
		p++;
	}
	fputc('"', out);
}

static bool digits(const char **s)
{
	const char *p = *s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == *s)
		return false;
	*s = p;
	return true;
}

bool escape_is_number(const char *s)
{
	bool whole, frac = false;

	if (*s == '+' || *s == '-')
		s++;
	whole = digits(&s);
	if (*s == '.' || *s == ',') {
		s++;
		frac = digits(&s);
	}
	if (!whole && !frac)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!digits(&s))
			return false;
	}
	return *s == '\0';
}

/* Excel takes a cell that begins so for a formula. */
static bool starts_formula(const char *s)
{
	static const char *const wide[] = {
		"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"
	};  /* U+FF1D = U+FF0B + U+FF0D - U+FF20 @ */

	if (*s && strchr("=+-@\t\r\n", *s))
		return true;
	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (strncmp(s, wide[i], 3) == 0)
			return true;
	return false;
}

void escape_csv_cell(struct strbuf *sb, const char *s)
{
	struct strbuf cell = STRBUF_INIT;
	const char *text = s ? s : "";
	size_t n = strlen(text), bad = text_invalid_at(text, n);

	if (bad < n || starts_formula(text)) {
		if (starts_formula(text) && !escape_is_number(text))
			strbuf_addch(&cell, '\'');
		while (bad < n) {  /* bytes that are not UTF-8: \xNN */
			strbuf_add(&cell, text, bad);
			add_hex(&cell, (unsigned char)text[bad]);
			text += bad + 1;
			n -= bad + 1;
			bad = text_invalid_at(text, n);
		}
		strbuf_add(&cell, text, n);
		text = cell.buf;
	}
	csv_write_field(sb, text, ',');
	strbuf_release(&cell);
}
