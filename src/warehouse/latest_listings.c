/* latest_listings.c - the auctions of each house's newest snapshot (item, species,
 * quantity, unit_buyout): what price, top, deals and arbitrage pool into the region market
 * value.
 *
 * Only the houses whose newest snapshot came with this run are replaced (an older snapshot
 * imported late replaces nothing), or every house when the table is rebuilt: an hourly load
 * reads the new files once more, where each report would otherwise read the newest Parquet
 * file of every house of the region.
 */
#include "model/auction.h"
#include "warehouse/registry.h"

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT, from = BUF_INIT;
	int64_t n = 0, since = 0;
	int rc;

	if (!full && !w->st->new_snapshots)
		return WOWAH_OK;
	/* A house whose newest snapshot came with this run has it at or after the oldest one
	 * this run brings: the rows before that (most of snapshots) need no reading. */
	rc = warehouse_query_i64(w->d, "SELECT epoch(min(snapshot_ts))::BIGINT FROM new_snap",
	                         &since, e);
	if (rc)
		goto out;
	buf_printf(&sql,
	           "CREATE OR REPLACE TEMP TABLE new_latest AS SELECT region, kind, realm_id, "
	           "house_id, max(snapshot_ts) AS snapshot_ts, arg_max(path, (snapshot_ts, path)) "
	           "AS path "
	           "FROM snapshots WHERE snapshot_ts >= to_timestamp(%lld) GROUP BY ALL HAVING %s",
	           full ? 0LL : (long long)since,
	           full ? "true"
	                : "arg_max(path, (snapshot_ts, path)) IN (SELECT path FROM new_snap)");
	rc = duck_exec(w->d, sql.data, e);
	if (!rc)
		rc = warehouse_join_files(
		        w, "new_latest", "path",
		        "auction_id, item_id, pet_species_id, quantity, " MODEL_UNIT_BUYOUT_SQL
		        " AS ub",
		        &from, &n, e);
	if (rc || n == 0)
		goto out;
	buf_reset(&sql);
	buf_printf(&sql,
	           "DELETE FROM latest_listings l WHERE EXISTS (SELECT 1 FROM new_latest n "
	           "WHERE n.region = l.region AND n.kind = l.kind AND n.realm_id = l.realm_id "
	           "AND n.house_id = l.house_id);"
	           "INSERT INTO latest_listings SELECT n.region, n.kind, n.realm_id, "
	           "n.house_id, n.snapshot_ts, a.auction_id, a.item_id, coalesce(a.pet_species_id, "
	           "0), "
	           "a.quantity, a.ub FROM %s ORDER BY n.region, n.kind, a.item_id, "
	           "a.pet_species_id;",
	           from.data);
	rc = duck_exec(w->d, sql.data, e);
out:
	buf_release(&sql);
	buf_release(&from);
	return rc;
}

const struct warehouse_table warehouse_latest_listings = {
        .name = "latest_listings",
        .version = 1,
        .from = {"snapshots"},
        .create = "CREATE TABLE latest_listings (" WAREHOUSE_HOUSE_COLUMNS
                  ", snapshot_ts TIMESTAMPTZ, "
                  "auction_id BIGINT, item_id INTEGER, pet_species_id INTEGER, "
                  "quantity INTEGER, unit_buyout BIGINT)",
        .refresh = refresh,
};
