/* item_snapshots.c - the summary the reports read: one row per (region, kind, realm_id,
 * house_id, snapshot_ts, item_id, pet_species_id) with auctions, units, min_buyout,
 * market_value, median and gold_listed, computed once when the snapshot is loaded, so a
 * report reads thousands of rows instead of millions of auctions.
 *
 * Battle pets are keyed by species (every pet is item 82800, the cage): a 5g species and a
 * 50,000g one must not share a market value.
 */
#include "warehouse/registry.h"
#include "warehouse/summary.h"

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT, from = BUF_INIT;
	int64_t n = 0;
	int rc;

	if (!full && !w->st->new_snapshots)
		return WOWAH_OK;
	rc = warehouse_join_files(w, full ? "snapshots" : "new_snap", "snapshot_ts, path",
	                          WAREHOUSE_ITEM_INPUT, &from, &n, e);
	if (rc || n == 0)
		goto out;
	buf_printf(&sql,
	           "INSERT INTO item_snapshots SELECT n.region, n.kind, n.realm_id, n.house_id, "
	           "n.snapshot_ts, a.item_id, a.sp, " WAREHOUSE_ITEM_AGGREGATES
	           " FROM %s GROUP BY ALL ORDER BY "
	           "n.snapshot_ts, n.region, n.kind, n.realm_id, n.house_id, a.item_id, a.sp",
	           from.data);
	rc = duck_exec(w->d, sql.data, e);
out:
	buf_release(&sql);
	buf_release(&from);
	return rc;
}

const struct warehouse_table warehouse_item_snapshots = {
        .name = "item_snapshots",
        .version = 1,
        .from = {"snapshots"},
        .create = "CREATE TABLE item_snapshots (" WAREHOUSE_HOUSE_COLUMNS
                  ", snapshot_ts TIMESTAMPTZ, "
                  "item_id INTEGER, pet_species_id INTEGER, auctions BIGINT, units BIGINT, "
                  "min_buyout BIGINT, market_value DOUBLE, median BIGINT, "
                  "gold_listed HUGEINT)",
        .refresh = refresh,
};
