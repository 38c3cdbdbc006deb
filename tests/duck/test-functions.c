/* test-functions.c - market_value, unit_median, weighted_market_value and gold, through SQL
 * on a real DuckDB connection and through their C entry points, on sets worked out by hand.
 *
 * Reminders for the working below: with N units, ranks r < 0.15 N are always kept, i.e.
 * the first ceil(3N / 20); the selection may grow to cap = max(1, floor(3N / 10)) while
 * each new lot is priced < 1.2 x the previous one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duck/duck.h"
#include "../duck-fixture.h"
#include "duck/functions.h"

/* Runs sql (one value) and returns it as a double; NAN for NULL. */
static double q_double(const char *sql)
{
	struct err e = {0};
	duckdb_result r;
	double v;

	if (duck_query(&db, sql, &r, &e)) {
		fprintf(stderr, "%s: %s\n", sql, e.msg);
		fail();
	}
	v = duckdb_value_is_null(&r, 0, 0) ? NAN : duckdb_value_double(&r, 0, 0);
	duckdb_destroy_result(&r);
	return v;
}

/* Runs sql (one value) into a string the caller frees; "NULL" for NULL. */
static char *q_text(const char *sql)
{
	struct err e = {0};
	duckdb_result r;
	char *v, *copy;

	if (duck_query(&db, sql, &r, &e)) {
		fprintf(stderr, "%s: %s\n", sql, e.msg);
		fail();
	}
	v = duckdb_value_is_null(&r, 0, 0) ? NULL : duckdb_value_varchar(&r, 0, 0);
	copy = strdup(v ? v : "NULL");
	duckdb_free(v);
	duckdb_destroy_result(&r);
	return copy;
}

static void assert_text(const char *sql, const char *want)
{
	char *got = q_text(sql);
	assert_string_equal(got, want);
	free(got);
}

/* The same lots as SQL rows (price, qty) and as units, one row per unit. */
#define LOTS_SQL(values) "(SELECT * FROM (VALUES " values ") t(p, q))"
static double mv_lots(const char *values)
{
	char sql[2048];
	snprintf(sql, sizeof(sql), "SELECT market_value(p, q) FROM " LOTS_SQL("%s"), values);
	return q_double(sql);
}

static double mv_units(const char *values)
{
	char sql[2048];
	snprintf(sql, sizeof(sql),
	         "SELECT market_value(p, 1) FROM " LOTS_SQL("%s") ", range(q) AS u(i)", values);
	return q_double(sql);
}

/* 40 units: 1 at 50, 5 at 100, 6 at 110, 28 at 1000.
 * Always kept: ceil(120 / 20) = 6 units (50, 100 x5); cap = 12. The next unit, the first
 * of the 110 lot, is 110 < 1.2 x 100 = 120, so the lot is taken up to the cap: 12 kept
 * (50, 100 x5, 110 x6). Sum 1210, mean 100.8333; sum of squares 125100, so
 * SS = 125100 - 1210^2 / 12 = 3091.667, s^2 = 3091.667 / 11 = 281.06, s = 16.765,
 * 1.5 s = 25.15. 50 is 50.83 away: dropped. Market value = (500 + 660) / 11 = 105.4545. */
static void weighted_set(void **state)
{
	const char *set = "(50, 1), (1000, 28), (110, 6), (100, 5)";
	struct price_lot lots[] = {{50, 1}, {1000, 28}, {110, 6}, {100, 5}};
	(void)state;

	assert_true(fabs(mv_lots(set) - 1160.0 / 11) < 1e-9);
	assert_true(mv_units(set) == mv_lots(set));
	assert_true(fabs(price_market_value(lots, 4) - 1160.0 / 11) < 1e-9);
}

/* 20 units priced 1 .. 20. Always kept: ceil(60 / 20) = 3 (1, 2, 3); the next, 4, is not
 * < 1.2 x 3 = 3.6: selection ends. Mean 2, s = 1, 1.5 s = 1.5: all kept. Value 2. */
