/*
 * csv_split: the splitter of csv_reader (see csv_split.h): reading the
 * file, decoding UTF-16, telling what a file is and its delimiter, and
 * libcsv's state machine run over the bytes, sixteen at a time inside
 * fields (SSE2), to cut them into jobs of whole records with the position
 * of every field and row end.
 */
#include "csv_split.h"

#include <errno.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "xalloc.h"

static void job_reset(struct job *j)
{
	j->len = j->nfq = j->nrq = j->nbreaks = 0;
	j->has_err = j->end = j->solo = j->last = false;
	j->nfields = j->nitems = 0;
	strbuf_reset(&j->vals);
}

static void job_add_bytes(struct job *j, const unsigned char *b, size_t n)
{
	if (!n)
		return;
	XGROW(j->bytes, j->len + n, j->cap);
	memcpy(j->bytes + j->len, b, n);
	j->len += n;
}

/* End job j with an error: nothing after it is the job's. */
static void job_error(struct job *j, enum csv_error_kind kind, bool is_fatal,
		      unsigned long line, unsigned long col, int sys_errno,
		      unsigned char byte)
{
	struct csv_error e = { kind, is_fatal, line, col, sys_errno, byte };

	j->has_err = true;
	j->err = e;
}

/*
 * Read up to r->chunk bytes of the source at dst (room for them). *end
 * tells that the source has no more; a read error ends j.
 */
static size_t read_raw(struct csv_reader *r, struct job *j, unsigned char *dst,
		       bool *end)
{
	size_t n;

	if (r->mem) {
		n = r->mem_len - r->mem_pos;
		if (n > r->chunk)
			n = r->chunk;
		if (n)
			memcpy(dst, r->mem + r->mem_pos, n);
		r->mem_pos += n;
		*end = r->mem_pos == r->mem_len;
		return n;
	}
	n = fread(dst, 1, r->chunk, r->fp);
	*end = n == 0;
	if (n == 0 && ferror(r->fp))
		job_error(j, CSV_ERR_IO, true, r->line,
			  1 + (unsigned long)(r->base + j->len - r->lstart) -
			  (unsigned long)(r->cc - r->lcc),
			  errno ? errno : EIO, 0);
	return n;
}

/* A UTF-16 file: decode what is read (and what csv_split_start() read)
   into j. */
static void read_utf16(struct csv_reader *r, struct job *j)
{
	if (!r->raw_len && !r->raw_eof) {
		XGROW(r->raw, r->chunk, r->raw_cap);
		r->raw_len = read_raw(r, j, r->raw, &r->raw_eof);
	}
	XGROW(j->bytes, j->len + TEXT_UTF16_ROOM(r->raw_len), j->cap);
	j->len += text_utf16_decode(&r->u16, r->raw, r->raw_len, r->raw_eof,
				    j->bytes + j->len);
	r->raw_len = 0;
	/* after a fault, its mark is the last byte there is */
	if (r->raw_eof || r->u16.failed)
		r->eof = true;
}

/* Read up to CHUNK more bytes at the end of j. */
void csv_split_read(struct csv_reader *r, struct job *j)
{
	bool end;

	if (r->eof)
		return;
	if (r->utf16) {
		read_utf16(r, j);
		return;
	}
	XGROW(j->bytes, j->len + r->chunk, j->cap);
	j->len += read_raw(r, j, j->bytes + j->len, &end);
	if (end)
		r->eof = true;
}

/* Drop the first n bytes of j (a BOM, a "sep=" line, a skipped row). */
void csv_split_drop(struct csv_reader *r, struct job *j, size_t n)
{
	if (n < j->len)
		memmove(j->bytes, j->bytes + n, j->len - n);
	j->len -= n;
	r->base += n;
}

/* ---- the splitter ------------------------------------------------------- */

