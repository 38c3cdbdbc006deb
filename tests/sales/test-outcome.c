/* test-outcome.c - the sales estimate (sales/sales.h) on hand-made lifetimes whose fate is
 * known: one realm house and one commodity house, snapshots every hour from 10:00 to
 * 15:00. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "duck/duck.h"
#include "../duck-fixture.h"
#include "lifetime/lifetime.h"
#include "sales/sales.h"
#include "util/buf.h"

#define H(h) "TIMESTAMPTZ '2026-11-02 " #h ":00:00+00'"

/* A lifetime: (kind, auction_id, item, unit price, buyout, first, last, q first, q last,
 * quantity changes, time_left first, last, changes). */
static void add(const char *kind, int64_t id, int item, const char *unit_price, const char *buyout,
                const char *first, const char *last, int q0, int q1, const char *qch,
                const char *tl0, const char *tl1, const char *tlch)
{
	struct buf sql = BUF_INIT;
	struct err e = {0};

	buf_printf(
	        &sql,
	        "INSERT INTO lt BY NAME SELECT 'eu' AS region, '%s' AS kind, %d AS realm_id, 0 "
	        "AS house_id, %lld AS auction_id, %d AS item_id, %s AS unit_price, %s AS "
	        "buyout, %s AS first_seen, %s AS last_seen, (epoch(%s) - epoch(%s)) // 3600 + 1 AS "
	        "sightings, %d AS "
	        "quantity_first, %d AS quantity_last, %s AS quantity_changes, '%s' AS "
	        "time_left_first, '%s' AS time_left_last, %s AS time_left_changes",
	        kind, strcmp(kind, "commodity") ? 1305 : 0, (long long)id, item, unit_price, buyout,
	        first, last, last, first, q0, q1, qch, tl0, tl1, tlch);
	assert_int_equal(duck_exec(&db, sql.data, &e), 0);
	buf_release(&sql);
}

/* Gives auction id a bid and the changes of it seen. */
static void set_bid(int64_t id, int bid, const char *changes)
{
	struct buf sql = BUF_INIT;
	struct err e = {0};

	buf_printf(&sql, "UPDATE lt SET bid = %d, bid_changes = %s WHERE auction_id = %lld", bid,
	           changes, (long long)id);
	assert_int_equal(duck_exec(&db, sql.data, &e), 0);
	buf_release(&sql);
}

/* In realm: 80 listings of items 2000 to 2079 there all along (nobody buys them); item
 * 1100's listing id alone from 10:00 to 14:00 and gone at 15:00; and item 1200 bought
 * every hour: id + 1 alone at 10:00 (at 100) and gone by 11:00, id + 2 alone at 11:00 (at
 * 110: its lowest price rose), and so on to id + 5, alone at 14:00 and gone at 15:00. */
static void add_alone_house(int realm, int64_t id)
{
	struct buf sql = BUF_INIT;
	struct err e = {0};
	char at[64], price[16];

	add("realm", id, 1100, "NULL", "100", H(10), H(14), 1, 1, "[]", "VERY_LONG", "VERY_LONG",
	    "[]");
	for (int i = 0; i < 5; i++) {
		snprintf(at, sizeof(at), "TIMESTAMPTZ '2026-11-02 %d:00:00+00'", 10 + i);
		snprintf(price, sizeof(price), "%d", 100 + 10 * i);
		add("realm", id + 1 + i, 1200, "NULL", price, at, at, 1, 1, "[]", "VERY_LONG",
		    "VERY_LONG", "[]");
	}
	for (int i = 0; i < 80; i++)
		add("realm", id * 10 + i, 2000 + i, "NULL", "100", H(10), H(15), 1, 1, "[]",
		    "VERY_LONG", "VERY_LONG", "[]");
	buf_printf(&sql,
	           "UPDATE lt SET realm_id = %d WHERE auction_id BETWEEN %lld AND %lld OR "
	           "auction_id BETWEEN %lld AND %lld",
	           realm, (long long)id, (long long)id + 5, (long long)id * 10,
	           (long long)id * 10 + 79);
	assert_int_equal(duck_exec(&db, sql.data, &e), 0);
	buf_release(&sql);
}

