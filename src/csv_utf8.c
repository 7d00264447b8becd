/*
 * csv_utf8: the checks of a CSV file's bytes as UTF-8, for csv_reader.
 *
 * A job's bytes are checked in one pass, sixteen at a time where the
 * processor has SSSE3 (else eight), which also notes where a character
 * NFC may change lies; a record read piece by piece (a solo record) is
 * checked a character at a time, counting lines and columns, so that the
 * first byte that is not text is placed as an editor shows it.
 */
#include "csv_utf8.h"

#include <stdint.h>
#include <string.h>

#include "text.h"

/* True when s[0, n) is the beginning of a valid multi-byte sequence. */
bool csv_utf8_incomplete(const unsigned char *s, size_t n)
{
	size_t need, i;

	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		need = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		need = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		need = 4;
	else
		return false;
	if (n >= need)
		return false;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return false;
	return true;
}

#define ONES 0x0101010101010101ull
#define HIGH 0x8080808080808080ull

/*
 * The offset of the first byte of s[0, n) that does not begin a valid
 * UTF-8 character (as text_decode() judges), or n. *nfc is set when a
 * character from U+0300 on may change in NFC: all but the precomposed
 * Vietnamese letters (U+1E00-U+1EFF) and punctuation and currency signs
 * (U+2002-U+20CF), which text_nfc() would pass at once.
 */
size_t csv_utf8_scan(const unsigned char *s, size_t n, bool *nfc)
{
	size_t i = 0;
	bool mark = false;

	while (i < n) {
		unsigned c, c1, c2;

		if (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (!(w & HIGH)) {
				i += 8;
				continue;
			}
			i += (size_t)__builtin_ctzll(w & HIGH) >> 3;
		}
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c < 0xC2)
			break;
		if (c < 0xE0) {
			if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
				break;
			mark |= c >= 0xCC;
			i += 2;
			continue;
		}
		if (c < 0xF0) {
			if (i + 2 >= n)
				break;
			c1 = s[i + 1];
			c2 = s[i + 2];
			if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80 ||
			    (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0))
				break;
			mark |= !((c == 0xE1 && (c1 & 0xFC) == 0xB8) ||
				  (c == 0xE2 && c1 <= 0x83 &&
				   !(c1 == 0x80 && c2 <= 0x81) &&
				   !(c1 == 0x83 && c2 >= 0x90)));
			i += 3;
			continue;
		}
		{
			int32_t cp;
			int k = text_decode(s + i, n - i, &cp);

			if (k < 0)
				break;
			mark = true;
			i += (size_t)k;
		}
	}
	if (mark)
		*nfc = true;
	return i;
}

/*
 * The same judgement sixteen bytes at a time, where the processor has
 * SSSE3 (the lookup algorithm of Keiser and Lemire, "Validating UTF-8 in
 * less than one instruction per byte", 2021): three table lookups on the
 * nibbles of each byte and the one before it flag every error but the
 * missing or extra continuation bytes, which the bytes two and three
 * before tell. Returns n when s[0, n) is all valid UTF-8, else where the
 * first faulty character may begin: sixteen bytes before the first block
 * with an error (csv_utf8_scan() then says exactly where).
 */
#if defined(__x86_64__) && defined(__GNUC__)
#include <tmmintrin.h>
#define HAVE_SSSE3_PATH 1

enum {
	TOO_SHORT = 1 << 0, TOO_LONG = 1 << 1, OVERLONG_3 = 1 << 2,
	TOO_LARGE = 1 << 3, SURROGATE = 1 << 4, OVERLONG_2 = 1 << 5,
	TOO_LARGE_1000 = 1 << 6, OVERLONG_4 = 1 << 6, TWO_CONTS = 1 << 7,
	CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS
};

/* (short names for the vector operations below) */
#define V8(c) _mm_set1_epi8((char)(c))
#define EQ(a, b) _mm_cmpeq_epi8(a, b)
#define AND(a, b) _mm_and_si128(a, b)
#define OR(a, b) _mm_or_si128(a, b)
#define ANDNOT(a, b) _mm_andnot_si128(a, b)     /* b and not a */
#define GE(x, c) EQ(_mm_max_epu8(x, V8(c)), x)  /* unsigned x >= c */
#define LE(x, c) EQ(_mm_min_epu8(x, V8(c)), x)  /* unsigned x <= c */
#define NONZERO(v) (_mm_movemask_epi8(EQ(v, _mm_setzero_si128())) != 0xFFFF)

