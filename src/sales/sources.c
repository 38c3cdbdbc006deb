/* sources.c - the price sources of sources.h as queries over the sales per day. */
#include "sales/sources.h"

/* The house's newest day (ref_day) and, per window, the days it was watched in it: from
 * the window's start, or the house's first snapshot when later, to its newest snapshot
 * (a gap between snapshots counts: what sold in it shows as vanished auctions); an hour at
 * least (%s: the snapshots). */
static const char watched_sql[] =
        "WITH ref AS (SELECT region, kind, realm_id, house_id, max(snapshot_ts)::DATE AS "
        "ref_day, epoch(min(snapshot_ts)) AS first_s, epoch(max(snapshot_ts)) AS last_s "
        "FROM %s GROUP BY ALL), "
        "c AS (SELECT r.region, r.kind, r.realm_id, r.house_id, r.ref_day, w.window_days, "
        "greatest(1 / 24, (r.last_s - greatest(r.first_s, epoch((r.ref_day - w.window_days + "
        "1)::TIMESTAMPTZ))) / 86400) AS days_watched FROM ref r CROSS JOIN (SELECT "
        "unnest(" SALES_WINDOWS_SQL ") AS window_days) w) ";

/* The days of each window summed (%s: the sales per day). */
static const char windows_sql[] =
        "SELECT c.region, c.kind, c.realm_id, c.house_id, d.item_id, d.pet_species_id, "
        "c.window_days, c.days_watched, sum(d.auctions_ended)::BIGINT AS auctions_ended, "
        "sum(d.auctions_sold)::BIGINT AS auctions_sold, sum(d.auctions_sold) / "
        "nullif(sum(d.auctions_ended), 0) AS sale_rate, sum(d.units_sold) AS units_sold, "
        "sum(d.units_sold) / c.days_watched AS sold_per_day, sum(d.avg_price * "
        "d.units_seen) / nullif(sum(d.units_seen) FILTER (WHERE d.avg_price IS NOT NULL), 0) "
        "AS sale_avg FROM c JOIN %s d ON d.region = c.region AND d.kind = c.kind AND "
        "d.realm_id = c.realm_id AND d.house_id = c.house_id AND d.day > c.ref_day - "
        "c.window_days AND d.day <= c.ref_day GROUP BY c.region, c.kind, c.realm_id, "
        "c.house_id, d.item_id, d.pet_species_id, c.window_days, c.days_watched";

void sales_windows_sql(struct buf *out, const char *days, const char *snapshots)
{
	buf_printf(out, watched_sql, snapshots);
	buf_printf(out, windows_sql, days);
}

void sales_region_sql(struct buf *out, const char *windows)
{
	buf_printf(out,
	           "SELECT region, kind, item_id, pet_species_id, window_days, count(*) AS "
	           "houses, avg(sale_rate) AS sale_rate, avg(sold_per_day) AS sold_per_day, "
	           "avg(sale_avg) AS sale_avg FROM %s GROUP BY ALL",
	           windows);
}