/* In realm: auctions with a bid that ran out (MEDIUM, then SHORT, then gone). Item 3101:
 * id to id + 3 watched from their posting (first seen at 11:00, gone at 13:00), the bids
 * of id and id + 1 seen to rise (won by their bidders). Item 3100: id + 4 to id + 7 there
 * since the house's first snapshot (10:00, gone at 12:00), only id + 4's bid seen to rise;
 * id + 5 to id + 7 (2, 3 and 5 units) run out without one. */
static void add_bids_house(int realm, int64_t id)
{
	static const int units[] = {4, 2, 3, 5};
	struct buf sql = BUF_INIT;
	struct err e = {0};

	for (int i = 0; i < 4; i++) {
		add("realm", id + i, 3101, "NULL", "500", H(11), H(12), 1, 1, "[]", "MEDIUM",
		    "SHORT", "[{'ts': " H(12) ", 'time_left': 'SHORT'}]");
		set_bid(id + i, 200, i < 2 ? "[{'ts': " H(12) ", 'bid': 210}]" : "[]");
		add("realm", id + 4 + i, 3100, "NULL", "500", H(10), H(11), units[i], units[i],
		    "[]", "MEDIUM", "SHORT", "[{'ts': " H(11) ", 'time_left': 'SHORT'}]");
		set_bid(id + 4 + i, 200, i < 1 ? "[{'ts': " H(11) ", 'bid': 210}]" : "[]");
	}
	buf_printf(&sql, "UPDATE lt SET realm_id = %d WHERE auction_id BETWEEN %lld AND %lld",
	           realm, (long long)id, (long long)id + 7);
	assert_int_equal(duck_exec(&db, sql.data, &e), 0);
	buf_release(&sql);
}

/* The estimate of every lifetime (outcomes) and the sales per day from it (days), made once
 * for all the checks, which read these tables: no test changes lt, and the checks asked the
 * whole estimate 49 times, 20 s of CPU under ASan where once takes 4 s. */
static int estimate(void)
{
	struct buf sql = BUF_INIT;
	struct err e = {0};
	int rc;

	buf_puts(&sql, "CREATE TABLE outcomes AS ");
	sales_outcomes_sql(&sql, "lt", "snaps", "items", "'-infinity'::TIMESTAMPTZ");
	buf_puts(&sql, "; CREATE TABLE days AS WITH j AS (SELECT * FROM lt JOIN outcomes USING "
	               "(region, kind, realm_id, house_id, auction_id, first_seen, last_seen)), p "
	               "AS (");
	sales_parts_sql(&sql, "j", "snaps", "'-infinity'::DATE");
	buf_puts(&sql, "), r AS (");
	sales_rates_sql(&sql, "p");
	buf_puts(&sql, ") SELECT * FROM (");
	sales_days_sql(&sql, "p", "r", "snaps");
	buf_puts(&sql, ")");
	rc = duck_exec(&db, sql.data, &e);
	if (rc)
		print_error("the estimate: %s\n", e.msg);
	buf_release(&sql);
	return rc;
}

