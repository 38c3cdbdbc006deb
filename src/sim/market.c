/* market.c - the economy of one auction house.
 *
 * Prices: each good has a fair price, its birth price moved by a mean-reverting log random
 * walk, rare shocks (a spike or a crash that decays over a day), a weekly-reset premium
 * on consumables, and a daily rhythm of activity peaking in the evening. Volume: posts
 * per hour keep the house near its target size; buyers per hour are a share of posts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/market.h"

#define HOUR 3600
#define DAY  86400
#define WEEK (7 * DAY)

/* Per region: hours added to UTC for the evening peak, and the weekly reset measured
 * from Monday 00:00 UTC (the generated world's epoch is a Monday). */
static const struct {
	int utc_offset_h;
	int64_t reset;
} regional[] = {
        {-6, 1 * DAY + 15 * HOUR}, /* us: Tuesday 15:00 UTC */
        {9, 2 * DAY + 23 * HOUR},  /* kr */
        {1, 2 * DAY + 4 * HOUR},   /* eu: Wednesday 04:00 UTC */
        {8, 2 * DAY + 23 * HOUR},  /* tw */
};

int64_t sim_market_snapshot_time(const struct sim_market *m, int64_t k)
{
	return m->first + k * HOUR;
}

int64_t sim_market_snapshot_at(const struct sim_market *m, int64_t t)
{
	if (t < m->first)
		return 0;
	return (t - m->first) / HOUR;
}

const char *sim_time_left(int64_t expires_at, int64_t t)
{
	int64_t left = expires_at - t;
	if (left < 30 * 60)
		return "SHORT";
	if (left <= 2 * HOUR)
		return "MEDIUM";
	if (left <= 12 * HOUR)
		return "LONG";
	return "VERY_LONG";
}

/* When a's bidder bids, 0 when it gets none. */
static int64_t bidder_at(const struct sim_auction *a)
{
	uint64_t h = sim_hash(a->vseed, 0xb1d);
	if (!a->bid || (h >> 11) * 0x1.0p-53 >= 0.3)
		return 0;
	return a->posted_at + 1 +
	       (int64_t)(sim_hash(h, 1) % (uint64_t)(a->expires_at - a->posted_at));
}

int64_t sim_auction_bid(const struct sim_auction *a, int64_t t)
{
	int64_t at = bidder_at(a);
	return at && at <= t ? a->bid + a->bid / 20 : a->bid;
}

/* Buyout (else bid) per unit: Classic prices are for the whole stack. */
static int64_t unit_price(const struct sim_market *m, const struct sim_auction *a)
{
	int64_t p = a->price ? a->price : a->bid;
	return m->kind == SIM_MARKET_CLASSIC ? p / a->quantity : p;
}

static int nature_of(const struct sim_market *m, uint32_t good)
{
	return m->gen->items[m->gen->goods[good].item].nature;
}

/* The good whose price a good follows: the first crafting tier of its reagent (the
 * tiers' goods are consecutive), else itself. */
static size_t base_of(const struct sim_market *m, uint32_t good)
{
	int tier = m->gen->items[m->gen->goods[good].item].tier;
	return tier > 1 ? good - (size_t)(tier - 1) : good;
}

/* A good's share of the house's posts and buyers. */
static double popularity(const struct sim_market *m, uint32_t good)
{
	size_t i = good - m->glo;
	return i ? m->cum[i] - m->cum[i - 1] : m->cum[0];
}

static int is_consumable(const struct sim_market *m, uint32_t good)
{
	struct sim_item_kind k;
	sim_item_kind(&m->gen->items[m->gen->goods[good].item], &k);
	return k.class_id == 0;
}

