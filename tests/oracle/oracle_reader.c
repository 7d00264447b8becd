/*
 * oracle_reader: the CSV reader as it stood at commit 8e950cd (a position
 * tracker mirroring libcsv byte by byte, then libcsv), frozen but for
 * one fix of its NFC pre-filter (U+2000 and U+2001). It is no part of
 * tiendo: the differential tests and the fuzzer read every input
 * through it and through src/csv_reader.c and require the same records,
 * values, positions and errors. Only the names were changed.
 */
#include "oracle_reader.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#ifndef CSV_READ_CHUNK
#define CSV_READ_CHUNK (64 * 1024)
#endif
#define CHUNK CSV_READ_CHUNK
#define RECORD_FIELDS_CAP 1024          /* cells in one record */
#define RECORD_BYTES_CAP (1024 * 1024)  /* bytes kept of one record */
#define NSEGS 4                         /* segments between the threads */

/* The states of libcsv's parser (libcsv.c), mirrored by the tracker. */
enum { ROW_NOT_BEGUN, FIELD_NOT_BEGUN, FIELD_BEGUN, FIELD_MIGHT_HAVE_ENDED };

struct pos {
	unsigned long line, col;
	bool quoted;
	bool nfc;               /* holds a character NFC may change */
};

struct stored_field {
	size_t off, len;        /* value in r->vals */
	unsigned long line, col;
	bool quoted, truncated;
};

struct item {                   /* a finished record or an error, in order */
	bool is_error;
	struct csv_error err;
	size_t first, n;        /* fields in r->fs */
	unsigned long line, end_line, end_col;
};

/*
 * What the scanner hands the parser: bytes, the positions of the fields
 * that start and the rows that end in them, then maybe an error or the end.
 */
struct seg {
	unsigned char *bytes;
	size_t len, cap;
	struct pos *fq, *rq;    /* field starts, row ends */
	size_t nfq, fq_cap, nrq, rq_cap;
	bool carry_nfc;         /* the field open at the start gets nfc */
	bool has_err;           /* err follows the bytes */
	struct csv_error err;
	bool end;               /* the file ends after the bytes */
	unsigned long line, col; /* where the scanner stood after them */
};

struct oracle_reader {
	/* the scanner: reading and tracking */
	FILE *fp;
	const unsigned char *data; /* the bytes being read: buf, or caller's */
	unsigned char *buf;     /* owned read buffer (file input) */
	size_t pos, len;        /* unprocessed bytes are data[pos, len) */
	bool eof, started, scanned, bom, skipping;
	char delim;
	int open_errno;
	struct seg *seg;        /* the segment being filled */
	int ms;                 /* the tracker's copy of libcsv's state */
	bool mq;
	size_t mspaces;
	unsigned long line, col;
	bool pending_cr;
	struct pos field_start;
	bool terr;              /* tracker stopped on an error */
	unsigned char cls[256]; /* byte classes for the tracker's fast path */
	struct csv_error tracked;

	/* the segments; with a scanning thread, segs[head] and the next
	   filled ones are the parser's, the others the scanner's */
	struct seg segs[NSEGS];
	size_t head, filled;
	bool async, thread_started, stop;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;

	/* the parser: libcsv and the records */
	struct csv_parser p;
	bool p_ready, done;
	unsigned long pline, pcol; /* the scanner's place after the segment */
	struct pos *fq;         /* field starts; fq[fq_next] is libcsv's next */
	size_t fq_len, fq_cap, fq_next;
	struct pos *rq;         /* row ends */
	size_t rq_len, rq_cap, rq_next;

	/* parsed records waiting to be handed out */
	struct strbuf vals;
	struct stored_field *fs;
	size_t fs_len, fs_cap, cur_first;
	struct item *items;
	size_t items_len, items_cap, items_next;

	size_t rec_bytes;       /* bytes kept of the record being built */
	bool rec_too_big;       /* it went past a RECORD_*_CAP */

	/* a field over CSV_FIELD_CAP: its beginning */
	bool overflow;
	char *overflow_buf;
	size_t overflow_len;

	struct csv_field *out;
	size_t out_cap;
	struct csv_record rec;
	struct csv_error err;
};

/* libcsv grows its field buffer through this: refusing keeps it capped. */
static void *capped_realloc(void *p, size_t n)
{
	if (n > CSV_FIELD_CAP + 2) /* CAP + 1 bytes and libcsv's NUL */
		return NULL;
	return realloc(p, n);
}

