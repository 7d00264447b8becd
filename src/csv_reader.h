/*
 * csv_reader: streams records out of a CSV file as real exports make them
 * (the one module that uses libcsv).
 *
 * It strips a UTF-8 BOM, decodes UTF-16 that begins with its BOM (Excel's
 * "Unicode Text") to UTF-8 as it reads, sniffs ',' ';' or TAB from the
 * header line (and
 * honours Excel's "sep=;" first line), reads CRLF, LF or CR line ends and
 * quoted fields with delimiters, quotes and newlines inside, normalises
 * every value to NFC, and gives each field the physical line and column
 * (1-based, in characters) where it starts, as an editor shows them.
 * Values carry no edge white space: libcsv trims unquoted fields, and the
 * reader trims quoted ones too.
 * Memory stays bounded: a field longer than CSV_FIELD_CAP bytes keeps only
 * its beginning and is marked truncated.
 */
#ifndef TIENDO_CSV_READER_H
#define TIENDO_CSV_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct strbuf;

/** Longest field value kept in memory, in bytes (smaller for fuzzing). */
#ifndef CSV_FIELD_CAP
#define CSV_FIELD_CAP (64 * 1024)
#endif

struct csv_field {
	const char *value;    /* NUL-terminated UTF-8 in NFC; owned by the reader */
	size_t len;           /* bytes in value */
	unsigned long line;   /* physical line of its first character */
	unsigned long col;    /* column of its first character (the quote if quoted) */
	bool quoted;          /* written between quotes */
	bool truncated;       /* longer than CSV_FIELD_CAP; value is its beginning */
};

/*
 * The values of a record lie one after another in memory, in order, each
 * with its NUL: a record can be copied in one piece, from the first
 * value's start to the last value's NUL.
 */
struct csv_record {
	const struct csv_field *fields;
	size_t nfields;
	unsigned long line;     /* physical line where the record starts */
	unsigned long end_line; /* physical line where it ends */
	unsigned long end_col;  /* column just past its last character */
	void *pre;              /* what the precheck wrote for it, or NULL */
};

enum csv_error_kind {
	CSV_ERR_NONE,
	CSV_ERR_IO,        /* cannot open or read the file (errno in sys_errno) */
	CSV_ERR_ENCODING,  /* bytes that are not UTF-8, or in a UTF-16 file a
			      broken character (byte TEXT_UTF16_FAULT); the
			      file is rejected */
	CSV_ERR_UTF16,     /* a UTF-16 file without a BOM (LE or BE?) */
	CSV_ERR_BINARY,    /* NUL or control bytes: not a text file */
	CSV_ERR_WORKBOOK,  /* an Excel workbook (.xlsx/.xls) saved under .csv */
	CSV_ERR_QUOTE,     /* a quote inside an unquoted field; row skipped */
	CSV_ERR_AFTER_QUOTE, /* text after a closing quote; row skipped */
	CSV_ERR_UNCLOSED,  /* a quote never closed before the end of the file */
	CSV_ERR_TOO_BIG    /* a record of over 1024 cells or 1 MiB; skipped */
};

struct csv_error {
	enum csv_error_kind kind;
	bool fatal;          /* nothing more can be read from this file */
	unsigned long line;  /* where the problem is, 1-based */
	unsigned long col;
	int sys_errno;       /* for CSV_ERR_IO */
	unsigned char byte;  /* the offending byte, for ENCODING and BINARY */
};

struct csv_reader;

/**
 * Open path for reading. Never returns NULL: when the file cannot be
 * opened the first csv_reader_next() reports CSV_ERR_IO. The caller closes
 * with csv_reader_close().
 */
struct csv_reader *csv_reader_open(const char *path);

/**
 * As csv_reader_open(), with reading and parsing in threads of their own
 * (a splitter, and two libcsv parsers side by side), a few jobs ahead of
 * the caller; for big files on more than one core. Same records and
 * errors, in the same order.
 */
struct csv_reader *csv_reader_open_async(const char *path);

