/* item_sales_parts.c - per house, day and item, the sums the sales per day are made of
 * (src/sales/sales.h): auctions ended and sold, units seen sold and their average price,
 * units posted and those bought within the hour, the snapshots whose bottom of the book
 * was first seen in them or in the one before, and the fresh bottoms sold in their first
 * and second hour seen, and the auctions with a bid that could have run out (watched from
 * their posting or listed before the watch, with a risen bid or not). item_sales_days adds the
 * model of unseen sales to them (its rate per house and item: item_sale_rates), sale_windows sums
 * them.
 *
 * Incremental: this run's outcomes changed only lifetimes of the houses with new
 * snapshots whose last sighting is at or after outcomes_since (auction_outcomes.c), and
 * such a lifetime counts on its first day and later ones only. So the rows of those houses
 * from the first day of those lifetimes on are made again, from the lifetimes that count
 * on such a day (their last sighting, or their sale, on or after it); what they were and
 * what they are now stay in sales_gone and sales_new for item_sale_rates. Before, every
 * report reading the sales recomputed them from every lifetime of the history.
 */
#include "sales/sales.h"
#include "warehouse/registry.h"

/* The first day this run may change (epoch seconds of its start), and the earliest last
 * sighting of a lifetime that counts on it or later; load_lifetimes holds every lifetime
 * last seen at or after t from then on. */
static int first_day(struct warehouse_run *w, int64_t *day, int64_t *lo, struct err *e)
{
	int64_t t = 0;
	int rc = warehouse_outcomes_since(w, &t, e);

	if (!rc)
		rc = warehouse_load_lifetimes(w, t, e);
	if (!rc)
		rc = warehouse_query_i64(w->d,
		                         "SELECT epoch(least(t, coalesce((SELECT min(first_seen) "
		                         "FROM load_lifetimes "
		                         "WHERE last_seen >= t), t))::DATE::TIMESTAMPTZ)::BIGINT "
		                         "FROM outcomes_since",
		                         day, e);
	if (!rc)
		rc = warehouse_sales_counting_from(w, *day, lo, e);
	return rc;
}

/* Whether outcomes_since exists: auction_outcomes made it unless there was no lifetime. */
static int have_since(struct warehouse_run *w, int64_t *n, struct err *e)
{
	return warehouse_query_i64(w->d,
	                           "SELECT count(*) FROM duckdb_tables() WHERE temporary AND "
	                           "table_name = 'outcomes_since'",
	                           n, e);
}

/* The snapshots the sales of rel's lifetimes (those last seen at or after lo) look at, in
 * snaps: the new houses' from the earliest first sighting of those lifetimes on, and each
 * house's first (whether a lifetime was posted after it). sales_parts_sql's window over a
 * house's snapshots then sorts the days of the lifetimes, not every snapshot of the
 * history: 0.77 s of CPU a load at a year of 101 houses (docs/load.md). */
static int snapshots_since(struct warehouse_run *w, int64_t lo, struct buf *snaps, struct err *e)
{
	struct buf sql = BUF_INIT;
	int64_t b = 0;
	int rc;

	buf_printf(&sql,
	           "SELECT coalesce(floor(epoch(min(first_seen)))::BIGINT, %lld) FROM "
	           "load_lifetimes WHERE last_seen >= to_timestamp(%lld)",
	           (long long)lo, (long long)lo);
	rc = warehouse_query_i64(w->d, sql.data, &b, e);
	buf_release(&sql);
	if (rc)
		return rc;
	buf_printf(snaps,
	           "(SELECT " WAREHOUSE_HOUSE_KEY ", snapshot_ts FROM snapshots WHERE snapshot_ts "
	           ">= to_timestamp(%lld) AND " WAREHOUSE_IN_NEW_HOUSES
	           " UNION ALL SELECT " WAREHOUSE_HOUSE_KEY
	           ", min(snapshot_ts) FROM snapshots WHERE " WAREHOUSE_IN_NEW_HOUSES
	           " GROUP BY ALL HAVING min(snapshot_ts) < to_timestamp(%lld))",
	           (long long)b, (long long)b);
	return WOWAH_OK;
}

