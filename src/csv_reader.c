/*
 * csv_reader: libcsv behind a record-at-a-time interface that knows where
 * every field stands in the file.
 *
 * libcsv reports field contents but not positions, so a file is read in
 * three steps, over jobs: pieces of the file of about JOB_BYTES, cut
 * between records.
 *
 *  1. The splitter reads bytes into a job and follows libcsv's own state
 *     machine over them (same states, same strict-mode errors), sixteen
 *     bytes at a time inside fields: it stops only at quotes, delimiters,
 *     line ends and control bytes, and counts columns from the UTF-8
 *     continuation bytes it passes. It queues the position where each
 *     field starts and each row ends, and ends a job early at a malformed
 *     row (a stray quote, text after a closing quote, skipped to the end of
 *     its line) or at a control byte (binary junk: the end of the file).
 *  2. A parser checks the job's bytes as UTF-8 in one pass, sixteen at a
 *     time (a byte that is not ends the file with an encoding error, after
 *     the records before it), then runs libcsv over them. Its callbacks
 *     normalise values to NFC where a character may need it, trim quoted
 *     values and pair each with its position; a precheck the caller set
 *     (csv_reader_set_precheck) then runs on each record while it is hot.
 *  3. The caller takes the records of one job after the other, in order.
 *
 * A reader opened with csv_reader_open_async() runs the splitter and two
 * parsers in threads of their own: jobs are parsed side by side, a few
 * ahead of the caller. Otherwise the caller does each step when it needs
 * the next job. Either way the records, values, positions and errors are
 * the same, in the same order (tests/oracle keeps the reader this one
 * replaced, and the tests and the fuzzer compare the two).
 *
 * Memory is bounded by the jobs in the ring (NJOBS) and CSV_FIELD_CAP,
 * never by the file: a record too long for a job (SOLO_BYTES) is parsed by
 * the splitter itself as it reads it, piece by piece.
 */
#include "csv_reader.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#ifndef CSV_READ_CHUNK
#define CSV_READ_CHUNK (64 * 1024)
#endif
#define CHUNK CSV_READ_CHUNK
/* a job is shipped once it holds this much (smaller in tests) */
#ifndef CSV_JOB_BYTES
#define CSV_JOB_BYTES (128 * 1024)
#endif
#define JOB_BYTES CSV_JOB_BYTES
/* a record longer than this is parsed while it is read */
#define SOLO_BYTES (4 * (size_t)CSV_FIELD_CAP)
#define SNIFF_BYTES (64 * 1024)         /* read before the delimiter is known */
/* a file with CTL_MIN control bytes or more, one in CTL_SHARE at least,
   in its first SNIFF_BYTES is no text */
#define CTL_MIN 4
#define CTL_SHARE 20
#define NJOBS 8                         /* jobs between the threads */
#define NJOBS_SYNC 2                    /* ... and without threads */
/* a job is shipped at so many records or fields too, so that what is
   kept per record or field stays bounded as well as the bytes */
#define JOB_RECORDS 1024
#define JOB_FIELDS 16384
#define NPARSERS 2                      /* parsing threads, at most */
#define RECORD_FIELDS_CAP 1024          /* cells in one record */
#define RECORD_BYTES_CAP (1024 * 1024)  /* bytes kept of one record */

/* The states of libcsv's parser (libcsv.c), mirrored by the splitter. */
enum { ROW_NOT_BEGUN, FIELD_NOT_BEGUN, FIELD_BEGUN, FIELD_MIGHT_HAVE_ENDED };

struct pos {                    /* where a field starts or a row ends */
	unsigned long line, col;
	size_t off;             /* byte offset in the job */
	bool quoted;
};

struct item {                   /* a finished record or an error, in order */
	bool is_error;
	struct csv_error err;
	size_t first, n;        /* fields in job->fields */
	size_t rec;             /* the record's number in its job (pre) */
	unsigned long line, end_line, end_col;
};

enum job_state { J_FREE, J_SCANNED, J_PARSING, J_PARSED };

struct job {
	/* the splitter's: bytes of whole records, their positions, and
	   what follows them (an error, the end of the file) */
	unsigned char *bytes;
	size_t len, cap;
	struct pos *fq, *rq;    /* field starts, row ends */
	size_t nfq, fq_cap, nrq, rq_cap;
	bool has_err;
	struct csv_error err;
	struct brk {            /* a malformed row the splitter skipped: */
		size_t off;     /* the bytes stop here, with err, */
		size_t resume;  /* and go on here (its line end) */
		size_t nfq, nrq; /* the queues' lengths at off */
		struct csv_error err;
	} *breaks;
	size_t nbreaks, breaks_cap;
	bool end;               /* the file ends after the bytes */
	unsigned long line, col; /* where the splitter stood after them */
	bool solo;              /* parsed by the splitter as it was read */

	/* the parser's: the records and errors */
	struct strbuf vals;
	struct csv_field *fields;
	size_t *voff;           /* each field's value in vals, while parsing */
	size_t nfields, fields_cap, voff_cap;
	struct item *items;
	size_t nitems, items_cap;
	bool last;              /* nothing follows its items */
	enum job_state state;
	unsigned long seq;      /* its place in the file's jobs */

	/* bit k: bytes 16k to 16k + 15 hold a character NFC may change */
	uint64_t *nfc_map;
	size_t nfc_map_cap;

