/* auction_lifetimes.c - the auction_lifetimes view: one row per auction and house, from
 * its first sighting to its last (src/lifetime/lifetime.h), over the lifetime files under
 * DATA_DIR/lifetimes.
 *
 * The files are the source: each load first brings them up to date with every loaded
 * snapshot (lifetime_update, which works from what they cover, not from this run's
 * new_snap, so a load killed after it rewrote them and before its commit loses nothing),
 * then points the view at the current generation. The superseded files are removed once
 * the load committed (warehouse.c).
 */
#include <stdlib.h>

#include "lifetime/lifetime.h"
#include "model/layout.h"
#include "warehouse/registry.h"

/* The loaded snapshots whose raw file is still there: a pruned one (wowah prune) is covered
 * by the lifetimes already, and one they would need again is refused (lifetime.h). The
 * files are listed (lt_raw) rather than read from catalog_in, which holds only the catalog
 * lines appended since the last load (warehouse/catalog.c). */
static const char *const raw_sql =
        "(SELECT * FROM snapshots s WHERE s.path IN (SELECT path FROM lt_raw))";

static int list_raw(struct warehouse_run *w, struct err *e)
{
	return duck_exec(w->d,
	                 "CREATE OR REPLACE TEMP TABLE lt_raw AS SELECT "
	                 "substr(file, strpos(file, '" MODEL_AUCTIONS_DIR "/region=')) AS path "
	                 "FROM glob('" MODEL_AUCTIONS_GLOB "')",
	                 e);
}

/* Auctions one fold reads at most: DuckDB's share of the memory bound (warehouse.c). */
static int64_t fold_rows(const struct warehouse_opts *o)
{
	return o->memory_mb * 1024 * 1024 / 2 / LIFETIME_FOLD_BYTES;
}

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct lifetime_stats st;
	struct buf sql = BUF_INIT, list = BUF_INIT;
	int64_t n = 0;
	int rc;

	(void)full; /* the view is made again on every run */
	rc = list_raw(w, e);
	if (!rc)
		rc = lifetime_update(w->d, w->dir, raw_sql, fold_rows(w->o), &st, e);
	if (!rc)
		rc = lifetime_relation(w->dir, &list, &n, e);
	if (rc)
		goto out;
	w->st->new_lifetimes = st.lifetimes;
	if (n == 0)
		buf_printf(&sql,
		           "CREATE OR REPLACE VIEW auction_lifetimes AS SELECT *, NULL::VARCHAR AS "
		           "flavor FROM (%s)",
		           lifetime_empty_sql);
	else {
		buf_puts(&sql, "CREATE OR REPLACE VIEW auction_lifetimes AS SELECT * FROM ");
		warehouse_lifetimes_with_outcomes(&sql, list.data);
	}
	rc = duck_exec(w->d, sql.data, e);
out:
	buf_release(&sql);
	buf_release(&list);
	return rc;
}

const struct warehouse_table warehouse_auction_lifetimes = {
        .name = "auction_lifetimes",
        .version = 2,
        .is_view = 1,
        .from = {"snapshots"},
        .refresh = refresh,
};