static int setup(void **state)
{
	struct buf sql = BUF_INIT;
	struct err e = {0};
	int rc = duck_fixture_setup(state);

	buf_printf(
	        &sql,
	        "SET TimeZone = 'UTC';"
	        "CREATE TABLE lt AS %s;"
	        "CREATE TABLE snaps AS SELECT 'eu' AS region, k AS kind, r AS realm_id, 0 AS "
	        "house_id, t AS snapshot_ts FROM (VALUES ('realm', 1305), ('realm', 1306), "
	        "('realm', 1307), ('realm', 1308), ('commodity', 0)) v(k, r), range(" H(
	                10) " - CASE r WHEN "
	                    "1306 THEN INTERVAL 1 DAY ELSE INTERVAL 0 DAY END, " H(
	                            16) ", INTERVAL 1 "
	                                "HOUR) s(t);"
	                                /* item_snapshots as a load makes it, from the lifetimes
	                                   (seen hourly; 0 for no pet species) */
	                                "CREATE VIEW items AS SELECT l.region, l.kind, "
	                                "l.realm_id, l.house_id, "
	                                "s.snapshot_ts, l.item_id, coalesce(l.pet_species_id, 0) "
	                                "AS pet_species_id, count(*) "
	                                "AS auctions, "
	                                "min(COALESCE(l.unit_price, CASE WHEN l.buyout > 0 THEN "
	                                "l.buyout // "
	                                "l.quantity_first END)) AS min_buyout FROM lt l JOIN "
	                                "snaps s ON s.region = "
	                                "l.region AND s.kind = l.kind AND s.realm_id = "
	                                "l.realm_id AND s.house_id = "
	                                "l.house_id AND s.snapshot_ts BETWEEN l.first_seen AND "
	                                "l.last_seen GROUP BY ALL",
	        lifetime_empty_sql);
	if (!rc)
		rc = duck_exec(&db, sql.data, &e);
	buf_release(&sql);
	/* realm: cheapest, VERY_LONG, gone at 13:00 -> sold */
	add("realm", 1, 100, "NULL", "100", H(10), H(12), 1, 1, "[]", "VERY_LONG", "VERY_LONG",
	    "[]");
	/* realm: dearer than #3, which outlives it -> cancelled */
	add("realm", 2, 100, "NULL", "300", H(10), H(12), 1, 1, "[]", "VERY_LONG", "VERY_LONG",
	    "[]");
	add("realm", 3, 100, "NULL", "150", H(10), H(15), 1, 1, "[]", "VERY_LONG", "VERY_LONG",
	    "[]");
	/* realm: MEDIUM at 10:00, SHORT at 11:00, gone at 12:00 -> expired */
	add("realm", 4, 200, "NULL", "500", H(10), H(11), 1, 1, "[]", "MEDIUM", "SHORT",
	    "[{'ts': " H(11) ", 'time_left': 'SHORT'}]");
	/* realm: LONG since 10:00 (more than 2 h left), gone at 12:00 -> not expired: sold */
	add("realm", 5, 300, "NULL", "500", H(10), H(11), 1, 1, "[]", "LONG", "LONG", "[]");
	/* realm: bid only, gone early -> cancelled */
	add("realm", 6, 400, "NULL", "NULL", H(10), H(11), 1, 1, "[]", "VERY_LONG", "VERY_LONG",
	    "[]");
	/* commodity: 10, 6 at 11:00, gone at 13:00, cheapest -> sold, 10 units */
	add("commodity", 7, 500, "20", "NULL", H(10), H(12), 10, 6,
	    "[{'ts': " H(11) ", 'quantity': 6}]", "VERY_LONG", "VERY_LONG", "[]");
	/* commodity: 10, 7 at 11:00, then SHORT and gone -> expired, 3 units sold */
	add("commodity", 8, 600, "20", "NULL", H(10), H(12), 10, 7,
	    "[{'ts': " H(11) ", 'quantity': 7}]", "MEDIUM", "SHORT",
	    "[{'ts': " H(12) ", 'time_left': 'SHORT'}]");
	/* still in the newest snapshot -> listed */
	add("commodity", 9, 600, "30", "NULL", H(11), H(15), 5, 5, "[]", "VERY_LONG", "LONG",
	    "[{'ts': " H(14) ", 'time_left': 'LONG'}]");
	/* realm: seen once at 13:00, alone, gone at 14:00 -> sold within its first hour;
	 * another of the item stays listed */
	add("realm", 10, 700, "NULL", "100", H(13), H(13), 1, 1, "[]", "VERY_LONG", "VERY_LONG",
	    "[]");
	add("realm", 11, 700, "NULL", "100", H(13), H(15), 1, 1, "[]", "VERY_LONG", "VERY_LONG",
	    "[]");
	/* realm: bid and buyout, MEDIUM then SHORT, gone at 13:00; its bid rose at 11:00 ->
	 * the bidder won it as it ran out: sold */
	add("realm", 12, 800, "NULL", "500", H(10), H(12), 1, 1, "[]", "MEDIUM", "SHORT",
	    "[{'ts': " H(12) ", 'time_left': 'SHORT'}]");
	set_bid(12, 200, "[{'ts': " H(11) ", 'bid': 210}]");
	/* the same with a bid that never rose -> expired */
	add("realm", 13, 800, "NULL", "500", H(10), H(12), 1, 1, "[]", "MEDIUM", "SHORT",
	    "[{'ts': " H(12) ", 'time_left': 'SHORT'}]");
	set_bid(13, 200, "[]");
	/* bid only, gone early after its bid rose: a bidder does not end it before its expiry
	 * and there is no buyout -> cancelled (as #6) */
	add("realm", 14, 900, "NULL", "NULL", H(10), H(11), 1, 1, "[]", "VERY_LONG", "VERY_LONG",
	    "[]");
	set_bid(14, 300, "[{'ts': " H(11) ", 'bid': 315}]");
	/* commodity: two listings first seen at 10:00 and still listed, the cheaper losing 2 of
	 * its 10 units by 11:00, the dearer 1 of its 10 */
	add("commodity", 15, 1000, "10", "NULL", H(10), H(15), 10, 8,
	    "[{'ts': " H(11) ", 'quantity': 8}]", "VERY_LONG", "LONG",
	    "[{'ts': " H(14) ", 'time_left': 'LONG'}]");
	add("commodity", 16, 1000, "20", "NULL", H(10), H(15), 10, 9,
	    "[{'ts': " H(11) ", 'quantity': 9}]", "VERY_LONG", "LONG",
	    "[{'ts': " H(14) ", 'time_left': 'LONG'}]");
	/* commodity item 1300, posts under the book: #40 (50) there all along; #41 first seen at
	 * 11:00 under it (40), losing 4 of 10 by 12:00; #43 at 12:00 over #41 (45); #42 at
	 * 13:00 under #41 (30), its 5 gone by 14:00 */
	add("commodity", 40, 1300, "50", "NULL", H(10), H(15), 20, 20, "[]", "VERY_LONG",
	    "VERY_LONG", "[]");
	add("commodity", 41, 1300, "40", "NULL", H(11), H(15), 10, 6,
	    "[{'ts': " H(12) ", 'quantity': 6}]", "VERY_LONG", "VERY_LONG", "[]");
	add("commodity", 42, 1300, "30", "NULL", H(13), H(13), 5, 5, "[]", "VERY_LONG", "VERY_LONG",
	    "[]");
	add("commodity", 43, 1300, "45", "NULL", H(12), H(15), 10, 10, "[]", "VERY_LONG",
	    "VERY_LONG", "[]");
	/* commodity item 1400, a tie at the bottom: #60 (50) first seen at 11:00, losing 2 of
	 * 10 by 12:00; #61 at the same price first seen at 12:00 (the bottom new again: the
	 * newest of a tie), still the cheapest at 13:00 (an hour old) */
	add("commodity", 60, 1400, "50", "NULL", H(11), H(15), 10, 8,
	    "[{'ts': " H(12) ", 'quantity': 8}]", "VERY_LONG", "VERY_LONG", "[]");
	add("commodity", 61, 1400, "50", "NULL", H(12), H(15), 10, 10, "[]", "VERY_LONG",
	    "VERY_LONG", "[]");
	/* realm: first seen MEDIUM at 14:00 (listed before anyone watched), gone at 15:00: it
	 * ran out by then with a chance of 1/3, but a listing that had not vanishes far less
	 * often in an hour than 2 in 3 -> expired */
	add("realm", 50, 3000, "NULL", "100", H(14), H(14), 1, 1, "[]", "MEDIUM", "MEDIUM", "[]");
	/* realm 1306 watched since the day before, realm 1307 since 10:00 */
	add_alone_house(1306, 20);
	add_alone_house(1307, 30);
	add_bids_house(1308, 90);
	return rc ? rc : estimate();
}

