/*
 * csv_utf8: the checks of a CSV file's bytes as UTF-8, fast over a job's
 * bytes and placed by line and column over a record read in pieces (used
 * by csv_reader only).
 */
#ifndef TIENDO_CSV_UTF8_H
#define TIENDO_CSV_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csv_reader.h"

/** True when s[0, n) is the beginning of a valid multi-byte sequence. */
bool csv_utf8_incomplete(const unsigned char *s, size_t n);

/**
 * The offset of the first byte of s[0, n) that does not begin a valid
 * UTF-8 character (as text_decode() judges), or n. *nfc is set when a
 * character from U+0300 on may change in NFC, but for the precomposed
 * Vietnamese letters and punctuation, which text_nfc() would pass at once.
 */
size_t csv_utf8_scan(const unsigned char *s, size_t n, bool *nfc);

/**
 * As csv_utf8_scan(), sixteen bytes at a time where the processor has
 * SSSE3 (a character cut by the end is not valid). map (n / 16 bits,
 * zero) gets a bit for each sixteen-byte block, counted from base, that
 * holds a character NFC may change; *mapped tells whether it did (else
 * every value must be looked at).
 */
size_t csv_utf8_first_bad(const unsigned char *s, size_t n, bool *nfc,
			  uint64_t *map, size_t base, bool *mapped);

/* The raw check of a record's bytes: where a character is not text. */
struct csv_rawcheck {
	unsigned long line, col;
	bool pending_cr;
	unsigned char cut[4];   /* a character cut by the end of a piece */
	size_t ncut;
};

/** Start k at line and col (the bytes it will see begin there). */
void csv_rawcheck_start(struct csv_rawcheck *k, unsigned long line,
			unsigned long col);

/**
 * Read b[0, n) as the bytes that follow those k has seen, counting lines
 * and columns as an editor does. Returns true and fills *e (line, column
 * and byte; fatal) at the first byte that is not text: not UTF-8, or a
 * control byte. A character cut at the end is kept for the next piece,
 * or, when last, is not text.
 */
bool csv_rawcheck_run(struct csv_rawcheck *k, const unsigned char *b,
		      size_t n, bool last, struct csv_error *e);

#endif