static struct oracle_reader *reader_new(void)
{
	struct oracle_reader *r = xcalloc(1, sizeof(*r));

	r->line = 1;
	r->col = 1;
	r->delim = ',';
	strbuf_init(&r->vals);
	return r;
}

struct oracle_reader *oracle_reader_open(const char *path)
{
	struct oracle_reader *r = reader_new();

	r->fp = fopen(path, "rb");
	if (!r->fp)
		r->open_errno = errno ? errno : EIO;
	r->buf = xmalloc(CHUNK + 8);
	r->data = r->buf;
	return r;
}

struct oracle_reader *oracle_reader_open_stream(FILE *fp)
{
	struct oracle_reader *r = reader_new();

	r->fp = fp;
	r->buf = xmalloc(CHUNK + 8);
	r->data = r->buf;
	return r;
}

static void *scan_thread(void *arg);

struct oracle_reader *oracle_reader_open_async(const char *path)
{
	struct oracle_reader *r = oracle_reader_open(path);

	r->async = true;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	if (pthread_create(&r->thread, NULL, scan_thread, r) != 0)
		xmalloc((size_t)-1); /* no thread: as fatal as no memory */
	r->thread_started = true;
	return r;
}

struct oracle_reader *oracle_reader_open_mem(const void *data, size_t n)
{
	struct oracle_reader *r = reader_new();

	r->data = data;
	r->len = n;
	r->eof = true;
	return r;
}

void oracle_reader_close(struct oracle_reader *r)
{
	size_t i;

	if (!r)
		return;
	if (r->thread_started) {
		pthread_mutex_lock(&r->lock);
		r->stop = true;
		pthread_cond_broadcast(&r->cond);
		pthread_mutex_unlock(&r->lock);
		pthread_join(r->thread, NULL);
	}
	if (r->async) {
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->cond);
	}
	if (r->fp)
		fclose(r->fp);
	if (r->p_ready)
		csv_free(&r->p);
	for (i = 0; i < NSEGS; i++) {
		free(r->segs[i].bytes);
		free(r->segs[i].fq);
		free(r->segs[i].rq);
	}
	free(r->buf);
	free(r->fq);
	free(r->rq);
	strbuf_release(&r->vals);
	free(r->fs);
	free(r->items);
	free(r->overflow_buf);
	free(r->out);
	free(r);
}

const struct csv_error *oracle_reader_error(const struct oracle_reader *r)
{
	return &r->err;
}

char oracle_reader_delimiter(const struct oracle_reader *r)
{
	return r->delim;
}

bool oracle_reader_had_bom(const struct oracle_reader *r)
{
	return r->bom;
}

static void push_error(struct oracle_reader *r, const struct csv_error *e)
{
	struct item *it;

	XGROW(r->items, r->items_len + 1, r->items_cap);
	it = &r->items[r->items_len++];
	memset(it, 0, sizeof(*it));
	it->is_error = true;
	it->err = *e;
	if (e->fatal)
		r->done = true;
}

/* The scanner ends its segment with an error. */
static void seg_error(struct oracle_reader *r, enum csv_error_kind kind,
		      bool is_fatal, unsigned long line, unsigned long col,
		      int sys_errno, unsigned char byte)
{
	struct csv_error e = { kind, is_fatal, line, col, sys_errno, byte };

	r->seg->has_err = true;
	r->seg->err = e;
	if (is_fatal)
		r->scanned = true;
}

/* ---- reading bytes ---------------------------------------------------- */

/* Move the unprocessed bytes to the front and read more. */
static void refill(struct oracle_reader *r)
{
	size_t n;

	if (r->eof)
		return;
	memmove(r->buf, r->buf + r->pos, r->len - r->pos);
	r->len -= r->pos;
	r->pos = 0;
	if (r->len == CHUNK)
		return; /* full: reading 0 bytes now would not mean the end */
	n = fread(r->buf + r->len, 1, CHUNK - r->len, r->fp);
	r->len += n;
	if (n == 0) {
		if (ferror(r->fp))
			seg_error(r, CSV_ERR_IO, true, r->line, r->col,
				  errno ? errno : EIO, 0);
		r->eof = true;
	}
}

/* ---- the position tracker ----------------------------------------------- */

