/*
 * csv_split: the insides of csv_reader shared by its two files, and the
 * splitter's part of the work (csv_split.c). No other module includes it.
 *
 * The splitter reads the file (decoding UTF-16 to UTF-8 as it reads),
 * tells what the file is and its delimiter from its beginning, and follows
 * libcsv's state machine over the bytes to cut them into jobs of whole
 * records, queueing where each field starts and each row ends;
 * csv_reader.c ships the jobs, parses them with libcsv and hands the
 * records out.
 */
#ifndef TIENDO_CSV_SPLIT_H
#define TIENDO_CSV_SPLIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "csv_reader.h"
#include "csv_utf8.h"
#include "strbuf.h"
#include "text.h"

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
	struct csv_rawcheck solo_check;

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

enum scan_result { SCAN_MORE, SCAN_ERROR, SCAN_ROW_END };

/**
 * Read up to r->chunk more bytes of the file at the end of j (decoded, in
 * a UTF-16 file); r->eof once the file has no more. A read error ends j
 * (j->has_err).
 */
void csv_split_read(struct csv_reader *r, struct job *j);

/** Drop the first n bytes of j (a BOM, a "sep=" line, a skipped row). */
void csv_split_drop(struct csv_reader *r, struct job *j, size_t n);

/**
 * The beginning of the file, read into j: what it is (UTF-16 with a BOM is
 * decoded from then on; without one, and workbooks, end j with an error),
 * its BOM, its delimiter. False when j ends the file already.
 */
bool csv_split_start(struct csv_reader *r, struct job *j);

/**
 * Run the machine over j->bytes[r->scan, j->len). Returns SCAN_MORE when
 * it wants more bytes, SCAN_ERROR when it ended the job with an error at
 * r->scan, and SCAN_ROW_END just after a row end when stop_at_row_end or
 * when the job holds JOB_RECORDS records or JOB_FIELDS fields.
 */
enum scan_result csv_split_scan(struct csv_reader *r, struct job *j,
				bool stop_at_row_end);

/** The end of the file: the last field and row, or a quote never closed. */
void csv_split_finish(struct csv_reader *r, struct job *j);

/** Drop the bytes of a malformed row begun in the last job, to its end. */
void csv_split_skip_line(struct csv_reader *r, struct job *j);

/** A malformed row in the middle of j: the job goes on past its line. */
void csv_split_open_break(struct csv_reader *r, struct job *j);

/** Skip on to the line end, in the job: its last break ends there. */
void csv_split_skip_in_job(struct csv_reader *r, struct job *j);

/**
 * Move j's bytes from `from` on, and the field starts of its unfinished
 * record when with_fields, to r->carry (for the next job).
 */
void csv_split_carry_out(struct csv_reader *r, struct job *j, size_t from,
			 bool with_fields);

/** Take over r->carry into the empty job j. */
void csv_split_carry_in(struct csv_reader *r, struct job *j);

#endif