void sim_market_init(struct sim_market *m, const struct sim_gen *gen, uint64_t seed,
                     enum sim_market_kind kind, int flavor, int32_t realm_id, int house,
                     int32_t first_offset, size_t target)
{
	/* Era and Anniversary mix their flavour into the stream (an Era realm may have a
	 * retail realm's id); retail and Classic progression keep the streams, and so the
	 * bodies, they had before. */
	uint64_t f = flavor > SIM_CLASSIC ? (uint64_t)flavor << 48 : 0;
	double acc = 0;

	memset(m, 0, sizeof(*m));
	m->gen = gen;
	m->kind = kind;
	m->flavor = flavor;
	m->realm_id = realm_id;
	m->house = house;
	m->first = gen->epoch - HOUR + first_offset;
	m->hour = -1;
	m->target = target;
	sim_rng_init(&m->rng, seed,
	             f | ((uint64_t)kind << 40) | ((uint64_t)house << 32) | (uint32_t)realm_id);
	m->next_id = (uint32_t)(1000000000 + sim_rng_below(&m->rng, 100000000));
	if (kind == SIM_MARKET_COMMODITY) {
		m->glo = 0;
		m->ghi = gen->ncommodity;
	} else if (kind == SIM_MARKET_REALM) {
		m->glo = gen->ncommodity;
		m->ghi = gen->ngoods;
	} else {
		m->glo = 0;
		m->ghi = gen->ngoods - gen->npets;
	}
	m->cum = xmalloc((m->ghi - m->glo) * sizeof(*m->cum));
	m->walk = xcalloc(m->ghi - m->glo, sizeof(*m->walk));
	m->shock = xcalloc(m->ghi - m->glo, sizeof(*m->shock));
	for (size_t g = m->glo; g < m->ghi; g++) {
		/* Each house likes a good (all tiers of a reagent alike) a little more or
		 * less than the region does, and starts a little away from the region's price. */
		double taste = exp(0.3 * sim_rng_normal(&m->rng));
		size_t b = base_of(m, (uint32_t)g);
		if (b != g)
			taste = popularity(m, (uint32_t)b) / gen->goods[b].weight;
		acc += gen->goods[g].weight * taste;
		m->cum[g - m->glo] = acc;
		m->walk[g - m->glo] = 0.15 * sim_rng_normal(&m->rng);
	}
	sim_truth_init(&m->truth);
}

void sim_market_release(struct sim_market *m)
{
	free(m->a);
	free(m->cum);
	free(m->walk);
	free(m->shock);
	sim_truth_release(&m->truth);
	memset(m, 0, sizeof(*m));
}

/* ---- the clock's influence ---- */

static int64_t since_reset(const struct sim_market *m, int64_t t)
{
	int64_t in_week = ((t - m->gen->epoch) % WEEK + WEEK) % WEEK;
	return ((in_week - regional[m->gen->region_id - 1].reset) % WEEK + WEEK) % WEEK;
}

/* Players online by local hour, as on a real realm: a trough before dawn, a slow climb
 * through the day, the peak after dinner and a quick fall after midnight. Mean 1. */
static const double day_curve[24] = {1.14, 0.88, 0.62, 0.47, 0.39, 0.36, 0.39, 0.47,
                                     0.57, 0.67, 0.78, 0.88, 0.99, 1.04, 1.09, 1.14,
                                     1.25, 1.40, 1.56, 1.66, 1.71, 1.66, 1.51, 1.35};

/* The day's curve (interpolated between hours), x1.5 on the day after the weekly reset. */
static double activity(const struct sim_market *m, int64_t t)
{
	double h = (double)(((t % DAY) + DAY) % DAY) / HOUR +
	           regional[m->gen->region_id - 1].utc_offset_h + 24;
	int i = (int)h % 24;
	double f = h - floor(h);
	double a = day_curve[i] * (1 - f) + day_curve[(i + 1) % 24] * f;
	return since_reset(m, t) < DAY ? a * 1.5 : a;
}

/* A good's log price move: its own, or for a higher crafting tier its first tier's
 * plus a little of its own, so the tiers of a reagent move together and keep their order. */
static double price_move(const struct sim_market *m, uint32_t good)
{
	size_t g = good - m->glo, b = base_of(m, good) - m->glo;
	if (b == g)
		return m->walk[g] + m->shock[g];
	return m->walk[b] + m->shock[b] + 0.25 * m->walk[g];
}

/* The shock a good's buyers and sellers react to (its first tier's, for reagents). */
static double shock_of(const struct sim_market *m, uint32_t good)
{
	return m->shock[base_of(m, good) - m->glo];
}

static double fair_price(const struct sim_market *m, uint32_t good, int64_t t)
{
	double p = (double)m->gen->goods[good].price * exp(price_move(m, good));
	if (since_reset(m, t) < 2 * DAY && is_consumable(m, good))
		p *= 1.15;
	return p;
}

static int64_t round_price(const struct sim_market *m, double p)
{
	if (m->kind == SIM_MARKET_CLASSIC)
		return p < 1 ? 1 : (int64_t)p;
	/* Retail prices are whole silver. */
	return p < 100 ? 100 : (int64_t)(p / 100) * 100;
}