static void price_step_ends_selection(void **state)
{
	(void)state;
	assert_true(q_double("SELECT market_value(i, 1) FROM range(1, 21) t(i)") == 2.0);
}

/* 20 units: 100 x3, X x3, 1000 x14. Always 3, cap 6. With X = 120 the 4th unit is not
 * < 120: value 100. With X = 119 the lot is taken: 100 x3, 119 x3, mean 109.5,
 * s = sqrt(6 x 9.5^2 / 5) = 10.41, every unit 9.5 away < 15.6: value 109.5. */
static void price_step_boundary(void **state)
{
	(void)state;
	assert_true(mv_lots("(100, 3), (120, 3), (1000, 14)") == 100.0);
	assert_true(mv_lots("(100, 3), (119, 3), (1000, 14)") == 109.5);
	assert_true(mv_units("(100, 3), (119, 3), (1000, 14)") == 109.5);
}

/* Beyond 32 bits: 10 units, 5e9 x2, X x1, 9e9 x7. Always ceil(30 / 20) = 2, cap 3.
 * X = 6e9 is exactly 1.2 x 5e9, not below it: value 5e9. X = 5999999999 is kept:
 * mean 15999999999 / 3 = 5333333333, deviations -333333333 (x2) and +666666666,
 * s = 5.77e8, 1.5 s = 8.66e8: all kept, value 5333333333. */
static void prices_beyond_32_bits(void **state)
{
	(void)state;
	assert_true(mv_lots("(5000000000, 2), (6000000000, 1), (9000000000, 7)") == 5e9);
	assert_true(mv_lots("(5000000000, 2), (5999999999, 1), (9000000000, 7)") == 5333333333.0);
}

/* 6e9 units (beyond 32 bits) at 99,999,999,900 copper: all prices equal, s = 0, all kept;
 * the sum 6e20 overflows int64 but not the 128-bit sum. Value: the price. */
static void huge_quantities_equal_prices(void **state)
{
	struct price_lot lots[] = {
	        {99999999900, 2000000000}, {99999999900, 2000000000}, {99999999900, 2000000000}};
	(void)state;

	assert_true(mv_lots("(99999999900, 2000000000), (99999999900, 2000000000), "
	                    "(99999999900, 2000000000)") == 99999999900.0);
	assert_true(price_market_value(lots, 3) == 99999999900.0);
	assert_true(q_double("SELECT unit_median(99999999900, 4000000000)") == 99999999900.0);
}

/* One unit: the standard deviation is undefined, the unit is the value. 3 units: cap is
 * max(1, floor(0.9)) = 1, so only the cheapest counts. */
static void one_unit(void **state)
{
	(void)state;
	assert_true(mv_lots("(500, 1)") == 500.0);
	assert_true(mv_lots("(12, 1), (10, 1), (11, 1)") == 10.0);
}

/* Rows without a usable price or quantity are ignored; nothing usable is NULL. */
static void nulls_and_non_prices(void **state)
{
	(void)state;
	assert_true(mv_lots("(NULL, 5), (100, NULL), (0, 3), (-5, 2), (70, 1)") == 70.0);
	assert_true(isnan(mv_lots("(NULL::BIGINT, 5::BIGINT), (0, 3)")));
	assert_true(isnan(q_double("SELECT market_value(1, 1) WHERE false")));
	assert_true(isnan(q_double("SELECT unit_median(NULL, 1)")));
}

/* 300,000 single units spread over 3 groups are read by both threads and combined; each
 * group must equal its lot form (one row per price with the count as quantity). */
static void parallel_combine_equals_lots(void **state)
{
	double units, lots;
	(void)state;

	assert_int_equal(duck_exec(&db,
	                           "CREATE TEMP TABLE big AS SELECT i % 3 AS g, "
	                           "100 + (i * 7919) % 97 AS p FROM range(300000) t(i)",
	                           NULL),
	                 0);
	units = q_double("SELECT sum(v) FROM (SELECT market_value(p, 1) v FROM big GROUP BY g)");
	lots = q_double("SELECT sum(v) FROM (SELECT market_value(p, n) v FROM "
	                "(SELECT g, p, count(*) n FROM big GROUP BY g, p) GROUP BY g)");
	assert_true(units == lots);
	/* and as a window (segment trees combine the same states more than once) */
	assert_true(q_double("SELECT max(v) FROM (SELECT market_value(p, 1) OVER (PARTITION BY g "
	                     "ORDER BY p ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) v FROM big)") >
	            0);
	assert_int_equal(duck_exec(&db, "DROP TABLE big", NULL), 0);
}

