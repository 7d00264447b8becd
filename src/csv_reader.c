/*
 * csv_reader: libcsv behind a record-at-a-time interface that knows where
 * every field stands in the file.
 *
 * libcsv reports field contents but not positions, so a file is read in
 * three steps, over jobs: pieces of the file of about JOB_BYTES, cut
 * between records.
 *
 *  1. The splitter (csv_split.c) reads bytes into a job (a UTF-16 file
 *     decoded to UTF-8 as it is read) and follows libcsv's own state
 *     machine over them (same states, same strict-mode errors), sixteen
 *     bytes at a time inside fields: it stops only at quotes, delimiters,
 *     line ends and control bytes, and counts columns from the UTF-8
 *     continuation bytes it passes. It queues the position where each
 *     field starts and each row ends, and ends a job early at a malformed
 *     row (a stray quote, text after a closing quote, skipped to the end of
 *     its line) or at a control byte (binary junk: the end of the file).
 *  2. A parser checks the job's bytes as UTF-8 in one pass, sixteen at a
 *     time (csv_utf8.c; a byte that is not ends the file with an encoding
 *     error, after the records before it), then runs libcsv over them. Its
 *     callbacks normalise values to NFC where a character may need it, trim
 *     quoted values and pair each with its position; a precheck the caller
 *     set (csv_reader_set_precheck) then runs on each record while it is
 *     hot.
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

#include "csv_split.h"
#include "csv_utf8.h"
#include "infile.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

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

	/* regular files only: a FIFO or a device must not hang a run */
	r->fp = infile_fopen(path, NULL);
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
		k = csv_utf8_scan((const unsigned char *)v, n, &nfc);
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
		csv_utf8_scan((const unsigned char *)v, n, &nfc);
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
	struct csv_rawcheck rc;
	size_t upto = from, k;

	for (k = 0; k < j->nrq && j->rq[k].off < bad; k++)
		if (j->rq[k].off >= from)
			upto = j->rq[k].off + 1;
	for (k = 0; k < j->nfq && !at; k++)
		if (j->fq[k].off >= upto)
			at = &j->fq[k];
	if (at) {
		csv_rawcheck_start(&rc, at->line, at->col);
		if (!csv_rawcheck_run(&rc, j->bytes + at->off, j->len - at->off,
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

		bad = from + csv_utf8_first_bad(bytes + from, to - from, &nfc,
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
	csv_split_carry_out(r, j, r->scan, false);
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

	if (csv_rawcheck_run(&r->solo_check, j->bytes, n, last, &e)) {
		j->has_err = true;
		j->err = e;
		return true;
	}
	if (!parse_piece(P, j->bytes, n))
		return true;
	csv_split_drop(r, j, n);
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
	csv_split_carry_in(r, j);
	j->solo = true;
	j->pre_on = false;
	if (!r->solo)
		r->solo = parser_new(r->delim);
	parse_begin(r->solo, j);
	if (j->nfq)
		csv_rawcheck_start(&r->solo_check, j->fq[0].line, j->fq[0].col);
	else
		csv_rawcheck_start(&r->solo_check, r->line, j->col);
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
			if (csv_rawcheck_run(&r->solo_check, NULL, 0, true, &e)) {
				j->has_err = true;
				j->err = e;
			} else {
				csv_split_finish(r, j);
			}
			break;
		}
		csv_split_read(r, j);
		if (!j->has_err)
			sr = csv_split_scan(r, j, true);
	}
	parse_end(r->solo, j, broken, NULL);
	if (sr == SCAN_ERROR && !j->err.fatal)
		after_error(r, j);
	else if (sr == SCAN_ROW_END)
		csv_split_carry_out(r, j, 0, false);
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
	csv_split_carry_in(r, j);
	if (!r->started && !csv_split_start(r, j)) {
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
			csv_split_skip_in_job(r, j);
			/* malformed rows count against the budget too */
			if (!r->skipping && (j->nrq + j->nbreaks >= JOB_RECORDS ||
					     j->nfq >= JOB_FIELDS)) {
				csv_split_carry_out(r, j, r->scan, true);
				ship(r, j);
				return;
			}
		} else if (r->skipping)
			csv_split_skip_line(r, j); /* a line begun in the last job */
		if (!r->skipping) {
			sr = csv_split_scan(r, j, false);
			if (sr == SCAN_ERROR && j->err.fatal) {
				after_error(r, j);
				ship(r, j);
				return;
			}
			if (sr == SCAN_ERROR) {
				csv_split_open_break(r, j);
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
			csv_split_carry_out(r, j, tail, true);
			ship(r, j);
			return;
		}
		/* a record longer than a job, or of more cells than a record
		   may have (it is refused, but its cells would pile up) */
		if (j->len - tail > r->solo_bytes ||
		    (r->rec_fq >= 0 &&
		     j->nfq - (size_t)r->rec_fq > RECORD_FIELDS_CAP + 1)) {
			csv_split_carry_out(r, j, tail, true);
			ship(r, j);
			split_solo(r);
			return;
		}
		if (r->eof) {
			r->skip_open = false;
			csv_split_finish(r, j);
			ship(r, j);
			return;
		}
		csv_split_read(r, j);
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