/* The columns cols of auction id's estimate, in r (one row). */
static void judged(int64_t id, const char *cols, duckdb_result *r)
{
	struct buf sql = BUF_INIT;
	struct err e = {0};

	buf_printf(&sql, "SELECT %s FROM outcomes WHERE auction_id = %lld", cols, (long long)id);
	if (duck_query(&db, sql.data, r, &e))
		fail_msg("%s", e.msg);
	buf_release(&sql);
	assert_int_equal(duckdb_row_count(r), 1);
}

static void expect(int64_t id, const char *outcome, int units)
{
	duckdb_result r;
	char *got;

	judged(id, "outcome, units_sold", &r);
	got = duckdb_value_varchar(&r, 0, 0);
	if (strcmp(got, outcome) != 0)
		fail_msg("auction %lld: %s, expected %s", (long long)id, got, outcome);
	assert_int_equal(duckdb_value_int32(&r, 1, 0), units);
	duckdb_free(got);
	duckdb_destroy_result(&r);
}

static void test_sold_cheapest(void **state)
{
	(void)state;
	expect(1, "sold", 1);
	expect(5, "sold", 1);
}

static void test_cancelled_undercut(void **state)
{
	(void)state;
	expect(2, "cancelled", 0);
	expect(6, "cancelled", 0);
}

