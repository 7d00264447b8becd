/* validate: the engine on in-memory files, problems collected by a sink. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "validate.h"

struct seen {
	char code[48][40];
	unsigned long line[48], col[48];
	int n;
};

static void collect(void *ctx, const struct diag *d)
{
	struct seen *s = ctx;

	if (s->n < 48) {
		snprintf(s->code[s->n], sizeof(s->code[0]), "%s", d->code);
		s->line[s->n] = d->line;
		s->col[s->n] = d->col;
		s->n++;
	}
}

static struct schema *S;
static struct seen seen;
static struct table_stats st;

static const char schema_json[] =
	"{\"fields\": ["
	" {\"name\": \"id\", \"constraints\": {\"required\": true, \"pattern\": \"[A-Z]{2}\"}},"
	" {\"name\": \"n\", \"type\": \"number\", \"x-decimalChars\": \".,\", \"constraints\": {\"minimum\": 0, \"maximum\": 100}},"
	" {\"name\": \"d\", \"type\": \"date\", \"format\": \"any\"},"
	" {\"name\": \"s\", \"constraints\": {\"enum\": [\"done\", \"open\"]}, \"x-aliases\": {\"Xong\": \"done\"}},"
	" {\"name\": \"t\", \"constraints\": {\"maxLength\": 5}}"
	"], \"missingValues\": [\"\", \"-\"], \"primaryKey\": [\"id\"]}";

static void setup(void)
{
	char *err = NULL;

	S = schema_load_string(schema_json, "s.json", LANG_EN, &err);
	cr_assert_not_null(S, "%s", err);
	memset(&seen, 0, sizeof(seen));
}

static void teardown(void)
{
	schema_free(S);
}

TestSuite(validate, .init = setup, .fini = teardown);

static int check(const char *csv)
{
	const struct schema *one[1] = { S };
	struct diag_sink sink = { collect, &seen, LANG_EN, NULL };

	return validate_mem(csv, strlen(csv), "x.csv", one, 1, &sink, NULL,
			    NULL, &st, NULL);
}

static bool has(const char *code, unsigned long line, unsigned long col)
{
	int i;

	for (i = 0; i < seen.n; i++)
		if (strcmp(seen.code[i], code) == 0 && seen.line[i] == line &&
		    seen.col[i] == col)
			return true;
	return false;
}

Test(validate, clean_rows_are_accepted)
{
	cr_assert_eq(check("id,n,d,s,t\nAB,45.5,2023-10-05,done,x\nCD,\"45,5\",05/10/2023,Xong,-\n"), 0);
	cr_assert_eq(seen.n, 0);
	cr_assert_eq(st.rows, 2);
	cr_assert_eq(st.accepted, 2);
}

Test(validate, header_in_any_order_and_case)
{
	cr_assert_eq(check(" T ,S,D,N,ID\nx,open,2023-10-05,1,AB\n"), 0);
	cr_assert_eq(st.accepted, 1);
	cr_assert_eq(seen.n, 0);
}

Test(validate, each_cell_error_has_its_place)
{
	check("id,n,d,s,t\nab,101,2023-02-30,maybe,toolong\nAB,x,,,\n");
	cr_assert(has("constraint-error", 2, 1));  /* pattern */
	cr_assert(has("constraint-error", 2, 4));  /* maximum */
	cr_assert(has("type-error", 2, 8));        /* date */
	cr_assert(has("constraint-error", 2, 19)); /* enum */
	cr_assert(has("constraint-error", 2, 25)); /* maxLength */
	cr_assert(has("type-error", 3, 4));        /* number */
	cr_assert_eq(st.rejected, 2);
	cr_assert_eq(st.accepted, 0);
}

Test(validate, duplicate_key_points_at_first_accepted_row)
{
	check("id,n,d,s,t\nAB,1,,,\nAB,x,,,\nAB,2,,,\n");
	cr_assert(has("primary-key-error", 3, 1));
	cr_assert(has("primary-key-error", 4, 1));
	cr_assert_eq(st.accepted, 1);
}