	/* the precheck of its records: what each wrote, item by item */
	bool pre_on;
	struct csv_precheck pc;
	unsigned char *pre;
	size_t pre_cap;
};

/* libcsv and what it is building, for one job at a time. */
struct parser {
	struct csv_parser p;
	bool ready;
	struct job *j;
	size_t fq_next, rq_next;
	size_t cur_first;       /* first field of the record being built */
	size_t nrecs;           /* records of the job so far */
	size_t rec_fq;          /* fq index of that record's first field */
	size_t rec_bytes;       /* bytes kept of it */
	bool rec_too_big;       /* it went past a RECORD_*_CAP */
	bool nfc_check;         /* some character may change in NFC: look at
				   each value */
	bool nfc_mapped;        /* ... each value over a block of nfc_map */

	/* a field over CSV_FIELD_CAP: its beginning */
	bool overflow;
	char *overflow_buf;
	size_t overflow_len;

	/* the precheck's state in this parser's thread */
	struct csv_precheck pc;
	void *pc_state;
	bool pc_made;
};

/* The raw check of a record's bytes: where a character is not text. */
struct rawcheck {
	unsigned long line, col;
	bool pending_cr;
	unsigned char cut[4];   /* a character cut by the end of a piece */
	size_t ncut;
};

struct csv_reader {
	/* the source, and the sizes of its pieces */
	FILE *fp;
	size_t chunk, job_bytes, solo_bytes;
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	int open_errno;
	bool eof;               /* the splitter has all the bytes */

	/* a UTF-16 file, decoded to UTF-8 as it is read: the splitter sees
	   only UTF-8 */
	bool utf16;
	struct text_utf16 u16;
	unsigned char *raw;     /* its bytes read but not decoded yet */
	size_t raw_len, raw_cap;
	bool raw_eof;           /* the file has no more */
	enum csv_format format;

	/* the splitter: its state between jobs */
	bool started, split_done, skipping, bom;
	bool skip_open;         /* the job's last break is being skipped */
	char delim;
	int ms;                 /* libcsv's state, mirrored */
	bool mq;                /* the field being read is quoted */
	size_t mspaces;         /* spaces after its closing quote */
	unsigned long line;
	bool pending_cr;        /* the last byte was a CR */
	uint64_t base;          /* stream offset of the job's first byte */
	uint64_t lstart;        /* stream offset where the line starts */
	uint64_t cc, lcc;       /* continuation bytes passed; cc at lstart */
	struct pos field_start; /* of the field being read */
	size_t scan;            /* bytes of the job scanned */
	long rec_fq;            /* fq index of the unfinished record's first
				   field, or -1 */
	struct job carry;       /* what goes over to the next job */
	struct parser *solo;
	struct rawcheck solo_check;

	/* the jobs: shipped (S), claimed by a parser (P), taken (C) */
	struct job jobs[NJOBS];
	size_t nslots;          /* of them in use: NJOBS, or NJOBS_SYNC */
	unsigned long nship, nclaim, ntake;
	bool async, stop;
	pthread_t splitter;
	pthread_t parsers[NPARSERS];
	size_t nthreads;        /* parser threads started */
	bool splitter_started;
	pthread_mutex_t lock;
	pthread_cond_t can_split, can_parse, can_take;
	struct parser *own;     /* the caller's parser, without threads */
	struct csv_precheck pc; /* for the jobs claimed from now on */
	bool pc_on;

	/* the caller's side */
	struct job *cur;
	size_t next_item;
	bool done;
	struct csv_record rec;
	struct csv_error err;
};

static void *capped_realloc(void *p, size_t n);

/* ---- set-up and tear-down --------------------------------------------- */

static struct parser *parser_new(char delim)
{
	struct parser *P = xcalloc(1, sizeof(*P));

	csv_init(&P->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_delim(&P->p, (unsigned char)delim);
	csv_set_realloc_func(&P->p, capped_realloc);
	csv_set_blk_size(&P->p, 4096);
	P->ready = true;
	return P;
}

static void parser_free(struct parser *P)
{
	if (!P)
		return;
	if (P->ready)
		csv_free(&P->p);
	if (P->pc_made && P->pc.free_state)
		P->pc.free_state(P->pc_state);
	free(P->overflow_buf);
	free(P);
}

static void job_release(struct job *j)
{
	free(j->bytes);
	free(j->fq);
	free(j->rq);
	strbuf_release(&j->vals);
	free(j->fields);
	free(j->voff);
	free(j->items);
	free(j->pre);
	free(j->nfc_map);
	free(j->breaks);
}

static struct csv_reader *reader_new(void)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	size_t i;

	r->line = 1;
	r->delim = ',';
	r->nslots = NJOBS_SYNC;
	r->chunk = CHUNK;
	r->job_bytes = JOB_BYTES;
	r->solo_bytes = SOLO_BYTES;
	r->rec_fq = -1;
	strbuf_init(&r->carry.vals);
	for (i = 0; i < NJOBS; i++)
		strbuf_init(&r->jobs[i].vals);
	return r;
}

struct csv_reader *csv_reader_open(const char *path)
{
	struct csv_reader *r = reader_new();

	r->fp = fopen(path, "rb");
	if (!r->fp)
		r->open_errno = errno ? errno : EIO;
	return r;
}