static void test_expired(void **state)
{
	duckdb_result r;

	(void)state;
	expect(4, "expired", 0);
	expect(50, "expired", 0);
	judged(50, "confidence", &r);
	assert_true(duckdb_value_double(&r, 0, 0) > 0.5 && duckdb_value_double(&r, 0, 0) < 1);
	duckdb_destroy_result(&r);
}

static void test_bid_rose(void **state)
{
	(void)state;
	expect(12, "sold", 1);
	expect(13, "expired", 0);
	expect(14, "cancelled", 0);
}

static void test_commodities_partly(void **state)
{
	(void)state;
	expect(7, "sold", 10);
	expect(8, "expired", 3);
}

/* Alone of its item at its last sighting and gone: sold unless a withdrawal explains it
 * as well (sales.h). In realm 1306 every listing is alone; r: 6 of its 410 item-hours from
 * 10:00 to 14:00 lost their cheapest listing, rh: 2 of the 82 at 14:00, from a prior of 82
 * item-hours (one snapshot's) at r. #20: 5 hours alone, none of its item gone before: s =
 * (0 + 0.5) / (5 + 0.5 / r) x rh / r = 0.017 an hour, c / (c + s) = 0.75: cancelled. #25:
 * its item's cheapest went in 4 of its 5 hours: s = 0.15, sold with a confidence of 0.75.
 * #30, as #20 in realm 1307, watched since 10:00 only (less than a day): sold. */
static void test_withdrawn_alone(void **state)
{
	double r = 6.0 / 410, rh = (2 + 82 * r) / (82 + 82);
	duckdb_result res;

	(void)state;
	expect(20, "cancelled", 0);
	judged(20, "confidence", &res);
	assert_true(fabs(duckdb_value_double(&res, 0, 0) -
	                 0.05 / (0.05 + 0.5 / (5 + 0.5 / r) * rh / r)) < 1e-9);
	duckdb_destroy_result(&res);
	expect(25, "sold", 1);
	judged(25, "confidence", &res);
	assert_true(fabs(duckdb_value_double(&res, 0, 0) -
	                 (1 - 0.05 / (0.05 + 4.5 / (5 + 0.5 / r) * rh / r))) < 1e-9);
	duckdb_destroy_result(&res);
	expect(30, "sold", 1);
	expect(35, "sold", 1);
}

static void test_listed(void **state)
{
	(void)state;
	expect(3, "listed", 0);
	expect(9, "listed", 0);
}

/* Whether auction id was the cheapest of its item at its first sighting. */
static void expect_cheapest_first(int64_t id, int cheapest)
{
	duckdb_result r;

	judged(id, "cheapest_first", &r);
	if (duckdb_value_boolean(&r, 0, 0) != cheapest)
		fail_msg("auction %lld: cheapest_first %d, expected %d", (long long)id, !cheapest,
		         cheapest);
	duckdb_destroy_result(&r);
}

/* Cheapest at the first sighting: nothing of the item cheaper there then; a tie is not
 * cheaper; a listing gone before another's first sighting does not count for it. */
static void test_cheapest_first(void **state)
{
	(void)state;
	expect_cheapest_first(1, 1);  /* 100 at 100, beside 300 and 150 */
	expect_cheapest_first(2, 0);  /* 300 */
	expect_cheapest_first(8, 1);  /* 600 at 20 at 10:00, alone */
	expect_cheapest_first(9, 0);  /* 600 at 30 at 11:00, beside #8 at 20 */
	expect_cheapest_first(10, 1); /* 700: both at 100 */
	expect_cheapest_first(11, 1);
	expect_cheapest_first(6, 0); /* bid only: no price to compare */
}

