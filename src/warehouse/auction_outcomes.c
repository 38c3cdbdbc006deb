/* auction_outcomes.c - each auction lifetime's estimated fate (src/sales/sales.h): sold,
 * cancelled, expired or still listed, the units sold and a confidence; auction_lifetimes
 * shows them beside the lifetime's columns.
 *
 * Incremental: a lifetime's fate depends only on the snapshots up to the one after its
 * last sighting, on the lifetimes of its item around then, and on its house's and item's
 * item_snapshots over the SALES_RECORD before (the withdrawal rule). A run judges again every
 * lifetime whose last sighting is at or after the newest snapshot its house had before
 * this run (those were still listed, or had no next snapshot yet); the rest stay as they
 * were. Rebuilt, it judges every lifetime.
 *
 * In batches: the estimate of one statement over a week of 10 realms of 28,800 auctions
 * (3.4 million lifetimes) ran out of a 1 GB memory_limit (its undercut join and the lists
 * it carries do not spill). A lifetime's fate reads only its own house's snapshots and
 * the lifetimes of its house and item, so whole houses are judged together up to
 * OUTCOME_BYTES of --max-memory a lifetime, and a bigger house in parts by a hash of the
 * item: the same answers as one statement, in bounded memory.
 */
#include <stdio.h>
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

/* DuckDB memory one lifetime of a batch may take: one house of 255,000 lifetimes took
 * 1.17 GB of RSS, a part of the commodities of 88,000 (1,800 lifetimes an item) 0.71 GB. */
#define OUTCOME_BYTES 8192

/* One batch: the houses it judges, as conditions on the lifetimes (lt, with their item
 * part) and on the snapshots (sn), and how many lifetimes it judges. */
struct batch {
	struct buf lt, sn;
	int64_t rows;
};

/* Lifetimes one batch judges at most: DuckDB's share of the memory bound (warehouse.c). */
static int64_t batch_rows(const struct warehouse_opts *o)
{
	int64_t n = o->memory_mb * 1024 * 1024 / 2 / OUTCOME_BYTES;

	return n > 0 ? n : 1;
}

static void batch_reset(struct batch *b)
{
	buf_reset(&b->lt);
	buf_reset(&b->sn);
	b->rows = 0;
}

/* Adds the house of row i of r (region, kind, realm_id, house_id) to b; part: the items'
 * condition, or "". */
static void batch_add(struct batch *b, duckdb_result *r, idx_t i, const char *part)
{
	char *region = duckdb_value_varchar(r, 0, i), *kind = duckdb_value_varchar(r, 1, i);
	char *qr = duck_quote(region), *qk = duck_quote(kind);
	struct buf house = BUF_INIT;

	buf_printf(&house, "(region = %s AND kind = %s AND realm_id = %d AND house_id = %d)", qr,
	           qk, duckdb_value_int32(r, 2, i), duckdb_value_int32(r, 3, i));
	buf_printf(&b->lt, "%s%s%s", b->lt.len ? " OR " : "", house.data, part);
	buf_printf(&b->sn, "%s%s", b->sn.len ? " OR " : "", house.data);
	buf_release(&house);
	free(qr);
	free(qk);
	duckdb_free(region);
	duckdb_free(kind);
}

/* Judges the lifetimes of rel that b names, appending their fates to auction_outcomes. */
static int batch_run(struct warehouse_run *w, const char *rel, struct batch *b, struct err *e)
{
	struct buf sql = BUF_INIT, lt = BUF_INIT, sn = BUF_INIT, it = BUF_INIT;
	int rc;

	if (!b->rows)
		return WOWAH_OK;
	buf_printf(&lt, "(SELECT * FROM %s WHERE %s)", rel, b->lt.data);
	buf_printf(&sn, "(SELECT * FROM snapshots WHERE %s)", b->sn.data);
	buf_printf(&it,
	           "(SELECT * FROM item_snapshots WHERE (%s) AND snapshot_ts >= (SELECT t FROM "
	           "outcomes_since) - " SALES_RECORD " - INTERVAL 1 DAY)",
	           b->sn.data);
	buf_puts(&sql, "INSERT INTO auction_outcomes SELECT * FROM (");
	sales_outcomes_sql(&sql, lt.data, sn.data, it.data, "(SELECT t FROM outcomes_since)");
	buf_puts(&sql, ") ORDER BY region, kind, realm_id, house_id, auction_id");
	rc = duck_exec(w->d, sql.data, e);
	buf_release(&sql);
	buf_release(&lt);
	buf_release(&sn);
	buf_release(&it);
	batch_reset(b);
	return rc;
}