/**
 * For tests: read in pieces of chunk bytes, ship jobs of job_bytes, and
 * parse records longer than solo_bytes as they are read (by default 64
 * KiB, 128 KiB and 4 * CSV_FIELD_CAP). Small sizes take every input over
 * the boundaries between pieces; the records are the same. Call before
 * the first csv_reader_next().
 */
void csv_reader_set_limits(struct csv_reader *r, size_t chunk,
			   size_t job_bytes, size_t solo_bytes);

/**
 * Work the reader may do on each record before the caller takes it, in
 * its own threads (csv_reader_open_async) or, without threads, as it
 * parses: check(state, rec, out) writes up to out_size bytes at out,
 * which the record then brings along as rec->pre. Each thread makes its
 * state with new_state(ctx) and frees it with free_state(state) (both
 * may be NULL: the state is then ctx). check() may run in any thread, in
 * any order, and for records the caller never takes. Records parsed
 * before it is set come with pre NULL. Everything it uses must outlive
 * the reader.
 */
struct csv_precheck {
	void *(*new_state)(void *ctx);
	void (*check)(void *state, const struct csv_record *rec, void *out);
	void (*free_state)(void *state);
	void *ctx;
	size_t out_size;        /* a multiple of 8 */
};

/**
 * What the precheck wrote for the record the next csv_reader_next() will
 * return, when it is at hand already (to prefetch what it needs), or NULL.
 */
const void *csv_reader_peek_pre(const struct csv_reader *r);

/** Check the records parsed from now on with pc (copied). */
void csv_reader_set_precheck(struct csv_reader *r,
			     const struct csv_precheck *pc);

/** Read from an open stream, which the reader closes (tests, fuzzing). */
struct csv_reader *csv_reader_open_stream(FILE *fp);

/** Read from n bytes at data (not copied: must outlive the reader). */
struct csv_reader *csv_reader_open_mem(const void *data, size_t n);

/**
 * Read the next record. Returns 1 and sets *rec (valid until the next
 * call), 0 at the end of the file, or -1 on an error described by
 * csv_reader_error(). After a non-fatal error (a malformed row) the next
 * call goes on from the following line; after a fatal one it returns 0.
 */
int csv_reader_next(struct csv_reader *r, const struct csv_record **rec);

/** The last error returned by csv_reader_next(). */
const struct csv_error *csv_reader_error(const struct csv_reader *r);

/** The delimiter in use (known after the first call to next). */
char csv_reader_delimiter(const struct csv_reader *r);

/** True when the file began with a UTF-8 byte order mark. */
bool csv_reader_had_bom(const struct csv_reader *r);

/**
 * True when the file is UTF-16 with its byte order mark, read decoded to
 * UTF-8 (known after the first call to next): positions are still in
 * characters, and a CSV_ERR_ENCODING is a broken UTF-16 character.
 */
bool csv_reader_utf16(const struct csv_reader *r);

/** What the beginning of a file says it is. */
enum csv_format {
	CSV_FMT_TEXT,      /* text, as far as its beginning tells */
	CSV_FMT_PNG,       /* images */
	CSV_FMT_JPEG,
	CSV_FMT_GIF,
	CSV_FMT_PDF,
	CSV_FMT_ZIP,       /* a ZIP archive that is no workbook */
	CSV_FMT_WORKBOOK,  /* .xlsx, .xls or .ods (CSV_ERR_WORKBOOK) */
	CSV_FMT_BINARY     /* many control bytes: no text at all */
};

/**
 * What the file looks like from its first 64 KiB (known after the first
 * call to next): its magic number, or a share of control bytes no text
 * has. The records and errors do not depend on it: a caller that sees
 * anything but CSV_FMT_TEXT should refuse the file as not a CSV.
 */
enum csv_format csv_reader_format(const struct csv_reader *r);

/** Close and free; accepts NULL. */
void csv_reader_close(struct csv_reader *r);

/**
 * Append s to out as one CSV field, quoted when it holds the delimiter, a
 * quote, a line break or edge spaces (quotes doubled inside).
 */
void csv_write_field(struct strbuf *out, const char *s, char delim);

#endif