Test(validate, missing_and_extra_cells)
{
	check("id,n,d,s,t\nAB,1,2023-10-05\nCD,1,,,,surplus\n");
	cr_assert(has("missing-cell", 2, 16));
	cr_assert(has("extra-cell", 3, 9));
}

Test(validate, trailing_blank_rows_are_silent_inner_ones_warned)
{
	check("id,n,d,s,t\nAB,1,,,\n,,,,\nCD,1,,,\n,,,,\n\n");
	cr_assert(has("blank-row", 3, 1));
	cr_assert_eq(seen.n, 1);
	cr_assert_eq(st.rows, 2);
}

Test(validate, lines_of_white_space_between_rows_are_blank_rows)
{
	/* empty, spaces, a tab and a CR; after a malformed row too; none at
	   the end */
	check("id,n,d,s,t\nAB,1,,,\n\n   \n\t \r\nCD,1,,,\nE\"F,1,,,\n\n"
	      "GH,1,,,\n \n\n");
	cr_assert(has("blank-row", 3, 1));
	cr_assert(has("blank-row", 4, 1));
	cr_assert(has("blank-row", 5, 1));
	cr_assert(has("blank-row", 8, 1));
	cr_assert_eq(seen.n, 5, "%d problems", seen.n); /* and the quote */
	cr_assert_eq(st.accepted, 3);
}

Test(validate, a_header_of_thousands_of_columns_is_said_to_be_one)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	for (i = 0; i < 5000; i++)
		strbuf_addf(&sb, "c%d,", i);
	strbuf_addstr(&sb, "\nAB\n");
	cr_assert_eq(check(sb.buf), 1);
	cr_assert(has("source-error", 1, 1));
	cr_assert_eq(seen.n, 1, "not also an empty file");
	cr_assert(st.unreadable);
	strbuf_release(&sb);
}

Test(validate, header_problems_reject_the_file)
{
	cr_assert_eq(check("n,d\n1,2023-10-05\n"), 1);
	cr_assert(has("missing-label", 1, 4));
	cr_assert(st.unreadable);
	memset(&seen, 0, sizeof(seen));
	cr_assert_eq(check("id,ID,n\nAB,AB,1\n"), 1);
	cr_assert(has("duplicate-label", 1, 4));
}

Test(validate, unknown_columns_are_warned_and_ignored)
{
	cr_assert_eq(check("id,note\nAB,anything\n"), 0);
	cr_assert(has("extra-label", 1, 4));
	cr_assert_eq(st.accepted, 1);
}

Test(validate, excel_empty_trailing_columns_are_fine)
{
	cr_assert_eq(check("id,n,,\nAB,1,,\n"), 0);
	cr_assert_eq(seen.n, 0);
	memset(&seen, 0, sizeof(seen));
	check("id,n,,\nAB,1,,stray\n");
	cr_assert(has("blank-label", 2, 7));
}

Test(validate, unreadable_file_stops_at_the_bad_byte)
{
	cr_assert_eq(check("id,n\nAB,1\nCD,\xE9t\xE9\n"), 1);
	cr_assert(has("encoding-error", 3, 4));
	cr_assert(st.unreadable);
}

Test(validate, choosing_between_schemas_by_key_columns)
{
	char *err = NULL;
	struct schema *other = schema_load_string(
		"{\"fields\": [{\"name\": \"code\"}], \"primaryKey\": \"code\"}",
		"o.json", LANG_EN, &err);
	const struct schema *two[2] = { S, other }, *chosen = NULL;
	struct diag_sink sink = { collect, &seen, LANG_EN, NULL };

	cr_assert_eq(validate_mem("code\nX\n", 7, "y.csv", two, 2, &sink, NULL,
				  NULL, &st, &chosen), 0);
	cr_assert_eq(chosen, other);
	cr_assert_eq(validate_mem("a\nX\n", 4, "z.csv", two, 2, &sink, NULL,
				  NULL, &st, &chosen), 1);
	cr_assert(has("missing-label", 1, 1));
	schema_free(other);
}

/* The message of a header of no kind, for the kind it is closest to. */
static char last_message[512];

