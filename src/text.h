/*
 * text: UTF-8 and Unicode helpers (the one module that uses utf8proc).
 *
 * Everything tiendo reads is UTF-8 normalised to NFC; lengths a person sees
 * are counted in characters (code points), never bytes.
 */
#ifndef TIENDO_TEXT_H
#define TIENDO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Decode one code point at s (n bytes available). Returns its length in
 * bytes (1-4) and sets *cp, or returns -1 when the bytes are not valid
 * UTF-8 (overlong, surrogate, beyond U+10FFFF, truncated).
 */
static inline int text_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned c = s[0];
	int32_t v;
	int len, i;

	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = (int32_t)(c & 0x1F);
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = (int32_t)(c & 0x0F);
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = (int32_t)(c & 0x07);
	} else {
		return -1;
	}
	if ((size_t)len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		v = (v << 6) | (int32_t)(s[i] & 0x3F);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return -1;
	*cp = v;
	return len;
}


/** Number of code points in valid UTF-8 s of n bytes. */
size_t text_length(const char *s, size_t n);

/** Byte offset of the first invalid UTF-8 sequence, or n when all valid. */
size_t text_invalid_at(const char *s, size_t n);

/**
 * Normalise valid UTF-8 s (n bytes) to NFC. When s is already NFC (the
 * common case, found by a quick check) returns false and leaves *out
 * untouched. Otherwise returns true with *out a NUL-terminated string of
 * *outlen bytes that the caller frees.
 */
bool text_nfc(const char *s, size_t n, char **out, size_t *outlen);

/**
 * A matching key for names a person types: NFC, case folded, leading and
 * trailing white space dropped, and each run of spaces, '_' or '-' made a
 * single '_' ("  Task ID " and "task-id" give "task_id"). Caller frees.
 */
char *text_name_key(const char *s);

/**
 * A matching key for labels: NFC, case folded, white space trimmed and
 * collapsed to single spaces ("Hoàn  thành" gives "hoàn thành").
 * Caller frees.
 */
char *text_label_key(const char *s);

/** Narrow [*s, *s + *n) to leave out white space at both ends. */
void text_trim_span(const char **s, size_t *n);

/*
 * A UTF-16 decoder, fed a file's bytes (after its byte order mark) piece
 * by piece: zero it and set big_endian before the first piece.
 */
struct text_utf16 {
	bool big_endian;
	bool failed;            /* a fault was met: nothing more is decoded */
	bool has_odd;           /* odd waits for the other byte of its unit */
	unsigned char odd;
	uint16_t high;          /* a high surrogate waiting for its pair, or 0 */
};

/** Stands for a broken UTF-16 character in the UTF-8 out: never UTF-8. */
#define TEXT_UTF16_FAULT 0xFF

/** Room text_utf16_decode() may need for n bytes in. */
#define TEXT_UTF16_ROOM(n) (3 * ((n) / 2 + 1) + 2)

/**
 * Decode the UTF-16 bytes in[0, n) that follow those d has seen to UTF-8
 * at out (room for TEXT_UTF16_ROOM(n) bytes); last says nothing follows.
 * Returns the bytes written. A byte or a high surrogate cut by the end of
 * the piece waits for the next one. A surrogate without its pair, or an
 * odd byte at the end, is written as the byte TEXT_UTF16_FAULT in place of
 * its character (a UTF-8 check then finds it where an editor would show
 * it), and the decoder stops there: d->failed, and nothing more comes.
 */
size_t text_utf16_decode(struct text_utf16 *d, const unsigned char *in,
			 size_t n, bool last, unsigned char *out);

#endif