static void push_pos(struct pos **q, size_t *len, size_t *cap,
		     unsigned long line, unsigned long col, bool quoted)
{
	XGROW(*q, *len + 1, *cap);
	(*q)[*len].line = line;
	(*q)[*len].col = col;
	(*q)[*len].quoted = quoted;
	(*q)[*len].nfc = false;
	(*len)++;
}

#define FIELD_AT(l, c, q) \
	push_pos(&r->seg->fq, &r->seg->nfq, &r->seg->fq_cap, l, c, q)
#define ROW_END_AT(l, c) \
	push_pos(&r->seg->rq, &r->seg->nrq, &r->seg->rq_cap, l, c, false)

/* Has the field being read been marked as one NFC may change? */
static inline bool marked_nfc(const struct seg *s)
{
	return s->nfq ? s->fq[s->nfq - 1].nfc : s->carry_nfc;
}

/* Mark it (it may have started in an earlier segment). */
static inline void mark_nfc(struct seg *s)
{
	if (s->nfq)
		s->fq[s->nfq - 1].nfc = true;
	else
		s->carry_nfc = true;
}

/* True when s[0, n) is the beginning of a valid multi-byte sequence. */
static bool utf8_incomplete(const unsigned char *s, size_t n)
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

/*
 * Precomposed Vietnamese letters and common punctuation are NFC as they
 * stand; any other character from U+0300 up lets text_nfc() look closer.
 */
static inline bool may_change_in_nfc(int32_t cp)
{
	/* (changed: U+2000-U+20FF passed at once with U+2000 and U+2001,
	   which NFC changes; the oracle now leaves them to text_nfc()) */
	return cp >= 0x300 && !(cp >= 0x1E00 && cp <= 0x1EFF);
}

/*
 * The tracker's fast path reads eight bytes at a time as one little-endian
 * word (each test below is the classic has-zero-byte trick); elsewhere it
 * goes byte by byte.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORD_AT_A_TIME 1
#else
#define WORD_AT_A_TIME 0
#endif
#define ONES 0x0101010101010101ull
#define HIGH 0x8080808080808080ull

/*
 * The bytes of w that stop a run of field text: controls (below 0x20), the
 * quote and the delimiter (delims: the delimiter in every byte). A byte's
 * high bit is set in the result; the lowest one set is exact, higher ones
 * may be false alarms.
 */
static inline uint64_t stop_bytes(uint64_t w, uint64_t delims)
{
	uint64_t q = w ^ (ONES * '"'), d = w ^ delims;

	return (((w - ONES * 0x20) & ~w) | ((q - ONES) & ~q) |
		((d - ONES) & ~d)) & HIGH;
}

/* Bytes whose high bit is set in m (a HIGH-only mask), counted. */
static inline unsigned long count_bytes(uint64_t m)
{
	return (unsigned long)(((m >> 7) * ONES) >> 56);
}

/*
 * Check and count the field text in the word w, up to n bytes
 * (no control, quote or delimiter among them), which starts at a character.
 * Returns how many bytes were taken: n, or less so as to end at a
 * character; 0 when the word holds what only the slow path may judge (not
 * UTF-8, or the rarer lead bytes E0, ED, F0-F4 with their range rules).
 */
static inline size_t word_run(uint64_t w, size_t n, unsigned long *col,
			      bool *nfc)
{
	/* lead bytes only the slow path judges: C0, C1, E0, ED-FF (bit v-0xC0) */
	const uint64_t rare = 0xFFFFE00100000003ull;
	uint64_t hi = w & HIGH, shl = w << 1, cont, lead, want = 0;
	bool mark = *nfc;

	if (n < 8)
		hi &= (1ull << (8 * n)) - 1;
	cont = hi & ~shl;       /* 10xxxxxx */
	lead = hi & shl;        /* 11xxxxxx */
	while (lead) {
		unsigned k = (unsigned)__builtin_ctzll(lead) >> 3;
		unsigned v = (unsigned)(w >> (8 * k)) & 0xFF, nx, three;

		if ((rare >> (v - 0xC0)) & 1)
			return 0;
		three = v >= 0xE0;
		if (k + 2 + three > n) {
			/* a character cut by the word: stop before it */
			n = k;
			cont &= (1ull << (8 * n)) - 1;
			break;
		}
		want |= (0x80ull | ((uint64_t)three << 15)) << (8 * (k + 1));
		/* from U+0300 on, but for U+1E00-U+1EFF (changed: U+2000-U+20FF
		   no longer passed, see may_change_in_nfc()) */
		nx = (unsigned)(w >> (8 * (k + 1))) & 0xFF;
		mark |= (v >= 0xCC) & !((v == 0xE1) & ((nx & 0xFC) == 0xB8));
		lead &= lead - 1;
	}
	if (cont != want)
		return 0;
	*nfc = mark;
	*col += n - count_bytes(cont);
	return n;
}

