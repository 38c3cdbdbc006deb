/* test-price.c - the pricing math in plain C (price/price.h), no database: market value,
 * unit median, the 14-day window of day values, gold text. test-functions.c checks that
 * DuckDB's SQL functions give the same numbers through the adapter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "price/price.h"

/* 40 units: 1 at 50, 5 at 100, 6 at 110, 28 at 1000 (worked out in test-functions.c):
 * 12 kept, 50 is more than 1.5 deviations away, value (500 + 660) / 11. The order of the
 * lots does not matter, and a lot split in two is the same units. */
static void market_value_of_lots(void **state)
{
	struct price_lot a[] = {{50, 1}, {1000, 28}, {110, 6}, {100, 5}};
	struct price_lot b[] = {{100, 2}, {1000, 28}, {110, 6}, {50, 1}, {100, 3}};
	(void)state;

	assert_true(fabs(price_market_value(a, 4) - 1160.0 / 11) < 1e-9);
	assert_true(price_market_value(b, 5) == price_market_value(a, 4));
}

/* One lot of one unit is its price; 3 units cap the selection at the cheapest one. */
static void market_value_edges(void **state)
{
	struct price_lot one[] = {{500, 1}};
	struct price_lot three[] = {{12, 1}, {10, 1}, {11, 1}};
	struct price_lot joke[] = {{84, 10}, {99999990000, 1}};
	(void)state;

	assert_true(price_market_value(one, 1) == 500.0);
	assert_true(price_market_value(three, 3) == 10.0);
	/* a joke listing beside ten real units does not move the value */
	assert_true(price_market_value(joke, 2) == 84.0);
}

/* Units 5 x3, 7 x1: rank (4 - 1) / 2 = 1 is a 5; 5 x1, 7 x1: rank 0, the lower median. */
static void unit_median(void **state)
{
	struct price_lot a[] = {{7, 1}, {5, 3}};
	struct price_lot b[] = {{7, 1}, {5, 1}};
	struct price_lot c[] = {{9, 1}, {3, 1000000}, {8, 1000001}};
	(void)state;

	assert_int_equal(price_unit_median(a, 2), 5);
	assert_int_equal(price_unit_median(b, 2), 5);
	/* 2000002 units: rank 1000000 is the first unit of the 8 lot */
	assert_int_equal(price_unit_median(c, 3), 8);
}

/* Day 0 at 100 and 200 (mean 150), day 1 at 300, day 14 at 1000; day 15, a negative day
 * and a NaN scan are outside: (132 x 150 + 125 x 300 + 4 x 1000) / 261. */
static void days_window(void **state)
{
	struct price_days d, e;
	(void)state;

	memset(&d, 0, sizeof(d));
	memset(&e, 0, sizeof(e));
	assert_true(isnan(price_days_weighted(&d)));
	price_days_add(&d, 0, 100);
	price_days_add(&d, 15, 5);
	price_days_add(&d, -1, 5);
	price_days_add(&d, 1, NAN);
	price_days_add(&e, 0, 200);
	price_days_add(&e, 1, 300);
	price_days_add(&e, 14, 1000);
	price_days_merge(&d, &e);
	assert_int_equal(d.count[0], 2);
	assert_int_equal(d.count[1], 1);
	assert_true(fabs(price_days_weighted(&d) - 61300.0 / 261) < 1e-9);
}

static void weights(void **state)
{
	int sum = 0;
	(void)state;

	for (int i = 0; i < PRICE_WEIGHT_DAYS; i++)
		sum += price_day_weights[i];
	assert_int_equal(sum, 672);
	assert_int_equal(price_day_weights[0], 132);
	assert_int_equal(price_day_weights[14], 4);
}

static void gold(void **state)
{
	char buf[PRICE_GOLD_LEN];
	(void)state;

	price_format_gold(12345678, buf);
	assert_string_equal(buf, "1234g 56s 78c");
	price_format_gold(0, buf);
	assert_string_equal(buf, "0g 0s 0c");
	price_format_gold(-505, buf);
	assert_string_equal(buf, "-0g 5s 5c");
	price_format_gold(INT64_MAX, buf);
	assert_string_equal(buf, "922337203685477g 58s 7c");
	price_format_gold(INT64_MIN, buf);
	assert_string_equal(buf, "-922337203685477g 58s 8c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(market_value_of_lots),
	        cmocka_unit_test(market_value_edges),
	        cmocka_unit_test(unit_median),
	        cmocka_unit_test(days_window),
	        cmocka_unit_test(weights),
	        cmocka_unit_test(gold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