/* A house of more than max lifetimes to judge, in parts by a hash of the item (a
 * lifetime's undercut looks at its own item's only). */
static int run_parts(struct warehouse_run *w, const char *rel, struct batch *b, duckdb_result *r,
                     idx_t i, int64_t n, int64_t max, struct err *e)
{
	int64_t parts = (n + max - 1) / max;
	char part[80];
	int rc = WOWAH_OK;

	for (int64_t j = 0; j < parts && !rc; j++) {
		snprintf(part, sizeof(part), " AND hash(item_id) %% %lld = %lld", (long long)parts,
		         (long long)j);
		batch_add(b, r, i, part);
		b->rows = n / parts;
		rc = batch_run(w, rel, b, e);
	}
	return rc;
}

/* The houses with lifetimes to judge (since outcomes_since), whole ones together up to
 * batch_rows lifetimes, a bigger one in parts. */
static int judge(struct warehouse_run *w, const char *rel, struct err *e)
{
	struct buf sql = BUF_INIT;
	struct batch b = {BUF_INIT, BUF_INIT, 0};
	int64_t max = batch_rows(w->o);
	duckdb_result r;
	int rc;

	buf_printf(&sql,
	           "SELECT region, kind, realm_id, house_id, count(*) FROM %s WHERE last_seen >= "
	           "(SELECT t FROM outcomes_since) GROUP BY ALL ORDER BY ALL",
	           rel);
	rc = duck_query(w->d, sql.data, &r, e);
	buf_release(&sql);
	if (rc)
		return rc;
	for (idx_t i = 0; i < duckdb_row_count(&r) && !rc; i++) {
		int64_t n = duckdb_value_int64(&r, 4, i);

		if (b.rows && b.rows + n > max)
			rc = batch_run(w, rel, &b, e);
		if (!rc && n > max) {
			rc = run_parts(w, rel, &b, &r, i, n, max, e);
			continue;
		}
		batch_add(&b, &r, i, "");
		b.rows += n;
	}
	if (!rc)
		rc = batch_run(w, rel, &b, e);
	duckdb_destroy_result(&r);
	buf_release(&b.lt);
	buf_release(&b.sn);
	return rc;
}

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;
	int64_t from = INT64_MIN;
	int any = 0;
	int rc;

	if (!full && !w->st->new_snapshots)
		return WOWAH_OK;
	/* whether there are lifetimes at all: warehouse_load_lifetimes lists the files */
	rc = lifetime_any(w->dir, &any, e);
	if (rc || !any)
		return rc;
	buf_printf(&sql,
	           "CREATE OR REPLACE TEMP TABLE outcomes_since AS SELECT %s AS t;"
	           "DELETE FROM auction_outcomes WHERE last_seen >= (SELECT t FROM "
	           "outcomes_since)",
	           full ? "'-infinity'::TIMESTAMPTZ" : since_sql);
	rc = duck_exec(w->d, sql.data, e);
	if (!rc && !full)
		rc = warehouse_sales_lifetimes_from(w, &from, e);
	if (!rc)
		rc = warehouse_load_lifetimes(w, from, e);
	if (!rc)
		rc = judge(w, "load_lifetimes", e);
	buf_release(&sql);
	return rc;
}

const struct warehouse_table warehouse_auction_outcomes = {
        .name = "auction_outcomes",
        /* 2: cheapest_first; 3: listings withdrawn while alone; 4: ran out, given that
         * it vanished (sales.h); 5: undercut_first; 6: cheapest_second; 7: undercut_first
         * dropped (the model of unseen sales stopped reading it at 6) */
        .version = 7,
        .from = {"auction_lifetimes", "item_snapshots"},
        .create = "CREATE TABLE auction_outcomes (" WAREHOUSE_HOUSE_COLUMNS
                  ", auction_id BIGINT, first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, "
                  "" SALES_OUTCOME_COLUMNS ")",
        .refresh = refresh,
};