/* ---- posting ---- */

static uint32_t pick_good(struct sim_market *m)
{
	size_t n = m->ghi - m->glo, lo = 0, hi = n - 1;
	double x = sim_rng_unit(&m->rng) * m->cum[n - 1];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->cum[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint32_t)(m->glo + lo);
}

static struct sim_auction *new_auction(struct sim_market *m)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 1024;
		m->a = xrealloc(m->a, m->cap * sizeof(*m->a));
	}
	struct sim_auction *a = &m->a[m->n++];
	memset(a, 0, sizeof(*a));
	return a;
}

static int64_t pick_duration(struct sim_market *m)
{
	double x = sim_rng_unit(&m->rng);
	return (x < 0.25 ? 12 : x < 0.55 ? 24 : 48) * HOUR;
}

/* log of the largest commodity stack posted or bought: 1,000 of a good worth a gold or
 * less, fewer of dearer goods (100 at 100 gold), never under 5. */
static double log_max_stack(const struct sim_market *m, uint32_t good)
{
	double l = log(1000.0) - 0.5 * log((double)m->gen->goods[good].price / 1e4);
	return l > log(1000.0) ? log(1000.0) : l < log(5.0) ? log(5.0) : l;
}

static uint32_t pick_quantity(struct sim_market *m, uint32_t good)
{
	int nature = nature_of(m, good);
	if (m->kind == SIM_MARKET_COMMODITY)
		return (uint32_t)exp(sim_rng_unit(&m->rng) * log_max_stack(m, good));
	if (m->kind == SIM_MARKET_CLASSIC && nature == SIM_COMMODITY)
		return (uint32_t)sim_rng_range(&m->rng, 1, 20);
	return 1;
}

/* A caged pet's price against a rare level-1 one of its species: leveled pets cost more,
 * lesser qualities less. */
static double pet_factor(const struct sim_auction *a)
{
	static const double quality_factor[4] = {0.4, 0.5, 0.65, 1.0};
	int level, quality;

	sim_pet_traits(sim_hash(a->vseed, a->good), &level, &quality);
	return (1 + 0.6 * (level - 1) / 24.0) * quality_factor[quality];
}

/* Sets the prices of a new auction: undercut the lowest listing when it is near the fair
 * price (0.8 to 1.4 times), else ask around the fair price. lowest is 0 when the good has no
 * listing. Pet sellers price by level and quality instead, since the lowest cage of a species is
 * seldom a pet like theirs. */
static void price_auction(struct sim_market *m, struct sim_auction *a, double fair, int64_t lowest)
{
	int pet = nature_of(m, a->good) == SIM_PET;
	double unit;

	if (pet)
		fair *= pet_factor(a);
	/* Nobody undercuts far below what they think the good is worth: without that floor,
	 * undercut after undercut would walk a slow good's price down to a silver. */
	if (!pet && lowest > 0.8 * fair && lowest < 1.4 * fair && sim_rng_unit(&m->rng) < 0.75)
		unit = (double)lowest * (1 - 0.03 * sim_rng_unit(&m->rng)) - 1;
	else
		unit = fair * exp(0.25 * sim_rng_normal(&m->rng));
	if (m->kind == SIM_MARKET_COMMODITY) {
		a->price = round_price(m, unit);
		return;
	}
	/* The listing nobody buys, as on real houses: rare (about 1 in 5,000 realm gear
	 * listings) and only beside real listings of the same gear (see cancellations). */
	if (m->kind == SIM_MARKET_REALM && nature_of(m, a->good) == SIM_GEAR &&
	    sim_rng_unit(&m->rng) < 0.0002) {
		a->price = 99999999900;
		a->joke = 1;
		return;
	}
	a->price = round_price(m, unit * a->quantity);
	double x = sim_rng_unit(&m->rng);
	if (m->kind == SIM_MARKET_CLASSIC) {
		a->bid = round_price(m, (double)a->price * (0.6 + 0.4 * sim_rng_unit(&m->rng)));
		if (x < 0.05)
			a->price = 0; /* bid only: Classic sends buyout 0 */
	} else if (x < 0.03) {
		a->bid = a->price;
		a->price = 0;
	} else if (x < 0.25) {
		a->bid = round_price(m, (double)a->price * (0.5 + 0.4 * sim_rng_unit(&m->rng)));
	}
}

