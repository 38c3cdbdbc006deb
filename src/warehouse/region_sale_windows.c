/* region_sale_windows.c - the region_sale_windows view: TSM's region averages of the
 * sale rate, units sold per day and average sale price (src/sales/sources.h) over the
 * houses of sale_windows. */
#include "sales/sources.h"
#include "warehouse/registry.h"

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	(void)full; /* made again on every run, like sale_windows */
	buf_puts(&sql, "CREATE OR REPLACE VIEW region_sale_windows AS ");
	sales_region_sql(&sql, "sale_windows");
	rc = duck_exec(w->d, sql.data, e);
	buf_release(&sql);
	return rc;
}

const struct warehouse_table warehouse_region_sale_windows = {
        .name = "region_sale_windows",
        .version = 1,
        .is_view = 1,
        .from = {"sale_windows"},
        .refresh = refresh,
};