/*
 * Run through field text in b[i, end) up to the first control, quote or
 * delimiter, checking UTF-8; count its characters into *col and flag the
 * field when a character may change in NFC. Returns where it stopped: the
 * stop byte, end, or a byte the slow path must judge.
 */
static size_t field_run(struct oracle_reader *r, const unsigned char *b,
			size_t i, size_t end, unsigned long *col)
{
	const uint64_t delims = ONES * (unsigned char)r->delim;
	bool nfc = marked_nfc(r->seg);
	unsigned long c = *col;

	for (;;) {
		unsigned char d;
		int32_t cp;
		int k;

		if (WORD_AT_A_TIME && i + 8 <= end) {
			uint64_t w, stop;
			size_t n = 8, took;

			memcpy(&w, b + i, 8);
			stop = stop_bytes(w, delims);
			if (stop)
				n = (size_t)__builtin_ctzll(stop) >> 3;
			took = (w & HIGH) ? word_run(w, n, &c, &nfc) : n;
			if (!(w & HIGH))
				c += n;
			i += took;
			if (took == n && n < 8)
				break; /* at the stop byte */
			if (took)
				continue;
		}
		/* one character at a time, near the end or where the word
		   was not plain */
		if (i >= end)
			break;
		d = b[i];
		if (d < 0x80) {
			if (r->cls[d])
				break;
			i++;
			c++;
			continue;
		}
		k = text_decode(b + i, end - i, &cp);
		if (k < 0)
			break; /* the slow path says why */
		if (!nfc)
			nfc = may_change_in_nfc(cp);
		i += (size_t)k;
		c++;
	}
	if (nfc)
		mark_nfc(r->seg);
	*col = c;
	return i;
}

static void tracker_error(struct oracle_reader *r, enum csv_error_kind kind,
			  bool is_fatal, unsigned long line, unsigned long col,
			  unsigned char byte)
{
	r->terr = true;
	r->tracked.kind = kind;
	r->tracked.fatal = is_fatal;
	r->tracked.line = line;
	r->tracked.col = col;
	r->tracked.sys_errno = 0;
	r->tracked.byte = byte;
}

/*
 * Run the tracker over data[from, to). Returns where it stopped: to, the
 * offset of an error (r->terr set), or the start of a multi-byte character
 * not wholly read yet.
 */
