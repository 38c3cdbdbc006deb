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

/* The summary rows of the snapshots of rel (a relation with the columns of snapshots),
 * each day's in item order (item_order.c). */
static int summarise(struct warehouse_run *w, const char *rel, int64_t *n, struct err *e)
{
	struct buf sql = BUF_INIT, from = BUF_INIT;
	int rc;

	rc = warehouse_join_files(w, rel, "snapshot_ts, path", WAREHOUSE_ITEM_INPUT, &from, n, e);
	if (rc || *n == 0)
		goto out;
	buf_printf(
	        &sql,
	        "INSERT INTO item_snapshots SELECT * FROM (SELECT n.region, n.kind, "
	        "n.realm_id, n.house_id, n.snapshot_ts, a.item_id, a.sp, " WAREHOUSE_ITEM_AGGREGATES
	        " FROM %s GROUP BY ALL) ORDER BY snapshot_ts::DATE, item_id, sp, region, kind, "
	        "realm_id, house_id, snapshot_ts",
	        from.data);
	rc = duck_exec(w->d, sql.data, e);
out:
	buf_release(&sql);
	buf_release(&from);
	return rc;
}

/* Its past days in item order (item_order.c): one item's history reads a few vectors of
 * each day instead of the whole table. */
static const struct warehouse_item_order by_item = {
        "item_snapshots", "snapshot_ts", "TIMESTAMPTZ",
        "item_id, pet_species_id, region, kind, realm_id, house_id, snapshot_ts"};

/* The days of this run's snapshots, and the day of the newest snapshot before them, which
 * this run's may have closed. */
#define NEW_DAYS                                                                              \
	"SELECT snapshot_ts::DATE AS day FROM new_snap UNION ALL SELECT "                     \
	"max(snapshot_ts)::DATE FROM snapshots WHERE (" WAREHOUSE_HOUSE_KEY ", snapshot_ts) " \
	"NOT IN (SELECT (" WAREHOUSE_HOUSE_KEY ", snapshot_ts) FROM new_snap)"
#define ALL_DAYS "SELECT DISTINCT snapshot_ts::DATE AS day FROM snapshots"

/* In batches of consecutive snapshots of at most batch_rows auctions (a bigger snapshot
 * alone): the aggregate states of one statement hold every price it reads, outside
 * DuckDB's memory limit, so one statement over a year of files would not fit (issue 10). */
static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;
	int64_t batches = 0, total = 0, done = 0;
	int rc;

	if (!full && !w->st->new_snapshots)
		return WOWAH_OK;
	buf_printf(&sql,
	           "CREATE OR REPLACE TEMP TABLE snap_batch AS SELECT * EXCLUDE (b), "
	           "dense_rank() OVER (ORDER BY b) AS batch FROM (SELECT *, (sum(rows) OVER "
	           "(ORDER BY snapshot_ts, path ROWS UNBOUNDED PRECEDING) - rows) // %lld AS b "
	           "FROM %s)",
	           (long long)w->o->batch_rows, full ? "snapshots" : "new_snap");
	rc = duck_exec(w->d, sql.data, e);
	if (!rc)
		rc = warehouse_query_i64(w->d, "SELECT max(batch) FROM snap_batch", &batches, e);
	if (!rc)
		rc = warehouse_query_i64(w->d, "SELECT count(*) FROM snap_batch", &total, e);
	for (int64_t b = 1; b <= batches && rc == WOWAH_OK; b++) {
		int64_t n = 0;
		buf_reset(&sql);
		buf_printf(&sql, "(SELECT * FROM snap_batch WHERE batch = %lld)", (long long)b);
		rc = summarise(w, sql.data, &n, e);
		done += n;
		if (!rc && w->o->progress)
			w->o->progress(w->o->ud, done, total);
	}
	buf_release(&sql);
	/* Filled whole, the batches are in item order by day already (a day two batches share
	 * is in two parts); an hourly load's appended hour is not. */
	if (!rc && !full)
		rc = warehouse_item_order_days(w->d, &by_item, NEW_DAYS, e);
	return rc;
}

/* Version 1 was in time order: the same rows, their past days put in item order. */
static int upgrade(struct duck *d, int from, struct err *e)
{
	(void)from;
	return warehouse_item_order_days(d, &by_item, ALL_DAYS, e);
}

const struct warehouse_table warehouse_item_snapshots = {
        .name = "item_snapshots",
        .version = 2, /* 1: in time order; 2: past days by item */
        .from = {"snapshots"},
        .create = "CREATE TABLE item_snapshots (" WAREHOUSE_HOUSE_COLUMNS
                  ", snapshot_ts TIMESTAMPTZ, "
                  "item_id INTEGER, pet_species_id INTEGER, auctions BIGINT, units BIGINT, "
                  "min_buyout BIGINT, market_value DOUBLE, median BIGINT, "
                  "gold_listed HUGEINT)",
        .refresh = refresh,
        .upgrade = upgrade,
};
