/* auctions.c - the auctions view: every catalogued auction file (realm, commodity,
 * Classic), the Parquet columns plus unit_buyout.
 *
 * The view lists the files by absolute path: a glob would also read files a killed run left
 * behind. It is rewritten when a run brings new snapshots. Why a view and not a native
 * table: docs/load.md has the measurements (reports read item_snapshots and
 * latest_listings; a copy of every auction would multiply the disk and the load time for
 * nothing they use).
 */
#include "model/auction.h"
#include "warehouse/registry.h"

/* The columns of an auction file, for the view over no file at all. */
static const char *const empty_auctions_sql =
        "SELECT " MODEL_AUCTION_NULL_COLUMNS "NULL::BIGINT AS unit_buyout WHERE false";

/* Snapshots loaded whose file left the catalog (wowah prune): the view lists only what is
 * still raw, and is written again while it may list a file that is gone. */
static const char *const pruned_sql =
        "SELECT count(*) FROM snapshots s WHERE NOT EXISTS (SELECT 1 FROM catalog_in c WHERE "
        "c.path = s.path)";

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT, list = BUF_INIT;
	int64_t n = 0, pruned = 0;
	int rc;

	rc = warehouse_query_i64(w->d, pruned_sql, &pruned, e);
	if (rc || (!full && !w->st->new_snapshots && !pruned))
		return rc;
	rc = warehouse_files(w,
	                     "SELECT path FROM snapshots s WHERE EXISTS (SELECT 1 FROM catalog_in "
	                     "c WHERE c.path = s.path) ORDER BY snapshot_ts, path",
	                     &list, &n, e);
	if (rc)
		goto out;
	if (n == 0)
		buf_printf(&sql, "CREATE OR REPLACE VIEW auctions AS %s", empty_auctions_sql);
	else
		buf_printf(&sql,
		           "CREATE OR REPLACE VIEW auctions AS SELECT *, %s AS unit_buyout "
		           "FROM read_parquet(%s, hive_partitioning = false)",
		           MODEL_UNIT_BUYOUT_SQL, list.data);
	rc = duck_exec(w->d, sql.data, e);
out:
	buf_release(&sql);
	buf_release(&list);
	return rc;
}

const struct warehouse_table warehouse_auctions = {
        .name = "auctions",
        .version = 1,
        .is_view = 1,
        .from = {"snapshots"},
        .refresh = refresh,
};