static size_t track(struct oracle_reader *r, size_t from, size_t to)
{
	const unsigned char *b = r->data;
	const unsigned char delim = (unsigned char)r->delim, quote = '"';
	unsigned long line = r->line, col = r->col;
	bool pending_cr = r->pending_cr;
	int ms = r->ms;
	size_t i = from;

	while (i < to) {
		unsigned char c = b[i];
		size_t step = 1;
		bool nfc = false;

		/* inside a field, plain text changes nothing but the column:
		   run through it */
		if (ms == FIELD_BEGUN && (!r->cls[c] || c >= 0x80)) {
			size_t j = field_run(r, b, i, to, &col);

			if (j != i) {
				pending_cr = false;
				i = j;
				continue;
			}
		}
		if (c >= 0x80) {
			int32_t cp;
			int k = text_decode(b + i, to - i, &cp);

			if (k < 0) {
				if (!r->eof && utf8_incomplete(b + i, to - i))
					break;
				tracker_error(r, CSV_ERR_ENCODING, true, line,
					      col, c);
				break;
			}
			step = (size_t)k;
			/* precomposed Vietnamese and common punctuation are NFC
			   already; anything else lets text_nfc() look closer */
			nfc = may_change_in_nfc(cp);
			c = 'x'; /* any other character, for the machine */
		} else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			tracker_error(r, CSV_ERR_BINARY, true, line, col, c);
			break;
		}

		switch (ms) {
		case ROW_NOT_BEGUN:
		case FIELD_NOT_BEGUN:
			if ((c == ' ' || c == '\t') && c != delim)
				break;
			if (c == '\r' || c == '\n') {
				if (ms == FIELD_NOT_BEGUN) {
					FIELD_AT(line, col, false);
					ROW_END_AT(line, col);
					ms = ROW_NOT_BEGUN;
				}
				break;
			}
			if (c == delim) {
				FIELD_AT(line, col, false);
				ms = FIELD_NOT_BEGUN;
				break;
			}
			FIELD_AT(line, col, c == quote);
			r->field_start.line = line;
			r->field_start.col = col;
			r->mq = c == quote;
			r->mspaces = 0;
			ms = FIELD_BEGUN;
			break;
		case FIELD_BEGUN:
			if (c == quote) {
				if (r->mq) {
					ms = FIELD_MIGHT_HAVE_ENDED;
				} else {
					tracker_error(r, CSV_ERR_QUOTE, false,
						      line, col, c);
					goto out;
				}
			} else if (c == delim) {
				if (!r->mq)
					ms = FIELD_NOT_BEGUN;
			} else if (c == '\r' || c == '\n') {
				if (!r->mq) {
					ROW_END_AT(line, col);
					ms = ROW_NOT_BEGUN;
				}
			}
			break;
		case FIELD_MIGHT_HAVE_ENDED:
			if (c == delim) {
				ms = FIELD_NOT_BEGUN;
			} else if (c == '\r' || c == '\n') {
				ROW_END_AT(line, col);
				ms = ROW_NOT_BEGUN;
			} else if (c == ' ' || c == '\t') {
				r->mspaces++;
			} else if (c == quote && !r->mspaces) {
				ms = FIELD_BEGUN;
			} else {
				tracker_error(r, CSV_ERR_AFTER_QUOTE, false,
					      line, col, c);
				goto out;
			}
			break;
		}

		if (nfc)
			mark_nfc(r->seg);
		if (c == '\n') {
			if (!pending_cr)
				line++;
			col = 1;
			pending_cr = false;
		} else if (c == '\r') {
			line++;
			col = 1;
			pending_cr = true;
		} else {
			col++;
			pending_cr = false;
		}
		i += step;
	}
out:
	r->line = line;
	r->col = col;
	r->pending_cr = pending_cr;
	r->ms = ms;
	return i;
}

/* ---- libcsv callbacks --------------------------------------------------- */

static void on_field(void *s, size_t len, void *data)
{
	struct oracle_reader *r = data;
	struct stored_field *f;
	struct pos at = { 0, 0, false, false };
	const char *v = s ? s : "";
	char *norm = NULL;
	size_t n = s ? len : 0;
	bool truncated = false;

	if (r->fq_next < r->fq_len)
		at = r->fq[r->fq_next++];
	if (r->overflow) {
		v = r->overflow_buf;
		n = r->overflow_len;
		/* do not keep half a character */
		while (n && text_invalid_at(v, n) < n)
			n--;
		truncated = true;
		r->overflow = false;
	}
	if ((at.nfc || truncated) && text_nfc(v, n, &norm, &n))
		v = norm;
	/* libcsv trims unquoted fields; edge white space inside quotes is
	   no data either */
	if (at.quoted)
		text_trim_span(&v, &n);

	/* a record of thousands of cells is no report row: keep none of it */
	if (r->fs_len - r->cur_first >= RECORD_FIELDS_CAP ||
	    r->rec_bytes + n > RECORD_BYTES_CAP)
		r->rec_too_big = true;
	if (r->rec_too_big) {
		free(norm);
		return;
	}
	r->rec_bytes += n;
	XGROW(r->fs, r->fs_len + 1, r->fs_cap);
	f = &r->fs[r->fs_len++];
	f->off = r->vals.len;
	f->len = n;
	f->line = at.line;
	f->col = at.col;
	f->quoted = at.quoted;
	f->truncated = truncated;
	strbuf_grow(&r->vals, n + 1);
	memcpy(r->vals.buf + r->vals.len, v, n);
	r->vals.buf[r->vals.len + n] = '\0';
	strbuf_setlen(&r->vals, r->vals.len + n + 1);
	free(norm);
}

