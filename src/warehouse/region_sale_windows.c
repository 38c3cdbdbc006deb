/* region_sale_windows.c - the region_sale_windows view: TSM's region averages of the
 * sale rate, units sold per day and average sale price (src/sales/sources.h) over the
 * houses of sale_windows. */
#include "sales/sources.h"
#include "warehouse/registry.h"

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;

	(void)full; /* made again on every run, like sale_windows */
	sales_region_sql(&sql, "sale_windows");
	return warehouse_view(w, "region_sale_windows", &sql, e);
}

const struct warehouse_table warehouse_region_sale_windows = {
        .name = "region_sale_windows",
        .version = 1,
        .is_view = 1,
        .from = {"sale_windows"},
        .refresh = refresh,
};
