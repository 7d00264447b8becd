/*
 * pattern: PCRE2 behind compile-once, match-whole-value calls.
 *
 * The limits: a match may take at most PATTERN_MATCH_LIMIT steps of the
 * matcher (the JIT honours this one too) and PATTERN_DEPTH_LIMIT levels of
 * backtracking, so that a catastrophic pattern such as (a+)+$ over a long
 * value ends in milliseconds with PATTERN_LIMIT instead of hanging.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pattern.h"

#include <pcre2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define PATTERN_MATCH_LIMIT 1000000u
#define PATTERN_DEPTH_LIMIT 10000u
#define PATTERN_HEAP_LIMIT 20000u /* KiB */

struct pattern {
	char *source;
	pcre2_code *code;
	pcre2_match_context *mc;
	bool jit;               /* JIT-compiled: its fast path is taken */
};

struct pattern *pattern_compile(const char *source, char *err, size_t errsz,
				size_t *erroffset)
{
	struct pattern *p;
	int code;
	PCRE2_SIZE off;

	/* anchored by options, not by text around the source, which a
	   pattern such as "a)|(b" or a (?x) comment could escape */
	p = xcalloc(1, sizeof(*p));
	p->code = pcre2_compile((PCRE2_SPTR)source, PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED |
				PCRE2_ENDANCHORED, &code, &off, NULL);
	if (!p->code) {
		PCRE2_UCHAR buf[256];

		pcre2_get_error_message(code, buf, sizeof(buf));
		snprintf(err, errsz, "%s", (char *)buf);
		*erroffset = off + 1;
		free(p);
		return NULL;
	}
	p->jit = pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE) == 0;
	p->mc = pcre2_match_context_create(NULL);
	if (!p->mc)
		xmalloc((size_t)-1); /* out of memory: abort */
	pcre2_set_match_limit(p->mc, PATTERN_MATCH_LIMIT);
	pcre2_set_depth_limit(p->mc, PATTERN_DEPTH_LIMIT);
	pcre2_set_heap_limit(p->mc, PATTERN_HEAP_LIMIT);
	p->source = xstrdup(source);
	return p;
}

/* Whole-value matching reads no captures: one pair is room enough (a
   match reported as "ovector too small", 0, is still a match). */
struct pattern_scratch *pattern_scratch_new(void)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);

	if (!md)
		xmalloc((size_t)-1); /* out of memory: abort */
	return (struct pattern_scratch *)md;
}

void pattern_scratch_free(struct pattern_scratch *ps)
{
	pcre2_match_data_free((pcre2_match_data *)ps);
}

enum pattern_result pattern_match(const struct pattern *p,
				  struct pattern_scratch *ps,
				  const char *subject, size_t len)
{
	pcre2_match_data *md = (pcre2_match_data *)ps;

	/* the subject is valid UTF-8 (csv_reader checked it): the JIT's
	   fast path, which checks nothing, may take it */
	int rc = p->jit ?
		 pcre2_jit_match(p->code, (PCRE2_SPTR)subject, len, 0, 0, md,
				 p->mc) :
		 pcre2_match(p->code, (PCRE2_SPTR)subject, len, 0,
			     PCRE2_NO_UTF_CHECK, md, p->mc);

	if (rc >= 0)
		return PATTERN_MATCH;
	if (rc == PCRE2_ERROR_NOMATCH)
		return PATTERN_NO_MATCH;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return PATTERN_LIMIT;
	return PATTERN_FAILED;
}

const char *pattern_source(const struct pattern *p)
{
	return p->source;
}

void pattern_free(struct pattern *p)
{
	if (!p)
		return;
	pcre2_match_context_free(p->mc);
	pcre2_code_free(p->code);
	free(p->source);
	free(p);
}