static void sniff_delimiter(struct csv_reader *r, const unsigned char *b,
			    size_t n, size_t *drop)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	bool inq = false;

	/* Excel's "sep=;" line names the delimiter and is not data */
	if (n >= 5 && memcmp(b, "sep=", 4) == 0 && b[4] > ' ' && b[4] < 0x7F &&
	    b[4] != '"' && (n == 5 || b[5] == '\r' || b[5] == '\n')) {
		r->delim = (char)b[4];
		*drop = 5;
		return;
	}
	i = 0;
	while (i < n && (b[i] == '\r' || b[i] == '\n'))
		i++; /* blank lines before the header */
	for (; i < n; i++) {
		if (b[i] == '"')
			inq = !inq;
		else if (!inq && (b[i] == '\n' || b[i] == '\r'))
			break;
		else if (!inq && b[i] == ',')
			comma++;
		else if (!inq && b[i] == ';')
			semi++;
		else if (!inq && b[i] == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		r->delim = ';';
	else if (tab > comma && tab > semi)
		r->delim = '\t';
	else
		r->delim = ',';
}

/* True when needle (a string) is in b[0, n). */
static bool has_bytes(const unsigned char *b, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (b[i] == (unsigned char)needle[0] &&
		    memcmp(b + i, needle, k) == 0)
			return true;
	return false;
}

/* What the first bytes of a file, b[0, n), say it is. */
static enum csv_format sniff_format(const unsigned char *b, size_t n)
{
	size_t i, ctl = 0;

	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1A\n", 8) == 0)
		return CSV_FMT_PNG;
	if (n >= 3 && memcmp(b, "\xFF\xD8\xFF", 3) == 0)
		return CSV_FMT_JPEG;
	if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 ||
		       memcmp(b, "GIF89a", 6) == 0))
		return CSV_FMT_GIF;
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return CSV_FMT_PDF;
	if (n >= 4 && memcmp(b, "\xD0\xCF\x11\xE0", 4) == 0)
		return CSV_FMT_WORKBOOK;
	if (n >= 4 && (memcmp(b, "PK\x03\x04", 4) == 0 ||
		       memcmp(b, "PK\x05\x06", 4) == 0))
		/* a workbook names its parts in the clear: xl/... for
		   .xlsx, the mimetype for .ods */
		return has_bytes(b, n, "xl/") ||
		       has_bytes(b, n, "opendocument.spreadsheet") ?
		       CSV_FMT_WORKBOOK : CSV_FMT_ZIP;
	/* UTF-16, with a BOM or without (every other byte NUL) */
	if ((n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) ||
			(b[0] == 0xFE && b[1] == 0xFF))) ||
	    (n >= 4 && ((b[0] && !b[1] && b[2] && !b[3]) ||
			(!b[0] && b[1] && !b[2] && b[3]))))
		return CSV_FMT_TEXT;
	/* text has no control bytes but TAB and line ends; a binary file
	   has one byte in ten or so */
	for (i = 0; i < n; i++)
		ctl += b[i] < 0x20 && b[i] != '\t' && b[i] != '\n' &&
		       b[i] != '\r';
	return ctl >= CTL_MIN && ctl * CTL_SHARE >= n ? CSV_FMT_BINARY :
	       CSV_FMT_TEXT;
}

/*
 * The beginning of the file: what it is (UTF-16 with a BOM is decoded;
 * without one, and workbooks, are refused whole), its BOM, its delimiter.
 * False when j ends the file already.
 */
bool csv_split_start(struct csv_reader *r, struct job *j)
{
	const unsigned char *b;
	size_t n, drop = 0;

	r->started = true;
	if (!r->mem && !r->fp) {
		job_error(j, CSV_ERR_IO, true, 0, 0, r->open_errno, 0);
		return false;
	}
	/* the delimiter is told from the header line: up to SNIFF_BYTES of
	   the file, however small the pieces it is read in */
	while (!r->eof && j->len < SNIFF_BYTES && !j->has_err)
		csv_split_read(r, j);
	if (j->has_err)
		return false;
	b = j->bytes;
	n = j->len;
	r->format = sniff_format(b, n);
	if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) ||
		       (b[0] == 0xFE && b[1] == 0xFF))) {
		/* UTF-16 with its BOM (Excel's "Unicode Text"): decoded from
		   here on, what was read first included */
		r->utf16 = true;
		r->u16.big_endian = b[0] == 0xFE;
		if (n > 2) {
			XGROW(r->raw, n - 2, r->raw_cap);
			memcpy(r->raw, b + 2, n - 2);
		}
		r->raw_len = n - 2;
		r->raw_eof = r->eof;
		r->eof = false;
		j->len = 0;
		while (!r->eof && j->len < SNIFF_BYTES && !j->has_err)
			csv_split_read(r, j);
		if (j->has_err)
			return false;
		b = j->bytes;
		n = j->len;
	}
	/* UTF-16 without a BOM, which cannot tell LE from BE: every other
	   byte NUL (no decoded text starts with a BOM of UTF-16) */
	if ((n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) ||
			(b[0] == 0xFE && b[1] == 0xFF))) ||
	    (n >= 4 && ((b[0] && !b[1] && b[2] && !b[3]) ||
			(!b[0] && b[1] && !b[2] && b[3])))) {
		job_error(j, CSV_ERR_UTF16, true, 1, 1, 0, b[0]);
		return false;
	}
	if (n >= 4 && (memcmp(b, "PK\x03\x04", 4) == 0 ||
		       memcmp(b, "\xD0\xCF\x11\xE0", 4) == 0)) {
		job_error(j, CSV_ERR_WORKBOOK, true, 1, 1, 0, b[0]);
		return false;
	}
	if (n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
		r->bom = true;
		csv_split_drop(r, j, 3);
		r->lstart = 3; /* the BOM is no character of the line */
	}
	/* the delimiter from what is there: all of it, in memory */
	if (r->mem && !r->utf16)
		sniff_delimiter(r, r->mem + (r->bom ? 3 : 0),
				r->mem_len - (r->bom ? 3 : 0), &drop);
	else
		sniff_delimiter(r, j->bytes, j->len, &drop);
	if (drop)
		csv_split_drop(r, j, drop);
	return true;
}