struct csv_reader *csv_reader_open_stream(FILE *fp)
{
	struct csv_reader *r = reader_new();

	r->fp = fp;
	return r;
}

struct csv_reader *csv_reader_open_mem(const void *data, size_t n)
{
	struct csv_reader *r = reader_new();

	r->mem = data;
	r->mem_len = n;
	return r;
}

static void *split_thread(void *arg);
static void *parse_thread(void *arg);

struct csv_reader *csv_reader_open_async(const char *path)
{
	struct csv_reader *r = csv_reader_open(path);

	r->async = true;
	r->nslots = NJOBS;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->can_split, NULL);
	pthread_cond_init(&r->can_parse, NULL);
	pthread_cond_init(&r->can_take, NULL);
	return r;
}

void csv_reader_set_limits(struct csv_reader *r, size_t chunk,
			   size_t job_bytes, size_t solo_bytes)
{
	r->chunk = chunk ? chunk : 1;
	r->job_bytes = job_bytes;
	r->solo_bytes = solo_bytes;
}

/* The threads start with the first record asked for. */
static void start_threads(struct csv_reader *r)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = cpus >= NPARSERS ? NPARSERS : 1;

	if (pthread_create(&r->splitter, NULL, split_thread, r) != 0)
		xmalloc((size_t)-1); /* no thread: as fatal as no memory */
	r->splitter_started = true;
	while (r->nthreads < want) {
		if (pthread_create(&r->parsers[r->nthreads], NULL, parse_thread,
				   r) != 0)
			xmalloc((size_t)-1);
		r->nthreads++;
	}
}

void csv_reader_close(struct csv_reader *r)
{
	size_t i;

	if (!r)
		return;
	if (r->async) {
		pthread_mutex_lock(&r->lock);
		__atomic_store_n(&r->stop, true, __ATOMIC_RELEASE);
		pthread_cond_broadcast(&r->can_split);
		pthread_cond_broadcast(&r->can_parse);
		pthread_cond_broadcast(&r->can_take);
		pthread_mutex_unlock(&r->lock);
		if (r->splitter_started)
			pthread_join(r->splitter, NULL);
		for (i = 0; i < r->nthreads; i++)
			pthread_join(r->parsers[i], NULL);
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->can_split);
		pthread_cond_destroy(&r->can_parse);
		pthread_cond_destroy(&r->can_take);
	}
	if (r->fp)
		fclose(r->fp);
	for (i = 0; i < NJOBS; i++)
		job_release(&r->jobs[i]);
	job_release(&r->carry);
	parser_free(r->solo);
	parser_free(r->own);
	free(r->raw);
	free(r);
}

const struct csv_error *csv_reader_error(const struct csv_reader *r)
{
	return &r->err;
}

char csv_reader_delimiter(const struct csv_reader *r)
{
	return r->delim;
}

bool csv_reader_had_bom(const struct csv_reader *r)
{
	return r->bom;
}

bool csv_reader_utf16(const struct csv_reader *r)
{
	return r->utf16;
}

enum csv_format csv_reader_format(const struct csv_reader *r)
{
	return r->format;
}

/* ---- UTF-8 -------------------------------------------------------------- */

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

#define ONES 0x0101010101010101ull
#define HIGH 0x8080808080808080ull

/*
 * The offset of the first byte of s[0, n) that does not begin a valid
 * UTF-8 character (as text_decode() judges), or n. *nfc is set when a
 * character from U+0300 on may change in NFC: all but the precomposed
 * Vietnamese letters (U+1E00-U+1EFF) and punctuation and currency signs
 * (U+2002-U+20CF), which text_nfc() would pass at once.
 */
