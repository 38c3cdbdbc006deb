/* test-retry.c - backoff bounds, jitter, and Retry-After as a floor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "bnet/retry.h"
#include "util/ts.h"

static const struct bnet_retry_policy policy = {6, 500, 30000, 120000};

static void grows_and_caps(void **state)
{
	(void)state;
	/* retry k waits within [d/2, d], d = min(500 * 2^k, 30000) */
	for (int k = 0; k < 12; k++) {
		int64_t d = 500;
		for (int i = 0; i < k; i++)
			d = d * 2 > 30000 ? 30000 : d * 2;
		assert_int_equal(bnet_retry_delay_ms(&policy, k, -1, 0.0), d / 2);
		assert_true(bnet_retry_delay_ms(&policy, k, -1, 0.999999) <= d);
		assert_true(bnet_retry_delay_ms(&policy, k, -1, 0.999999) >= d - 1);
	}
	assert_int_equal(bnet_retry_delay_ms(&policy, 40, -1, 0.0), 15000);
}

static void jitter_spreads(void **state)
{
	uint64_t rng = 12345;
	int64_t lo = INT64_MAX, hi = 0;
	double sum = 0;
	(void)state;

	/* retry 2: d = 2000, waits uniform in [1000, 2000] */
	for (int i = 0; i < 10000; i++) {
		double u = bnet_retry_uniform(&rng);
		int64_t w = bnet_retry_delay_ms(&policy, 2, -1, u);
		assert_true(u >= 0.0 && u < 1.0);
		assert_true(w >= 1000 && w <= 2000);
		lo = w < lo ? w : lo;
		hi = w > hi ? w : hi;
		sum += (double)w;
	}
	assert_true(lo < 1020);
	assert_true(hi > 1980);
	assert_true(sum / 10000 > 1450 && sum / 10000 < 1550);
}

static void retry_after_is_a_floor(void **state)
{
	(void)state;
	/* the server asks for more than the backoff: it wins */
	assert_int_equal(bnet_retry_delay_ms(&policy, 0, 5000, 0.5), 5000);
	/* the backoff is longer than what the server asked: the backoff stands */
	assert_int_equal(bnet_retry_delay_ms(&policy, 6, 1000, 0.0), 15000);
	/* an absurd Retry-After is clamped */
	assert_int_equal(bnet_retry_delay_ms(&policy, 0, 86400 * 1000, 0.0), 120000);
	assert_int_equal(bnet_retry_delay_ms(&policy, 0, 0, 0.0), 250);
}

static void parses_retry_after(void **state)
{
	char date[TS_HTTP_LEN];
	int64_t now = 1795000000;
	(void)state;

	assert_int_equal(bnet_retry_parse_after("3", now), 3000);
	assert_int_equal(bnet_retry_parse_after(" 0", now), 0);
	assert_int_equal(bnet_retry_parse_after("12\r\n", now), 12000);
	ts_format_http(now + 7, date);
	assert_int_equal(bnet_retry_parse_after(date, now), 7000);
	ts_format_http(now - 7, date);
	assert_int_equal(bnet_retry_parse_after(date, now), 0);
	assert_int_equal(bnet_retry_parse_after("soon", now), -1);
	assert_int_equal(bnet_retry_parse_after("3s", now), -1);
	assert_int_equal(bnet_retry_parse_after("", now), -1);
	assert_int_equal(bnet_retry_parse_after("99999999999999999999", now), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(grows_and_caps),
	        cmocka_unit_test(jitter_spreads),
	        cmocka_unit_test(retry_after_is_a_floor),
	        cmocka_unit_test(parses_retry_after),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
