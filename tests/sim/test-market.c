/* test-market.c - the simulated economy: determinism, house size, time_left buckets, and
 * a truth in which every auction's units are accounted for exactly once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "sim/gen.h"
#include "sim/market.h"
#include "sim/render.h"

static struct sim_gen *gen;

static int setup(void **state)
{
	struct err e = {0};
	(void)state;
	return sim_gen_new(42, "eu", (int[SIM_NFLAVORS]){8}, &gen, &e);
}

static int teardown(void **state)
{
	(void)state;
	sim_gen_free(gen);
	return 0;
}

static void gen_is_sane(void **state)
{
	(void)state;
	assert_true(gen->nitems > 2000);
	for (size_t i = 1; i < gen->nitems; i++)
		assert_true(gen->items[i - 1].id < gen->items[i].id);
	assert_true(sim_gen_item_index(gen, MODEL_PET_CAGE_ITEM) >= 0);
	assert_int_equal(sim_gen_item_index(gen, 1), -1);
	assert_int_equal(gen->nretail, 8);
	for (size_t i = 0; i < gen->ncrealms; i++)
		assert_ptr_equal(sim_gen_crealm(gen, gen->crealms[i].id, gen->crealms[i].flavor),
		                 &gen->crealms[i]);
	for (size_t i = 0; i < gen->nrealms; i++)
		for (size_t j = i + 1; j < gen->nrealms; j++)
			assert_false(gen->realms[i].nsyl == gen->realms[j].nsyl &&
			             memcmp(gen->realms[i].syl, gen->realms[j].syl,
			                    gen->realms[i].nsyl) == 0);
}

static void render(const struct sim_market *m, struct buf *b)
{
	buf_reset(b);
	sim_render_auctions(b, m, sim_market_snapshot_time(m, m->hour));
}

static void same_seed_same_market_any_order(void **state)
{
	struct sim_market a, b;
	struct buf ba = BUF_INIT, bb = BUF_INIT;
	(void)state;

	sim_market_init(&a, gen, 5, SIM_MARKET_REALM, SIM_RETAIL, gen->crealms[0].id, 0, 600, 1500);
	sim_market_init(&b, gen, 5, SIM_MARKET_REALM, SIM_RETAIL, gen->crealms[0].id, 0, 600, 1500);
	sim_market_advance(&a, 7);
	sim_market_advance(&b, 2); /* stopping on the way changes nothing */
	sim_market_advance(&b, 7);
	render(&a, &ba);
	render(&b, &bb);
	assert_int_equal(ba.len, bb.len);
	assert_memory_equal(ba.data, bb.data, ba.len);
	assert_int_equal(a.truth.n, b.truth.n);
	assert_memory_equal(a.truth.ev, b.truth.ev, a.truth.n * sizeof(*a.truth.ev));
	sim_market_release(&b);

	/* Another realm of the same world trades differently. */
	sim_market_init(&b, gen, 5, SIM_MARKET_REALM, SIM_RETAIL, gen->crealms[1].id, 0, 600, 1500);
	sim_market_advance(&b, 7);
	render(&b, &bb);
	assert_false(ba.len == bb.len && memcmp(ba.data, bb.data, ba.len) == 0);
	sim_market_release(&a);
	sim_market_release(&b);
	buf_release(&ba);
	buf_release(&bb);
}

static void house_stays_near_its_size(void **state)
{
	struct sim_market m;
	(void)state;

	sim_market_init(&m, gen, 9, SIM_MARKET_COMMODITY, SIM_RETAIL, 0, 0, 0, 5000);
	sim_market_advance(&m, 0);
	assert_int_equal(m.n, 5000);
	sim_market_advance(&m, 72);
	assert_true(m.n > 2500 && m.n < 10000);
	for (size_t i = 1; i < m.n; i++) /* sorted by good, then price */
		assert_true(m.a[i - 1].good < m.a[i].good ||
		            (m.a[i - 1].good == m.a[i].good && m.a[i - 1].price <= m.a[i].price));
	sim_market_release(&m);
}

static void time_left_buckets(void **state)
{
	(void)state;
	assert_string_equal(sim_time_left(1000 + 29 * 60, 1000), "SHORT");
	assert_string_equal(sim_time_left(1000 + 30 * 60, 1000), "MEDIUM");
	assert_string_equal(sim_time_left(1000 + 2 * 3600, 1000), "MEDIUM");
	assert_string_equal(sim_time_left(1000 + 2 * 3600 + 1, 1000), "LONG");
	assert_string_equal(sim_time_left(1000 + 12 * 3600, 1000), "LONG");
	assert_string_equal(sim_time_left(1000 + 12 * 3600 + 1, 1000), "VERY_LONG");
}