/* Units 5 x3, 7 x1: N = 4, rank (4 - 1) / 2 = 1, which is a 5. Units 1, 2, 3: rank 1 = 2. */
static void unit_median(void **state)
{
	(void)state;
	assert_true(q_double("SELECT unit_median(p, q) FROM " LOTS_SQL("(7, 1), (5, 3)")) == 5.0);
	assert_true(q_double("SELECT unit_median(i, 1) FROM range(1, 4) t(i)") == 2.0);
}

/* Scans: day 0 at 100 and 200 (day value 150), day 1 at 300, day 14 at 1000, day 15
 * (outside the window) at 5. Weights 132, 125, 4 renormalised:
 * (132 x 150 + 125 x 300 + 4 x 1000) / 261 = 61300 / 261 = 234.8659. */
static void weighted_value(void **state)
{
	double day[PRICE_WEIGHT_DAYS] = {150, 300};
	int has[PRICE_WEIGHT_DAYS] = {1, 1};
	(void)state;

	day[14] = 1000;
	has[14] = 1;
	assert_true(fabs(price_weighted_value(day, has) - 61300.0 / 261) < 1e-9);
	assert_true(fabs(q_double("SELECT weighted_market_value(v, d) FROM (VALUES (100.0, 0), "
	                          "(200.0, 0), (300.0, 1), (1000.0, 14), (5.0, 15)) t(v, d)") -
	                 61300.0 / 261) < 1e-9);
	/* every day at 42: the weights cancel */
	assert_true(fabs(q_double("SELECT weighted_market_value(42.0, d::INTEGER) "
	                          "FROM range(15) t(d)") -
	                 42) < 1e-12);
	/* the weights of the 15 days sum to 672 */
	assert_true(q_double("SELECT weighted_market_value(CASE WHEN d = 3 THEN 672.0 ELSE 0 END, "
	                     "d::INTEGER) FROM range(15) t(d)") == 75.0);
	assert_true(isnan(q_double("SELECT weighted_market_value(1.0, 20)")));
	memset(has, 0, sizeof(has));
	assert_true(isnan(price_weighted_value(day, has)));
}

static void gold(void **state)
{
	char buf[32];
	(void)state;

	assert_text("SELECT gold(12345678)", "1234g 56s 78c");
	assert_text("SELECT gold(0)", "0g 0s 0c");
	assert_text("SELECT gold(-505)", "-0g 5s 5c");
	assert_text("SELECT gold(99999999900)", "9999999g 99s 0c");
	assert_text("SELECT gold(105.5::DOUBLE)", "0g 1s 6c");
	assert_text("SELECT gold(NULL::BIGINT)", "NULL");
	assert_text("SELECT gold(market_value(p, q)) FROM " LOTS_SQL("(20001, 1)"), "2g 0s 1c");
	price_format_gold(INT64_MIN, buf);
	assert_string_equal(buf, "-922337203685477g 58s 8c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(weighted_set),
	        cmocka_unit_test(price_step_ends_selection),
	        cmocka_unit_test(price_step_boundary),
	        cmocka_unit_test(prices_beyond_32_bits),
	        cmocka_unit_test(huge_quantities_equal_prices),
	        cmocka_unit_test(one_unit),
	        cmocka_unit_test(nulls_and_non_prices),
	        cmocka_unit_test(parallel_combine_equals_lots),
	        cmocka_unit_test(unit_median),
	        cmocka_unit_test(weighted_value),
	        cmocka_unit_test(gold),
	};
	return cmocka_run_group_tests(tests, duck_fixture_setup, duck_fixture_teardown);
}
