/* summary.h - the per-item summary of one snapshot, as SQL over its auctions: what
 * item_snapshots holds, written once for every engine that stores it (wowah load into
 * wowah.duckdb, wowah feed into ClickHouse), so both hold the same numbers.
 *
 * WAREHOUSE_ITEM_INPUT is the select list over an auction file's columns; the
 * aggregates read it as `a`, grouped by a.item_id and a.sp (pets by species, everything
 * else 0). They need wowah's DuckDB functions (duck/functions.h).
 */
#ifndef WOWAH_WAREHOUSE_SUMMARY_H
#define WOWAH_WAREHOUSE_SUMMARY_H

#include "model/auction.h"

#define WAREHOUSE_ITEM_INPUT \
	"item_id, coalesce(pet_species_id, 0) AS sp, quantity, " MODEL_UNIT_BUYOUT_SQL " AS ub"

/* auctions, units, min_buyout, market_value, median, gold_listed */
#define WAREHOUSE_ITEM_AGGREGATES                                                           \
	"count(*) AS auctions, sum(a.quantity) AS units, min(a.ub) AS min_buyout, "         \
	"market_value(a.ub, a.quantity) AS market_value, unit_median(a.ub, a.quantity) AS " \
	"median, sum(a.ub::HUGEINT * a.quantity) AS gold_listed"

#endif