static void on_row(int c, void *data)
{
	struct oracle_reader *r = data;
	struct pos end = { r->pline, r->pcol, false, false };
	struct item *it;

	(void)c;
	if (r->rq_next < r->rq_len)
		end = r->rq[r->rq_next++];
	if (r->rec_too_big) {
		struct csv_error e = { CSV_ERR_TOO_BIG, false,
				       r->fs_len > r->cur_first ?
				       r->fs[r->cur_first].line : end.line,
				       1, 0, 0 };

		r->fs_len = r->cur_first;
		r->rec_too_big = false;
		r->rec_bytes = 0;
		push_error(r, &e);
		return;
	}
	r->rec_bytes = 0;
	XGROW(r->items, r->items_len + 1, r->items_cap);
	it = &r->items[r->items_len++];
	memset(it, 0, sizeof(*it));
	it->first = r->cur_first;
	it->n = r->fs_len - r->cur_first;
	it->line = it->n ? r->fs[it->first].line : end.line;
	it->end_line = end.line;
	it->end_col = end.col;
	r->cur_first = r->fs_len;
}

/* Feed data[from, to) to libcsv, keeping the beginning of huge fields. */
static bool parse(struct oracle_reader *r, const unsigned char *b, size_t to)
{
	size_t from = 0;

	while (from < to) {
		size_t n = csv_parse(&r->p, b + from, to - from, on_field,
				     on_row, r);
		size_t keep;

		from += n;
		if (from >= to)
			break;
		if (csv_error(&r->p) != CSV_ENOMEM)
			return false; /* the tracker stops before bad bytes */
		if (!r->overflow) {
			if (!r->overflow_buf)
				r->overflow_buf = xmalloc(CSV_FIELD_CAP + 2);
			r->overflow_len = r->p.entry_pos > CSV_FIELD_CAP ?
					  CSV_FIELD_CAP : r->p.entry_pos;
			memcpy(r->overflow_buf, r->p.entry_buf, r->overflow_len);
			r->overflow = true;
		}
		/*
		 * Free libcsv's buffer but its last byte, which may be a
		 * closing quote it will take back, and forget the spaces it
		 * counted (they are in the snapshot): the value comes from
		 * overflow_buf anyway.
		 */
		keep = 1;
		r->p.entry_buf[0] = r->p.entry_buf[r->p.entry_pos - 1];
		r->p.entry_pos = keep;
		r->p.spaces = 0;
		r->p.status = 0;
	}
	return true;
}

/* ---- start, step and end ---------------------------------------------- */

static void sniff_delimiter(struct oracle_reader *r)
{
	const unsigned char *b = r->data + r->pos;
	size_t n = r->len - r->pos, i, comma = 0, semi = 0, tab = 0;
	bool inq = false;

	/* Excel's "sep=;" line names the delimiter and is not data */
	if (n >= 5 && memcmp(b, "sep=", 4) == 0 && b[4] > ' ' && b[4] < 0x7F &&
	    b[4] != '"' && (n == 5 || b[5] == '\r' || b[5] == '\n')) {
		r->delim = (char)b[4];
		r->pos += 5;
		r->col += 5;
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

static void start(struct oracle_reader *r)
{
	const unsigned char *b;
	size_t n;

	r->started = true;
	if (r->buf && !r->fp) {
		seg_error(r, CSV_ERR_IO, true, 0, 0, r->open_errno, 0);
		return;
	}
	while (r->buf && !r->eof && r->len < 8 && r->len < CHUNK)
		refill(r);
	if (r->scanned)
		return;
	b = r->data;
	n = r->len;
	/* UTF-16 with its BOM, or without one: every other byte NUL */
	if ((n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) ||
			(b[0] == 0xFE && b[1] == 0xFF))) ||
	    (n >= 4 && ((b[0] && !b[1] && b[2] && !b[3]) ||
			(!b[0] && b[1] && !b[2] && b[3])))) {
		seg_error(r, CSV_ERR_UTF16, true, 1, 1, 0, b[0]);
		return;
	}
	if (n >= 4 && (memcmp(b, "PK\x03\x04", 4) == 0 ||
		       memcmp(b, "\xD0\xCF\x11\xE0", 4) == 0)) {
		seg_error(r, CSV_ERR_WORKBOOK, true, 1, 1, 0, b[0]);
		return;
	}
	if (n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
		r->bom = true;
		r->pos = 3;
	}
	sniff_delimiter(r);
	{
		int c;

		for (c = 0; c < 256; c++)
			r->cls[c] = c < 0x20 || c >= 0x80 || c == '"' ||
				    c == (unsigned char)r->delim;
	}
}

