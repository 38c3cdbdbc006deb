/* item_sales_days.c - the item_sales_days view: per house, day and item, the auctions that
 * ended and sold, the sale rate, the units sold (seen, and the model of unseen sales) and
 * the average sale price (src/sales/sales.h), from the tables item_sales_parts and
 * item_sale_rates that each load brings up to date, and the hours each house was watched
 * (snapshots, for the commodities' posts under the book an hour): a report of one item reads
 * its rows, not every lifetime of the history. */
#include "sales/sales.h"
#include "warehouse/registry.h"

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;

	(void)full; /* made again on every run, like auction_lifetimes */
	sales_days_sql(&sql, "item_sales_parts", "item_sale_rates", "snapshots");
	return warehouse_view(w, "item_sales_days", &sql, e);
}

const struct warehouse_table warehouse_item_sales_days = {
        .name = "item_sales_days",
        /* 2: the unseen sales' model by units, partial sales counted; 3: over the tables;
         * 4: the model apart for the listings first seen as the cheapest; 5: commodities'
         * by the posts under the book; 6: every kind by the age of the bottom of the book;
         * 7: the freshest bottom bought faster (rho); 8: units won by a bid placed before the
         * house was first watched */
        .version = 8,
        .is_view = 1,
        .from = {"item_sales_parts", "item_sale_rates"},
        .refresh = refresh,
};
