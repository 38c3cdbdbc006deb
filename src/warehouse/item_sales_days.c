/* item_sales_days.c - the item_sales_days view: per house, day and item, the auctions that
 * ended and sold, the sale rate, the units sold (seen, and the model of unseen sales) and
 * the average sale price, from auction_lifetimes (src/sales/sales.h). A view: it follows
 * the outcomes as each load updates them. */
#include "sales/sales.h"
#include "warehouse/registry.h"

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;

	(void)full; /* made again on every run, like auction_lifetimes */
	sales_days_sql(&sql, "auction_lifetimes");
	return warehouse_view(w, "item_sales_days", &sql, e);
}

const struct warehouse_table warehouse_item_sales_days = {
        .name = "item_sales_days",
        .version = 2, /* 2: the unseen sales' model by units, partial sales counted */
        .is_view = 1,
        .from = {"auction_outcomes"},
        .refresh = refresh,
};
