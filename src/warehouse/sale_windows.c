/* sale_windows.c - per house, item and window of 1, 7, 14 or 30 days, the sale rate, units
 * sold per day and average sale price (src/sales/sources.h), from item_sales_days: a table
 * (version 2; a view before, which price, shortage and top --by sold recomputed from every
 * lifetime at each call).
 *
 * Incremental: a house's windows change when it has a new snapshot (its newest day and
 * the days watched move; its sales and their rates change only then, item_sales_parts.c),
 * so the windows of the houses with new snapshots are made again from the days a window
 * of theirs can hold (the newest day is at or after the day of their first new snapshot).
 */
#include "sales/sources.h"
#include "warehouse/registry.h"

static int insert(struct warehouse_run *w, const char *days, const char *snapshots, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_puts(&sql, "INSERT INTO sale_windows SELECT * FROM (");
	sales_windows_sql(&sql, days, snapshots);
	buf_puts(&sql, ") ORDER BY " WAREHOUSE_HOUSE_KEY ", item_id, pet_species_id, window_days");
	rc = duck_exec(w->d, sql.data, e);
	buf_release(&sql);
	return rc;
}

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf days = BUF_INIT;
	int64_t first = 0;
	int rc;

	if (full)
		return insert(w, "item_sales_days", "snapshots", e);
	if (!w->st->new_snapshots)
		return WOWAH_OK;
	rc = warehouse_query_i64(w->d,
	                         "SELECT epoch(min(snapshot_ts)::DATE::TIMESTAMPTZ)::BIGINT FROM "
	                         "new_snap",
	                         &first, e);
	if (!rc)
		rc = duck_exec(w->d, "DELETE FROM sale_windows WHERE " WAREHOUSE_IN_NEW_HOUSES, e);
	if (rc)
		return rc;
	buf_printf(&days,
	           "(SELECT * FROM item_sales_days WHERE day > to_timestamp(%lld)::DATE - 30 "
	           "AND " WAREHOUSE_IN_NEW_HOUSES ")",
	           (long long)first);
	rc = insert(w, days.data, "(SELECT * FROM snapshots WHERE " WAREHOUSE_IN_NEW_HOUSES ")", e);
	buf_release(&days);
	return rc;
}

const struct warehouse_table warehouse_sale_windows = {
        .name = "sale_windows",
        .version = 2,
        .from = {"item_sales_days"},
        .create = "CREATE TABLE sale_windows (" WAREHOUSE_HOUSE_COLUMNS
                  ", item_id INTEGER, pet_species_id INTEGER, window_days INTEGER, "
                  "days_watched DOUBLE, auctions_ended BIGINT, auctions_sold BIGINT, "
                  "sale_rate DOUBLE, units_sold DOUBLE, sold_per_day DOUBLE, sale_avg DOUBLE)",
        .refresh = refresh,
};
