/* functions.h - wowah's SQL functions, registered on every connection wowah opens (see
 * duck.h): DuckDB's C API over the math of price/price.h.
 *
 *   market_value(unit_price BIGINT, quantity BIGINT) -> DOUBLE
 *       TradeSkillMaster AuctionDB's market value of one scan (price_market_value).
 *   unit_median(unit_price BIGINT, quantity BIGINT) -> BIGINT
 *       the unit-weighted lower median: the price of the unit of 0-based rank (N - 1) / 2.
 *   weighted_market_value(scan_value DOUBLE, days_ago INTEGER) -> DOUBLE
 *       TSM's 14-day weighted market value (price_days_weighted).
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

#include "price/price.h"
#include "util/err.h"

int duck_functions_register(duckdb_connection conn, struct err *e);

#endif
