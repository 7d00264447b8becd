/* cell: the text of a cell read as a value of its type, in its forms. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"

/* s read as a value of type t in one format: NULL (default), "any" or a
   pattern. */
static bool temporal(enum field_type t, const char *format, const char *s,
		     union field_value *v)
{
	struct field_form fm = { FMT_DEFAULT, NULL };
	struct field f;

	memset(&f, 0, sizeof(f));
	if (format && strcmp(format, "any") == 0) {
		fm.kind = FMT_ANY;
	} else if (format) {
		fm.kind = FMT_PATTERN;
		fm.pattern = (char *)format;
	}
	f.type = t;
	f.format = fm.kind;
	f.forms = &fm;
	f.nforms = 1;
	return cell_temporal(&f, s, v);
}

static bool email(const char *s)
{
	return cell_string(FMT_EMAIL, s, strlen(s));
}

Test(cell, numbers_read_as_the_field_says)
{
	double d;
	long long i;

	/* bareNumber false, decimalChar ",", groupChar "." */
	cr_assert(cell_number("1.234.567,5", ",", ".", false, false, &d));
	cr_assert_float_eq(d, 1234567.5, 1e-9);
	cr_assert(cell_number("€ 95", ",", ".", false, false, &d));
	cr_assert_float_eq(d, 95, 0);
	cr_assert(cell_number("95%", ",", ".", false, false, &d));
	cr_assert(cell_number("1,5E3", ",", ".", false, false, &d));
	cr_assert_float_eq(d, 1500, 0);
	cr_assert(cell_number("-INF", ",", ".", false, false, &d) &&
		  isinf(d) && d < 0);
	cr_assert(cell_number("nan", ",", ".", false, false, &d) && isnan(d));
	cr_assert(!cell_number("abc", ",", ".", false, false, &d));
	cr_assert(!cell_number("1,2,3", ",", ".", false, false, &d));
	/* x-finite, x-decimalChars ".," */
	cr_assert(!cell_number("NaN", ".,", NULL, true, true, &d));
	cr_assert(cell_number("45,5", ".,", NULL, true, true, &d) && d == 45.5);
	cr_assert(cell_number("45.5", ".,", NULL, true, true, &d) && d == 45.5);
	cr_assert(!cell_number("45%", ".,", NULL, true, true, &d));
	/* integer, groupChar "," */
	cr_assert(cell_integer("1,234", ",", true, &i) && i == 1234);
	cr_assert(!cell_integer("1,2x", ",", true, &i));
	cr_assert(!cell_integer(",1", ",", true, &i));
}

Test(cell, dates_times_and_datetimes)
{
	union field_value v;

	cr_assert(temporal(FT_DATETIME, NULL, "2023-10-05T14:30:00Z", &v));
	cr_assert_float_eq(v.num, 1696516200.0, 0);
	cr_assert(temporal(FT_DATETIME, NULL, "2023-10-05T21:30:00+07:00", &v));
	cr_assert_float_eq(v.num, 1696516200.0, 0);
	cr_assert(!temporal(FT_DATETIME, NULL, "2023-10-05 14:30", &v));
	cr_assert(!temporal(FT_DATETIME, NULL, "2023-02-30T00:00:00Z", &v));
	cr_assert(temporal(FT_DATETIME, "any", "05/10/2023 14:30", &v));
	cr_assert(temporal(FT_DATETIME, "any", "2023-10-05 14:30", &v));
	cr_assert(temporal(FT_DATE, "%d %B %Y", "5 October 2023", &v));
	cr_assert(!temporal(FT_DATE, "%d %B %Y", "2023-10-05", &v));
	cr_assert(temporal(FT_TIME, "%I:%M %p", "02:30 PM", &v) &&
		  v.num == 14 * 3600 + 30 * 60);
	cr_assert(temporal(FT_TIME, NULL, "23:59:59", &v));
	cr_assert(!temporal(FT_TIME, NULL, "24:00:00", &v));
}

Test(cell, years_durations_and_emails)
{
	long long y;
	double d;

	cr_assert(cell_year("2023", &y) && y == 2023);
	cr_assert(!cell_year("23", &y));
	cr_assert(cell_duration("P1DT2H", &d) && d == 93600);
	cr_assert(cell_duration("PT0.5S", &d) && d == 0.5);
	cr_assert(!cell_duration("P", &d));
	cr_assert(!cell_duration("PT", &d));
	cr_assert(!cell_duration("P1H", &d));
	cr_assert(!cell_duration("P1.5D", &d));
	cr_assert(email("ten.canbo@mofa.gov.vn"));
	cr_assert(!email("ten canbo@mofa.gov.vn"));
	cr_assert(!email("a@b"));
}

Test(cell, patterns_use_only_known_directives)
{
	cr_assert(cell_pattern_ok("%d/%m/%Y"));
	cr_assert(cell_pattern_ok("%I:%M %p"));
	cr_assert(!cell_pattern_ok("%d/%Q/%Y"));
	cr_assert(!cell_pattern_ok("%d/%m/%"));
	cr_assert(!cell_pattern_ok("dd/mm/yyyy"));
}