static int refresh_since(struct warehouse_run *w, struct err *e)
{
	struct buf sql = BUF_INIT, rel = BUF_INIT, from = BUF_INIT, snaps = BUF_INIT;
	int64_t n = 0, day = 0, lo = 0;
	int rc = have_since(w, &n, e);

	if (rc)
		return rc;
	if (!n) /* no lifetime: nothing changed */
		return duck_exec(
		        w->d,
		        "CREATE OR REPLACE TEMP TABLE sales_gone AS FROM item_sales_parts "
		        "LIMIT 0; CREATE OR REPLACE TEMP TABLE sales_new AS FROM sales_gone",
		        e);
	rc = first_day(w, &day, &lo, e);
	if (rc)
		return rc;
	rc = warehouse_load_lifetimes(w, lo, e);
	if (!rc)
		rc = snapshots_since(w, lo, &snaps, e);
	if (rc) {
		buf_release(&snaps);
		return rc;
	}
	buf_printf(&from, "to_timestamp(%lld)::DATE", (long long)day);
	buf_puts(&rel, "(SELECT * FROM ");
	warehouse_lifetimes_with_outcomes(&rel, "load_lifetimes");
	buf_printf(&rel, " WHERE last_seen >= to_timestamp(%lld) AND " WAREHOUSE_IN_NEW_HOUSES ")",
	           (long long)lo);
	buf_printf(&sql,
	           "CREATE OR REPLACE TEMP TABLE sales_gone AS SELECT * FROM item_sales_parts "
	           "WHERE day >= %s AND " WAREHOUSE_IN_NEW_HOUSES ";"
	           "DELETE FROM item_sales_parts WHERE day >= %s AND " WAREHOUSE_IN_NEW_HOUSES ";"
	           "CREATE OR REPLACE TEMP TABLE sales_new AS ",
	           from.data, from.data);
	sales_parts_sql(&sql, rel.data, snaps.data, from.data);
	buf_puts(&sql, ";INSERT INTO item_sales_parts SELECT * FROM sales_new ORDER BY "
	               "day, " WAREHOUSE_HOUSE_KEY ", item_id, pet_species_id");
	rc = duck_exec(w->d, sql.data, e);
	buf_release(&sql);
	buf_release(&rel);
	buf_release(&from);
	buf_release(&snaps);
	return rc;
}

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT, rel = BUF_INIT;
	int rc;

	if (!full)
		return w->st->new_snapshots ? refresh_since(w, e) : WOWAH_OK;
	rc = warehouse_load_lifetimes(w, INT64_MIN, e);
	if (rc)
		return rc;
	warehouse_lifetimes_with_outcomes(&rel, "load_lifetimes");
	buf_puts(&sql, "CREATE OR REPLACE TEMP TABLE sales_new AS ");
	sales_parts_sql(&sql, rel.data, "snapshots", "'-infinity'::DATE");
	buf_puts(&sql, ";CREATE OR REPLACE TEMP TABLE sales_gone AS FROM sales_new LIMIT 0;"
	               "INSERT INTO item_sales_parts SELECT * FROM sales_new ORDER BY "
	               "day, " WAREHOUSE_HOUSE_KEY ", item_id, pet_species_id");
	rc = duck_exec(w->d, sql.data, e);
	buf_release(&sql);
	buf_release(&rel);
	return rc;
}

const struct warehouse_table warehouse_item_sales_parts = {
        .name = "item_sales_parts",
        /* 2: posted_cheapest, fast_cheapest; 3: undercuts; 4: bottom_new and bottom_prev
         * in their place; 5: fresh, fresh_sold, aged, aged_sold; 6: ran_posted,
         * ran_posted_bid, ran_start, ran_start_bid, start_unbid */
        .version = 6,
        .from = {"auction_outcomes"},
        .create = "CREATE TABLE item_sales_parts (" WAREHOUSE_HOUSE_COLUMNS
                  ", day DATE, item_id INTEGER, pet_species_id INTEGER, auctions_ended "
                  "BIGINT, auctions_sold BIGINT, sale_rate DOUBLE, units_seen HUGEINT, "
                  "avg_price DOUBLE, posted HUGEINT, fast HUGEINT, bottom_new HUGEINT, "
                  "bottom_prev HUGEINT, fresh BIGINT, fresh_sold BIGINT, aged BIGINT, aged_sold "
                  "BIGINT, ran_posted BIGINT, ran_posted_bid BIGINT, ran_start BIGINT, "
                  "ran_start_bid BIGINT, start_unbid HUGEINT)",
        .refresh = refresh,
};