/* The end of the file: the last field and row, or a quote never closed. */
static void finish(struct oracle_reader *r)
{
	r->scanned = true;
	if (r->ms == FIELD_BEGUN && r->mq) {
		seg_error(r, CSV_ERR_UNCLOSED, true, r->field_start.line,
			  r->field_start.col, 0, '"');
		return;
	}
	if (r->ms == FIELD_NOT_BEGUN)
		FIELD_AT(r->line, r->col, false);
	if (r->ms != ROW_NOT_BEGUN)
		ROW_END_AT(r->line, r->col);
	r->seg->end = true;
}

/* Drop the bytes of a malformed row up to its line end. */
static void skip_line(struct oracle_reader *r)
{
	while (r->pos < r->len) {
		unsigned char c = r->data[r->pos];

		if (c == '\n' || c == '\r') {
			r->skipping = false;
			return;
		}
		r->pos++;
	}
}

static void seg_add_bytes(struct seg *g, const unsigned char *b, size_t n)
{
	if (!n)
		return;
	XGROW(g->bytes, g->len + n, g->cap);
	memcpy(g->bytes + g->len, b, n);
	g->len += n;
}

/*
 * Fill segment g with what comes next: the bytes of one chunk the tracker
 * accepted, then maybe an error or the end of the file.
 */
static void scan(struct oracle_reader *r, struct seg *g)
{
	size_t stop;

	g->len = g->nfq = g->nrq = 0;
	g->carry_nfc = g->has_err = g->end = false;
	r->seg = g;
	while (!g->has_err) {
		if (!r->started) {
			start(r);
			continue;
		}
		if (r->pos == r->len) {
			if (r->eof) {
				finish(r);
				break;
			}
			refill(r);
			continue;
		}
		if (r->skipping) {
			skip_line(r);
			continue;
		}
		stop = track(r, r->pos, r->len);
		seg_add_bytes(g, r->data + r->pos, stop - r->pos);
		r->pos = stop;
		if (r->terr) {
			r->terr = false;
			seg_error(r, r->tracked.kind, r->tracked.fatal,
				  r->tracked.line, r->tracked.col, 0,
				  r->tracked.byte);
			if (!r->tracked.fatal) {
				/* the tracker forgets the row; so will libcsv */
				r->ms = ROW_NOT_BEGUN;
				r->pending_cr = false;
				r->skipping = true;
			}
		} else if (stop < r->len) {
			refill(r); /* a character cut by the end of the chunk */
		}
		break;
	}
	g->line = r->line;
	g->col = r->col;
	r->seg = NULL;
}

/* The scanning thread: fills free segments until the end or an error. */
static void *scan_thread(void *arg)
{
	struct oracle_reader *r = arg;
	size_t tail = 0;

	for (;;) {
		struct seg *g;

		pthread_mutex_lock(&r->lock);
		while (r->filled == NSEGS && !r->stop)
			pthread_cond_wait(&r->cond, &r->lock);
		if (r->stop) {
			pthread_mutex_unlock(&r->lock);
			break;
		}
		pthread_mutex_unlock(&r->lock);
		g = &r->segs[tail];
		scan(r, g);
		tail = (tail + 1) % NSEGS;
		pthread_mutex_lock(&r->lock);
		r->filled++;
		pthread_cond_broadcast(&r->cond);
		pthread_mutex_unlock(&r->lock);
		if (r->scanned)
			break;
	}
	return NULL;
}

/* The next segment for the parser: scanned ahead, or scanned now. */
static struct seg *take_seg(struct oracle_reader *r)
{
	if (!r->async) {
		scan(r, &r->segs[0]);
		return &r->segs[0];
	}
	pthread_mutex_lock(&r->lock);
	while (!r->filled)
		pthread_cond_wait(&r->cond, &r->lock);
	pthread_mutex_unlock(&r->lock);
	return &r->segs[r->head];
}

