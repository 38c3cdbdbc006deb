/* test-sources.c - the price sources (sales/sources.h) on hand-made sales per day: the
 * windows' bounds, the days watched (a history shorter than the window, today's hours still
 * to come), the unit-weighted sale price and the region means over houses. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "duck/duck.h"
#include "../duck-fixture.h"
#include "sales/sources.h"
#include "util/buf.h"

static int setup(void **state)
{
	struct err e = {0};
	int rc = duck_fixture_setup(state);

	/* Realm 1 watched from 11-01 12:00 to 11-10 12:00, realm 2 from 11-09 to 11-10 00:00. */
	if (!rc)
		rc = duck_exec(
		        &db,
		        "SET TimeZone = 'UTC';"
		        "CREATE TABLE snaps AS SELECT 'eu' AS region, 'realm' AS kind, r AS "
		        "realm_id, 0 AS house_id, t::TIMESTAMPTZ AS snapshot_ts FROM (VALUES (1, "
		        "'2026-11-01 12:00:00+00'), (1, '2026-11-06 12:00:00+00'), (1, '2026-11-10 "
		        "12:00:00+00'), (2, '2026-11-09 00:00:00+00'), (2, '2026-11-10 "
		        "00:00:00+00')) "
		        "v(r, "
		        "t);"
		        "CREATE TABLE days AS SELECT 'eu' AS region, 'realm' AS kind, r AS "
		        "realm_id, "
		        "0 AS house_id, d::DATE AS day, 100 AS item_id, 0 AS pet_species_id, ended "
		        "AS "
		        "auctions_ended, sold AS auctions_sold, seen AS units_seen, units::DOUBLE "
		        "AS "
		        "units_sold, price::DOUBLE AS avg_price FROM (VALUES "
		        "(1, '2026-11-10', 2, 1, 3, 4, 100), (1, '2026-11-05', 2, 2, 2, 2, 200), "
		        "(1, '2026-11-02', 4, 1, 1, 1, 400), (2, '2026-11-09', 1, 1, 1, 1, 300)) "
		        "v(r, d, ended, sold, seen, units, price)",
		        &e);
	return rc;
}

/* The one row of sql (a SELECT with the windows' columns) for realm (0: the region) and
 * window, or fails: its sale rate, sold per day, sale price and days watched (or houses). */
static void row(const char *rel, int realm, int window, double *rate, double *per_day, double *avg,
                double *fourth)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	struct err e = {0};

	buf_printf(&sql,
	           "SELECT sale_rate, sold_per_day, sale_avg, %s FROM (%s) WHERE item_id = 100 "
	           "AND window_days = %d",
	           realm ? "days_watched" : "houses", rel, window);
	if (realm)
		buf_printf(&sql, " AND realm_id = %d", realm);
	if (duck_query(&db, sql.data, &r, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(duckdb_row_count(&r), 1);
	*rate = duckdb_value_double(&r, 0, 0);
	*per_day = duckdb_value_double(&r, 1, 0);
	*avg = duckdb_value_double(&r, 2, 0);
	*fourth = duckdb_value_double(&r, 3, 0);
	duckdb_destroy_result(&r);
	buf_release(&sql);
}

static char *windows(void)
{
	struct buf b = BUF_INIT;
	sales_windows_sql(&b, "days", "snaps");
	return b.data;
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_house_windows(void **state)
{
	char *w = windows();
	double rate, per_day, avg, watched;

	(void)state;
	/* 1 day: 11-10 only, watched from its midnight to 12:00 */
	row(w, 1, 1, &rate, &per_day, &avg, &watched);
	NEAR(watched, 0.5);
	NEAR(rate, 0.5);
	NEAR(per_day, 4 / 0.5);
	NEAR(avg, 100);
	/* 7 days: 11-04 .. 11-10; 11-02 is outside */
	row(w, 1, 7, &rate, &per_day, &avg, &watched);
	NEAR(watched, 6.5);
	NEAR(rate, 3.0 / 4);
	NEAR(per_day, 6 / 6.5);
	NEAR(avg, (3 * 100 + 2 * 200) / 5.0);
	/* 14 days: longer than the history, watched from the first snapshot */
	row(w, 1, 14, &rate, &per_day, &avg, &watched);
	NEAR(watched, 9);
	NEAR(rate, 4.0 / 8);
	NEAR(per_day, 7 / 9.0);
	NEAR(avg, (3 * 100 + 2 * 200 + 1 * 400) / 6.0);
	free(w);
}

static void test_region_means(void **state)
{
	char *w = windows();
	struct buf sub = BUF_INIT, rel = BUF_INIT;
	double rate, per_day, avg, houses;

	(void)state;
	buf_printf(&sub, "(%s)", w);
	sales_region_sql(&rel, sub.data);
	row(rel.data, 0, 7, &rate, &per_day, &avg, &houses);
	NEAR(houses, 2);
	NEAR(rate, (0.75 + 1) / 2);
	NEAR(per_day, (6 / 6.5 + 1) / 2);
	NEAR(avg, (140 + 300) / 2.0);
	/* realm 2 sold nothing on 11-10: the region's 1-day values are realm 1's */
	row(rel.data, 0, 1, &rate, &per_day, &avg, &houses);
	NEAR(houses, 1);
	NEAR(per_day, 8);
	buf_release(&rel);
	buf_release(&sub);
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_house_windows),
	        cmocka_unit_test(test_region_means),
	};
	return cmocka_run_group_tests(tests, setup, duck_fixture_teardown);
}
