/* auctions.c - the auctions view: every auction file (realm, commodity, Classic) under
 * auctions/, the Parquet columns plus unit_buyout, kind, date and flavor.
 *
 * The view reads a glob relative to the data dir (readers set DuckDB's file_search_path to
 * it: warehouse.c), so it is written once, not rewritten with a list of every file at each
 * load, and a moved or copied data dir needs no rebuild (issue 10). The glob matches only
 * whole snapshot files (a killed write's leftover ends in .tmp). kind and date are read
 * from the path (hive partitions): a query filtering on them opens only the files of its
 * regions, kinds and days, and the flavour from kind (a Classic flavour's houses are under
 * kind=<flavour>: model_market_name), where one on snapshot_ts alone reads every file's footer. Why
 * a view and not a native table: docs/load.md has the measurements.
 */
#include "model/auction.h"
#include "model/layout.h"
#include "warehouse/registry.h"

/* The columns of an auction file, for the view over no file at all. */
static const char *const empty_auctions_sql =
        "SELECT " MODEL_AUCTION_NULL_COLUMNS "NULL::BIGINT AS unit_buyout, NULL::VARCHAR AS "
        "kind, NULL::DATE AS date, NULL::VARCHAR AS flavor WHERE false";

static const char *const glob_auctions_sql =
        "SELECT * EXCLUDE (kind, date), " MODEL_UNIT_BUYOUT_SQL
        " AS unit_buyout, kind, date, " MODEL_MARKET_FLAVOR_SQL(
                "kind") " AS flavor FROM read_parquet('" MODEL_AUCTIONS_GLOB
                        "', hive_partitioning = true, "
                        "hive_types = {'region': VARCHAR, 'kind': VARCHAR, 'date': DATE, "
                        "'realm_id': "
                        "INTEGER})";

/* The view is made when the table is (re)built and again when the first snapshots come:
 * DuckDB binds a view's glob when it is created, and no file matches before those. */
static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;
	int64_t n = 0;
	int rc;

	if (!full && !w->st->new_snapshots)
		return WOWAH_OK;
	rc = warehouse_query_i64(w->d, "SELECT count(*) FROM snapshots", &n, e);
	if (rc || (!full && n > w->st->new_snapshots))
		return rc;
	buf_printf(&sql, "CREATE OR REPLACE VIEW auctions AS %s",
	           n ? glob_auctions_sql : empty_auctions_sql);
	rc = duck_exec(w->d, sql.data, e);
	buf_release(&sql);
	return rc;
}

const struct warehouse_table warehouse_auctions = {
        .name = "auctions",
        .version = 3,
        .is_view = 1,
        .from = {"snapshots"},
        .refresh = refresh,
};