/* lowest[g - glo]: lowest unit price of each good now, 0 when none. */
static int64_t *lowest_prices(const struct sim_market *m)
{
	int64_t *low = xcalloc(m->ghi - m->glo, sizeof(*low));
	for (size_t i = 0; i < m->n; i++) {
		const struct sim_auction *a = &m->a[i];
		int64_t u = unit_price(m, a);
		int64_t *l = &low[a->good - m->glo];
		if (!a->end && a->price && (*l == 0 || u < *l))
			*l = u;
	}
	return low;
}

static void post(struct sim_market *m, int64_t at, int64_t duration, uint32_t good,
                 const int64_t *lowest)
{
	struct sim_auction *a = new_auction(m);

	a->good = good;
	a->posted_at = at;
	a->expires_at = at + duration;
	a->quantity = pick_quantity(m, good);
	if (a->quantity == 0)
		a->quantity = 1;
	a->vseed = (uint32_t)sim_rng_next(&m->rng);
	price_auction(m, a, fair_price(m, good, at), lowest ? lowest[good - m->glo] : 0);
}

static int cmp_by_time(const void *x, const void *y)
{
	const struct sim_auction *a = x, *b = y;
	if (a->posted_at != b->posted_at)
		return a->posted_at < b->posted_at ? -1 : 1;
	return (a->vseed > b->vseed) - (a->vseed < b->vseed);
}

static void make_event(const struct sim_market *m, const struct sim_auction *a, int kind,
                       int64_t at, uint32_t quantity, int64_t unit, struct sim_event *e)
{
	e->at = at;
	e->unit_price = unit;
	e->auction_id = a->id;
	e->item_id = m->gen->items[m->gen->goods[a->good].item].id;
	e->quantity = quantity;
	e->kind = (uint8_t)kind;
}

/* Ids grow with time, with gaps where other houses took ids: numbers the new auctions
 * [from, n) in time order and records their posted events. */
static void number_posts(struct sim_market *m, size_t from, struct sim_truth *ev)
{
	struct sim_auction *a = m->a + from;
	size_t k = m->n - from;

	qsort(a, k, sizeof(*a), cmp_by_time);
	for (size_t i = 0; i < k; i++) {
		struct sim_event e;
		m->next_id += 1 + (uint32_t)sim_rng_below(&m->rng, 3);
		a[i].id = m->next_id;
		make_event(m, &a[i], SIM_POSTED, a[i].posted_at, a[i].quantity,
		           unit_price(m, &a[i]), &e);
		sim_truth_append(ev, &e, 1);
	}
}

/* ---- ordering ---- */

