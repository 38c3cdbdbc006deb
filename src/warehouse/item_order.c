/* item_order.c - the layout by item of a table's past days (issue 10).
 *
 * The summary tables are appended in time order, so every row group holds every item and
 * a filter on one item skips nothing: one item's history read the whole table. Once a UTC
 * day is over (the newest snapshot loaded is of a later day), its rows are rewritten once
 * in item order: an item's rows of that day then sit in one or two vectors of one or two
 * row groups, which the zone maps of item_id find, and the scan of one item costs a few
 * vectors per past day instead of the whole history. The current day stays appended in
 * time order (an hourly load appends to it), and a day a load adds rows to after it was
 * ordered (a late import) is ordered again by that load: what a load rewrites is bounded
 * by the days it touches, never the table. The rewrite is part of the load's transaction.
 */
#include <stdlib.h>

#include "warehouse/internal.h"

/* The rows of table whose day_col (of type col_type) is on day (days since the epoch),
 * deleted and inserted again in order. */
static int order_day(struct duck *d, const struct warehouse_item_order *o, int64_t day,
                     struct err *e)
{
	struct buf sql = BUF_INIT, range = BUF_INIT;
	int rc;

	buf_printf(&range,
	           "%s >= (DATE '1970-01-01' + %lld)::%s AND %s < (DATE '1970-01-01' + %lld)::%s",
	           o->day_col, (long long)day, o->col_type, o->day_col, (long long)day + 1,
	           o->col_type);
	buf_printf(&sql,
	           "CREATE OR REPLACE TEMP TABLE order_day AS SELECT * FROM %s WHERE %s;"
	           "DELETE FROM %s WHERE %s;"
	           "INSERT INTO %s SELECT * FROM order_day ORDER BY %s;"
	           "DROP TABLE order_day;",
	           o->table, range.data, o->table, range.data, o->table, o->order);
	rc = duck_exec(d, sql.data, e);
	buf_release(&range);
	buf_release(&sql);
	return rc;
}

int warehouse_item_order_days(struct duck *d, const struct warehouse_item_order *o,
                              const char *days, struct err *e)
{
	struct buf sql = BUF_INIT;
	duckdb_result r;
	idx_t n;
	int rc;

	/* the days as numbers first: each rewrite changes the table days may read */
	buf_printf(&sql,
	           "SELECT DISTINCT (day - DATE '1970-01-01')::BIGINT AS d FROM (%s) WHERE day < "
	           "(SELECT max(snapshot_ts)::DATE FROM snapshots) ORDER BY 1",
	           days);
	rc = duck_query(d, sql.data, &r, e);
	buf_release(&sql);
	if (rc)
		return rc;
	n = duckdb_row_count(&r);
	for (idx_t row = 0; row < n && rc == WOWAH_OK; row++)
		rc = order_day(d, o, duckdb_value_int64(&r, 0, row), e);
	duckdb_destroy_result(&r);
	return rc;
}
