/*
 * pattern: whole-value regular expressions (the one module that uses PCRE2).
 *
 * Patterns are compiled once in UTF and UCP mode, anchored to the whole
 * value, JIT-compiled when the platform allows, and matched under match,
 * depth and heap limits so that no pattern can hang a run.
 */
#ifndef TIENDO_PATTERN_H
#define TIENDO_PATTERN_H

#include <stddef.h>

struct pattern;

/**
 * Compile source so that it must match a whole value.
 * Returns NULL on a syntax error and writes a message and the 1-based
 * offset in source to err/errsz and *erroffset. Free with pattern_free().
 */
struct pattern *pattern_compile(const char *source, char *err, size_t errsz,
				size_t *erroffset);

enum pattern_result {
	PATTERN_MATCH = 1,
	PATTERN_NO_MATCH = 0,
	PATTERN_LIMIT = -1,  /* match or depth limit hit: undecided */
	PATTERN_FAILED = -2  /* any other matching error */
};

/**
 * What a match writes: one for each thread that matches (a pattern itself
 * is only read, by any number of threads at once).
 */
struct pattern_scratch;
struct pattern_scratch *pattern_scratch_new(void);
void pattern_scratch_free(struct pattern_scratch *ps);

/** Match the whole of subject (len bytes, valid UTF-8), writing into ps. */
enum pattern_result pattern_match(const struct pattern *p,
				  struct pattern_scratch *ps,
				  const char *subject, size_t len);

/** The source as given to pattern_compile(). */
const char *pattern_source(const struct pattern *p);

/** Free; accepts NULL. */
void pattern_free(struct pattern *p);

#endif
