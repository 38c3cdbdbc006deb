/* report.h - the market reports of `wowah report NAME`, defined once, engine-neutral.
 *
 * A report is a name, its columns (name and kind: copper, time, count, percent, text)
 * and one SQL file per engine dialect (sql/<dialect>/<name>.sql, sqlfiles.h). The report
 * layer resolves --realm and --item, checks the options, and hands the engine the SQL of
 * its dialect with named parameters as typed values ($region, $realm, $since, $until,
 * $item, $species, $limit, ...; NULL when not given): nothing from the command line is
 * ever spliced into SQL. The result holds raw values (copper as integers, times as
 * timestamps) with each column's kind set, ready for format.h.
 *
 * Every report reads the item_snapshots summary that `wowah load` keeps (warehouse.h)
 * and, for the region market value, the listings of the latest snapshots (docs/report.md
 * has the definitions):
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

#include "rset/engine.h"
#include "util/err.h"

struct report_opts {
	const char *data_dir; /* absolute: reports may read the Parquet files */
	const char *region;   /* NULL: all */
	const char *realm;    /* id, slug or name; NULL: all */
	const char *flavor;   /* comma-separated flavours of WoW (model/keys.h); NULL: all */
	const char *item;     /* id or name; NULL: all (price and history need one) */
	const char *since;    /* ISO 8601, UTC */
	const char *until;    /* ISO 8601, UTC; a bare date includes that whole day */
	const char *by;       /* top: gold|units|auctions|sold; movers: 24h|7d */
	int daily;            /* history: days instead of hours */
	int64_t limit;
	double threshold;     /* deals: percent of the region value */
	int64_t min_auctions; /* movers: auctions an item needs at both hours compared */
	int64_t min_units;    /* movers: units an item needs at both hours compared */
	int64_t units;        /* buy: units to buy */
	double hours;         /* shortage: hours the listed units must last */
};

/* "price history top deals arbitrage movers realms token ..." (search takes its ITEM as
 * text to look for, not as an item) */
extern const char *const report_names;

/* Runs report name on eng (a DuckDB one: duck_engine() over warehouse_open()). On success
 * *out holds the rows, each column's kind set (the caller rset_free()s it). Bad options
 * (unknown report, realm or item, an ambiguous name, a malformed time) are WOWAH_EUSAGE
 * with a one-line message. */
int report_run(const struct rset_engine *eng, const char *name, const struct report_opts *o,
               struct rset **out, struct err *e);

/* history: the market value of each row (NULL as 0), for a sparkline; *n values, the
 * caller frees them. NULL when r has no market_value column. */
double *report_series(const struct rset *r, size_t *n);

/* sales: the units sold of each day of region (its rows with realm "region"), NULL as 0;
 * *n values, the caller frees them. NULL when r has no such columns. */
double *report_sales_series(const struct rset *r, const char *region, size_t *n);

#endif
