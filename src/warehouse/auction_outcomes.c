/* auction_outcomes.c - each auction lifetime's estimated fate (src/sales/sales.h): sold,
 * cancelled, expired or still listed, the units sold and a confidence; auction_lifetimes
 * shows them beside the lifetime's columns.
 *
 * Incremental: a lifetime's fate depends only on the snapshots up to the one after its
 * last sighting, and on the lifetimes of its item around then. A run judges again every
 * lifetime whose last sighting is at or after the newest snapshot its house had before
 * this run (those were still listed, or had no next snapshot yet); the rest stay as they
 * were. Rebuilt, it judges every lifetime.
 */
#include <stdlib.h>

#include "lifetime/lifetime.h"
#include "sales/sales.h"
#include "warehouse/registry.h"

/* The earliest last sighting this run may change the fate of: per house with new
 * snapshots, its newest snapshot before them (its first new one when it had none). */
static const char *const since_sql =
        "(SELECT coalesce(min(coalesce((SELECT max(s.snapshot_ts) FROM snapshots s WHERE "
        "s.region = n.region AND s.kind = n.kind AND s.realm_id = n.realm_id AND s.house_id "
        "= n.house_id AND s.snapshot_ts < n.first), n.first)), 'infinity'::TIMESTAMPTZ) FROM "
        "(SELECT region, kind, realm_id, house_id, min(snapshot_ts) AS first FROM new_snap "
        "GROUP BY ALL) n)";

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT, files = BUF_INIT, rel = BUF_INIT;
	int64_t n = 0;
	int rc;

	if (!full && !w->st->new_snapshots)
		return WOWAH_OK;
	rc = lifetime_files(w->dir, &files, &n, e);
	if (rc || n == 0)
		goto out;
	buf_printf(&rel, "read_parquet(%s, hive_partitioning = false)", files.data);
	buf_printf(&sql,
	           "CREATE OR REPLACE TEMP TABLE outcomes_since AS SELECT %s AS t;"
	           "DELETE FROM auction_outcomes WHERE last_seen >= (SELECT t FROM "
	           "outcomes_since);"
	           "INSERT INTO auction_outcomes SELECT * FROM (",
	           full ? "'-infinity'::TIMESTAMPTZ" : since_sql);
	sales_outcomes_sql(&sql, rel.data, "snapshots", "(SELECT t FROM outcomes_since)");
	buf_puts(&sql, ") ORDER BY region, kind, realm_id, house_id, auction_id");
	rc = duck_exec(w->d, sql.data, e);
out:
	buf_release(&sql);
	buf_release(&files);
	buf_release(&rel);
	return rc;
}

const struct warehouse_table warehouse_auction_outcomes = {
        .name = "auction_outcomes",
        .version = 1,
        .from = {"auction_lifetimes"},
        .create = "CREATE TABLE auction_outcomes (" WAREHOUSE_HOUSE_COLUMNS
                  ", auction_id BIGINT, first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, "
                  "" SALES_OUTCOME_COLUMNS ")",
        .refresh = refresh,
};
