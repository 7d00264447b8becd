/*
 * date: civil calendar arithmetic (Howard Hinnant's days-from-civil
 * algorithm) and the parsers for the date forms ministries write.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int32_t date_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_civil(int32_t days, int *y, int *m, int *d)
{
	int32_t z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = (int)(z - era * 146097);
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int date_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

/* Read exactly n digits (n=0: one or two) at *s; advance *s. */
static bool digits(const char **s, int n, int *out)
{
	int v = 0, i = 0;

	while (**s >= '0' && **s <= '9' && (n ? i < n : i < 2)) {
		v = v * 10 + (**s - '0');
		(*s)++;
		i++;
	}
	*out = v;
	return n ? i == n : i >= 1;
}

static bool year_in_range(int y)
{
	return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR;
}

static bool valid_ymd(int y, int m, int d)
{
	return year_in_range(y) && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

/* The checks of a date read in either form. */
static enum date_fault check_ymd(int y, int m, int d, int32_t *days)
{
	/* the calendar of a leap year, whatever the year, for the form */
	if (m < 1 || m > 12 || d < 1 || d > date_days_in_month(2000, m) ||
	    (year_in_range(y) && !valid_ymd(y, m, d)))
		return DATE_MALFORMED;
	if (!year_in_range(y))
		return DATE_OUT_OF_RANGE;
	*days = date_from_civil(y, m, d);
	return DATE_OK;
}

enum date_fault date_check_iso(const char *s, int32_t *days)
{
	int y, m, d;

	if (!digits(&s, 4, &y) || *s++ != '-' || !digits(&s, 2, &m) ||
	    *s++ != '-' || !digits(&s, 2, &d) || *s)
		return DATE_MALFORMED;
	return check_ymd(y, m, d, days);
}

bool date_parse_iso(const char *s, int32_t *days)
{
	return date_check_iso(s, days) == DATE_OK;
}

enum date_fault date_check_dmy(const char *s, int32_t *days)
{
	int y, m, d;

	if (!digits(&s, 0, &d) || *s++ != '/' || !digits(&s, 0, &m) ||
	    *s++ != '/' || !digits(&s, 4, &y) || *s)
		return DATE_MALFORMED;
	return check_ymd(y, m, d, days);
}

bool date_parse_dmy(const char *s, int32_t *days)
{
	return date_check_dmy(s, days) == DATE_OK;
}

char *date_format(int32_t days, char buf[11])
{
	int y, m, d;

	date_to_civil(days, &y, &m, &d);
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u, (unsigned)d % 100u);
	return buf;
}

enum date_fault ym_check(const char *s, int *ym)
{
	int y, m;

	if (!digits(&s, 4, &y) || *s++ != '-' || !digits(&s, 2, &m) || *s ||
	    m < 1 || m > 12)
		return DATE_MALFORMED;
	if (!year_in_range(y))
		return DATE_OUT_OF_RANGE;
	*ym = y * 12 + m - 1;
	return DATE_OK;
}

bool ym_parse(const char *s, int *ym)
{
	return ym_check(s, ym) == DATE_OK;
}

char *ym_format(int ym, char buf[8])
{
	snprintf(buf, 8, "%04u-%02u", (unsigned)(ym / 12) % 10000u,
		 (unsigned)(ym % 12 + 1) % 100u);
	return buf;
}

int32_t ym_first_day(int ym)
{
	return date_from_civil(ym / 12, ym % 12 + 1, 1);
}

int32_t ym_last_day(int ym)
{
	int y = ym / 12, m = ym % 12 + 1;

	return date_from_civil(y, m, date_days_in_month(y, m));
}

int ym_of(int32_t days)
{
	int y, m, d;

	date_to_civil(days, &y, &m, &d);
	return y * 12 + m - 1;
}

bool datetime_parse(const char *s, int64_t *secs)
{
	char date[16];
	const char *t = s + strcspn(s, " T");
	size_t n = (size_t)(t - s);
	int32_t days;
	int hh = 0, mi = 0, ss = 0;

	if (n >= sizeof(date))
		return false;
	memcpy(date, s, n);
	date[n] = '\0';
	if (!date_parse_iso(date, &days) && !date_parse_dmy(date, &days))
		return false;
	if (*t) {
		t++;
		if (!digits(&t, 2, &hh) || *t++ != ':' || !digits(&t, 2, &mi))
			return false;
		if (*t == ':' && (t++, !digits(&t, 2, &ss)))
			return false;
		if (*t || hh > 23 || mi > 59 || ss > 59)
			return false;
	}
	*secs = (int64_t)days * 86400 + hh * 3600 + mi * 60 + ss;
	return true;
}

char *datetime_format(int64_t secs, char buf[17])
{
	int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	int64_t rest = secs - days * 86400;
	int y, m, d;

	date_to_civil((int32_t)days, &y, &m, &d);
	snprintf(buf, 17, "%04u-%02u-%02u %02u:%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u, (unsigned)d % 100u,
		 (unsigned)(rest / 3600) % 100u, (unsigned)(rest / 60 % 60));
	return buf;
}

int64_t datetime_local(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm))
		return t;
	return (int64_t)date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
					tm.tm_mday) * 86400 +
	       tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}
