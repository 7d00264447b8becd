/* render_doc: figures written for people, as each language writes them. */
#include <criterion/criterion.h>
#include <string.h>

#include "render_doc.h"

static struct doc_input in_vi = { .lang = LANG_VI };
static struct doc_input in_en = { .lang = LANG_EN };
static struct doc vi = { .in = &in_vi };
static struct doc en = { .in = &in_en };

Test(render_doc, numbers_are_grouped_by_thousands)
{
	char b[32];

	cr_assert_str_eq(doc_number(&vi, 4110, 0, b), "4.110");
	cr_assert_str_eq(doc_number(&en, 4110, 0, b), "4,110");
	cr_assert_str_eq(doc_number(&vi, 7500, 0, b), "7.500");
	cr_assert_str_eq(doc_number(&vi, 1234567.25, 2, b), "1.234.567,25");
	cr_assert_str_eq(doc_number(&en, 1234567.25, 2, b), "1,234,567.25");
	cr_assert_str_eq(doc_number(&vi, 999, 0, b), "999");
	cr_assert_str_eq(doc_number(&en, 100000, 0, b), "100,000");
	cr_assert_str_eq(doc_number(&vi, -1500.5, 1, b), "-1.500,5");
	cr_assert_str_eq(doc_number(&en, -0.7, 1, b), "-0.7");
	/* no "-0" from a rounding residue */
	cr_assert_str_eq(doc_number(&en, -1e-12, 1, b), "0.0");
	cr_assert_str_eq(doc_number(&vi, 0.99, 2, b), "0,99");
}

Test(render_doc, counts_are_grouped_too)
{
	char b[32];

	cr_assert_str_eq(doc_count(&vi, 2800, b), "2.800");
	cr_assert_str_eq(doc_count(&en, 2800, b), "2,800");
	cr_assert_str_eq(doc_count(&vi, 7, b), "7");
	cr_assert_str_eq(doc_count(&en, 4294967295UL, b), "4,294,967,295");
}

Test(render_doc, the_percent_sign_is_spaced_as_the_language_spaces_it)
{
	char b[32];

	/* Vietnamese: a no-break space (U+00A0) that never breaks the line */
	cr_assert_str_eq(doc_percent(&vi, 37.5, b), "37,5\u00a0%");
	cr_assert_str_eq(doc_percent(&en, 37.5, b), "37.5%");
	cr_assert_str_eq(doc_percent(&vi, 1000, b), "1.000,0\u00a0%");
	cr_assert_str_eq(doc_percent_places(&vi, 25, 0, b), "25\u00a0%");
	cr_assert_str_eq(doc_percent_places(&en, 25, 0, b), "25%");
	cr_assert_null(strchr(doc_percent(&en, 100, b), ' '));
}
