/* item_sale_rates.c - per house and item, the units first seen (posted) and those of them
 * bought within the hour (fast) over the whole history, and the snapshots whose bottom of the
 * book was first seen in them (bottom_new) or in the one before (bottom_prev), and the
 * fresh bottoms' sales in their first and second hour seen (fresh, fresh_sold, aged,
 * aged_sold), and the auctions with a bid that could have run out, watched from their
 * posting or not, and those of each with a risen bid (ran_posted, ran_posted_bid,
 * ran_start, ran_start_bid): the model of unseen sales of item_sales_days (src/sales/sales.h).
 *
 * Incremental: the sums are exact integers, so a run adds what item_sales_parts made
 * (sales_new) less what it replaced (sales_gone) to the items they name, instead of
 * summing every day of the history again.
 */
#include "sales/sales.h"
#include "warehouse/registry.h"

#define ITEM_KEY "region, kind, realm_id, house_id, item_id, pet_species_id"
#define SUMS                                                                               \
	", sum(fast) AS fast, sum(posted) AS posted, sum(bottom_new) AS bottom_new, "      \
	"sum(bottom_prev) AS bottom_prev, sum(fresh) AS fresh, sum(fresh_sold) AS "        \
	"fresh_sold, sum(aged) AS aged, sum(aged_sold) AS aged_sold, sum(ran_posted) AS "  \
	"ran_posted, sum(ran_posted_bid) AS ran_posted_bid, sum(ran_start) AS ran_start, " \
	"sum(ran_start_bid) AS ran_start_bid"

static const char *const delta_sql =
        "CREATE OR REPLACE TEMP TABLE rates_delta AS SELECT " ITEM_KEY "" SUMS
        " FROM (SELECT " ITEM_KEY ", fast, coalesce(posted, 0) AS posted, "
        "bottom_new, bottom_prev, fresh, fresh_sold, aged, aged_sold, ran_posted, "
        "ran_posted_bid, ran_start, ran_start_bid FROM sales_new UNION "
        "ALL SELECT " ITEM_KEY
        ", -fast, -coalesce(posted, 0), -bottom_new, -bottom_prev, -fresh, -fresh_sold, "
        "-aged, -aged_sold, -ran_posted, -ran_posted_bid, -ran_start, -ran_start_bid FROM "
        "sales_gone) GROUP BY ALL;"
        "CREATE OR REPLACE TEMP TABLE rates_next AS SELECT " ITEM_KEY "" SUMS
        " FROM (SELECT r.* FROM item_sale_rates r "
        "SEMI JOIN rates_delta d USING (" ITEM_KEY ") UNION ALL FROM rates_delta) GROUP BY "
        "ALL;"
        "DELETE FROM item_sale_rates r WHERE (" ITEM_KEY ") IN (SELECT (" ITEM_KEY
        ") FROM rates_delta);"
        /* an item with no lifetime left has posted nothing */
        "INSERT INTO item_sale_rates SELECT * FROM rates_next WHERE posted <> 0 ORDER BY " ITEM_KEY;

static int refresh(struct warehouse_run *w, int full, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	if (!full)
		return w->st->new_snapshots ? duck_exec(w->d, delta_sql, e) : WOWAH_OK;
	buf_puts(&sql, "INSERT INTO item_sale_rates ");
	sales_rates_sql(&sql, "item_sales_parts");
	rc = duck_exec(w->d, sql.data, e);
	buf_release(&sql);
	return rc;
}

const struct warehouse_table warehouse_item_sale_rates = {
        .name = "item_sale_rates",
        /* 2: fast_cheapest, posted_cheapest; 3: undercuts; 4: bottom_new and bottom_prev in
         * their place; 5: fresh, fresh_sold, aged, aged_sold; 6: ran_posted,
         * ran_posted_bid, ran_start, ran_start_bid */
        .version = 6,
        .from = {"item_sales_parts"},
        .create = "CREATE TABLE item_sale_rates (" WAREHOUSE_HOUSE_COLUMNS
                  ", item_id INTEGER, pet_species_id INTEGER, fast HUGEINT, posted HUGEINT, "
                  "bottom_new HUGEINT, bottom_prev HUGEINT, fresh HUGEINT, fresh_sold HUGEINT, "
                  "aged HUGEINT, aged_sold HUGEINT, ran_posted HUGEINT, ran_posted_bid HUGEINT, "
                  "ran_start HUGEINT, ran_start_bid HUGEINT)",
        .refresh = refresh,
};
