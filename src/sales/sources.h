/* sources.h - price sources from the estimated sales (TSM's vocabulary): per house and per
 * region, for every item and pet species, over windows of 1, 7, 14 and 30 days, the sale
 * rate, the units sold per day and the average sale price (docs/sales.md).
 *
 * A window of N days ends with the UTC day of its house's newest snapshot and holds that
 * day and the N - 1 before it. Units per day divide by the days the house was watched in
 * the window (from its start, or the house's first snapshot when later, to the newest
 * snapshot; an hour at least), so a history shorter than the window, or today's hours
 * still to come, do not lower the rate.
 */
#ifndef WOWAH_SALES_SOURCES_H
#define WOWAH_SALES_SOURCES_H

#include "util/buf.h"

/* The windows, in days, as a SQL list literal. */
#define SALES_WINDOWS_SQL "[1, 7, 14, 30]"

/* Appends a SELECT of (region, kind, realm_id, house_id, item_id, pet_species_id,
 * window_days, days_watched, auctions_ended, auctions_sold, sale_rate (sold / ended),
 * units_sold, sold_per_day, sale_avg (copper per unit, weighted by the units seen sold))
 * from days (a relation with the columns of sales_days_sql) and snapshots (region, kind,
 * realm_id, house_id, snapshot_ts of every snapshot). */
void sales_windows_sql(struct buf *out, const char *days, const char *snapshots);

/* Appends a SELECT of the region averages (TSM's DBRegionSaleRate, DBRegionSoldPerDay,
 * DBRegionSaleAvg) per (region, kind, item_id, pet_species_id, window_days) of windows (a
 * relation with the columns of sales_windows_sql): houses (those with a row for the item),
 * sale_rate, sold_per_day, sale_avg, each the mean over those houses of theirs (a house
 * without a value, no auction ended or none sold, counts nowhere in that mean). */
void sales_region_sql(struct buf *out, const char *windows);

#endif
