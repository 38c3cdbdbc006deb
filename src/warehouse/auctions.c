/* auctions.c - the auctions view: every auction file (realm, commodity, Classic) under
 * auctions/, the Parquet columns plus unit_buyout, kind, date and flavor.
 *
 * The view reads globs relative to the data dir (readers set DuckDB's file_search_path to
 * it: warehouse.c), never a list of files, so a moved or copied data dir needs no rebuild
 * and the view's text grows with days, not files (issue 10). The globs match only whole
 * snapshot files (a killed write's leftover ends in .tmp). kind and date are read from the
 * path (hive partitions): a query filtering on them opens only the files of its regions,
 * kinds and days, and the flavour from kind (a Classic flavour's houses are under
 * kind=<flavour>: model_market_name).
 *
 * UNION ALL branches over the UTC days the catalog lists (wowah_auction_days): one per day
 * of the last week, one per older month, each over its days' directories and carrying its
 * own constant range of snapshot_ts (a file's date is its snapshot's UTC date:
 * docs/storage.md), the newest day's branch reading the days after it too (files pulled
 * since the last load). A query's filter on snapshot_ts contradicts the range of every
 * branch it excludes, and DuckDB's optimizer drops those branches before any of their
 * files is opened: a recent day's count(*) reads that day's footers, an older day's its
 * month's.
 * Every branch is still bound, its globs listed, at each query: hence few branches
 * (docs/load.md has the measurements). Why a view and not a native table: docs/load.md
 * too.
 */
#include "model/auction.h"
#include "model/layout.h"
#include "warehouse/registry.h"

/* The columns of an auction file, for the view over no file at all. */
static const char *const empty_auctions_sql =
        "SELECT " MODEL_AUCTION_NULL_COLUMNS "NULL::BIGINT AS unit_buyout, NULL::VARCHAR AS "
        "kind, NULL::DATE AS date, NULL::VARCHAR AS flavor WHERE false";

#define READ_OPTIONS                                                                        \
	"hive_partitioning = true, hive_types = {{''region'': VARCHAR, ''kind'': VARCHAR, " \
	"''date'': DATE, ''realm_id'': INTEGER}}"

/* The newest days the view reads through a branch each; older days are grouped by
 * calendar month, a branch per month (docs/load.md has the trade-off measured). */
#define DAILY_DAYS "7"

/* A SELECT (one VARCHAR) of the view's branches, from wowah_auction_days: format()
 * strings, hence the doubled quotes and braces; NULL when there is no day. DuckDB binds
 * every branch again for each query on the view (its globs listed, a file opened), so the
 * branches are bounded: one per day of the last DAILY_DAYS but the newest, one per older
 * month, each reading the list of its days' globs (the days the catalog lists, no other)
 * with the range from its first day's midnight to its last day's last microsecond,
 * inclusive, not to the next midnight, exclusive: DuckDB 1.4.4's filter combiner drops a
 * branch when the bounds cross strictly and sees no contradiction in "< D AND >= D", so
 * the usual half-open [D, D + 1) of a query drops the branch before it (the one after it
 * stays: its ">= D + 1" meets the query's "< D + 1"; tried).
 *
 * The last branch, the tail, reads the newest day and the days after it (files pulled
 * since the last load) through one glob: the newest day's month from the newest day's
 * tens (2026-12-[2-3][0-9] after the 28th), which lists at most 9 older days beside them
 * and holds the newest day, so it matches files (a glob matching none is an error). Each
 * file is listed once per query: the tail was a glob of two months, listing the newest
 * month a second time and doubling what a query bound (docs/load.md). A later month's
 * files are in the view from the next load on.
 */
