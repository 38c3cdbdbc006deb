/* item_days.c - per (region, kind, realm_id, house_id, day, item_id, pet_species_id) the
 * sum and count of the scans' market values (a day value is value_sum / scans): what the
 * 14- and 60-day values and deals average over.
 *
 * The (house, day) rows touched by new snapshots are summed again from item_snapshots, so
 * a day's value_sum / scans is always the mean of all its scans.
 */
#include "warehouse/registry.h"

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;
	int64_t since = 0;
	int rc;

	if (!full && !w->st->new_snapshots)
		return WOWAH_OK;
	buf_printf(&sql,
	           "CREATE OR REPLACE TEMP TABLE new_days AS SELECT DISTINCT region, kind, "
	           "realm_id, house_id, snapshot_ts::DATE AS day FROM %s",
	           full ? "snapshots" : "new_snap");
	rc = duck_exec(w->d, sql.data, e);
	/* The first day touched, as a constant: both tables are stored in time order, so
	 * their zone maps skip the days before it instead of the history being scanned. */
	if (!rc)
		rc = warehouse_query_i64(w->d,
		                         "SELECT coalesce(epoch(min(day)::TIMESTAMPTZ), 0)::BIGINT "
		                         "FROM new_days",
		                         &since, e);
	if (rc)
		goto out;
	buf_reset(&sql);
	buf_printf(&sql,
	           "DELETE FROM item_days d WHERE d.day >= to_timestamp(%lld)::DATE AND EXISTS "
	           "(SELECT 1 FROM new_days n WHERE "
	           "n.region = d.region AND n.kind = d.kind AND n.realm_id = d.realm_id AND "
	           "n.house_id = d.house_id AND n.day = d.day);"
	           "INSERT INTO item_days SELECT i.region, i.kind, i.realm_id, i.house_id, "
	           "i.snapshot_ts::DATE AS day, i.item_id, i.pet_species_id, "
	           "sum(i.market_value), count(i.market_value) "
	           "FROM item_snapshots i JOIN new_days n ON i.snapshot_ts >= to_timestamp(%lld) "
	           "AND n.region = i.region AND "
	           "n.kind = i.kind AND n.realm_id = i.realm_id AND n.house_id = i.house_id AND "
	           "i.snapshot_ts >= n.day::TIMESTAMPTZ AND i.snapshot_ts < "
	           "(n.day + 1)::TIMESTAMPTZ GROUP BY ALL ORDER BY day, i.region, i.kind, "
	           "i.realm_id, i.house_id, i.item_id, i.pet_species_id;",
	           (long long)since, (long long)since);
	rc = duck_exec(w->d, sql.data, e);
out:
	buf_release(&sql);
	return rc;
}

const struct warehouse_table warehouse_item_days = {
        .name = "item_days",
        .version = 1,
        .from = {"item_snapshots"},
        .create = "CREATE TABLE item_days (" WAREHOUSE_HOUSE_COLUMNS
                  ", day DATE, item_id INTEGER, pet_species_id INTEGER, "
                  "value_sum DOUBLE, scans BIGINT)",
        .refresh = refresh,
};
