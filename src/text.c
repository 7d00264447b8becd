/*
 * text: UTF-8 decoding, character counts, NFC normalisation and the keys
 * used to match header names and labels whatever their case or spacing;
 * UTF-16 decoded to UTF-8. utf8proc lives behind this module only.
 */
#include "text.h"

#include <string.h>
#include <utf8proc.h>

#include "strbuf.h"
#include "xalloc.h"

size_t text_length(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

size_t text_invalid_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int32_t cp;

	while (i < n) {
		int k;

		if (u[i] < 0x80) {
			i++;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* ASCII eight bytes at a time, up to the next byte that
			   is not */
			while (i + 8 <= n) {
				uint64_t w;

				memcpy(&w, u + i, 8);
				w &= 0x8080808080808080ull;
				if (w) {
					i += (size_t)__builtin_ctzll(w) >> 3;
					break;
				}
				i += 8;
			}
#endif
			continue;
		}
		/* the shapes of Vietnamese text first: two bytes, and three
		   from U+1000 to U+CFFF */
		if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < n &&
		    (u[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (u[i] >= 0xE1 && u[i] <= 0xEC && i + 2 < n &&
		    (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		k = text_decode(u + i, n - i, &cp);
		if (k < 0)
			return i;
		i += (size_t)k;
	}
	return n;
}

/*
 * The NFC quick check: text with no combining mark, no conjoining Hangul
 * jamo and no character excluded from composition (which covers the
 * singletons such as U+212B ANGSTROM SIGN) is already in NFC. Precomposed
 * Vietnamese letters pass; decomposed ones carry combining marks and fail.
 */
static bool maybe_not_nfc(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int32_t cp;

	while (i < n) {
		const utf8proc_property_t *p;
		int k;

		if (u[i] < 0xCC) { /* below U+0300: ASCII or Latin, all NFC */
			i += u[i] < 0x80 ? 1 : 2;
			continue;
		}
		/* U+1E00-U+1EFF, precomposed Vietnamese letters, and U+2002-U+20BF,
		   punctuation: all starters that NFC keeps as they are (not
		   U+2000 and U+2001, which it makes U+2002 and U+2003) */
		if (i + 2 < n && ((u[i] == 0xE1 && u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB) ||
				  (u[i] == 0xE2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x82 &&
				   (u[i + 1] != 0x80 || u[i + 2] >= 0x82)))) {
			i += 3;
			continue;
		}
		k = text_decode(u + i, n - i, &cp);
		if (k < 0)
			return true;
		i += (size_t)k;
		if (cp >= 0x1100 && cp <= 0x11FF)
			return true;
		p = utf8proc_get_property(cp);
		if (p->combining_class != 0 || p->comp_exclusion)
			return true;
		/* marks of class 0 still compose (U+0B47 U+0B3E is U+0B4B) */
		if (p->category == UTF8PROC_CATEGORY_MN ||
		    p->category == UTF8PROC_CATEGORY_MC)
			return true;
		/* a canonical decomposition outside the ranges above may be a
		   singleton (U+212B ANGSTROM SIGN -> U+00C5): rare, so let the
		   full normalisation decide */
		if (p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0)
			return true;
	}
	return false;
}

bool text_nfc(const char *s, size_t n, char **out, size_t *outlen)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t len;

	if (!maybe_not_nfc(s, n))
		return false;
	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
			   &r, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (len < 0) {
		/* invalid UTF-8 was checked before; out of memory is fatal */
		if (len == UTF8PROC_ERROR_NOMEM)
			xmalloc((size_t)-1);
		return false;
	}
	if ((size_t)len == n && memcmp(r, s, n) == 0) {
		free(r);
		return false;
	}
	*out = (char *)r;
	*outlen = (size_t)len;
	return true;
}

static char *folded(const char *s)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t len;

	len = utf8proc_map((const utf8proc_uint8_t *)s, -1, &r,
			   UTF8PROC_NULLTERM | UTF8PROC_STABLE |
			   UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (len < 0)
		return xstrdup(s); /* not UTF-8: compare bytes as they are */
	return (char *)r;
}

static char *key(const char *s, bool name)
{
	char *f = folded(s), *p;
	struct strbuf sb = STRBUF_INIT;
	bool pending = false;

	for (p = f; *p; p++) {
		bool sep = *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' ||
			   (name && (*p == '_' || *p == '-'));
		if (sep) {
			pending = sb.len > 0;
			continue;
		}
		if (pending)
			strbuf_addch(&sb, name ? '_' : ' ');
		pending = false;
		strbuf_addch(&sb, *p);
	}
	free(f);
	return strbuf_detach(&sb, NULL);
}

char *text_name_key(const char *s)
{
	return key(s, true);
}

char *text_label_key(const char *s)
{
	return key(s, false);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void text_trim_span(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

/* Append code point cp (valid, not a surrogate) to out as UTF-8. */
static size_t put_utf8(unsigned char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t text_utf16_decode(struct text_utf16 *d, const unsigned char *in,
			 size_t n, bool last, unsigned char *out)
{
	size_t i = 0, o = 0;

	while (!d->failed && (d->has_odd ? i < n : i + 1 < n)) {
		unsigned char b0, b1;
		unsigned u;

		if (d->has_odd) {
			b0 = d->odd;
			b1 = in[i++];
			d->has_odd = false;
		} else {
			b0 = in[i];
			b1 = in[i + 1];
			i += 2;
		}
		u = d->big_endian ? (unsigned)b0 << 8 | b1 :
				    (unsigned)b1 << 8 | b0;
		if (d->high) {
			if (u < 0xDC00 || u > 0xDFFF) {
				out[o++] = TEXT_UTF16_FAULT; /* at the high */
				d->failed = true;
				break;
			}
			o += put_utf8(out + o, 0x10000 +
				      ((uint32_t)(d->high - 0xD800) << 10) +
				      (u - 0xDC00));
			d->high = 0;
		} else if (u >= 0xD800 && u <= 0xDBFF) {
			d->high = (uint16_t)u;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			out[o++] = TEXT_UTF16_FAULT;
			d->failed = true;
		} else {
			o += put_utf8(out + o, u);
		}
	}
	if (!d->failed && i < n) {
		/* one byte left: its unit's other byte comes next */
		d->odd = in[i];
		d->has_odd = true;
	}
	if (last && !d->failed && (d->has_odd || d->high)) {
		out[o++] = TEXT_UTF16_FAULT;
		d->failed = true;
	}
	return o;
}
