/* report.h - the market reports of `wowah report NAME`, as SQL over wowah.duckdb.
 *
 * Every report reads the item_snapshots summary that `wowah load` keeps (warehouse.h) and,
 * for the region market value, latest_listings (or, when --until ends before a house's
 * newest snapshot, the Parquet files of the latest snapshots in range). The results are
 * ready to print with format.h: prices as gold() text, times as "YYYY-MM-DD HH:MM" UTC.
 *
 * Definitions (docs/report.md has the long form):
 *  - latest: the newest snapshot of each house (realm, Classic house, region commodities)
 *    within --since/--until;
 *  - a house's day value: the mean of that day's scan market values; the reference day is
 *    the UTC date of the region's newest snapshot in range; weighted_14d is
 *    weighted_market_value over days ago 0..14, historical_60d the mean over 0..59;
 *  - region value: the mean of the houses' weighted_14d, per region and kind (retail
 *    realms, Classic houses and commodities are separate markets).
 */
#ifndef WOWAH_REPORT_REPORT_H
#define WOWAH_REPORT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "duck/duck.h"
#include "util/err.h"

struct report_opts {
	const char *data_dir; /* absolute: reports may read the Parquet files */
	const char *region;   /* NULL: all */
	const char *realm;    /* id, slug or name; NULL: all */
	const char *item;     /* id or name; NULL: all (price and history need one) */
	const char *since;    /* ISO 8601, UTC */
	const char *until;    /* ISO 8601, UTC; a bare date includes that whole day */
	const char *by;       /* top: gold|units|auctions; movers: 24h|7d */
	int daily;            /* history: days instead of hours */
	int64_t limit;
	double threshold;     /* deals: percent of the region value */
	int64_t min_auctions; /* movers: auctions an item needs at both hours compared */
	int64_t min_units;    /* movers: units an item needs at both hours compared */
};

struct report_out {
	duckdb_result result;
	double *series; /* history: market value per row (for a sparkline), else NULL */
	size_t nseries;
};

/* "price history top deals arbitrage movers realms" */
extern const char *const report_names;

/* Runs report name on d (opened with warehouse_open). On success the caller formats
 * out->result and calls report_out_release(). Bad options (unknown report, realm or item,
 * an ambiguous name, a malformed time) are WOWAH_EUSAGE with a one-line message. */
int report_run(struct duck *d, const char *name, const struct report_opts *o,
               struct report_out *out, struct err *e);
void report_out_release(struct report_out *out);

#endif
