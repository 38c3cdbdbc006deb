/* price.h - the pricing math of wowah, as plain C: TradeSkillMaster AuctionDB's market
 * value of one scan, the unit-weighted median, the 14-day weighted value, and copper as
 * gold text.
 *
 * No database here: DuckDB's SQL functions (duck/functions.h) are a thin adapter over
 * these, and the ClickHouse feeder and the web layer compute the same numbers with the
 * same code. Callers pass only usable lots (price and quantity > 0); what to do with the
 * others (NULL, zero, negative) is the caller's decision (the SQL functions skip them).
 */
#ifndef WOWAH_PRICE_PRICE_H
#define WOWAH_PRICE_PRICE_H

#include <stddef.h>
#include <stdint.h>

/* One auction as the computations see it: qty units at price copper each. */
struct price_lot {
	int64_t price;
	int64_t qty;
};

/* The market value of n lots (n > 0, every price and qty > 0); sorts lots by price.
 * Works on cumulative quantities, so a lot of a million units costs as much as one. */
double price_market_value(struct price_lot *lots, size_t n);

/* The price of the unit of rank (N - 1) / 2 once lots are sorted; sorts lots. */
int64_t price_unit_median(struct price_lot *lots, size_t n);

#define PRICE_WEIGHT_DAYS 15 /* days ago 0 .. 14 */
extern const int price_day_weights[PRICE_WEIGHT_DAYS];

/* Weighted mean of day_value[d] over the days with has_day[d], weights
 * price_day_weights renormalised over those days; NAN when no day has data. */
double price_weighted_value(const double day_value[PRICE_WEIGHT_DAYS],
                            const int has_day[PRICE_WEIGHT_DAYS]);

/* The scans of days ago 0 .. 14 of one house and item: a day's value is the mean of its
 * scans' market values. Zero-initialise; scans outside the window or not finite are
 * left out. */
struct price_days {
	double sum[PRICE_WEIGHT_DAYS];
	int64_t count[PRICE_WEIGHT_DAYS];
};

void price_days_add(struct price_days *d, int days_ago, double value);
void price_days_merge(struct price_days *into, const struct price_days *from);
/* price_weighted_value over the days with scans; NAN when there are none. */
double price_days_weighted(const struct price_days *d);

#define PRICE_GOLD_LEN 32
/* Formats copper as "1234g 56s 78c" ("-" in front when negative; silver and copper
 * unpadded) into out. */
void price_format_gold(int64_t copper, char out[PRICE_GOLD_LEN]);

#endif