static int cmp_live(const void *x, const void *y, void *ctx)
{
	const struct sim_auction *a = x, *b = y;
	const struct sim_market *m = ctx;
	if (a->good != b->good)
		return a->good < b->good ? -1 : 1;
	int64_t ua = unit_price(m, a), ub = unit_price(m, b);
	if (ua != ub)
		return ua < ub ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static void sort_live(struct sim_market *m)
{
	qsort_r(m->a, m->n, sizeof(*m->a), cmp_live, m);
}

/* ---- the hour ---- */

static void move_prices(struct sim_market *m)
{
	for (size_t g = m->glo; g < m->ghi; g++) {
		size_t i = g - m->glo;
		m->walk[i] =
		        0.98 * m->walk[i] + m->gen->goods[g].volatility * sim_rng_normal(&m->rng);
		m->shock[i] *= 0.92; /* a shock fades over a day or two */
	}
	/* About one shock per house per two days: one good spikes or crashes. */
	if (sim_rng_unit(&m->rng) < 0.02) {
		size_t i = sim_rng_below(&m->rng, m->ghi - m->glo);
		m->shock[i] = sim_rng_unit(&m->rng) < 0.5 ? log(2.5) : log(0.45);
	}
}

/* Where each good's listings start in the sorted array: start[g - glo] .. start[g+1 - glo]. */
static size_t *good_ranges(const struct sim_market *m)
{
	size_t n = m->ghi - m->glo, *start = xcalloc(n + 1, sizeof(*start));
	for (size_t i = 0; i < m->n; i++)
		start[m->a[i].good - m->glo + 1]++;
	for (size_t g = 0; g < n; g++)
		start[g + 1] += start[g];
	return start;
}

static int live_at(const struct sim_auction *a, int64_t t)
{
	return (!a->end || a->end_at > t) && a->posted_at < t && a->expires_at > t;
}

/* One buyer of good g at time t: takes the cheapest listings it is willing to pay for. */
static void buy(struct sim_market *m, const size_t *start, uint32_t g, int64_t t)
{
	double limit = fair_price(m, g, t) * exp(0.15 * sim_rng_normal(&m->rng)) * 1.05;
	/* Buyers want about a fifth of the largest stack sellers post. */
	uint32_t want =
	        m->kind == SIM_MARKET_COMMODITY
	                ? (uint32_t)exp(sim_rng_unit(&m->rng) * log_max_stack(m, g) * 4.5 / 6.5)
	                : 1;

	for (size_t i = start[g - m->glo]; i < start[g - m->glo + 1] && want > 0; i++) {
		struct sim_auction *a = &m->a[i];
		if (a->end || !live_at(a, t) || a->price == 0)
			continue;
		if ((double)unit_price(m, a) > limit)
			return;
		if (m->kind != SIM_MARKET_COMMODITY) {
			a->sold = a->quantity;
		} else {
			uint32_t left = a->quantity - a->sold, take = want < left ? want : left;
			a->sold += take;
			want -= take;
		}
		if (a->sold_at < t)
			a->sold_at = t;
		if (a->sold == a->quantity) {
			a->end = SIM_SOLD;
			a->end_at = a->sold_at;
		}
		if (m->kind != SIM_MARKET_COMMODITY)
			return;
	}
}

static void buyers(struct sim_market *m, int64_t t0, double posts)
{
	size_t *start = good_ranges(m);
	size_t n = m->ghi - m->glo;
	/* Realm buyers take a whole auction; commodity buyers want about 17 units of listings
	 * averaging about 100, so the same rate clears a similar share of the house. */
	double rate = m->kind == SIM_MARKET_COMMODITY ? posts * 2.2 : posts * 0.4;
	double total = m->cum[n - 1];

	for (size_t i = 0; i < n; i++) {
		uint32_t g = (uint32_t)(m->glo + i);
		double w = popularity(m, g) * exp(shock_of(m, g));
		uint32_t k = sim_rng_poisson(&m->rng, rate * w / total);
		for (uint32_t b = 0; b < k; b++) {
			int64_t t = t0 + 1 + (int64_t)sim_rng_below(&m->rng, HOUR);
			/* Buyers at one instant are served in order; times need not be sorted for
			 * that, since each sees only listings posted before it. */
			buy(m, start, g, t);
		}
	}
	free(start);
}

/* Whether any other listing of a's good (a at index i) is still up at t1; the array is
 * sorted by good. */
static int has_company(const struct sim_market *m, size_t i, int64_t t1)
{
	for (size_t dir = 0; dir < 2; dir++)
		for (size_t j = dir ? i + 1 : i - 1; j < m->n && m->a[j].good == m->a[i].good;
		     j = dir ? j + 1 : j - 1)
			if (!m->a[j].end && !m->a[j].joke && m->a[j].expires_at > t1)
				return 1;
	return 0;
}

static void cancellations(struct sim_market *m, int64_t t0, int64_t t1, const int64_t *lowest)
{
	for (size_t i = 0; i < m->n; i++) {
		struct sim_auction *a = &m->a[i];
		int64_t low = lowest[a->good - m->glo], from, to;
		double p = low && unit_price(m, a) > low * 13 / 10 ? 0.03 : 0.004;

		/* A joke listing is withdrawn once it would be its gear's only listing. */
		if (a->joke && !a->end && !has_company(m, i, t1))
			p = 1;
		if (a->end || sim_rng_unit(&m->rng) >= p)
			continue;
		from = a->posted_at > t0 ? a->posted_at : t0;
		if (a->sold_at > from)
			from = a->sold_at;
		to = a->expires_at < t1 ? a->expires_at - 1 : t1;
		if (to <= from)
			continue;
		a->end = SIM_CANCELLED;
		a->end_at = from + 1 + (int64_t)sim_rng_below(&m->rng, (uint64_t)(to - from));
	}
}

static void expiries(struct sim_market *m, int64_t t1)
{
	for (size_t i = 0; i < m->n; i++) {
		struct sim_auction *a = &m->a[i];
		if (a->end || a->expires_at > t1)
			continue;
		/* An auction with a bid goes to the highest bidder when it runs out. */
		if (m->kind != SIM_MARKET_COMMODITY && bidder_at(a)) {
			a->end = SIM_SOLD;
			a->to_bidder = 1;
			a->sold = a->quantity;
			a->sold_at = a->expires_at;
		} else {
			a->end = SIM_EXPIRED;
		}
		a->end_at = a->expires_at;
	}
}

/* Turns the hour's fates into events and removes the auctions that ended. */
static void settle(struct sim_market *m, struct sim_truth *ev)
{
	size_t keep = 0;
	for (size_t i = 0; i < m->n; i++) {
		struct sim_auction *a = &m->a[i];
		struct sim_event e;
		if (a->sold) {
			int64_t paid = a->to_bidder ? sim_auction_bid(a, a->end_at) : a->price;
			int64_t unit = m->kind == SIM_MARKET_COMMODITY ? paid
			               : m->kind == SIM_MARKET_CLASSIC ? paid / a->quantity
			                                               : paid;
			make_event(m, a, SIM_SOLD, a->sold_at, a->sold, unit, &e);
			sim_truth_append(ev, &e, 1);
		}
		if (a->end == SIM_CANCELLED || a->end == SIM_EXPIRED) {
			make_event(m, a, a->end, a->end_at, a->quantity - a->sold, unit_price(m, a),
			           &e);
			sim_truth_append(ev, &e, 1);
		}
		if (a->end)
			continue;
		a->quantity -= a->sold;
		a->sold = 0;
		a->sold_at = 0;
		m->a[keep++] = *a;
	}
	m->n = keep;
}

static double posts_per_hour(const struct sim_market *m, int64_t t)
{
	double fill = m->n ? (double)m->target / (double)m->n : 2.0;
	if (fill < 0.5)
		fill = 0.5;
	if (fill > 2.0)
		fill = 2.0;
	/* A listing lives about 20 hours on average once sales and cancels are counted. */
	return (double)m->target / 20.0 * activity(m, t) * fill;
}

static void step(struct sim_market *m)
{
	int64_t t0 = sim_market_snapshot_time(m, m->hour), t1 = t0 + HOUR;
	double posts = posts_per_hour(m, t0);
	uint32_t nposts = sim_rng_poisson(&m->rng, posts);
	int64_t *lowest = lowest_prices(m);
	size_t from = m->n;
	struct sim_truth ev;

	sim_truth_init(&ev);
	move_prices(m);
	for (uint32_t i = 0; i < nposts; i++) {
		uint32_t g = pick_good(m);
		double supply = exp(-shock_of(m, g)); /* a crash brings sellers out */
		if (supply < 1 && sim_rng_unit(&m->rng) > supply)
			continue;
		post(m, t0 + 1 + (int64_t)sim_rng_below(&m->rng, HOUR), pick_duration(m), g,
		     lowest);
	}
	number_posts(m, from, &ev);
	sort_live(m);
	buyers(m, t0, posts);
	cancellations(m, t0, t1, lowest);
	expiries(m, t1);
	settle(m, &ev);
	sim_truth_sort(ev.ev, ev.n);
	sim_truth_append(&m->truth, ev.ev, ev.n);
	sim_truth_release(&ev);
	free(lowest);
	m->hour++;
	/* dropped hour by hour, so a long advance never holds more than the window */
	if (m->truth_keep)
		sim_truth_drop_through(&m->truth, t1 - m->truth_keep);
}

/* Snapshot 0: a full house whose listings were posted over the previous two days. */
static void birth(struct sim_market *m)
{
	int64_t t = sim_market_snapshot_time(m, 0);
	struct sim_truth ev;

	sim_truth_init(&ev);
	for (size_t i = 0; i < m->target; i++) {
		int64_t d = pick_duration(m);
		post(m, t - (int64_t)sim_rng_below(&m->rng, (uint64_t)d - 60), d, pick_good(m),
		     NULL);
	}
	number_posts(m, 0, &ev);
	sort_live(m);
	sim_truth_append(&m->truth, ev.ev, ev.n);
	sim_truth_release(&ev);
	m->hour = 0;
}

void sim_market_advance(struct sim_market *m, int64_t k)
{
	if (m->hour < 0)
		birth(m);
	while (m->hour < k)
		step(m);
}