/* Continuation bytes in each 8-bit pattern of a 16-bit mask's half. */
static const unsigned char popcount8[256] = {
#define P2(n) n, n + 1, n + 1, n + 2
#define P4(n) P2(n), P2(n + 1), P2(n + 1), P2(n + 2)
#define P6(n) P4(n), P4(n + 1), P4(n + 1), P4(n + 2)
	P6(0), P6(1), P6(1), P6(2)
#undef P2
#undef P4
#undef P6
};

static inline unsigned bits16(unsigned m)
{
	return (unsigned)popcount8[m & 0xFF] + popcount8[(m >> 8) & 0xFF];
}

/*
 * The first byte at or after i in b[0, n) that the machine must look at
 * inside a field: a quote, a control byte (line ends among them), or,
 * unquoted, the delimiter. *cc counts the continuation bytes passed.
 */
static inline size_t find_stop(const unsigned char *b, size_t i, size_t n,
			       unsigned char delim, bool quoted, uint64_t *cc)
{
	const unsigned char stop2 = quoted ? '"' : delim;

#if defined(__SSE2__)
	const __m128i vq = _mm_set1_epi8('"');
	const __m128i vd = _mm_set1_epi8((char)stop2);
	const __m128i vctl = _mm_set1_epi8(0x1F);
	const __m128i vcont = _mm_set1_epi8(-64); /* 0x80-0xBF: below, signed */

	while (i + 16 <= n) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)
					    (b + i));
		__m128i st = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(x, vq),
				     _mm_cmpeq_epi8(x, vd)),
			_mm_cmpeq_epi8(_mm_min_epu8(x, vctl), x));
		unsigned stop = (unsigned)_mm_movemask_epi8(st);
		unsigned cont = (unsigned)_mm_movemask_epi8(
			_mm_cmplt_epi8(x, vcont));

		if (stop) {
			unsigned k = (unsigned)__builtin_ctz(stop);

			*cc += bits16(cont & ((1u << k) - 1));
			return i + k;
		}
		*cc += bits16(cont);
		i += 16;
	}
#endif
	for (; i < n; i++) {
		unsigned char c = b[i];

		if (c == '"' || c == stop2 || c < 0x20)
			return i;
		*cc += (c & 0xC0) == 0x80;
	}
	return n;
}

/*
 * Run the machine over j->bytes[r->scan, j->len). Returns SCAN_MORE when
 * it wants more bytes (it took them all, or stopped before a character
 * cut by their end), SCAN_ERROR when it ended the job with an error at
 * r->scan, and SCAN_ROW_END just after a row end when stop_at_row_end or
 * when the job holds JOB_RECORDS records or JOB_FIELDS fields.
 * (The state is kept in locals while it runs: stores through j could
 * alias it.)
 */
enum scan_result csv_split_scan(struct csv_reader *r, struct job *j,
				 bool stop_at_row_end)
{
	const unsigned char *b = j->bytes;
	const unsigned char delim = (unsigned char)r->delim, quote = '"';
	size_t i = r->scan, n = j->len;
	unsigned long line = r->line;
	bool pending_cr = r->pending_cr, row_end = false, mq = r->mq;
	int ms = r->ms;
	uint64_t cc = r->cc, lcc = r->lcc, lstart = r->lstart, base = r->base;
	size_t mspaces = r->mspaces;
	long rec_fq = r->rec_fq;
	struct pos *fq = j->fq, *rq = j->rq, field_start = r->field_start;
	size_t nfq = j->nfq, fq_cap = j->fq_cap;
	size_t nrq = j->nrq, rq_cap = j->rq_cap;
	enum scan_result res = SCAN_MORE;

#define COL_AT(k) (1 + (unsigned long)(base + (k) - lstart) - \
		   (unsigned long)(cc - lcc))