static void keep_message(void *ctx, const struct diag *d)
{
	(void)ctx;
	snprintf(last_message, sizeof(last_message), "%s",
		 d->message ? d->message : "");
}

Test(validate, a_header_of_no_kind_names_what_the_closest_lacks)
{
	char *err = NULL;
	struct schema *other = schema_load_string(
		"{\"fields\": [{\"name\": \"code\"}], \"primaryKey\": \"code\"}",
		"o.json", LANG_EN, &err);
	const struct schema *two[2] = { S, other };
	struct diag_sink sink = { keep_message, NULL, LANG_EN, NULL };

	/* n and d are the first schema's, its key id is missing */
	cr_assert_eq(validate_mem("n,d\n1,2\n", 8, "k.csv", two, 2, &sink,
				  NULL, NULL, &st, NULL), 1);
	cr_assert(strstr(last_message, "column(s) id are missing"),
		  "%s", last_message);
	/* no column known: the keys of every kind */
	cr_assert_eq(validate_mem("a\nX\n", 4, "z.csv", two, 2, &sink, NULL,
				  NULL, &st, NULL), 1);
	cr_assert(strstr(last_message, "are the columns needed"), "%s",
		  last_message);
	schema_free(other);
}

/* regressions found in review */

Test(validate, a_file_rejected_whole_accepts_nothing)
{
	cr_assert_eq(check("id,n\nAB,1\nCD,\xE9t\xE9\n"), 1);
	cr_assert_eq(st.accepted, 0);
	cr_assert_eq(st.rejected, 1); /* the row before the bad byte */
}

Test(validate, a_rejected_row_holds_no_unique_value)
{
	char *err = NULL;
	struct schema *u = schema_load_string(
		"{\"fields\": [{\"name\": \"code\", \"constraints\": {\"unique\": true}},"
		" {\"name\": \"n\", \"type\": \"integer\"}]}", "u.json", LANG_EN, &err);
	const struct schema *one[1] = { u };
	struct diag_sink sink = { collect, &seen, LANG_EN, NULL };
	const char *csv = "code,n\nA,x\nA,1\nA,2\n";

	validate_mem(csv, strlen(csv), "u.csv", one, 1, &sink, NULL, NULL, &st, NULL);
	cr_assert(has("type-error", 2, 3));
	cr_assert_not(has("unique-error", 3, 1));
	cr_assert(has("unique-error", 4, 1));
	cr_assert_eq(st.accepted, 1);
	schema_free(u);
}

/* Numbers read by the integer fast path are strtod()'s to the last bit. */
Test(validate, numbers_are_read_as_strtod_reads_them)
{
	unsigned long long x = 88172645463325252ull;
	double e;
	int t;

	for (t = 0; t < 200000; t++) {
		char s[40], dotted[40];
		double a, b;
		int digits, point, k, n = 0;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		digits = 1 + (int)(x % 17);
		point = (int)((x >> 8) % (unsigned)(digits + 1));
		if (x & (1ull << 40))
			s[n++] = '-';
		for (k = 0; k < digits; k++) {
			if (k == point && k)
				s[n++] = ',';
			s[n++] = (char)('0' + (x >> (k * 3 + 11)) % 10);
		}
		s[n] = '\0';
		cr_assert(validate_number(s, ".,", &a), "%s", s);
		memcpy(dotted, s, (size_t)n + 1);
		for (k = 0; k < n; k++)
			if (dotted[k] == ',')
				dotted[k] = '.';
		b = strtod(dotted, NULL);
		cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s: %.17g, strtod %.17g", s, a, b);
	}
	cr_assert(!validate_number("1,2,3", ".,", &(double){0}));
	cr_assert(!validate_number("", ".,", &(double){0}));
	cr_assert(!validate_number("-", ".,", &(double){0}));
	cr_assert(validate_number("1e5", ".,", &e) && e == 1e5); /* the spec's exponent */
	cr_assert(!validate_number("e5", ".,", &(double){0}));
	cr_assert(!validate_number("1e", ".,", &(double){0}));
	cr_assert(!validate_number("NaN", ".,", &(double){0}));
	cr_assert(!validate_number("4,5", ".", &(double){0}));
}
