/* date: civil arithmetic and the forms ministries write dates in. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <time.h>

#include "date.h"

Test(date, epoch_and_round_trip)
{
	int y, m, d;
	int32_t x;

	cr_assert_eq(date_from_civil(1970, 1, 1), 0);
	for (x = -1000; x < 40000; x += 37) {
		date_to_civil(x, &y, &m, &d);
		cr_assert_eq(date_from_civil(y, m, d), x);
	}
}

Test(date, leap_years)
{
	int32_t d;

	cr_assert(date_parse_iso("2024-02-29", &d));
	cr_assert_not(date_parse_iso("2023-02-29", &d));
	cr_assert(date_parse_iso("2000-02-29", &d));
	cr_assert_not(date_parse_iso("1900-02-29", &d));
	/* 2024-02-28 to 2024-03-01 spans the leap day */
	cr_assert_eq(date_from_civil(2024, 3, 1) - date_from_civil(2024, 2, 28), 2);
}

Test(date, day_month_year)
{
	int32_t a, b;

	cr_assert(date_parse_dmy("05/10/2023", &a));
	cr_assert(date_parse_dmy("5/10/2023", &b));
	cr_assert_eq(a, b);
	cr_assert(date_parse_iso("2023-10-05", &b));
	cr_assert_eq(a, b);
	cr_assert_not(date_parse_dmy("31/02/2023", &a));
	cr_assert_not(date_parse_dmy("05/10/23", &a));
	cr_assert_not(date_parse_iso("2023-10-5", &a));
	cr_assert_not(date_parse_iso("2023-10-05x", &a));
}

Test(date, months)
{
	int ym;
	char buf[11];

	cr_assert(ym_parse("2023-10", &ym));
	cr_assert_str_eq(ym_format(ym, buf), "2023-10");
	cr_assert_str_eq(date_format(ym_last_day(ym), buf), "2023-10-31");
	cr_assert(ym_parse("2024-02", &ym));
	cr_assert_str_eq(date_format(ym_last_day(ym), buf), "2024-02-29");
	cr_assert_str_eq(date_format(ym_first_day(ym), buf), "2024-02-01");
	cr_assert_eq(ym_of(ym_last_day(ym)), ym);
	cr_assert_not(ym_parse("2023-13", &ym));
	cr_assert_not(ym_parse("2023-1", &ym));
}

Test(date, date_times)
{
	int64_t a, b;

	cr_assert(datetime_parse("2023-11-05 09:30", &a));
	cr_assert(datetime_parse("05/11/2023 09:30:00", &b));
	cr_assert_eq(a, b);
	cr_assert(datetime_parse("2023-11-05T23:59:59", &b));
	cr_assert_eq(b - a, 14 * 3600 + 29 * 60 + 59);
	cr_assert_not(datetime_parse("2023-11-05 24:00", &a));
}

Test(date, periods_and_days_out_of_range_are_told_apart_from_malformed)
{
	int ym;
	int32_t d;

	cr_assert_eq(ym_check("9999-12", &ym), DATE_OUT_OF_RANGE);
	cr_assert_eq(ym_check("0000-01", &ym), DATE_OUT_OF_RANGE);
	cr_assert_eq(ym_check("1899-12", &ym), DATE_OUT_OF_RANGE);
	cr_assert_eq(ym_check("2999-12", &ym), DATE_OK);
	cr_assert_eq(ym_check("1900-01", &ym), DATE_OK);
	cr_assert_eq(ym_check("9999-13", &ym), DATE_MALFORMED);
	cr_assert_eq(ym_check("2024-1", &ym), DATE_MALFORMED);
	cr_assert_eq(date_check_iso("9999-12-31", &d), DATE_OUT_OF_RANGE);
	cr_assert_eq(date_check_iso("2023-02-29", &d), DATE_MALFORMED);
	cr_assert_eq(date_check_iso("2024-02-29", &d), DATE_OK);
	cr_assert_eq(date_check_iso("9999-02-30", &d), DATE_MALFORMED);
}

Test(date, day_first_dates_out_of_range_are_told_apart_too)
{
	int32_t d;

	cr_assert_eq(date_check_dmy("03/11/9999", &d), DATE_OUT_OF_RANGE);
	cr_assert_eq(date_check_dmy("3/11/0000", &d), DATE_OUT_OF_RANGE);
	cr_assert_eq(date_check_dmy("30/02/2024", &d), DATE_MALFORMED);
	cr_assert_eq(date_check_dmy("29/02/2024", &d), DATE_OK);
	cr_assert_eq(d, date_from_civil(2024, 2, 29));
	cr_assert_eq(date_check_dmy("29/02/2023", &d), DATE_MALFORMED);
	cr_assert_eq(date_check_dmy("1/13/2024", &d), DATE_MALFORMED);
}

Test(date, utc_seconds_on_hanoi_clock)
{
	char buf[17];

	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	/* 2023-12-05 17:30 UTC is half past midnight on the 6th in Hanoi */
	cr_assert_str_eq(datetime_format(datetime_local(1701797400), buf),
			 "2023-12-06 00:30");
	setenv("TZ", "UTC", 1);
	tzset();
	cr_assert_str_eq(datetime_format(datetime_local(1701797400), buf),
			 "2023-12-05 17:30");
	unsetenv("TZ");
	tzset();
}
