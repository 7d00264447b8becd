/*
 * date: calendar dates as day numbers, and year-months as month numbers.
 *
 * A date is the number of days since 1970-01-01 (proleptic Gregorian), so
 * spans are subtractions and leap years come for free. A year-month
 * ("period") is year * 12 + month - 1.
 */
#ifndef TIENDO_DATE_H
#define TIENDO_DATE_H

#include <stdbool.h>
#include <stdint.h>

/** Day number of a civil date; month 1-12, day 1-31 (not checked). */
int32_t date_from_civil(int y, int m, int d);
/** Civil date of a day number. */
void date_to_civil(int32_t days, int *y, int *m, int *d);
/** Days in month m (1-12) of year y. */
int date_days_in_month(int y, int m);

/** Parse "YYYY-MM-DD" exactly; false when malformed or no such day. */
bool date_parse_iso(const char *s, int32_t *days);
/** Parse "DD/MM/YYYY" (day and month may have one digit). */
bool date_parse_dmy(const char *s, int32_t *days);
/** Write "YYYY-MM-DD" into buf (11 bytes); returns buf. */
char *date_format(int32_t days, char buf[11]);

/* The years tiendo reads and writes: a date or period outside is refused. */
#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2999

/** Why a date or period did not parse. */
enum date_fault {
	DATE_OK,
	DATE_MALFORMED,         /* not of the form, or no such month or day */
	DATE_OUT_OF_RANGE       /* well formed, the year outside the range */
};

/** Parse "YYYY-MM" with month 01-12. */
bool ym_parse(const char *s, int *ym);
/** ym_parse(), saying why not. */
enum date_fault ym_check(const char *s, int *ym);
/** date_parse_iso(), saying why not. */
enum date_fault date_check_iso(const char *s, int32_t *days);
/** date_parse_dmy(), saying why not. */
enum date_fault date_check_dmy(const char *s, int32_t *days);
/** Write "YYYY-MM" into buf (8 bytes); returns buf. */
char *ym_format(int ym, char buf[8]);
/** First and last day of a year-month. */
int32_t ym_first_day(int ym);
int32_t ym_last_day(int ym);
/** The year-month a day falls in. */
int ym_of(int32_t days);

/**
 * Parse a local date-time "YYYY-MM-DD HH:MM[:SS]" or with a 'T', or
 * "DD/MM/YYYY HH:MM[:SS]", into seconds since 1970-01-01 00:00 of that
 * local clock (no time zone is applied).
 */
bool datetime_parse(const char *s, int64_t *secs);
/** Write "YYYY-MM-DD HH:MM" of such seconds into buf (17 bytes). */
char *datetime_format(int64_t secs, char buf[17]);
/**
 * Seconds since 1970 (UTC) as such local seconds, on the clock of the
 * process's time zone (localtime_r); t itself when it has no local time.
 */
int64_t datetime_local(int64_t t);

#endif
