/*
 * escape: writing names and text safely into each output tiendo makes.
 *
 * A file name is any bytes but '/' and NUL: a newline, an ESC that turns
 * a terminal red, bytes that are not UTF-8. A value a clerk typed may
 * begin with '=', which Excel runs as a formula. Every output goes
 * through one of these writers, so that no name or value can break the
 * format it is written in, nor act on what shows it:
 *
 *   - escape_name():   a name shown anywhere (text, JSON, CSV): the same
 *                      printable text everywhere, that can be undone;
 *   - escape_text():   prose for a terminal (messages, values in them);
 *   - escape_json_string(): a JSON string, valid UTF-8 whatever s holds;
 *   - escape_csv_cell(): a CSV cell Excel shows and never runs.
 *
 * The rule, the same in every output: a byte that is not part of valid
 * UTF-8 is written as the four characters \xNN (lowercase hex); so is
 * each byte of a control character (C0, DEL, C1) and of the invisible
 * characters that reorder or break lines on a screen (U+061C, U+200E,
 * U+200F, U+2028 to U+202E, U+2066 to U+2069), except \n, \r and \t,
 * written so. In a name a backslash is doubled, so the escaped name
 * reads back to exactly its bytes; in prose it is left as is.
 */
#ifndef TIENDO_ESCAPE_H
#define TIENDO_ESCAPE_H

#include <stdbool.h>
#include <stdio.h>

#include "strbuf.h"

/**
 * Append name (a file name or path, NUL-terminated) to sb escaped by the
 * rule above, a backslash doubled: printable UTF-8 is kept as it is
 * ("Bộ Tài chính.csv" is unchanged), "a\nb\x1b[31m.csv" becomes the text
 * a\nb\x1b[31m.csv and the byte 0xFF the text \xff.
 */
void escape_name(struct strbuf *sb, const char *name);

/**
 * Append prose s to sb for a terminal: the rule above, a backslash kept.
 * Applied to the output of escape_name() it changes nothing.
 */
void escape_text(struct strbuf *sb, const char *s);

/**
 * escape_name() into a new string the caller frees; NULL gives NULL.
 */
char *escape_name_dup(const char *name);

/**
 * Write s to out as a JSON string ("null" for NULL): quotes, backslashes
 * and control characters escaped as JSON has them, a byte that is not
 * UTF-8 written as the text \xNN (JSON "\\xNN"), so the document is
 * always valid UTF-8 and valid JSON.
 */
void escape_json_string(FILE *out, const char *s);

/**
 * True when s is a plain decimal number: an optional sign, digits with
 * at most one '.' or ',' among or before them, an optional exponent
 * ("-0.7", "+84", "45,5", "1e3"). Such a cell is a number to Excel and
 * never a formula.
 */
bool escape_is_number(const char *s);

/**
 * Append s (NULL as empty) to sb as one cell of a comma separated file:
 * bytes that are not UTF-8 written as \xNN; a cell that begins with '=',
 * '+', '-', '@', TAB, CR, LF or their fullwidth forms (U+FF1D, U+FF0B,
 * U+FF0D, U+FF20), and is not a plain number (escape_is_number()), gets a
 * leading apostrophe, as OWASP advises against formula injection; then
 * quoted as CSV needs (a comma, quote or line break inside, a space at
 * either end).
 */
void escape_csv_cell(struct strbuf *sb, const char *s);

#endif