#define PUSH(q, nq, cap, k, is_quoted) do { \
	XGROW(q, nq + 1, cap); \
	q[nq].line = line; \
	q[nq].col = COL_AT(k); \
	q[nq].off = (k); \
	q[nq].quoted = (is_quoted); \
	nq++; \
} while (0)
#define FIELD_AT(k, is_quoted) do { \
	if (ms == ROW_NOT_BEGUN) \
		rec_fq = (long)nfq; \
	PUSH(fq, nfq, fq_cap, k, is_quoted); \
} while (0)
#define ROW_END_AT(k) do { \
	PUSH(rq, nrq, rq_cap, k, false); \
	rec_fq = -1; \
	row_end = true; \
} while (0)
#define FAIL(kind, is_fatal, c) do { \
	job_error(j, kind, is_fatal, line, COL_AT(i), 0, c); \
	res = SCAN_ERROR; \
	goto out; \
} while (0)

	while (i < n) {
		unsigned char c;

		/* inside a field, only quotes, line ends, controls and (if
		   unquoted) the delimiter change anything: run to them */
		if (ms == FIELD_BEGUN) {
			size_t k = find_stop(b, i, n, delim, mq, &cc);

			if (k != i)
				pending_cr = false;
			i = k;
			if (i >= n)
				break;
		}
		c = b[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			FAIL(CSV_ERR_BINARY, true, c);

		switch (ms) {
		case ROW_NOT_BEGUN:
		case FIELD_NOT_BEGUN:
			if ((c == ' ' || c == '\t') && c != delim)
				break;
			if (c == '\r' || c == '\n') {
				if (ms == FIELD_NOT_BEGUN) {
					FIELD_AT(i, false);
					ROW_END_AT(i);
					ms = ROW_NOT_BEGUN;
				}
				break;
			}
			if (c == delim) {
				FIELD_AT(i, false);
				ms = FIELD_NOT_BEGUN;
				break;
			}
			FIELD_AT(i, c == quote);
			field_start.line = line;
			field_start.col = COL_AT(i);
			mq = c == quote;
			mspaces = 0;
			ms = FIELD_BEGUN;
			break;
		case FIELD_BEGUN:
			if (c == quote) {
				if (mq)
					ms = FIELD_MIGHT_HAVE_ENDED;
				else
					FAIL(CSV_ERR_QUOTE, false, c);
			} else if (c == delim) {
				if (!mq)
					ms = FIELD_NOT_BEGUN;
			} else if (c == '\r' || c == '\n') {
				if (!mq) {
					ROW_END_AT(i);
					ms = ROW_NOT_BEGUN;
				}
			}
			break;
		case FIELD_MIGHT_HAVE_ENDED:
			if (c == delim) {
				ms = FIELD_NOT_BEGUN;
			} else if (c == '\r' || c == '\n') {
				ROW_END_AT(i);
				ms = ROW_NOT_BEGUN;
			} else if (c == ' ' || c == '\t') {
				mspaces++;
			} else if (c == quote && !mspaces) {
				ms = FIELD_BEGUN;
			} else {
				if (c >= 0x80) {
					int32_t cp;

					if (text_decode(b + i, n - i, &cp) < 0) {
						/* cut: wait for the rest */
						if (!r->eof &&
						    csv_utf8_incomplete(b + i, n - i))
							break;
						FAIL(CSV_ERR_ENCODING, true, c);
					}
					c = 'x'; /* any other character */
				}
				FAIL(CSV_ERR_AFTER_QUOTE, false, c);
			}
			break;
		}
		if (ms == FIELD_MIGHT_HAVE_ENDED && c >= 0x80)
			break; /* the wait above: a character cut */

		if (c == '\n') {
			if (!pending_cr)
				line++;
			lstart = base + i + 1;
			lcc = cc;
			pending_cr = false;
		} else if (c == '\r') {
			line++;
			lstart = base + i + 1;
			lcc = cc;
			pending_cr = true;
		} else {
			cc += (c & 0xC0) == 0x80;
			pending_cr = false;
		}
		i++;
		if (row_end && (stop_at_row_end || nrq >= JOB_RECORDS ||
				nfq >= JOB_FIELDS)) {
			res = SCAN_ROW_END;
			break;
		}
		row_end = false;
	}
out:
	r->scan = i;
	r->line = line;
	r->pending_cr = pending_cr;
	r->ms = ms;
	r->mq = mq;
	r->mspaces = mspaces;
	r->cc = cc;
	r->lcc = lcc;
	r->lstart = lstart;
	r->rec_fq = rec_fq;
	r->field_start = field_start;
	j->fq = fq;
	j->nfq = nfq;
	j->fq_cap = fq_cap;
	j->rq = rq;
	j->nrq = nrq;
	j->rq_cap = rq_cap;
	j->line = line;
	j->col = COL_AT(i);
	return res;
#undef FAIL
#undef ROW_END_AT
#undef FIELD_AT
#undef PUSH
#undef COL_AT
}

