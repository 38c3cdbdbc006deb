/* functions.h - wowah's SQL functions, written in C against DuckDB's C API and
 * registered on every connection wowah opens (see duck.h).
 *
 *   market_value(unit_price BIGINT, quantity BIGINT) -> DOUBLE
 *       TradeSkillMaster AuctionDB's market value of one scan (see duck_market_value).
 *   unit_median(unit_price BIGINT, quantity BIGINT) -> BIGINT
 *       the unit-weighted lower median: the price of the unit of 0-based rank (N - 1) / 2.
 *   weighted_market_value(scan_value DOUBLE, days_ago INTEGER) -> DOUBLE
 *       TSM's 14-day weighted market value (see duck_weighted_value).
 *   gold(copper BIGINT | DOUBLE) -> VARCHAR
 *       12345678 -> "1234g 56s 78c" (a DOUBLE is rounded to the nearest copper).
 *
 * Rows whose price or quantity is NULL, zero or negative are not auctions with a price
 * (Classic's "buyout 0" means bid only) and are ignored; an aggregate over no such rows
 * is NULL. None of these may appear in a stored view: wowah.duckdb must open in any
 * DuckDB client, which does not have them.
 */
#ifndef WOWAH_DUCK_FUNCTIONS_H
#define WOWAH_DUCK_FUNCTIONS_H

#include <duckdb.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

int duck_functions_register(duckdb_connection conn, struct err *e);

/* One auction as the aggregates see it: qty units at price copper each. */
struct duck_lot {
	int64_t price;
	int64_t qty;
};

/* The market value of n lots (n > 0, every price and qty > 0); sorts lots by price.
 * Works on cumulative quantities, so a lot of a million units costs as much as one. */
double duck_market_value(struct duck_lot *lots, size_t n);

/* The price of the unit of rank (N - 1) / 2 once lots are sorted; sorts lots. */
int64_t duck_unit_median(struct duck_lot *lots, size_t n);

#define DUCK_WEIGHT_DAYS 15 /* days ago 0 .. 14 */
extern const int duck_day_weights[DUCK_WEIGHT_DAYS];

/* Weighted mean of day_value[d] over the days with has_day[d], weights
 * duck_day_weights renormalised over those days; NAN when no day has data. */
double duck_weighted_value(const double day_value[DUCK_WEIGHT_DAYS],
                           const int has_day[DUCK_WEIGHT_DAYS]);

/* Formats copper as "1234g 56s 78c" ("-" in front when negative) into out. */
void duck_format_gold(int64_t copper, char out[32]);

#endif