/* The day's units seen sold and the model of the unseen ones for item in realm. */
static void expect_day(int realm, int item, double seen, double unseen)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	struct err e = {0};

	buf_printf(&sql,
	           "SELECT units_seen, units_unseen FROM days WHERE realm_id = %d AND item_id = %d",
	           realm, item);
	if (duck_query(&db, sql.data, &r, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(duckdb_row_count(&r), 1);
	if (fabs(duckdb_value_double(&r, 0, 0) - seen) > 1e-9 ||
	    fabs(duckdb_value_double(&r, 1, 0) - unseen) > 1e-9)
		fail_msg("realm %d item %d: %g seen, %g unseen; expected %g, %g", realm, item,
		         duckdb_value_double(&r, 0, 0), duckdb_value_double(&r, 1, 0), seen,
		         unseen);
	duckdb_destroy_result(&r);
	buf_release(&sql);
}

/* The unseen units for every unit bought within the hour after its first sighting, from the
 * shares p0 and p1 of the hours watched whose bottom of the book was first seen in that
 * snapshot and in the one before (sales.h): the bottom's age spread within each hour as
 * e^-ka, k = ln(p0 / p1), of mean share m of an hour, and a bottom under an hour old
 * bought rho times as fast as an older one; rho p0 (1 - m) / (rho p0 m + p1 (1 - m)). */
static double per_fast_rho(double p0, double p1, double rho)
{
	double k = p0 > p1 ? log(p0 / p1) : 0;
	double m = k > 1e-6 ? 1 / k - exp(-k) / (1 - exp(-k)) : 0.5;

	return p0 > 0 ? rho * p0 * (1 - m) / (rho * p0 * m + p1 * (1 - m)) : 0;
}

static double per_fast(double p0, double p1)
{
	return per_fast_rho(p0, p1, 1);
}

/* rho of a class of items: of its fresh bottoms (first seen as the cheapest, posted within
 * the hour before) fresh_sold sold within the hour after, and of those still the cheapest
 * at their second sighting (aged) aged_sold within the hour after that; the hazards'
 * ratio, q0 from half a sale's prior, q1 from one listing's at q0. */
static double hazards(int fresh, int fresh_sold, int aged, int aged_sold)
{
	double q0 = (fresh_sold + 0.5) / (fresh + 1);

	return log(1 - q0) / log(1 - (aged_sold + q0) / (aged + 1));
}

/* Every kind alike, retail here: the houses are watched 5 hours after their first snapshot
 * (10:00), and p1 counts from a prior of half an hour. */
static void test_unseen_model(void **state)
{
	(void)state;
	/* 700: #10 and #11 (a tie) the bottom first seen at 13:00, #11 still the bottom at
	 * 14:00; #10 sold after one sighting (1 unit within its first hour). k = 0, the class
	 * of item 3000 (#50: p0 1 / 5, p1 0.5 / 5, k = ln 2) is another: of the two fresh
	 * bottoms one sold within the hour, the one an hour old did not sell (still listed):
	 * q0 = 1.5 / 3, q1 = 0.5 / 2, rho = ln 0.5 / ln 0.75, about 2.4 */
	expect_day(1305, 700, 1, 1 * per_fast_rho(1 / 5.0, 1.5 / 5, hazards(2, 1, 1, 0)));
	assert_true(fabs(hazards(2, 1, 1, 0) - log(0.5) / log(0.75)) < 1e-12);
	/* 100: #1, #2 and #3 first seen in the house's first snapshot, not posted within the
	 * hour before: no bottom seen new, nothing unseen */
	expect_day(1305, 100, 1, 0);
	/* 1200 on realm 1307 (watched from 10:00): a new listing alone every hour, each gone by
	 * the next snapshot, so the bottom was new at 11:00 to 14:00 and never an hour old: 5
	 * units bought within their first hour (the one of the first snapshot too), and the
	 * bottom's age falls off steeply within the hour: about 1.57 unseen for each. No
	 * bottom was ever an hour old, so nothing says an older one sells slower: rho 1 */
	expect_day(1307, 1200, 5, 5 * per_fast(4 / 5.0, 0.5 / 5));
	assert_true(fabs(hazards(4, 4, 0, 0) - 1) < 1e-12);
	assert_true(per_fast(4 / 5.0, 0.5 / 5) > 1.5 && per_fast(4 / 5.0, 0.5 / 5) < 1.6);
}

/* Auctions already listed when their house was first watched that ran out without a risen
 * bid: some were won by a bidder who bid before anyone watched. Of those watched from their
 * posting that ran out, a share B = 2 / 4 showed a risen bid; of those listed before the
 * watch only Bs = 1 / 4, so (B - Bs) / (1 - Bs) = 1 / 3 of the rest were won unseen. */
static void test_unseen_bidders(void **state)
{
	(void)state;
	/* 3100: #94 sold to its bidder (4 units); a third of #95 to #97's 10 units */
	expect_day(1308, 3100, 4, 10 / 3.0);
	/* 3101: #90 and #91 sold to their bidders; #92 and #93 watched from their posting,
	 * their bidders (had they any) seen: nothing unseen */
	expect_day(1308, 3101, 2, 0);
	/* houses with no auction watched from its posting that ran out say nothing of it */
	expect_day(1305, 800, 1, 0);
}

/* An auction and whether a flag of its estimate is set. */
struct flag {
	int64_t id;
	int on;
};

/* The boolean column col of each auction's estimate against want (n of them). */
static void expect_flags(const char *col, const struct flag *want, size_t n)
{
	duckdb_result r;

	for (size_t i = 0; i < n; i++) {
		judged(want[i].id, col, &r);
		if (duckdb_value_boolean(&r, 0, 0) != want[i].on)
			fail_msg("auction %lld: %s %d, expected %d", (long long)want[i].id, col,
			         !want[i].on, want[i].on);
		duckdb_destroy_result(&r);
	}
}

/* Cheapest at its second sighting: still listed at the next snapshot of its house and no
 * listing of its item cheaper then; never for one first seen in the house's first
 * snapshot. */
static void test_cheapest_second(void **state)
{
	static const struct flag want[] = {{41, 1}, {42, 0}, {43, 0}, {11, 1}, {10, 0},
	                                   {15, 0}, {9, 0},  {60, 1}, {61, 1}};

	(void)state;
	expect_flags("cheapest_second", want, sizeof(want) / sizeof(want[0]));
}

/* Commodities: the same model, on units. */
static void test_unseen_commodities(void **state)
{
	(void)state;
	/* 1300: the bottom new at 11:00 (#41 under #40) and 13:00 (#42 under #41), an hour
	 * old at 12:00 (#41 again; #43 over it): p0 2 / 5, p1 (1 + 0.5) / 5; #41 lost 4 within
	 * the hour after its first sighting, #42 all its 5 */
	expect_day(0, 1300, 9, 9 * per_fast(2 / 5.0, 1.5 / 5));
	/* 1000: both first seen in the house's first snapshot, the bottom never new: nothing
	 * unseen whatever they lost within their first hour */
	expect_day(0, 1000, 3, 0);
	/* 600: #9 first seen at 11:00 over #8 (30 against 20), the bottom never new */
	expect_day(0, 600, 3, 0);
	/* 1400: the bottom new at 11:00 (#60) and 12:00 (#61 beside #60, which is still the
	 * cheapest but no longer the newest), an hour old at 13:00 (#61) only */
	expect_day(0, 1400, 2, 2 * per_fast(2 / 5.0, 1.5 / 5));
}

/* The same model at every size: an item whose bottom is new every hour has its unseen units
 * bounded by the age of the bottom, not by how many posts came (the model before grew as
 * the posts an hour), and one whose bottom is seldom new has few. */
static void test_unseen_bounded(void **state)
{
	(void)state;
	/* every hour new, never an hour old, watched 72 hours: about 4 unseen for each (k - 1
	 * as p1 goes to 0, k = ln(p0 / p1): the prior's half hour bounds it) */
	assert_true(per_fast(1.0, 0.5 / 72) > 3.9 && per_fast(1.0, 0.5 / 72) < 4.1);
	/* new one hour in ten, as often an hour old: the bottom's age flat over two hours,
	 * half an hour's worth of demand unseen for each unit of the first hour */
	assert_true(fabs(per_fast(0.1, 0.1) - 0.5) < 1e-12);
	/* more hours new, more unseen */
	assert_true(per_fast(0.5, 0.1) > per_fast(0.3, 0.1));
	/* a fresh bottom bought faster than an hour-old one, more unseen; as fast, as before */
	assert_true(per_fast_rho(0.5, 0.1, hazards(100, 80, 20, 10)) > per_fast(0.5, 0.1));
	assert_true(hazards(100, 80, 20, 10) > 1);
	assert_true(fabs(hazards(100, 50, 100, 50) - 1) < 0.02);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sold_cheapest),   cmocka_unit_test(test_cancelled_undercut),
	        cmocka_unit_test(test_expired),         cmocka_unit_test(test_commodities_partly),
	        cmocka_unit_test(test_listed),          cmocka_unit_test(test_unseen_model),
	        cmocka_unit_test(test_bid_rose),        cmocka_unit_test(test_cheapest_first),
	        cmocka_unit_test(test_withdrawn_alone), cmocka_unit_test(test_unseen_commodities),
	        cmocka_unit_test(test_cheapest_second), cmocka_unit_test(test_unseen_bounded),
	        cmocka_unit_test(test_unseen_bidders),
	};
	return cmocka_run_group_tests(tests, setup, duck_fixture_teardown);
}
