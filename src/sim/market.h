/* market.h - one auction house simulated hour by hour: a realm, the region's commodities,
 * or one house of a Classic flavour.
 *
 * A market is born with a full house at its first snapshot and moves one snapshot (one
 * hour) at a time: sellers post (undercutting the lowest listing), buyers buy the
 * cheapest listing they are willing to pay for, some sellers cancel, the rest expire.
 * Every fate goes to the market's truth. All draws come from the market's own stream, so
 * snapshot k is the same whoever asks for it and whenever. Not thread-safe: the caller
 * holds a lock per market.
 */
#ifndef WOWAH_SIM_MARKET_H
#define WOWAH_SIM_MARKET_H

#include <stddef.h>
#include <stdint.h>

#include "sim/gen.h"
#include "sim/rng.h"
#include "sim/truth.h"

enum sim_market_kind { SIM_MARKET_REALM, SIM_MARKET_COMMODITY, SIM_MARKET_CLASSIC };

struct sim_auction {
	int64_t price; /* commodity: unit price; realm: buyout; Classic: stack buyout; 0 none */
	int64_t bid;   /* realm and Classic: bid for the whole auction, 0 = none */
	int64_t posted_at, expires_at;
	int64_t sold_at, end_at; /* the current hour's last sale and ending, 0 = none */
	uint32_t id, quantity;
	uint32_t good;     /* index into the generated goods */
	uint32_t vseed;    /* re-derives bonus lists, modifiers, pet fields, random enchantments */
	uint32_t sold;     /* units sold in the current hour */
	uint8_t end;       /* 0 live, else an enum sim_event_kind */
	uint8_t to_bidder; /* sold to the highest bidder as it ran out */
	uint8_t joke;      /* a listing at the price cap, which nobody buys */
};

struct sim_market {
	const struct sim_gen *gen;
	enum sim_market_kind kind;
	int flavor;       /* enum sim_flavor: SIM_RETAIL for realms and commodities */
	int32_t realm_id; /* 0 for commodities */
	int house;        /* Classic house 2, 6 or 7, else 0 */
	int64_t first;    /* time of snapshot 0 */
	int64_t hour;     /* the state is snapshot `hour`; -1 before birth */
	size_t target;    /* the house's size at equilibrium */
	struct sim_rng rng;
	struct sim_auction *a; /* live auctions, sorted by good, unit price, id */
	size_t n, cap;
	uint32_t next_id;
	size_t glo, ghi;      /* the goods this market trades: [glo, ghi) */
	double *cum;          /* cumulative popularity over the goods (the generated ones, varied
	                       * per house), for picking one */
	double *walk, *shock; /* per good: log price walk, log shock (decays) */
	struct sim_truth truth;
	int64_t truth_keep; /* seconds of truth kept before the state's snapshot; 0: all */
};

/* first_offset: seconds after the hour of this market's snapshots. */
void sim_market_init(struct sim_market *m, const struct sim_gen *gen, uint64_t seed,
                     enum sim_market_kind kind, int flavor, int32_t realm_id, int house,
                     int32_t first_offset, size_t target);
void sim_market_release(struct sim_market *m);

/* The time of snapshot k, and the latest snapshot at or before clock t. */
int64_t sim_market_snapshot_time(const struct sim_market *m, int64_t k);
int64_t sim_market_snapshot_at(const struct sim_market *m, int64_t t);

/* Simulates until the state is snapshot k (never backwards). */
void sim_market_advance(struct sim_market *m, int64_t k);

/* Blizzard's time_left buckets for an auction seen at time t. */
const char *sim_time_left(int64_t expires_at, int64_t t);

/* The bid of a realm or Classic auction as the API shows it at t: the starting bid until
 * a bidder comes, then the bidder's, 5% more (the game's smallest raise). About 3 in 10
 * auctions with a bid get a bidder, at a time drawn from the auction's life (a stateless
 * draw from its vseed, so rendering and expiry agree); the bidder wins it if it runs
 * out. */
int64_t sim_auction_bid(const struct sim_auction *a, int64_t t);

#endif
