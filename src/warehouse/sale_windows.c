/* sale_windows.c - the sale_windows view: per house, item and window of 1, 7, 14 or 30
 * days, the sale rate, units sold per day and average sale price (src/sales/sources.h),
 * from item_sales_days. A view: it follows the outcomes as each load updates them. */
#include "sales/sources.h"
#include "warehouse/registry.h"

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;

	(void)full; /* made again on every run, like item_sales_days */
	sales_windows_sql(&sql, "item_sales_days", "snapshots");
	return warehouse_view(w, "sale_windows", &sql, e);
}

const struct warehouse_table warehouse_sale_windows = {
        .name = "sale_windows",
        .version = 1,
        .is_view = 1,
        .from = {"item_sales_days"},
        .refresh = refresh,
};