struct fate {
	uint32_t id;
	uint32_t posted, sold, ends, units;
	int live;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* For every auction: one posted event, units sold + units at the end = units posted for
 * the ended ones, at most one ending, and none for the live ones. */
static void check_truth(enum sim_market_kind kind, int house)
{
	struct sim_market m;
	struct fate *f;
	uint32_t *ids;
	size_t n = 0;

	sim_market_init(&m, gen, 77, kind, SIM_RETAIL,
	                kind == SIM_MARKET_COMMODITY ? 0 : gen->crealms[2].id, house, 1234, 2000);
	sim_market_advance(&m, 30);
	ids = malloc(m.truth.n * sizeof(*ids));
	for (size_t i = 0; i < m.truth.n; i++)
		if (m.truth.ev[i].kind == SIM_POSTED)
			ids[n++] = m.truth.ev[i].auction_id;
	qsort(ids, n, sizeof(*ids), cmp_u32);
	for (size_t i = 1; i < n; i++)
		assert_true(ids[i - 1] < ids[i]); /* one posted event per auction */
	f = calloc(n, sizeof(*f));
	for (size_t i = 0; i < n; i++)
		f[i].id = ids[i];
	for (size_t i = 0; i < m.truth.n; i++) {
		const struct sim_event *ev = &m.truth.ev[i];
		struct fate *x = bsearch(&ev->auction_id, f, n, sizeof(*f), cmp_u32);
		assert_non_null(x);
		if (i > 0 && ev->kind != SIM_POSTED)
			assert_true(ev->at >= m.truth.ev[i - 1].at ||
			            ev->at > sim_market_snapshot_time(&m, 0));
		switch (ev->kind) {
		case SIM_POSTED:
			x->posted += ev->quantity;
			break;
		case SIM_SOLD:
			x->sold += ev->quantity;
			break;
		default:
			x->ends++;
			x->units += ev->quantity;
		}
	}
	for (size_t i = 0; i < m.n; i++) {
		struct fate *x = bsearch(&m.a[i].id, f, n, sizeof(*f), cmp_u32);
		assert_non_null(x);
		assert_int_equal(x->ends, 0);
		assert_int_equal(x->posted - x->sold, m.a[i].quantity);
		x->live = 1;
	}
	size_t ended = 0;
	for (size_t i = 0; i < n; i++) {
		if (f[i].live)
			continue;
		ended++;
		assert_true(f[i].ends <= 1);
		assert_int_equal(f[i].sold + f[i].units, f[i].posted);
		if (kind != SIM_MARKET_COMMODITY) /* whole auctions only */
			assert_true(f[i].sold == 0 || f[i].sold == f[i].posted);
	}
	assert_true(ended > 500);
	free(f);
	free(ids);
	sim_market_release(&m);
}

static void truth_accounts_for_every_unit(void **state)
{
	(void)state;
	check_truth(SIM_MARKET_REALM, 0);
	check_truth(SIM_MARKET_COMMODITY, 0);
	check_truth(SIM_MARKET_CLASSIC, 6);
}

/* Posts per hour follow the day (evening peak, morning trough, EU time) and the week (a
 * busier day after Wednesday's reset): things an analyst should be able to find. */
static void rhythm_of_day_and_week(void **state)
{
	struct sim_market m;
	double evening = 0, morning = 0, reset_day = 0, next_day = 0;
	const int64_t reset = gen->epoch + 2 * 86400 + 4 * 3600;
	(void)state;

	sim_market_init(&m, gen, 3, SIM_MARKET_REALM, SIM_RETAIL, gen->crealms[3].id, 0, 0, 4000);
	sim_market_advance(&m, 24 * 6);
	for (size_t i = 0; i < m.truth.n; i++) {
		const struct sim_event *ev = &m.truth.ev[i];
		int64_t hour = (ev->at % 86400) / 3600;
		if (ev->kind != SIM_POSTED || ev->at <= sim_market_snapshot_time(&m, 0))
			continue;
		evening += hour == 19;
		morning += hour == 7;
		reset_day += ev->at >= reset && ev->at < reset + 86400;
		next_day += ev->at >= reset + 86400 && ev->at < reset + 2 * 86400;
	}
	assert_true(evening > 2 * morning);
	assert_true(reset_day > 1.15 * next_day);
	sim_market_release(&m);
}

/* Median unit price of good g's listings (sorted by good, then price), 0 under 3. */
static int64_t median_of(const struct sim_market *m, uint32_t g)
{
	size_t lo = 0, hi;
	while (lo < m->n && m->a[lo].good != g)
		lo++;
	for (hi = lo; hi < m->n && m->a[hi].good == g; hi++)
		;
	return hi - lo >= 3 ? m->a[(lo + hi) / 2].price : 0;
}

/* A goldmaker's sanity checks on the commodities: the crafting tiers of a reagent keep
 * their order (they follow one price walk), and cheap goods are posted in bigger stacks
 * than dear ones. */
static void commodity_tiers_and_stacks(void **state)
{
	struct sim_market m;
	size_t checked = 0, ordered = 0;
	double small_cheap = 0, n_cheap = 0, small_dear = 0, n_dear = 0;
	(void)state;

	sim_market_init(&m, gen, 11, SIM_MARKET_COMMODITY, SIM_RETAIL, 0, 0, 0, 40000);
	sim_market_advance(&m, 48);
	for (uint32_t g = 0; g + 2 < gen->ncommodity; g++) {
		if (gen->items[gen->goods[g].item].tier != 1)
			continue;
		int64_t p1 = median_of(&m, g), p2 = median_of(&m, g + 1), p3 = median_of(&m, g + 2);
		if (!p1 || !p2 || !p3)
			continue;
		checked++;
		ordered += p1 < p2 && p2 < p3;
	}
	assert_true(checked >= 30);
	assert_true(ordered >= checked * 9 / 10);
	for (size_t i = 0; i < m.n; i++) {
		int64_t p = gen->goods[m.a[i].good].price;
		if (p < 20000) {
			n_cheap++;
			small_cheap += m.a[i].quantity;
		} else if (p > 1000000) {
			n_dear++;
			small_dear += m.a[i].quantity;
		}
	}
	assert_true(n_cheap > 100 && n_dear > 100);
	assert_true(small_cheap / n_cheap > 3 * small_dear / n_dear);
	sim_market_release(&m);
}

/* Distinct goods listed in a realm house, and the share of its listings on goods with at
 * least three. */
static size_t realm_spread(size_t target, double *crowded)
{
	struct sim_market m;
	size_t distinct = 0, in_crowds = 0;

	sim_market_init(&m, gen, 21, SIM_MARKET_REALM, SIM_RETAIL, gen->crealms[4].id, 0, 300,
	                target);
	sim_market_advance(&m, 24);
	for (size_t i = 0, j; i < m.n; i = j) {
		for (j = i; j < m.n && m.a[j].good == m.a[i].good; j++)
			;
		distinct++;
		in_crowds += j - i >= 3 ? j - i : 0;
	}
	*crowded = (double)in_crowds / (double)m.n;
	sim_market_release(&m);
	return distinct;
}

/* Popularity is Zipf-like: a 2,000-auction house lists most auctions on a few hundred
 * goods with competing listings, and bigger houses list more distinct goods. */
static void realm_listings_concentrate(void **state)
{
	double crowded_small, crowded, crowded_big;
	size_t small = realm_spread(500, &crowded_small), mid = realm_spread(2000, &crowded),
	       big = realm_spread(20000, &crowded_big);
	(void)state;

	assert_true(small < mid && mid < big);
	assert_true(mid < 1000);
	assert_true(crowded > 0.6);
	assert_true(crowded_big > crowded && crowded > crowded_small);
}

/* Listings at the price cap are rare, and never the only listing of their gear at a
 * snapshot. */
static void joke_listings_are_rare_and_never_alone(void **state)
{
	struct sim_market m;
	size_t jokes = 0, seen = 0, posted = 0;
	(void)state;

	sim_market_init(&m, gen, 8, SIM_MARKET_REALM, SIM_RETAIL, gen->crealms[5].id, 0, 900, 4000);
	for (int64_t k = 1; k <= 240; k++) {
		sim_market_advance(&m, k);
		seen += m.n;
		for (size_t i = 0; i < m.n; i++) {
			int company = 0;
			if (m.a[i].price != 99999999900)
				continue;
			jokes++;
			for (size_t j = 0; j < m.n; j++)
				company |= j != i && m.a[j].good == m.a[i].good &&
				           m.a[j].price != 99999999900;
			assert_true(company);
		}
	}
	for (size_t i = 0; i < m.truth.n; i++)
		posted +=
		        m.truth.ev[i].kind == SIM_POSTED && m.truth.ev[i].unit_price == 99999999900;
	assert_true(posted > 0);
	assert_true(jokes > 0);
	assert_true(jokes * 1000 < seen); /* under 0.1% of listings */
	sim_market_release(&m);
}

/* About 3 in 10 auctions with a bid get a bidder; from the bidder's time on the bid
 * shows 5% more, before it the starting bid; an auction without a bid never gets one. */
static void bidders_raise_the_bid(void **state)
{
	struct sim_auction a = {.bid = 20000, .posted_at = 1000, .expires_at = 1000 + 86400};
	int bidders = 0;

	(void)state;
	for (uint32_t v = 0; v < 10000; v++) {
		a.vseed = v;
		assert_int_equal(sim_auction_bid(&a, a.posted_at), 20000);
		if (sim_auction_bid(&a, a.expires_at) == 20000)
			continue;
		assert_int_equal(sim_auction_bid(&a, a.expires_at), 21000);
		bidders++;
	}
	assert_in_range(bidders, 2800, 3200);
	a.bid = 0;
	assert_int_equal(sim_auction_bid(&a, a.expires_at), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(gen_is_sane),
	        cmocka_unit_test(same_seed_same_market_any_order),
	        cmocka_unit_test(house_stays_near_its_size),
	        cmocka_unit_test(time_left_buckets),
	        cmocka_unit_test(truth_accounts_for_every_unit),
	        cmocka_unit_test(rhythm_of_day_and_week),
	        cmocka_unit_test(commodity_tiers_and_stacks),
	        cmocka_unit_test(realm_listings_concentrate),
	        cmocka_unit_test(joke_listings_are_rare_and_never_alone),
	        cmocka_unit_test(bidders_raise_the_bid),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