static void give_back_seg(struct oracle_reader *r)
{
	if (!r->async)
		return;
	r->head = (r->head + 1) % NSEGS;
	pthread_mutex_lock(&r->lock);
	r->filled--;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

/* Forget a row that failed half-way, in libcsv. */
static void abandon_row(struct oracle_reader *r)
{
	r->p.pstate = ROW_NOT_BEGUN;
	r->p.quoted = 0;
	r->p.spaces = 0;
	r->p.entry_pos = 0;
	r->p.status = 0;
	r->overflow = false;
	r->fs_len = r->cur_first;
	r->fq_len = r->fq_next;
	r->rq_len = r->rq_next;
	r->rec_bytes = 0;
	r->rec_too_big = false;
}

static void append_pos(struct pos **q, size_t *len, size_t *cap,
		       const struct pos *from, size_t n)
{
	if (!n)
		return;
	XGROW(*q, *len + n, *cap);
	memcpy(*q + *len, from, n * sizeof(**q));
	*len += n;
}

/* Parse a segment into records and errors. */
static void consume(struct oracle_reader *r, const struct seg *g)
{
	if (g->carry_nfc && r->fq_len > r->fq_next)
		r->fq[r->fq_len - 1].nfc = true;
	append_pos(&r->fq, &r->fq_len, &r->fq_cap, g->fq, g->nfq);
	append_pos(&r->rq, &r->rq_len, &r->rq_cap, g->rq, g->nrq);
	r->pline = g->line;
	r->pcol = g->col;
	if (!r->p_ready && (g->len || g->end)) {
		csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
		csv_set_delim(&r->p, (unsigned char)r->delim);
		csv_set_realloc_func(&r->p, capped_realloc);
		csv_set_blk_size(&r->p, 4096);
		r->p_ready = true;
	}
	if (g->len && !parse(r, g->bytes, g->len)) {
		/* cannot happen; were it to, stop rather than go astray */
		struct csv_error e = { CSV_ERR_QUOTE, true, g->line, g->col,
				       0, '"' };

		push_error(r, &e);
		return;
	}
	if (g->has_err) {
		push_error(r, &g->err);
		if (!g->err.fatal)
			abandon_row(r);
	} else if (g->end) {
		r->done = true;
		csv_fini(&r->p, on_field, on_row, r);
	}
}

/* Recycle storage once every parsed item has been handed out. */
static void compact(struct oracle_reader *r)
{
	size_t i, keep = r->fs_len - r->cur_first, base;

	r->items_len = r->items_next = 0;
	if (keep) {
		base = r->fs[r->cur_first].off;
		memmove(r->vals.buf, r->vals.buf + base, r->vals.len - base);
		strbuf_setlen(&r->vals, r->vals.len - base);
		for (i = 0; i < keep; i++) {
			r->fs[i] = r->fs[r->cur_first + i];
			r->fs[i].off -= base;
		}
	} else {
		strbuf_reset(&r->vals);
	}
	r->fs_len = keep;
	r->cur_first = 0;
	if (r->fq_next) {
		memmove(r->fq, r->fq + r->fq_next,
			(r->fq_len - r->fq_next) * sizeof(*r->fq));
		r->fq_len -= r->fq_next;
		r->fq_next = 0;
	}
	if (r->rq_next) {
		memmove(r->rq, r->rq + r->rq_next,
			(r->rq_len - r->rq_next) * sizeof(*r->rq));
		r->rq_len -= r->rq_next;
		r->rq_next = 0;
	}
}

int oracle_reader_next(struct oracle_reader *r, const struct csv_record **rec)
{
	for (;;) {
		if (r->items_next < r->items_len) {
			struct item *it = &r->items[r->items_next++];
			size_t i;

			if (it->is_error) {
				r->err = it->err;
				return -1;
			}
			XGROW(r->out, it->n, r->out_cap);
			for (i = 0; i < it->n; i++) {
				const struct stored_field *f = &r->fs[it->first + i];

				r->out[i].value = r->vals.buf + f->off;
				r->out[i].len = f->len;
				r->out[i].line = f->line;
				r->out[i].col = f->col;
				r->out[i].quoted = f->quoted;
				r->out[i].truncated = f->truncated;
			}
			r->rec.fields = r->out;
			r->rec.nfields = it->n;
			r->rec.line = it->line;
			r->rec.end_line = it->end_line;
			r->rec.end_col = it->end_col;
			*rec = &r->rec;
			return 1;
		}
		if (r->done)
			return 0;
		compact(r);
		consume(r, take_seg(r));
		give_back_seg(r);
	}
}