static size_t value_scan(const unsigned char *s, size_t n, bool *nfc)
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
 * with an error (value_scan() then says exactly where).
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
 * set when some character may change in NFC (value_scan()'s rule). map
 * (n / 16 bits, zero) gets a bit for each sixteen-byte block that holds
 * such a character; *mapped tells whether it did (else every value must
 * be looked at).
 */
static size_t utf8_first_bad(const unsigned char *s, size_t n, bool *nfc,
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
	return from + value_scan(s + from, n - from, nfc);
}

static void rawcheck_start(struct rawcheck *k, unsigned long line,
			   unsigned long col)
{
	k->line = line;
	k->col = col;
	k->pending_cr = false;
	k->ncut = 0;
}

static void rawcheck_step(struct rawcheck *k, unsigned char c)
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
static bool rawcheck_run(struct rawcheck *k, const unsigned char *b, size_t n,
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
		while (have < 4 && take < n && utf8_incomplete(buf, have))
			buf[have++] = b[take++];
		if (utf8_incomplete(buf, have) && !last) {
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
				if (!last && utf8_incomplete(b + i, n - i)) {
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

/* ---- reading ------------------------------------------------------------ */

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

/* A UTF-16 file: decode what is read (and what start() read) into j. */
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
static void read_more(struct csv_reader *r, struct job *j)
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
static void job_drop(struct csv_reader *r, struct job *j, size_t n)
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
static bool start(struct csv_reader *r, struct job *j)
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
		read_more(r, j);
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
			read_more(r, j);
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
		job_drop(r, j, 3);
		r->lstart = 3; /* the BOM is no character of the line */
	}
	/* the delimiter from what is there: all of it, in memory */
	if (r->mem && !r->utf16)
		sniff_delimiter(r, r->mem + (r->bom ? 3 : 0),
				r->mem_len - (r->bom ? 3 : 0), &drop);
	else
		sniff_delimiter(r, j->bytes, j->len, &drop);
	if (drop)
		job_drop(r, j, drop);
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

enum scan_result { SCAN_MORE, SCAN_ERROR, SCAN_ROW_END };

/*
 * Run the machine over j->bytes[r->scan, j->len). Returns SCAN_MORE when
 * it wants more bytes (it took them all, or stopped before a character
 * cut by their end), SCAN_ERROR when it ended the job with an error at
 * r->scan, and SCAN_ROW_END just after a row end when stop_at_row_end or
 * when the job holds JOB_RECORDS records or JOB_FIELDS fields.
 * (The state is kept in locals while it runs: stores through j could
 * alias it.)
 */
static enum scan_result scan_job(struct csv_reader *r, struct job *j,
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
						    utf8_incomplete(b + i, n - i))
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
static void finish(struct csv_reader *r, struct job *j)
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
static void skip_line(struct csv_reader *r, struct job *j)
{
	size_t i = 0;

	while (i < j->len && j->bytes[i] != '\n' && j->bytes[i] != '\r')
		i++;
	if (i < j->len)
		r->skipping = false;
	job_drop(r, j, i);
}

/*
 * A malformed row in the middle of a job: the job goes on past its line,
 * the parser leaving out the bytes between.
 */
static void open_break(struct csv_reader *r, struct job *j)
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
static void skip_in_job(struct csv_reader *r, struct job *j)
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
static void carry_out(struct csv_reader *r, struct job *j, size_t from,
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
static void carry_in(struct csv_reader *r, struct job *j)
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


/* ---- the parsers: libcsv and its callbacks ------------------------------ */

/* libcsv grows its field buffer through this: refusing keeps it capped. */
static void *capped_realloc(void *p, size_t n)
{
	if (n > CSV_FIELD_CAP + 2) /* CAP + 1 bytes and libcsv's NUL */
		return NULL;
	return realloc(p, n);
}

static void push_item(struct job *j, const struct item *it)
{
	XGROW(j->items, j->nitems + 1, j->items_cap);
	j->items[j->nitems++] = *it;
	if (it->is_error && it->err.fatal)
		j->last = true;
}

static void push_error(struct job *j, const struct csv_error *e)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.is_error = true;
	it.err = *e;
	push_item(j, &it);
}

static void on_field(void *s, size_t len, void *data)
{
	struct parser *P = data;
	struct job *j = P->j;
	struct pos at = { 0, 0, 0, false };
	const char *v = s ? s : "";
	char *norm = NULL;
	size_t n = s ? len : 0, k;
	bool truncated = false, nfc = false;
	struct csv_field *f;

	if (P->fq_next < j->nfq)
		at = j->fq[P->fq_next++];
	if (P->overflow) {
		v = P->overflow_buf;
		n = P->overflow_len;
		/* keep no half character at the cut (the bytes were checked) */
		k = value_scan((const unsigned char *)v, n, &nfc);
		n = k;
		truncated = true;
		P->overflow = false;
	} else if (P->nfc_check && P->nfc_mapped) {
		/* the field's bytes: from its start to the next one's */
		size_t from = at.off / 16, to = (P->fq_next < j->nfq ?
						 j->fq[P->fq_next].off : j->len);

		to = to > at.off ? (to - 1) / 16 : from;
		for (; from <= to && !nfc; from++)
			nfc = (j->nfc_map[from / 64] >> (from % 64)) & 1;
	} else if (P->nfc_check) {
		value_scan((const unsigned char *)v, n, &nfc);
	}
	if ((nfc || truncated) && text_nfc(v, n, &norm, &n))
		v = norm;
	/* libcsv trims unquoted fields; edge white space inside quotes is
	   no data either */
	if (at.quoted)
		text_trim_span(&v, &n);

	/* a record of thousands of cells is no report row: keep none of it */
	if (j->nfields - P->cur_first >= RECORD_FIELDS_CAP ||
	    P->rec_bytes + n > RECORD_BYTES_CAP)
		P->rec_too_big = true;
	if (P->rec_too_big) {
		free(norm);
		return;
	}
	P->rec_bytes += n;
	XGROW(j->fields, j->nfields + 1, j->fields_cap);
	XGROW(j->voff, j->nfields + 1, j->voff_cap);
	f = &j->fields[j->nfields];
	f->value = NULL; /* set once the values stop moving */
	f->len = n;
	f->line = at.line;
	f->col = at.col;
	f->quoted = at.quoted;
	f->truncated = truncated;
	j->voff[j->nfields++] = j->vals.len;
	/* the prechecks keep pointers to the values: should they move (an
	   NFC value longer than its bytes, rare), the job goes without */
	if (j->vals.len + n + 2 > j->vals.alloc) {
		j->pre_on = false;
		strbuf_grow(&j->vals, n + 1);
	}
	/* (strbuf_add() by hand: the value, its NUL, the buffer's NUL) */
	memcpy(j->vals.buf + j->vals.len, v, n);
	j->vals.buf[j->vals.len + n] = '\0';
	j->vals.len += n + 1;
	j->vals.buf[j->vals.len] = '\0';
	free(norm);
}

/* The precheck of record it (item k), as soon as it is parsed. */
static void precheck(struct parser *P, struct job *j, const struct item *it,
		     size_t k)
{
	size_t size = j->pc.out_size, i;
	struct csv_record v;

	if (!P->pc_made) {
		P->pc = j->pc;
		P->pc_state = P->pc.new_state ? P->pc.new_state(P->pc.ctx) :
			      P->pc.ctx;
		P->pc_made = true;
	}
	XGROW(j->pre, (k + 1) * size, j->pre_cap);
	/* the values stand still until the next one is added */
	for (i = it->first; i < it->first + it->n; i++)
		j->fields[i].value = j->vals.buf + j->voff[i];
	memset(&v, 0, sizeof(v));
	v.fields = j->fields + it->first;
	v.nfields = it->n;
	v.line = it->line;
	v.end_line = it->end_line;
	v.end_col = it->end_col;
	P->pc.check(P->pc_state, &v, j->pre + k * size);
}

static void on_row(int c, void *data)
{
	struct parser *P = data;
	struct job *j = P->j;
	struct pos end = { j->line, j->col, j->len, false };
	struct item it;

	(void)c;
	if (P->rq_next < j->nrq)
		end = j->rq[P->rq_next++];
	P->rec_fq = P->fq_next;
	if (P->rec_too_big) {
		struct csv_error e = { CSV_ERR_TOO_BIG, false,
				       j->nfields > P->cur_first ?
				       j->fields[P->cur_first].line : end.line,
				       1, 0, 0 };

		j->nfields = P->cur_first;
		P->rec_too_big = false;
		P->rec_bytes = 0;
		push_error(j, &e);
		return;
	}
	P->rec_bytes = 0;
	memset(&it, 0, sizeof(it));
	it.first = P->cur_first;
	it.n = j->nfields - P->cur_first;
	it.line = it.n ? j->fields[it.first].line : end.line;
	it.end_line = end.line;
	it.end_col = end.col;
	it.rec = P->nrecs++;
	push_item(j, &it);
	P->cur_first = j->nfields;
	if (j->pre_on)
		precheck(P, j, &j->items[j->nitems - 1], it.rec);
}

/* libcsv between records again (a job's start, a malformed row's end). */
static void reset_row(struct parser *P)
{
	P->p.pstate = ROW_NOT_BEGUN;
	P->p.quoted = 0;
	P->p.spaces = 0;
	P->p.entry_pos = 0;
	P->p.status = 0;
	P->rec_bytes = 0;
	P->rec_too_big = P->overflow = false;
}

static void parse_begin(struct parser *P, struct job *j)
{
	P->j = j;
	P->fq_next = P->rq_next = 0;
	P->cur_first = P->rec_fq = P->nrecs = 0;
	P->nfc_check = true;
	P->nfc_mapped = false;
	reset_row(P); /* a job begins between records */
	j->nfields = j->nitems = 0;
	j->last = false;
	strbuf_reset(&j->vals);
	/* values are no longer than the bytes, but for NFC: they stay put */
	strbuf_grow(&j->vals, j->len + j->nfq + 16);
}

/*
 * Feed b[0, n) to libcsv, keeping the beginning of huge fields. False
 * when libcsv refuses bytes the splitter accepted (which cannot happen).
 */
static bool parse_piece(struct parser *P, const unsigned char *b, size_t n)
{
	size_t from = 0;

	while (from < n) {
		size_t k = csv_parse(&P->p, b + from, n - from, on_field,
				     on_row, P);

		from += k;
		if (from >= n)
			break;
		if (csv_error(&P->p) != CSV_ENOMEM)
			return false;
		if (!P->overflow) {
			if (!P->overflow_buf)
				P->overflow_buf = xmalloc(CSV_FIELD_CAP + 2);
			P->overflow_len = P->p.entry_pos > CSV_FIELD_CAP ?
					  CSV_FIELD_CAP : P->p.entry_pos;
			memcpy(P->overflow_buf, P->p.entry_buf, P->overflow_len);
			P->overflow = true;
		}
		/*
		 * Free libcsv's buffer but its last byte, which may be a
		 * closing quote it will take back, and forget the spaces it
		 * counted (they are in the snapshot): the value comes from
		 * overflow_buf anyway.
		 */
		P->p.entry_buf[0] = P->p.entry_buf[P->p.entry_pos - 1];
		P->p.entry_pos = 1;
		P->p.spaces = 0;
		P->p.status = 0;
	}
	return true;
}

/*
 * The end of a job: its error, or the end of the file; then the values.
 * bad (a struct csv_error of the bytes, or NULL) comes before them.
 */
static void parse_end(struct parser *P, struct job *j, bool broken,
		      const struct csv_error *bad)
{
	size_t i;

	if (broken) {
		/* stop rather than go astray */
		struct csv_error q = { CSV_ERR_QUOTE, true, j->line, j->col,
				       0, '"' };

		push_error(j, &q);
	} else if (bad) {
		/* the record with a byte that is not text, and all after it */
		j->nfields = P->cur_first;
		push_error(j, bad);
	} else if (j->has_err) {
		push_error(j, &j->err);
		/* the row that failed half-way is forgotten */
		j->nfields = P->cur_first;
	} else if (j->end) {
		csv_fini(&P->p, on_field, on_row, P);
	}
	if (j->end)
		j->last = true;
	for (i = 0; i < j->nfields; i++)
		j->fields[i].value = j->vals.buf + j->voff[i];
}

/*
 * Where the bytes of a job stop being text: the first byte at or after
 * from that is not UTF-8 (bad, < to), placed in e, and the offset up to
 * which libcsv may take them (the end of the last row before it).
 */
static size_t place_bad(const struct job *j, size_t from, size_t bad,
			struct csv_error *e)
{
	const struct pos *at = NULL;
	struct rawcheck rc;
	size_t upto = from, k;

	for (k = 0; k < j->nrq && j->rq[k].off < bad; k++)
		if (j->rq[k].off >= from)
			upto = j->rq[k].off + 1;
	for (k = 0; k < j->nfq && !at; k++)
		if (j->fq[k].off >= upto)
			at = &j->fq[k];
	if (at) {
		rawcheck_start(&rc, at->line, at->col);
		if (!rawcheck_run(&rc, j->bytes + at->off, j->len - at->off,
				  true, e))
			at = NULL;
	}
	if (!at) {
		/* cannot happen: the bad byte begins a field's text */
		struct csv_error f = { CSV_ERR_ENCODING, true, j->line, j->col,
				       0, j->bytes[bad] };

		*e = f;
	}
	return upto;
}

/* After a malformed row: libcsv and the queues go on past it. */
static void skip_break(struct parser *P, struct job *j, const struct brk *k)
{
	push_error(j, &k->err);
	j->nfields = P->cur_first;
	reset_row(P);
	P->fq_next = P->rec_fq = k->nfq;
	P->rq_next = k->nrq;
}

/*
 * Feed libcsv the job's bytes up to upto, leaving out the first nb
 * malformed rows (which end before it). False as parse_piece().
 */
static bool parse_pieces(struct parser *P, struct job *j,
			 const unsigned char *bytes, size_t nb, size_t upto)
{
	size_t b, from = 0;
	bool ok = true;

	for (b = 0; b < nb && ok; b++) {
		ok = parse_piece(P, bytes + from, j->breaks[b].off - from);
		skip_break(P, j, &j->breaks[b]);
		from = j->breaks[b].resume;
	}
	return ok && parse_piece(P, bytes + from, upto - from);
}

/*
 * Parse a job, a piece at a time between the malformed rows the splitter
 * left out. Each piece is checked as UTF-8 first, all at once: when a byte
 * is not, libcsv parses the records before the one holding it, and the
 * job ends with the encoding error at its place.
 */
static void parse_job(struct parser *P, struct job *j)
{
	/* (an empty job may have no buffer yet: no arithmetic on NULL) */
	const unsigned char *bytes = j->bytes ? j->bytes :
				     (const unsigned char *)"";
	struct csv_error e;
	size_t from = 0, b, k;
	bool nfc = false, mapped = true;

	parse_begin(P, j);
	k = j->len / 16 / 64 + 2;
	XGROW(j->nfc_map, k, j->nfc_map_cap);
	memset(j->nfc_map, 0, k * sizeof(*j->nfc_map));
	/* first the check of every piece: the NFC map must be whole */
	for (b = 0; b <= j->nbreaks; b++) {
		size_t to = b < j->nbreaks ? j->breaks[b].off : j->len, bad;
		bool m;

		bad = from + utf8_first_bad(bytes + from, to - from, &nfc,
					    j->nfc_map, from, &m);
		mapped &= m;
		if (bad < to) {
			size_t upto = place_bad(j, from, bad, &e);

			/* the pieces before, then this one up to its bad row */
			P->nfc_check = true;
			P->nfc_mapped = false;
			parse_end(P, j, !parse_pieces(P, j, bytes, b, upto), &e);
			return;
		}
		if (b < j->nbreaks)
			from = j->breaks[b].resume;
	}
	P->nfc_check = nfc;
	P->nfc_mapped = mapped;
	parse_end(P, j, !parse_pieces(P, j, bytes, j->nbreaks, j->len), NULL);
}

/* ---- jobs between the steps --------------------------------------------- */

static struct job *slot(struct csv_reader *r, unsigned long seq)
{
	return &r->jobs[seq % r->nslots];
}

/* The next job for the splitter to fill; NULL when the reader closes. */
static struct job *split_slot(struct csv_reader *r)
{
	struct job *j = slot(r, r->nship);

	if (!r->async)
		return j;
	pthread_mutex_lock(&r->lock);
	while (j->state != J_FREE && !r->stop)
		pthread_cond_wait(&r->can_split, &r->lock);
	if (r->stop)
		j = NULL;
	pthread_mutex_unlock(&r->lock);
	return j;
}

/* Hand a filled job on: to the parsers, or, solo, to the caller. */
static void ship(struct csv_reader *r, struct job *j)
{
	bool last = j->end || (j->has_err && j->err.fatal);

	if (r->async)
		pthread_mutex_lock(&r->lock);
	j->state = j->solo ? J_PARSED : J_SCANNED;
	j->seq = r->nship++;
	if (last)
		r->split_done = true;
	if (r->async) {
		pthread_cond_broadcast(&r->can_parse);
		pthread_cond_broadcast(&r->can_take);
		pthread_mutex_unlock(&r->lock);
	}
}

/* After a malformed row: skip the rest of its line, then read on. */
static void after_error(struct csv_reader *r, struct job *j)
{
	if (j->err.fatal) {
		j->len = r->scan; /* libcsv sees nothing from the error on */
		return;
	}
	carry_out(r, j, r->scan, false);
	r->ms = ROW_NOT_BEGUN;
	r->pending_cr = false;
	r->rec_fq = -1;
	r->skipping = true;
}

/*
 * Check and parse what was scanned of the solo job j, then forget those
 * bytes. True when the raw check met a byte that is not text: the job
 * then ends with that error.
 */
static bool solo_feed(struct csv_reader *r, struct job *j, bool last)
{
	struct parser *P = r->solo;
	struct csv_error e;
	size_t n = r->scan;

	if (rawcheck_run(&r->solo_check, j->bytes, n, last, &e)) {
		j->has_err = true;
		j->err = e;
		return true;
	}
	if (!parse_piece(P, j->bytes, n))
		return true;
	job_drop(r, j, n);
	r->scan = 0;
	/* the positions libcsv has taken */
	if (P->fq_next) {
		memmove(j->fq, j->fq + P->fq_next,
			(j->nfq - P->fq_next) * sizeof(*j->fq));
		j->nfq -= P->fq_next;
		P->fq_next = 0;
	}
	if (P->rq_next) {
		memmove(j->rq, j->rq + P->rq_next,
			(j->nrq - P->rq_next) * sizeof(*j->rq));
		j->nrq -= P->rq_next;
		P->rq_next = 0;
	}
	P->rec_fq = 0;
	r->rec_fq = r->rec_fq >= 0 ? 0 : -1;
	return false;
}

/*
 * A record longer than a job: the splitter checks and parses it itself as
 * it reads it, and forgets its bytes, so that memory stays bounded.
 */
static void split_solo(struct csv_reader *r)
{
	struct job *j = split_slot(r);
	enum scan_result sr = SCAN_MORE;
	bool broken = false;

	if (!j)
		return;
	carry_in(r, j);
	j->solo = true;
	j->pre_on = false;
	if (!r->solo)
		r->solo = parser_new(r->delim);
	parse_begin(r->solo, j);
	if (j->nfq)
		rawcheck_start(&r->solo_check, j->fq[0].line, j->fq[0].col);
	else
		rawcheck_start(&r->solo_check, r->line, j->col);
	for (;;) {
		if (__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE))
			return; /* the reader closes */
		if (solo_feed(r, j, sr != SCAN_MORE)) {
			broken = !j->has_err;
			break;
		}
		if (sr != SCAN_MORE || j->has_err)
			break;
		if (r->eof) {
			struct csv_error e;

			/* a character cut by the end of the file */
			if (rawcheck_run(&r->solo_check, NULL, 0, true, &e)) {
				j->has_err = true;
				j->err = e;
			} else {
				finish(r, j);
			}
			break;
		}
		read_more(r, j);
		if (!j->has_err)
			sr = scan_job(r, j, true);
	}
	parse_end(r->solo, j, broken, NULL);
	if (sr == SCAN_ERROR && !j->err.fatal)
		after_error(r, j);
	else if (sr == SCAN_ROW_END)
		carry_out(r, j, 0, false);
	ship(r, j);
}

/*
 * Fill the next job with whole records (JOB_BYTES or so), or up to an
 * error or the end of the file, and ship it; a record longer than a job
 * goes on as a solo job of its own.
 */
static void split_job(struct csv_reader *r)
{
	struct job *j = split_slot(r);

	if (!j)
		return;
	carry_in(r, j);
	if (!r->started && !start(r, j)) {
		j->len = 0; /* not a text file: no byte of it is parsed */
		ship(r, j);
		return;
	}
	for (;;) {
		enum scan_result sr = SCAN_MORE;
		size_t tail;

		if (__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE))
			return; /* the reader closes */
		if (r->skipping && r->skip_open) {
			skip_in_job(r, j);
			/* malformed rows count against the budget too */
			if (!r->skipping && (j->nrq + j->nbreaks >= JOB_RECORDS ||
					     j->nfq >= JOB_FIELDS)) {
				carry_out(r, j, r->scan, true);
				ship(r, j);
				return;
			}
		} else if (r->skipping)
			skip_line(r, j); /* a line begun in the last job */
		if (!r->skipping) {
			sr = scan_job(r, j, false);
			if (sr == SCAN_ERROR && j->err.fatal) {
				after_error(r, j);
				ship(r, j);
				return;
			}
			if (sr == SCAN_ERROR) {
				open_break(r, j);
				continue;
			}
		}
		tail = r->rec_fq >= 0 ? j->fq[r->rec_fq].off : r->scan;
		if ((sr == SCAN_ROW_END || j->len >= r->job_bytes) && tail > 0) {
			if (r->skip_open) {
				/* the line goes on in the next job: its
				   bytes are dropped there */
				r->skip_open = false;
				tail = j->len;
			}
			carry_out(r, j, tail, true);
			ship(r, j);
			return;
		}
		/* a record longer than a job, or of more cells than a record
		   may have (it is refused, but its cells would pile up) */
		if (j->len - tail > r->solo_bytes ||
		    (r->rec_fq >= 0 &&
		     j->nfq - (size_t)r->rec_fq > RECORD_FIELDS_CAP + 1)) {
			carry_out(r, j, tail, true);
			ship(r, j);
			split_solo(r);
			return;
		}
		if (r->eof) {
			r->skip_open = false;
			finish(r, j);
			ship(r, j);
			return;
		}
		read_more(r, j);
		if (j->has_err) {
			r->skip_open = false;
			ship(r, j);
			return;
		}
	}
}

static void *split_thread(void *arg)
{
	struct csv_reader *r = arg;
	bool go_on = true;

	while (go_on) {
		split_job(r);
		pthread_mutex_lock(&r->lock);
		go_on = !r->split_done && !r->stop;
		pthread_mutex_unlock(&r->lock);
	}
	return NULL;
}

static void *parse_thread(void *arg)
{
	struct csv_reader *r = arg;
	struct parser *P = NULL;

	for (;;) {
		struct job *j = NULL;

		pthread_mutex_lock(&r->lock);
		while (!r->stop) {
			if (r->nclaim < r->nship) {
				j = slot(r, r->nclaim);
				/* a solo job, parsed already, may even be
				   taken and its slot in use again */
				if (j->seq == r->nclaim++ && j->state == J_SCANNED) {
					j->state = J_PARSING;
					j->pre_on = r->pc_on;
					j->pc = r->pc;
					break;
				}
				j = NULL;
				continue;
			}
			if (r->split_done)
				break;
			pthread_cond_wait(&r->can_parse, &r->lock);
		}
		pthread_mutex_unlock(&r->lock);
		if (!j)
			break;
		if (!P)
			P = parser_new(r->delim);
		parse_job(P, j);
		pthread_mutex_lock(&r->lock);
		j->state = J_PARSED;
		pthread_cond_broadcast(&r->can_take);
		pthread_mutex_unlock(&r->lock);
	}
	parser_free(P);
	return NULL;
}

/* The next job for the caller, parsed. */
static struct job *take(struct csv_reader *r)
{
	struct job *j = slot(r, r->ntake);

	if (!r->async) {
		while (r->ntake == r->nship && !r->split_done)
			split_job(r);
		if (r->ntake == r->nship)
			return NULL;
		if (j->state == J_SCANNED) {
			j->pre_on = r->pc_on;
			j->pc = r->pc;
			if (!r->own)
				r->own = parser_new(r->delim);
			parse_job(r->own, j);
			j->state = J_PARSED;
		}
		return j;
	}
	if (!r->splitter_started)
		start_threads(r);
	pthread_mutex_lock(&r->lock);
	while (!(r->ntake < r->nship && j->state == J_PARSED) &&
	       !(r->split_done && r->ntake == r->nship))
		pthread_cond_wait(&r->can_take, &r->lock);
	if (r->ntake == r->nship)
		j = NULL;
	pthread_mutex_unlock(&r->lock);
	return j;
}

static void give_back(struct csv_reader *r, struct job *j)
{
	if (r->async)
		pthread_mutex_lock(&r->lock);
	j->state = J_FREE;
	r->ntake++;
	if (r->async) {
		pthread_cond_broadcast(&r->can_split);
		pthread_mutex_unlock(&r->lock);
	}
}

int csv_reader_next(struct csv_reader *r, const struct csv_record **rec)
{
	for (;;) {
		struct job *j = r->cur;

		if (j && r->next_item < j->nitems) {
			const struct item *it = &j->items[r->next_item++];

			if (it->is_error) {
				r->err = it->err;
				return -1;
			}
			r->rec.fields = j->fields + it->first;
			r->rec.nfields = it->n;
			r->rec.line = it->line;
			r->rec.end_line = it->end_line;
			r->rec.end_col = it->end_col;
			r->rec.pre = j->pre_on ? j->pre + it->rec *
				     j->pc.out_size : NULL;
			*rec = &r->rec;
			return 1;
		}
		if (r->done)
			return 0;
		if (j) {
			r->done = j->last;
			r->cur = NULL;
			give_back(r, j);
			continue;
		}
		r->cur = take(r);
		r->next_item = 0;
		if (!r->cur)
			r->done = true; /* cannot happen: the last job says so */
	}
}

const void *csv_reader_peek_pre(const struct csv_reader *r)
{
	const struct job *j = r->cur;

	if (!j || !j->pre_on || r->next_item >= j->nitems ||
	    j->items[r->next_item].is_error)
		return NULL;
	return j->pre + j->items[r->next_item].rec * j->pc.out_size;
}

void csv_reader_set_precheck(struct csv_reader *r,
			     const struct csv_precheck *pc)
{
	if (r->async)
		pthread_mutex_lock(&r->lock);
	r->pc = *pc;
	r->pc_on = true;
	if (r->async)
		pthread_mutex_unlock(&r->lock);
}

void csv_write_field(struct strbuf *out, const char *s, char delim)
{
	size_t n = strlen(s), need;
	bool quote = n && (s[0] == ' ' || s[n - 1] == ' ');

	if (!quote)
		quote = strpbrk(s, "\"\r\n") || strchr(s, delim);
	if (!quote) {
		strbuf_add(out, s, n);
		return;
	}
	need = csv_write(NULL, 0, s, n);
	strbuf_grow(out, need);
	csv_write(out->buf + out->len, need, s, n);
	strbuf_setlen(out, out->len + need);
}
