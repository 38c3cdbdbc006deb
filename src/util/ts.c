/* ts.c - UTC timestamp formatting and parsing, without locale or TZ dependence. */
#include "util/ts.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char wdays[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int64_t ts_now(void)
{
	return (int64_t)time(NULL);
}

int64_t ts_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* glibc's gmtime_r (to_tm) reads the time zone once, on its first call in the process,
 * writing libc's zone state; DuckDB's threads read and write it too (the one store_open
 * starts to open the database while pull goes on: TSan saw the two race). Read here,
 * before main and so before any thread, each later call finds it read and writes nothing. */
__attribute__((constructor)) static void zone_once(void)
{
	tzset();
}

static void to_tm(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;
	gmtime_r(&tt, tm);
}

void ts_format_http(int64_t t, char out[TS_HTTP_LEN])
{
	struct tm tm;
	to_tm(t, &tm);
	/* names by hand: strftime's %a and %b follow the locale, HTTP's do not */
	memcpy(out, wdays[tm.tm_wday], 3);
	strftime(out + 3, TS_HTTP_LEN - 3, ", %d ", &tm);
	memcpy(out + 8, months[tm.tm_mon], 3);
	strftime(out + 11, TS_HTTP_LEN - 11, " %Y %H:%M:%S GMT", &tm);
}

void ts_format_iso(int64_t t, char out[TS_ISO_LEN])
{
	struct tm tm;
	to_tm(t, &tm);
	strftime(out, TS_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ts_format_date(int64_t t, char out[TS_DATE_LEN])
{
	struct tm tm;
	to_tm(t, &tm);
	strftime(out, TS_DATE_LEN, "%Y-%m-%d", &tm);
}

void ts_format_compact(int64_t t, char out[TS_COMPACT_LEN])
{
	struct tm tm;
	to_tm(t, &tm);
	strftime(out, TS_COMPACT_LEN, "%Y%m%dT%H%M%SZ", &tm);
}

/* Reads exactly n digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int valid_fields(int y, int mo, int d, int h, int mi, int s)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60)
		return 0;
	if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
		return 0;
	return 1;
}

static int64_t make_time(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm);
}

/* A parsed time is one ts_format_iso() and ts_format_http() write back as the same text
 * form: from the epoch (an offset can move 1970-01-01 before it) to the end of 9999 (a
 * leap second or an offset can move 9999-12-31 into a five-digit year). */
#define TS_LAST INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

static int in_range(int64_t t)
{
	return t >= 0 && t <= TS_LAST;
}

/* "Nov" -> 11 */
static int month_of(const char **p, int *mo)
{
	for (int i = 0; i < 12; i++)
		if (strncmp(*p, months[i], 3) == 0) {
			*mo = i + 1;
			*p += 3;
			return 0;
		}
	return -1;
}

/* "08:49:37" */
static int clock_of(const char **p, int *h, int *mi, int *sec)
{
	if (digits(p, 2, h) || *(*p)++ != ':' || digits(p, 2, mi) || *(*p)++ != ':' ||
	    digits(p, 2, sec))
		return -1;
	return 0;
}

/* Skips a day name of letters only, of exactly n letters (0: any number, at least 3). */
static int day_name(const char **p, size_t n)
{
	size_t k = 0;
	while (isalpha((unsigned char)(*p)[k]))
		k++;
	if (n ? k != n : k < 3)
		return -1;
	*p += k;
	return 0;
}

static int set_time(int y, int mo, int d, int h, int mi, int sec, int64_t *out)
{
	int64_t t;
	if (!valid_fields(y, mo, d, h, mi, sec))
		return -1;
	t = make_time(y, mo, d, h, mi, sec);
	if (!in_range(t))
		return -1;
	*out = t;
	return 0;
}

/* RFC 1123, "Sun, 06 Nov 1994 08:49:37 GMT" (a three-letter day name, sep ' ', a
 * four-digit year), or RFC 850, "Sunday, 06-Nov-94 08:49:37 GMT" (day name of any
 * length: dayname 0, sep '-', a two-digit year, read as 1970 to 2069). */
static int parse_dated(const char *p, size_t dayname, char sep, int ydigits, int64_t *out)
{
	int d, y, h, mi, sec, mo;
	if (day_name(&p, dayname) || *p++ != ',' || *p++ != ' ' || digits(&p, 2, &d) ||
	    *p++ != sep || month_of(&p, &mo) || *p++ != sep || digits(&p, ydigits, &y) ||
	    *p++ != ' ' || clock_of(&p, &h, &mi, &sec) || strcmp(p, " GMT") != 0)
		return -1;
	if (ydigits == 2)
		y += y < 70 ? 2000 : 1900;
	return set_time(y, mo, d, h, mi, sec, out);
}

/* "Sun Nov  6 08:49:37 1994" (C's asctime: the day padded with a space) */
static int parse_asctime(const char *p, int64_t *out)
{
	int d, y, h, mi, sec, mo;
	if (day_name(&p, 3) || *p++ != ' ' || month_of(&p, &mo) || *p++ != ' ')
		return -1;
	if (*p == ' ' && isdigit((unsigned char)p[1])) {
		p++;
		if (digits(&p, 1, &d))
			return -1;
	} else if (digits(&p, 2, &d)) {
		return -1;
	}
	if (*p++ != ' ' || clock_of(&p, &h, &mi, &sec) || *p++ != ' ' || digits(&p, 4, &y) || *p)
		return -1;
	return set_time(y, mo, d, h, mi, sec, out);
}

int ts_parse_http(const char *s, int64_t *out)
{
	if (!s)
		return -1;
	if (parse_dated(s, 3, ' ', 4, out) == 0 || parse_dated(s, 0, '-', 2, out) == 0 ||
	    parse_asctime(s, out) == 0)
		return 0;
	return -1;
}

int ts_parse_iso(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	const char *p = s;
	int64_t t;

	if (!s || digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec))
				return -1;
		}
		if (*p == '.') /* fractions of a second are dropped */
			while (isdigit((unsigned char)*++p))
				;
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p++ == '+' ? 1 : -1;
			if (digits(&p, 2, &oh))
				return -1;
			if (*p == ':')
				p++;
			if (digits(&p, 2, &om))
				return -1;
		}
	}
	if (*p != '\0' || !valid_fields(y, mo, d, h, mi, sec) || oh > 23 || om > 59)
		return -1;
	t = make_time(y, mo, d, h, mi, sec) - sign * (oh * 3600 + om * 60);
	if (!in_range(t))
		return -1;
	*out = t;
	return 0;
}