static const char *const branches_sql =
        "WITH d AS (SELECT date, CASE WHEN date > max(date) OVER () - " DAILY_DAYS
        " THEN strftime(date, '%Y-%m-%d') ELSE strftime(date, '%Y-%m') END AS part, date = "
        "max(date) OVER () AS newest FROM wowah_auction_days), g AS (SELECT min(date) AS lo, "
        "max(date) AS hi, string_agg(format('''" MODEL_AUCTIONS_DIR
        "/region=*/kind=*/date={}/realm_id=*/*.parquet''', date), ', ' ORDER BY date) AS "
        "globs FROM d WHERE NOT newest GROUP BY part), b AS (SELECT lo, format('SELECT * "
        "FROM read_parquet([{}], " READ_OPTIONS
        ") WHERE date >= DATE ''{}'' AND date <= DATE ''{}'' AND snapshot_ts >= TIMESTAMPTZ "
        "''{} 00:00:00+00'' AND snapshot_ts <= TIMESTAMPTZ ''{} 23:59:59.999999+00''', globs, "
        "lo, hi, lo, hi) AS s FROM g UNION ALL SELECT date, format('SELECT * FROM "
        "read_parquet(''" MODEL_AUCTIONS_DIR "/region=*/kind=*/date={}[{}-3][0-9]/realm_id=*/"
        "*.parquet'', " READ_OPTIONS ") WHERE date >= DATE ''{}'' AND snapshot_ts >= "
        "TIMESTAMPTZ ''{} 00:00:00+00''', strftime(date, '%Y-%m-'), day(date) // 10, date, "
        "date) FROM d WHERE newest) SELECT string_agg(s, ' UNION ALL BY NAME ' ORDER BY lo) "
        "FROM b";

/* The days the catalog lists auctions of: all of them when catalog_in holds the whole
 * catalog (a rebuild, or a catalog written again by compaction, prune or fsck, which may
 * have taken days away), else those added to them. *changed = 1 when the set may have
 * changed (a whole catalog: about once a day, when a load compacts). */
static int update_days(struct warehouse_run *w, int full, int *changed, struct err *e)
{
	int64_t before = 0, after = 0;
	int whole = full || w->catalog_whole;
	int rc = duck_exec(w->d, "CREATE TABLE IF NOT EXISTS wowah_auction_days (date DATE)", e);

	if (!rc)
		rc = warehouse_query_i64(w->d, "SELECT count(*) FROM wowah_auction_days", &before,
		                         e);
	if (!rc && whole)
		rc = duck_exec(w->d, "DELETE FROM wowah_auction_days", e);
	if (!rc)
		rc = duck_exec(w->d,
		               "INSERT INTO wowah_auction_days SELECT DISTINCT "
		               "(to_timestamp(ts) AT TIME ZONE 'UTC')::DATE FROM catalog_in WHERE "
		               "kind <> 'token' EXCEPT SELECT date FROM wowah_auction_days",
		               e);
	if (!rc)
		rc = warehouse_query_i64(w->d, "SELECT count(*) FROM wowah_auction_days", &after,
		                         e);
	*changed = whole || after != before;
	return rc;
}

/* Rewritten when the days change (or the table is rebuilt): DuckDB binds each branch's
 * glob when the view is created, and no file of a day matches before its first. */
static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	char *branches = NULL;
	int changed = 0;
	int rc = update_days(w, full, &changed, e);

	if (rc || !changed)
		return rc;
	rc = duck_query(w->d, branches_sql, &r, e);
	if (rc)
		return rc;
	branches = duckdb_value_is_null(&r, 0, 0) ? NULL : duckdb_value_varchar(&r, 0, 0);
	duckdb_destroy_result(&r);
	if (branches)
		buf_printf(&sql,
		           "CREATE OR REPLACE VIEW auctions AS SELECT * EXCLUDE (kind, date), "
		           "" MODEL_UNIT_BUYOUT_SQL
		           " AS unit_buyout, kind, date, " MODEL_MARKET_FLAVOR_SQL(
		                   "kind") " AS flavor FROM (%s)",
		           branches);
	else
		buf_printf(&sql, "CREATE OR REPLACE VIEW auctions AS %s", empty_auctions_sql);
	rc = duck_exec(w->d, sql.data, e);
	duckdb_free(branches);
	buf_release(&sql);
	return rc;
}

const struct warehouse_table warehouse_auctions = {
        .name = "auctions",
        /* 6: the newest day read by the tail, whose glob lists one month from that day's
         * tens (each file listed once) */
        .version = 6,
        .is_view = 1,
        .reads_catalog = 1,
        .from = {"snapshots"},
        .refresh = refresh,
};
