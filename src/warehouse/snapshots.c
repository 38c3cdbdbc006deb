/* snapshots.c - the snapshots table: one row per auction snapshot loaded (the catalog's
 * columns), and this run's new ones in TEMP new_snap, each file verified first.
 *
 * A snapshot is new when its (region, kind, realm_id, house_id, snapshot_ts) is not in
 * snapshots yet. Its file is checked against its catalog line (size and crc32) before any
 * table reads its rows: a file enters the database verified, once. The derived tables
 * after this entry read new_snap (or, rebuilt, all of snapshots).
 */
#include "warehouse/registry.h"

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;
	int64_t n = 0, since = 0;
	int rc;

	(void)full; /* rebuilt, the table is empty: every catalogued snapshot is new */
	/* The oldest line read, as a constant: snapshots is stored in time order, so its
	 * zone maps skip every older row group instead of the whole history being scanned. */
	rc = warehouse_query_i64(
	        w->d, "SELECT coalesce(min(ts), 0) FROM catalog_in WHERE kind <> 'token'", &since,
	        e);
	if (rc)
		return rc;
	buf_printf(&sql,
	           "CREATE OR REPLACE TEMP TABLE new_snap AS SELECT DISTINCT ON (region, kind, "
	           "realm_id, house_id, ts) region, kind, realm_id, house_id, "
	           "to_timestamp(ts) AS snapshot_ts, to_timestamp(fetched) AS fetched_at, "
	           "rows, bytes, crc32, path FROM catalog_in c WHERE kind <> 'token' AND "
	           "NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.snapshot_ts >= "
	           "to_timestamp(%lld) AND s.region = c.region AND s.kind = c.kind AND "
	           "s.realm_id = c.realm_id AND s.house_id = c.house_id "
	           "AND s.snapshot_ts = to_timestamp(c.ts))",
	           (long long)since);
	rc = duck_exec(w->d, sql.data, e);
	buf_release(&sql);
	/* a daily file is checked once for all of its snapshots */
	if (!rc)
		rc = warehouse_files(
		        w, "SELECT DISTINCT path, bytes, crc32 FROM new_snap ORDER BY path", NULL,
		        &n, e);
	if (!rc)
		rc = warehouse_query_i64(w->d, "SELECT count(*) FROM new_snap", &n, e);
	w->st->new_snapshots = n;
	if (rc || n == 0)
		return rc;
	rc = warehouse_query_i64(w->d, "SELECT sum(rows) FROM new_snap", &w->st->new_rows, e);
	if (!rc)
		rc = duck_exec(w->d,
		               "INSERT INTO snapshots SELECT * FROM new_snap ORDER BY "
		               "snapshot_ts, path",
		               e);
	return rc;
}

const struct warehouse_table warehouse_snapshots = {
        .name = "snapshots",
        .version = 1,
        .reads_catalog = 1,
        .create = "CREATE TABLE snapshots (" WAREHOUSE_HOUSE_COLUMNS
                  ", snapshot_ts TIMESTAMPTZ, fetched_at TIMESTAMPTZ, "
                  "rows BIGINT, bytes BIGINT, crc32 VARCHAR, path VARCHAR)",
        .refresh = refresh,
};