/* The end of the file: the last field and row, or a quote never closed. */
void csv_split_finish(struct csv_reader *r, struct job *j)
{
	unsigned long col = 1 + (unsigned long)(r->base + j->len - r->lstart) -
			    (unsigned long)(r->cc - r->lcc);
	struct pos at = { r->line, col, j->len, false };

	if (r->ms == FIELD_BEGUN && r->mq) {
		job_error(j, CSV_ERR_UNCLOSED, true, r->field_start.line,
			  r->field_start.col, 0, '"');
		return;
	}
	if (r->ms == FIELD_NOT_BEGUN) {
		XGROW(j->fq, j->nfq + 1, j->fq_cap);
		j->fq[j->nfq++] = at;
	}
	if (r->ms != ROW_NOT_BEGUN) {
		XGROW(j->rq, j->nrq + 1, j->rq_cap);
		j->rq[j->nrq++] = at;
	}
	j->end = true;
}

/* Drop the bytes of a malformed row, up to its line end. */
void csv_split_skip_line(struct csv_reader *r, struct job *j)
{
	size_t i = 0;

	while (i < j->len && j->bytes[i] != '\n' && j->bytes[i] != '\r')
		i++;
	if (i < j->len)
		r->skipping = false;
	csv_split_drop(r, j, i);
}

/*
 * A malformed row in the middle of a job: the job goes on past its line,
 * the parser leaving out the bytes between.
 */
void csv_split_open_break(struct csv_reader *r, struct job *j)
{
	struct brk *k;

	XGROW(j->breaks, j->nbreaks + 1, j->breaks_cap);
	k = &j->breaks[j->nbreaks++];
	k->off = k->resume = r->scan;
	k->nfq = j->nfq;
	k->nrq = j->nrq;
	k->err = j->err;
	j->has_err = false;
	r->ms = ROW_NOT_BEGUN;
	r->pending_cr = false;
	r->rec_fq = -1;
	r->skipping = r->skip_open = true;
}

/* Skip on to the line end, in the job: its last break ends there. */
void csv_split_skip_in_job(struct csv_reader *r, struct job *j)
{
	size_t i = r->scan;

	while (i < j->len && j->bytes[i] != '\n' && j->bytes[i] != '\r')
		i++;
	r->scan = j->breaks[j->nbreaks - 1].resume = i;
	if (i < j->len)
		r->skipping = r->skip_open = false;
}

/*
 * Move j's bytes from `from` on, and the field starts of its unfinished
 * record when with_fields, to the carry (for the next job).
 */
void csv_split_carry_out(struct csv_reader *r, struct job *j, size_t from,
		      bool with_fields)
{
	struct job *k = &r->carry;
	size_t i;

	job_reset(k);
	if (j->len > from)
		job_add_bytes(k, j->bytes + from, j->len - from);
	if (with_fields && r->rec_fq >= 0) {
		for (i = (size_t)r->rec_fq; i < j->nfq; i++) {
			struct pos p = j->fq[i];

			p.off -= from;
			XGROW(k->fq, k->nfq + 1, k->fq_cap);
			k->fq[k->nfq++] = p;
		}
		j->nfq = (size_t)r->rec_fq;
		r->rec_fq = 0;
	}
	j->len = from;
	r->scan -= from;
	r->base += from;
}

/* Take over the carry into the empty job j. */
void csv_split_carry_in(struct csv_reader *r, struct job *j)
{
	struct job *k = &r->carry;

	job_reset(j);
	job_add_bytes(j, k->bytes, k->len);
	if (k->nfq) {
		XGROW(j->fq, k->nfq, j->fq_cap);
		memcpy(j->fq, k->fq, k->nfq * sizeof(*j->fq));
		j->nfq = k->nfq;
	}
	job_reset(k);
}
