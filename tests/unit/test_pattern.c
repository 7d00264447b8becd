/* pattern: whole-value matching, Unicode, and limits that stop runaways. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pattern.h"

/* (one scratch for the tests, which run in one thread each) */
static enum pattern_result match(struct pattern *p, const char *s, size_t n)
{
	static struct pattern_scratch *ps;

	if (!ps)
		ps = pattern_scratch_new();
	return pattern_match(p, ps, s, n);
}

static struct pattern *compile(const char *src)
{
	char err[128];
	size_t off;
	struct pattern *p = pattern_compile(src, err, sizeof(err), &off);

	cr_assert_not_null(p, "compile %s: %s", src, err);
	return p;
}

Test(pattern, matches_the_whole_value_only)
{
	struct pattern *p = compile("[A-Z][A-Z0-9]{1,5}-[A-Z]{3}-[0-9]{3}");

	cr_assert_eq(match(p, "BCT-ECO-004", 11), PATTERN_MATCH);
	cr_assert_eq(match(p, "xBCT-ECO-004", 12), PATTERN_NO_MATCH);
	cr_assert_eq(match(p, "BCT-ECO-0044", 12), PATTERN_NO_MATCH);
	cr_assert_eq(match(p, "BCT-ECO-004\n", 12), PATTERN_NO_MATCH);
	cr_assert_eq(match(p, "BCT-ECO-0O4", 11), PATTERN_NO_MATCH);
	pattern_free(p);
}

Test(pattern, alternation_is_anchored_as_a_whole)
{
	struct pattern *p = compile("a|b");

	cr_assert_eq(match(p, "ab", 2), PATTERN_NO_MATCH);
	cr_assert_eq(match(p, "b", 1), PATTERN_MATCH);
	pattern_free(p);
}

Test(pattern, unicode_classes_and_vietnamese_capitals)
{
	struct pattern *p = compile("[0-9]+/[0-9]{4}/NĐ-CP");
	struct pattern *w = compile("\\w+");

	cr_assert_eq(match(p, "30/2020/NĐ-CP", strlen("30/2020/NĐ-CP")),
		     PATTERN_MATCH);
	cr_assert_eq(match(w, "Việt", strlen("Việt")), PATTERN_MATCH);
	pattern_free(p);
	pattern_free(w);
}

Test(pattern, catastrophic_backtracking_ends_in_a_limit)
{
	/* no literal for PCRE2 to look for first: it must backtrack, and the
	   ways to split 40 a's into a and aa number 165 million */
	struct pattern *p = compile("(a|aa)+");
	size_t n = 41;
	char *s = malloc(n + 1);

	memset(s, 'a', n);
	s[n - 1] = 'b';
	s[n] = '\0';
	cr_assert_eq(match(p, s, n), PATTERN_LIMIT);
	free(s);
	pattern_free(p);
}

Test(pattern, syntax_errors_name_the_offset)
{
	char err[128];
	size_t off = 0;

	cr_assert_null(pattern_compile("ab([", err, sizeof(err), &off));
	cr_assert_gt(strlen(err), 0);
	cr_assert_geq(off, 3);
}

Test(pattern, anchoring_cannot_be_escaped)
{
	char err[128];
	size_t off;
	struct pattern *p = compile("(?x)a # comment");

	cr_assert_eq(match(p, "a", 1), PATTERN_MATCH);
	cr_assert_eq(match(p, "ab", 2), PATTERN_NO_MATCH);
	pattern_free(p);
	/* "a)|(b" is unbalanced on its own: no wrapper to close it */
	cr_assert_null(pattern_compile("a)|(b", err, sizeof(err), &off));
}
