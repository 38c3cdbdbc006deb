/* price.c - TradeSkillMaster's pricing math: market value, unit median, weighted value.
 *
 * The market value follows TradeSkillMaster's AuctionDB. With N units sorted by price:
 *  (1) units of 0-based rank r < 0.15 N are always kept; after them a unit is kept while
 *      r + 1 <= max(1, floor(0.3 N)) and its price < 1.2 x the previous unit's; the first
 *      unit that fails ends the selection;
 *  (2) mean and sample standard deviation (n - 1) of the kept units; units further than
 *      1.5 standard deviations from the mean are dropped;
 *  (3) the market value is the mean of the rest.
 * Decisions on the edges:
 *  - one kept unit: the standard deviation is undefined and the unit is the answer;
 *  - all kept prices equal: the deviation is 0, every unit is within it, all are kept;
 *  - nothing left after (2) cannot happen (if every unit were more than 1.5 s away, the
 *    squared deviations would sum to more than 2.25 n s^2 > (n - 1) s^2); should rounding
 *    ever make it so, the mean of the kept units is returned;
 *  - the price test is exact integer arithmetic (5 p < 6 prev in 128 bits), rank limits
 *    are exact (r < 0.15 N is 20 r < 3 N), unit counts are 128-bit, price sums are exact
 *    128-bit integers and fall back to long double only if even those would overflow.
 * Auctions are never expanded into units: an auction is one (price, quantity) lot, and
 * every step walks the sorted lots with cumulative quantities.
 */
#include "price/price.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const int price_day_weights[PRICE_WEIGHT_DAYS] = {132, 125, 100, 75, 45, 34, 33, 38,
                                                  28,  21,  15,  10, 7,  5,  4};

static int lot_cmp(const void *a, const void *b)
{
	const struct price_lot *x = a, *y = b;
	return (x->price > y->price) - (x->price < y->price);
}

/* Sum of price x units, exact while it fits 128 bits. */
struct acc {
	__int128 exact;
	long double approx;
	__int128 units;
	int overflow;
};

static void acc_add(struct acc *a, int64_t price, __int128 units)
{
	__int128 prod;

	a->units += units;
	a->approx += (long double)price * (long double)units;
	if (a->overflow)
		return;
	if (__builtin_mul_overflow((__int128)price, units, &prod) ||
	    __builtin_add_overflow(a->exact, prod, &a->exact))
		a->overflow = 1;
}

static long double acc_mean(const struct acc *a)
{
	long double sum = a->overflow ? a->approx : (long double)a->exact;
	return sum / (long double)a->units;
}

static __int128 min128(__int128 a, __int128 b)
{
	return a < b ? a : b;
}

/* Step (1): how many of the cheapest units are kept. */
static __int128 kept_units(const struct price_lot *lots, __int128 total)
{
	__int128 always = (3 * total + 19) / 20; /* ranks r with 20 r < 3 N */
	__int128 cap = 3 * total / 10, kept = always, start = 0;
	size_t j = 0;

	if (cap < 1)
		cap = 1;
	while (kept < total && kept < cap) {
		while (start + lots[j].qty <= kept)
			start += lots[j++].qty;
		/* inside a lot the previous unit has the same price, which passes the test */
		if (kept == start &&
		    !((__int128)lots[j].price * 5 < (__int128)lots[j - 1].price * 6))
			break;
		kept = min128(start + lots[j].qty, cap);
	}
	return kept;
}

double price_market_value(struct price_lot *lots, size_t n)
{
	struct acc all = {0}, rest = {0};
	__int128 total = 0, kept, start = 0;
	long double mean, var = 0, limit;

	qsort(lots, n, sizeof(*lots), lot_cmp);
	for (size_t i = 0; i < n; i++)
		total += lots[i].qty;
	kept = kept_units(lots, total);
	if (kept == 1)
		return (double)lots[0].price;

	for (size_t i = 0; i < n && start < kept; start += lots[i++].qty)
		acc_add(&all, lots[i].price, min128(lots[i].qty, kept - start));
	mean = acc_mean(&all);
	start = 0;
	for (size_t i = 0; i < n && start < kept; start += lots[i++].qty) {
		long double d = (long double)lots[i].price - mean;
		var += d * d * (long double)min128(lots[i].qty, kept - start);
	}
	limit = 1.5L * sqrtl(var / (long double)(kept - 1));

	start = 0;
	for (size_t i = 0; i < n && start < kept; start += lots[i++].qty)
		if (fabsl((long double)lots[i].price - mean) <= limit)
			acc_add(&rest, lots[i].price, min128(lots[i].qty, kept - start));
	return (double)(rest.units ? acc_mean(&rest) : mean);
}

int64_t price_unit_median(struct price_lot *lots, size_t n)
{
	__int128 total = 0, rank, start = 0;
	size_t i;

	qsort(lots, n, sizeof(*lots), lot_cmp);
	for (i = 0; i < n; i++)
		total += lots[i].qty;
	rank = (total - 1) / 2;
	for (i = 0; start + lots[i].qty <= rank; i++)
		start += lots[i].qty;
	return lots[i].price;
}

double price_weighted_value(const double day_value[PRICE_WEIGHT_DAYS],
                            const int has_day[PRICE_WEIGHT_DAYS])
{
	long double sum = 0;
	int weight = 0;

	for (int d = 0; d < PRICE_WEIGHT_DAYS; d++)
		if (has_day[d]) {
			sum += (long double)price_day_weights[d] * day_value[d];
			weight += price_day_weights[d];
		}
	return weight ? (double)(sum / weight) : NAN;
}

void price_format_gold(int64_t copper, char out[PRICE_GOLD_LEN])
{
	uint64_t c = copper < 0 ? -(uint64_t)copper : (uint64_t)copper;

	snprintf(out, PRICE_GOLD_LEN, "%s%llug %us %uc", copper < 0 ? "-" : "",
	         (unsigned long long)(c / 10000), (unsigned)(c / 100 % 100), (unsigned)(c % 100));
}

void price_days_add(struct price_days *d, int days_ago, double value)
{
	if (!isfinite(value) || days_ago < 0 || days_ago >= PRICE_WEIGHT_DAYS)
		return;
	d->sum[days_ago] += value;
	d->count[days_ago]++;
}

void price_days_merge(struct price_days *into, const struct price_days *from)
{
	for (int d = 0; d < PRICE_WEIGHT_DAYS; d++) {
		into->sum[d] += from->sum[d];
		into->count[d] += from->count[d];
	}
}

double price_days_weighted(const struct price_days *d)
{
	double mean[PRICE_WEIGHT_DAYS];
	int has[PRICE_WEIGHT_DAYS];

	for (int i = 0; i < PRICE_WEIGHT_DAYS; i++) {
		has[i] = d->count[i] > 0;
		mean[i] = has[i] ? d->sum[i] / (double)d->count[i] : 0;
	}
	return price_weighted_value(mean, has);
}