__attribute__((target("ssse3")))
static inline __m128i nibbles_high(__m128i v)
{
	return AND(_mm_srli_epi16(v, 4), V8(0x0F));
}

__attribute__((target("ssse3")))
static size_t utf8_scan_ssse3(const unsigned char *s, size_t n, bool *nfc,
			      uint64_t *map, size_t base)
{
	/* by the high nibble of the byte before */
	const __m128i byte_1_high = _mm_setr_epi8(
		TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
		TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
		(char)TWO_CONTS, (char)TWO_CONTS,
		(char)TWO_CONTS, (char)TWO_CONTS,
		TOO_SHORT | OVERLONG_2,
		TOO_SHORT,
		TOO_SHORT | OVERLONG_3 | SURROGATE,
		(char)(TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4));
	/* by its low nibble */
	const __m128i byte_1_low = _mm_setr_epi8(
		(char)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4),
		(char)(CARRY | OVERLONG_2),
		(char)CARRY, (char)CARRY,
		(char)(CARRY | TOO_LARGE),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
		(char)(CARRY | TOO_LARGE | TOO_LARGE_1000));
	/* by the high nibble of the byte itself */
	const __m128i byte_2_high = _mm_setr_epi8(
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 |
		       TOO_LARGE_1000 | OVERLONG_4),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 |
		       TOO_LARGE),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE |
		       TOO_LARGE),
		(char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE |
		       TOO_LARGE),
		TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
	/* the last bytes of a block that begin a character not ended */
	const __m128i incomplete = _mm_setr_epi8(
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		(char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
	const __m128i e1 = V8(0xE1), e2 = V8(0xE2);
	__m128i prev = _mm_setzero_si128(), open = _mm_setzero_si128();
	unsigned char tail[16];
	size_t i;

	for (i = 0; i < n; i += 16) {
		__m128i x, p1, p2, p3, sc, must23, mark, third;

		if (i + 16 <= n) {
			x = _mm_loadu_si128((const __m128i *)(const void *)
					    (s + i));
		} else {
			memset(tail, 0, sizeof(tail));
			memcpy(tail, s + i, n - i);
			x = _mm_loadu_si128((const __m128i *)(const void *)tail);
		}
		if (!_mm_movemask_epi8(x)) {
			/* plain ASCII: only a character the last block began
			   and this one does not go on with is wrong */
			if (NONZERO(open))
				break;
			prev = x;
			continue;
		}
		p1 = _mm_alignr_epi8(x, prev, 15);
		p2 = _mm_alignr_epi8(x, prev, 14);
		p3 = _mm_alignr_epi8(x, prev, 13);
		sc = AND(AND(_mm_shuffle_epi8(byte_1_high, nibbles_high(p1)),
			     _mm_shuffle_epi8(byte_1_low, AND(p1, V8(0x0F)))),
			 _mm_shuffle_epi8(byte_2_high, nibbles_high(x)));
		must23 = OR(_mm_subs_epu8(p2, V8(0xE0 - 0x80)),
			    _mm_subs_epu8(p3, V8(0xF0 - 0x80)));
		if (NONZERO(_mm_xor_si128(AND(must23, V8(0x80)), sc)))
			break;
		open = _mm_subs_epu8(x, incomplete);
		/* NFC: a lead from U+0300 on, but for U+1E00-U+1EFF (E1 B8-BB)
		   and U+2002-U+20CF (E2 80 82 to E2 83 8F), told by the
		   second and third bytes */
		third = EQ(p2, e2);
		mark = ANDNOT(OR(EQ(x, e1), EQ(x, e2)), GE(x, 0xCC));
		mark = OR(mark, ANDNOT(EQ(AND(x, V8(0xFC)), V8(0xB8)),
				       EQ(p1, e1)));
		mark = OR(mark, ANDNOT(LE(x, 0x83), EQ(p1, e2)));
		mark = OR(mark, AND(AND(third, EQ(p1, V8(0x80))), LE(x, 0x81)));
		mark = OR(mark, AND(AND(third, EQ(p1, V8(0x83))), GE(x, 0x90)));
		if (_mm_movemask_epi8(mark)) {
			/* the block: the values over it look closer */
			size_t b0 = (base + i) / 16, b1 = (base + i + 15) / 16;

			map[b0 / 64] |= 1ull << (b0 % 64);
			map[b1 / 64] |= 1ull << (b1 % 64);
			*nfc = true;
		}
		prev = x;
	}
	if (i >= n && !NONZERO(open))
		return n;
	/* the fault began in this block or the last */
	return i >= 16 ? i - 16 : 0;
}
#undef V8
#undef EQ
#undef AND
#undef OR
#undef ANDNOT
#undef GE
#undef LE
#undef NONZERO
#else
#define HAVE_SSSE3_PATH 0
#endif

/* -1: not known yet; 0 or 1: whether utf8_scan_ssse3() may run */
static int have_ssse3 = -1;

/*
 * The offset of the first byte of s[0, n) that does not begin a valid
 * UTF-8 character, or n (a character cut by the end is not valid); *nfc
 * set when some character may change in NFC (csv_utf8_scan()'s rule). map
 * (n / 16 bits, zero) gets a bit for each sixteen-byte block that holds
 * such a character; *mapped tells whether it did (else every value must
 * be looked at).
 */
size_t csv_utf8_first_bad(const unsigned char *s, size_t n, bool *nfc,
			     uint64_t *map, size_t base, bool *mapped)
{
	size_t from = 0;

	*mapped = false;
#if HAVE_SSSE3_PATH
	if (__atomic_load_n(&have_ssse3, __ATOMIC_RELAXED) < 0) {
		__builtin_cpu_init();
		__atomic_store_n(&have_ssse3,
				 __builtin_cpu_supports("ssse3") ? 1 : 0,
				 __ATOMIC_RELAXED);
	}
	if (__atomic_load_n(&have_ssse3, __ATOMIC_RELAXED) > 0) {
		from = utf8_scan_ssse3(s, n, nfc, map, base);
		*mapped = from == n;
		if (from == n)
			return n;
		/* one character at a time from the character before */
		while (from && (s[from] & 0xC0) == 0x80)
			from--;
	}
#endif
	return from + csv_utf8_scan(s + from, n - from, nfc);
}

void csv_rawcheck_start(struct csv_rawcheck *k, unsigned long line,
			   unsigned long col)
{
	k->line = line;
	k->col = col;
	k->pending_cr = false;
	k->ncut = 0;
}

static void rawcheck_step(struct csv_rawcheck *k, unsigned char c)
{
	if (c == '\n') {
		if (!k->pending_cr)
			k->line++;
		k->col = 1;
		k->pending_cr = false;
	} else if (c == '\r') {
		k->line++;
		k->col = 1;
		k->pending_cr = true;
	} else {
		k->col++;
		k->pending_cr = false;
	}
}

/*
 * Read b[0, n) as the bytes that follow those k has seen, counting lines
 * and columns as an editor does. Returns true and fills *e (line, column
 * and byte) at the first byte that is not text: not UTF-8, or a control
 * byte. A character cut at the end is kept for the next piece, or, when
 * last, is not text.
 */
bool csv_rawcheck_run(struct csv_rawcheck *k, const unsigned char *b, size_t n,
			 bool last, struct csv_error *e)
{
	size_t i = 0;
	int32_t cp;

	if (k->ncut) {
		/* the character the last piece cut: complete it */
		unsigned char buf[4];
		size_t have = k->ncut, take = 0;
		int len;

		memcpy(buf, k->cut, have);
		while (have < 4 && take < n && csv_utf8_incomplete(buf, have))
			buf[have++] = b[take++];
		if (csv_utf8_incomplete(buf, have) && !last) {
			memcpy(k->cut, buf, have);
			k->ncut = have;
			return false;
		}
		len = text_decode(buf, have, &cp);
		if (len < 0 || (size_t)len < k->ncut)
			goto bad_cut;
		i = (size_t)len - k->ncut;
		k->ncut = 0;
		k->col++;
		k->pending_cr = false;
	}
	while (i < n) {
		unsigned char c = b[i];

		if (c >= 0x80) {
			int len = text_decode(b + i, n - i, &cp);

			if (len < 0) {
				if (!last && csv_utf8_incomplete(b + i, n - i)) {
					memcpy(k->cut, b + i, n - i);
					k->ncut = n - i;
					return false;
				}
				e->kind = CSV_ERR_ENCODING;
				e->byte = c;
				goto found;
			}
			i += (size_t)len;
			k->col++;
			k->pending_cr = false;
			continue;
		}
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			e->kind = CSV_ERR_BINARY;
			e->byte = c;
			goto found;
		}
		rawcheck_step(k, c);
		i++;
	}
	return false;
bad_cut:
	e->kind = CSV_ERR_ENCODING;
	e->byte = k->cut[0];
found:
	e->fatal = true;
	e->line = k->line;
	e->col = k->col;
	e->sys_errno = 0;
	return true;
}
