/* test-ts.c - timestamp parsing and formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/ts.h"

static void http_round_trip(void **state)
{
	char out[TS_HTTP_LEN];
	int64_t t = 0;
	(void)state;

	assert_int_equal(ts_parse_http("Sun, 06 Nov 1994 08:49:37 GMT", &t), 0);
	assert_int_equal(t, 784111777);
	ts_format_http(t, out);
	assert_string_equal(out, "Sun, 06 Nov 1994 08:49:37 GMT");
	ts_format_http(1795811989, out);
	assert_string_equal(out, "Fri, 27 Nov 2026 20:39:49 GMT");
}

/* HTTP/1.1 recipients read all three date forms (RFC 9110 5.6.7). */
static void http_obsolete_forms(void **state)
{
	int64_t t = 0;
	(void)state;

	assert_int_equal(ts_parse_http("Sunday, 06-Nov-94 08:49:37 GMT", &t), 0);
	assert_int_equal(t, 784111777);
	t = 0;
	assert_int_equal(ts_parse_http("Sun Nov  6 08:49:37 1994", &t), 0);
	assert_int_equal(t, 784111777);
	assert_int_equal(ts_parse_http("Friday, 27-Nov-26 20:39:49 GMT", &t), 0);
	assert_int_equal(t, 1795811989);
	assert_int_equal(ts_parse_http("Fri Nov 27 20:39:49 2026", &t), 0);
	assert_int_equal(t, 1795811989);
	assert_int_equal(ts_parse_http("Sunday, 06-Nov-1994 08:49:37 GMT", &t), -1);
	assert_int_equal(ts_parse_http("Sun Nov 6 08:49:37 1994", &t), -1);
	assert_int_equal(ts_parse_http("Sun Nov  6 08:49:37 1994 GMT", &t), -1);
	assert_int_equal(ts_parse_http("Sun Nov 31 08:49:37 1994", &t), -1);
	assert_int_equal(ts_parse_http("Su, 06 Nov 1994 08:49:37 GMT", &t), -1);
}

static void http_rejects(void **state)
{
	int64_t t;
	(void)state;
	assert_int_equal(ts_parse_http("Sun, 06 Nov 1994 08:49:37 UTC", &t), -1);
	assert_int_equal(ts_parse_http("Sun, 31 Feb 1994 08:49:37 GMT", &t), -1);
	assert_int_equal(ts_parse_http("Sun, 06 Nox 1994 08:49:37 GMT", &t), -1);
	assert_int_equal(ts_parse_http("", &t), -1);
	assert_int_equal(ts_parse_http(NULL, &t), -1);
}

static void iso_forms(void **state)
{
	char out[TS_ISO_LEN];
	int64_t t;
	(void)state;

	assert_int_equal(ts_parse_iso("2026-11-27T20:39:49Z", &t), 0);
	assert_int_equal(t, 1795811989);
	ts_format_iso(t, out);
	assert_string_equal(out, "2026-11-27T20:39:49Z");
	assert_int_equal(ts_parse_iso("2026-11-27", &t), 0);
	assert_int_equal(t, 1795737600);
	assert_int_equal(ts_parse_iso("2026-11-27 20:39", &t), 0);
	assert_int_equal(t, 1795811940);
	assert_int_equal(ts_parse_iso("2026-11-27T21:39:49+01:00", &t), 0);
	assert_int_equal(t, 1795811989);
	assert_int_equal(ts_parse_iso("2026-11-27T20:39:49.123Z", &t), 0);
	assert_int_equal(t, 1795811989);
	assert_int_equal(ts_parse_iso("2026-13-01", &t), -1);
	assert_int_equal(ts_parse_iso("2026-11-27T25:00", &t), -1);
	assert_int_equal(ts_parse_iso("2026-11-27junk", &t), -1);
	assert_int_equal(ts_parse_iso("yesterday", &t), -1);
}

static void compact_and_date(void **state)
{
	char c[TS_COMPACT_LEN], d[TS_DATE_LEN];
	(void)state;
	ts_format_compact(1795811989, c);
	assert_string_equal(c, "20261127T203949Z");
	ts_format_date(1795811989, d);
	assert_string_equal(d, "2026-11-27");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(http_round_trip),  cmocka_unit_test(http_obsolete_forms),
	        cmocka_unit_test(http_rejects),     cmocka_unit_test(iso_forms),
	        cmocka_unit_test(compact_and_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
