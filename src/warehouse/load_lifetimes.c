/* load_lifetimes.c - the lifetimes a load's sales statements read, expanded once.
 *
 * The view auction_lifetimes expands the lifetime files (their sighting numbers looked up
 * in the covered snapshots, sightings.c) on every scan, and a load's sales statements
 * scanned it three times and more: the outcomes' own lifetimes, their undercut and
 * cheapest_first subqueries (auction_outcomes.c), then the sums per day
 * (item_sales_parts.c). They read the TEMP table load_lifetimes instead, made once per
 * load, and in an incremental run only from the lifetimes those statements can look at,
 * read from the files of the days that can hold them: its cost follows what is recent,
 * not the whole history.
 */
#include "lifetime/lifetime.h"
#include "model/keys.h"
#include "warehouse/internal.h"

int warehouse_load_lifetimes(struct warehouse_run *w, int64_t from, struct err *e)
{
	struct buf sql = BUF_INIT, rel = BUF_INIT;
	int64_t n = 0;
	int rc;

	if (w->lifetimes_from <= from)
		return WOWAH_OK;
	rc = lifetime_relation_since(w->dir, from, &rel, &n, e);
	if (rc)
		goto out;
	buf_puts(&sql, "CREATE OR REPLACE TEMP TABLE load_lifetimes AS ");
	if (n == 0)
		buf_puts(&sql, lifetime_empty_sql);
	else if (from == INT64_MIN)
		buf_printf(&sql, "SELECT * FROM %s", rel.data);
	else
		buf_printf(&sql, "SELECT * FROM %s WHERE last_seen >= to_timestamp(%lld)", rel.data,
		           (long long)from);
	rc = duck_exec(w->d, sql.data, e);
	if (!rc)
		w->lifetimes_from = from;
out:
	buf_release(&sql);
	buf_release(&rel);
	return rc;
}

int warehouse_outcomes_since(struct warehouse_run *w, int64_t *t, struct err *e)
{
	return warehouse_query_i64(w->d, "SELECT floor(epoch(t))::BIGINT FROM outcomes_since", t,
	                           e);
}

int warehouse_sales_counting_from(struct warehouse_run *w, int64_t day, int64_t *lo, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_printf(&sql,
	           "SELECT epoch(least(to_timestamp(%lld), (SELECT min(last_seen) FROM "
	           "auction_outcomes WHERE sold_at >= to_timestamp(%lld))))::BIGINT",
	           (long long)day, (long long)day);
	rc = warehouse_query_i64(w->d, sql.data, lo, e);
	buf_release(&sql);
	return rc;
}

/* What the statements look at, with t the time in outcomes_since:
 *  - the outcomes judge the lifetimes last seen at or after t; their undercut looks at
 *    lifetimes last seen after those, their cheapest_first at those last seen at or
 *    after the first sighting of one judged, F (at or after b, the first sighting of any
 *    lifetime in the files that can hold one last seen at or after t, or t when earlier);
 *  - item_sales_parts looks at those last seen at or after t for F, then counts from the
 *    day of least(t, F) (at or after b's day) every lifetime last seen from then on or
 *    sold then: warehouse_sales_counting_from of b's day is at or before all of those.
 * The outcomes this run judges again are last seen at or after t, at or after b's day,
 * so that bound is the same before and after the outcomes' refresh. */
int warehouse_sales_lifetimes_from(struct warehouse_run *w, int64_t *from, struct err *e)
{
	int64_t t = 0, b = 0, day = 0;
	int rc = warehouse_outcomes_since(w, &t, e);

	if (!rc)
		rc = lifetime_first_seen_bound(w->d, w->dir, t, &b, e);
	if (rc)
		return rc;
	day = b - ((b % 86400) + 86400) % 86400;
	return warehouse_sales_counting_from(w, day, from, e);
}

void warehouse_lifetimes_with_outcomes(struct buf *out, const char *rel)
{
	buf_printf(out,
	           "(SELECT l.*, " MODEL_MARKET_FLAVOR_SQL(
	                   "l.kind") " AS flavor, o.outcome, o.units_sold, o.confidence, "
	                             "o.sold_at, o.cheapest_first, o.cheapest_second "
	                             "FROM %s l LEFT "
	                             "JOIN "
	                             "auction_outcomes o ON o.region = l.region AND o.kind = "
	                             "l.kind AND o.realm_id = l.realm_id AND o.house_id = "
	                             "l.house_id AND o.auction_id = l.auction_id AND "
	                             "o.first_seen = l.first_seen)",
	           rel);
}
